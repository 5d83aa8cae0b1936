"""Writes of the plan's follow-up; every change goes through here."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from samsyn.interventions.follow_up import allowed
from samsyn.interventions.models import Activity, FollowUp, PlanGoal


@transaction.atomic
def record_follow_up(half: int, rows: list[tuple[PlanGoal | Activity, str, str, str,
                                                 Decimal | None]]) -> int:
    """Keep each (goal or activity, status, comment, indicator, measured) for the half-year.

    An empty status removes what was kept; a status of the wrong kind is refused, so nothing
    is half-written. Returns how many were kept.
    """
    kept = 0
    for target, status, comment, indicator, measured in rows:
        kind = "goal" if isinstance(target, PlanGoal) else "activity"
        lookup: dict[str, Any] = ({"plan_goal": target} if kind == "goal"
                                  else {"activity": target})
        if not status:
            FollowUp.objects.filter(half=half, **lookup).delete()
            continue
        if status not in allowed(kind):
            raise ValueError(f"{status!r} is not a status of a {kind}")
        FollowUp.objects.update_or_create(
            half=half, **lookup,
            defaults={"status": status, "comment": comment, "indicator": indicator,
                      "measured": measured})
        kept += 1
    return kept
