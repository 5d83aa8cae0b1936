"""The demo förbund's board (associations/demo/<slug>.json): its seats and the minuted
meetings of a year, as the seed documents give them. Idempotent."""

import json
from pathlib import Path

from django.db import transaction

from samsyn.associations import versions
from samsyn.associations.models import Association, BoardMeetings, BoardMember

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def load_demo(association: Association) -> list[str]:
    path = DEMO_DIR / f"{association.slug}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    members = {m.name: m for m in association.members.all()}
    added = 0
    with transaction.atomic():
        for seat in data.get("board", []):
            _row, made = BoardMember.objects.get_or_create(
                association=association, name=seat["name"],
                organisation=members[seat["organisation"]], seat=seat["seat"],
                defaults={"party": seat.get("party", ""), "role": seat.get("role", "")})
            added += made
        for year in data.get("meetings", []):
            _year, made = BoardMeetings.objects.get_or_create(
                association=association, year=year["year"],
                defaults={"meetings": year["meetings"]})
            added += made
        if added:
            versions.changed(association)
    if not added:
        return ["board: already up to date"]
    return [f"board: {added} added"]
