"""The demo förbund's records of the insatser and the plan that the association file does not
hold (interventions/demo/<slug>.json), as the seed documents state them: groups of insatser
reported together and the possible target groups' sizes (000 Tabell 1). The projects'
external financing (000 9) is the insatser's own, in the association file. Idempotent."""

import json
from pathlib import Path
from typing import Any

from django.db import transaction

from samsyn.associations import versions
from samsyn.associations.models import Association
from samsyn.interventions.models import InterventionGroup, PlanYear, TargetGroupStatistic

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def load_demo(association: Association) -> list[str]:
    path = DEMO_DIR / f"{association.slug}.json"
    if not path.exists():
        return []
    data = json.loads(path.read_text(encoding="utf-8"))
    lines = []
    with transaction.atomic():
        for what, count in (("intervention groups", _groups(association, data)),
                            ("target group statistics", _statistics(association, data))):
            if count:
                lines.append(f"{what}: {count} added or updated")
        if lines:
            versions.changed(association)
    return lines or ["intervention groups and plan statistics: already up to date"]


def _groups(association: Association, data: dict[str, Any]) -> int:
    added = 0
    for held in data.get("groups", []):
        group, made = InterventionGroup.objects.get_or_create(
            association=association, name=held["name"],
            defaults={"description": held.get("description", "")})
        members = list(association.interventions.filter(slug__in=held["interventions"]))
        if made or set(group.interventions.all()) != set(members):
            group.interventions.set(members)
            added += 1
    return added


def _statistics(association: Association, data: dict[str, Any]) -> int:
    added = 0
    for year, rows in data.get("target_group_statistics", {}).items():
        plan = PlanYear.objects.get(association=association, year=int(year))
        for order, row in enumerate(rows):
            values = {"count": row["count"], "women_percent": row.get("women_percent"),
                      "men_percent": row.get("men_percent"), "source": row["source"],
                      "order": order}
            held = TargetGroupStatistic.objects.filter(plan=plan, group=row["group"]).first()
            if held is None or any(getattr(held, k) != v for k, v in values.items()):
                TargetGroupStatistic.objects.update_or_create(plan=plan, group=row["group"],
                                                              defaults=values)
                added += 1
    return added

