"""The demo förbund's groups of insatser (interventions/demo/<slug>.json), as the seed
documents report them together. Idempotent."""

import json
from pathlib import Path

from django.db import transaction

from samsyn.associations import versions
from samsyn.associations.models import Association
from samsyn.interventions.models import InterventionGroup

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def load_demo(association: Association) -> list[str]:
    path = DEMO_DIR / f"{association.slug}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    added = 0
    with transaction.atomic():
        for held in data.get("groups", []):
            group, made = InterventionGroup.objects.get_or_create(
                association=association, name=held["name"],
                defaults={"description": held.get("description", "")})
            members = list(association.interventions.filter(slug__in=held["interventions"]))
            if made or set(group.interventions.all()) != set(members):
                group.interventions.set(members)
                added += 1
        if added:
            versions.changed(association)
    if not added:
        return ["intervention groups: already up to date"]
    return [f"intervention groups: {added} added or updated"]
