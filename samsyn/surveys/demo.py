"""The NNS templates for every demo förbund, and 002 Bilaga 2's results for Östra Södertörn.

The document gives shares, not answers, so the rounds hold the shares as printed
(PublishedShares) with the number asked and answering; no answers are made up. Idempotent.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from samsyn.associations.models import Association
from samsyn.surveys.models import PublishedShares, Round, Template
from samsyn.surveys.services import load_nns_set

DEMO_DIR = Path(__file__).resolve().parent / "demo"
def load_demo(association: Association) -> list[str]:
    with transaction.atomic():
        existed = Template.objects.filter(association=association).exists()
        load_nns_set(association)
        lines = [] if existed else ["surveys: the NNS templates loaded"]
        path = DEMO_DIR / f"{association.slug}.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            made = sum(_round(association, entry) for entry in data["rounds"])
            if made:
                lines.append(f"surveys: {made} rounds of results from the annual report")
    return lines


def _round(association: Association, entry: dict[str, Any]) -> int:
    template = Template.objects.get(association=association, name=entry["template"])
    year = entry["year"]
    round, created = Round.objects.get_or_create(
        association=association, template=template, year=year, intervention=None,
        defaults={"closes": dt.date(year, 12, 31), "invited_elsewhere": entry["asked"],
                  "published_answers": entry["answers"]},
    )
    if not created and round.published_answers is not None:
        return 0
    # An earlier demo made answers up from the shares: they give way to the shares themselves.
    round.responses.all().delete()
    round.published_answers = entry["answers"]
    round.invited_elsewhere = entry["asked"]
    round.save(update_fields=["published_answers", "invited_elsewhere"])
    questions = {q.code: q for q in template.questions.all()}
    PublishedShares.objects.bulk_create(
        PublishedShares(round=round, question=questions[code],
                        **{band: None if value is None else Decimal(value)
                           for band, value in zip(("negative", "neither", "positive",
                                                   "clearly_positive"), shares, strict=True)})
        for code, shares in entry["shares"].items())
    return 1
