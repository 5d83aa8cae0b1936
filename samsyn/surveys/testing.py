"""A survey round of a test förbund, so every survey page can be walked."""

import datetime as dt
import json
from typing import Any

from samsyn.surveys.models import Round
from samsyn.surveys.services import NNS_DIR, load_template


def extend_world(world: Any) -> None:
    data = json.loads((NNS_DIR / "personal.json").read_text(encoding="utf-8"))
    template = load_template(world.association, data)
    survey = Round.objects.create(association=world.association, template=template,
                                  year=2022, closes=dt.date(2099, 12, 31))
    world.extra.update(survey_round=survey, survey_template=template)
    world.url_values.update(round_id=survey.pk, template_id=template.pk)
