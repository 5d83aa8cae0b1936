"""Demo participations for the förbund whose documents give participant tables (002 Bilaga 1).

The counts are the document's; the individuals are made up to carry them, with local codes
DEMO-<insats>-<n>, so the reports of the demo give the document's tables. Idempotent.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from samsyn.associations.models import Association
from samsyn.participants.models import Participant, Participation, ReferrerCode
from samsyn.participants.services import pseudonymiser

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def load_demo(association: Association) -> list[str]:
    path = DEMO_DIR / f"{association.slug}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        for referrer in data["referrers"]:
            ReferrerCode.objects.get_or_create(
                association=association, code=referrer["code"],
                defaults={"label": referrer["label"], "category": referrer["category"]})
        created = sum(_team(association, slug, team, data)
                      for slug, team in data["teams"].items())
    return [f"participants: {created} added" if created else "participants: already up to date"]


def _categories(association: Association) -> dict[str, str]:
    own = dict(ReferrerCode.objects.filter(association=association)
               .values_list("code", "category"))
    return {code: own.get(code, code) for code in ("af", "fk", "kommun", "region", "egen",
                                                   "annat", *own)}


def _team(association: Association, slug: str, team: dict[str, Any], data: dict[str, Any]) -> int:
    intervention = association.interventions.get(slug=slug)
    municipality = association.members.get(name=team["municipality"])
    year = data["year"]
    referrers = [code for code, n in team["new"].items() for _i in range(n)]
    reasons = [reason for reason, n in team["exits"].items() for _i in range(n)]
    people = max(len(referrers), len(reasons))
    categories = _categories(association)
    pseudonym = pseudonymiser(association)
    created = 0
    for i in range(people):
        new = i < len(referrers)
        # Those who exit without being new this year started the year before.
        start = (dt.date(year, 1, 1) + dt.timedelta(days=i * 364 // max(len(referrers), 1))
                 if new else dt.date(year - 1, 9, 1) + dt.timedelta(days=i % 90))
        end = reason = None
        if i < len(reasons):
            end = min(start + dt.timedelta(days=150 + i % 60), dt.date(year, 12, 31))
            end = max(end, dt.date(year, 1, 1))
            reason = reasons[i]
        referrer = referrers[i] if new else "egen"
        participant, _ = Participant.objects.get_or_create(
            association=association, pseudonym=pseudonym(f"DEMO-{slug}-{i + 1}"))
        _row, made = Participation.objects.get_or_create(
            intervention=intervention, participant=participant, start_date=start,
            defaults={
                "gender": "kvinna" if (i * data["share_women_percent"]) % 100
                < data["share_women_percent"] else "man",
                "birth_year": year - 16 - (i * 7) % 9, "municipality": municipality,
                "referrer": referrer, "referrer_category": categories[referrer],
                "end_date": end, "exit_reason": reason or "",
            },
        )
        created += made
    return created
