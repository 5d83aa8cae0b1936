"""The NNS templates for every demo förbund, and 002 Bilaga 2's results for Östra Södertörn.

The document gives shares, not answers; the loader makes that many answers per band, so the
results pages give the document's table back (rounded to whole answers). Idempotent.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from samsyn.associations.models import Association
from samsyn.finance.allocation import largest_remainder
from samsyn.surveys.models import Answer, Response, Round, Template
from samsyn.surveys.services import load_nns_set

DEMO_DIR = Path(__file__).resolve().parent / "demo"
BAND_VALUES = (2, 5, 7, 10)  # negative, neither, positive (not clearly), clearly positive


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
        defaults={"closes": dt.date(year, 12, 31), "invited_elsewhere": entry["asked"]},
    )
    if not created:
        return 0
    n = entry["answers"]
    responses = [Response.objects.create(round=round, submitted=round.closes, imported=True)
                 for _i in range(n)]
    questions = {q.code: q for q in template.questions.all()}
    answers: list[Answer] = []
    for code, (negative, neither, positive, clearly) in entry["shares"].items():
        weights = [negative, neither, max(positive - clearly, 0), clearly]
        counts = largest_remainder(n, weights) if any(weights) else [0, 0, 0, 0]
        values = [v for v, c in zip(BAND_VALUES, counts, strict=True) for _i in range(c)]
        answers.extend(Answer(response=r, question=questions[code], value=v)
                       for r, v in zip(responses, values, strict=True))
    Answer.objects.bulk_create(answers)
    return 1
