"""Writes of the insatser and the plan: one function per record kind the pages edit.

Each checks that the row is the förbund's (staff: their own insatser), the version read and
the kind's own rules, and logs the write (samsyn.associations.writes).
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from samsyn.associations.writes import Actor, Saved, require_own, save_row
from samsyn.interventions.follow_up import allowed
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    FollowUp,
    Goal,
    Intervention,
    PlanGoal,
    PlanYear,
    TargetGroup,
)
from samsyn.periods.services import classification_refusal


def save_target_group(actor: Actor, group: TargetGroup, *, version: int | None = None,
                      **options: Any) -> Saved:
    require_own(actor, group.association_id)
    return save_row(actor, group, version=version, **options)


def save_intervention(actor: Actor, intervention: Intervention, *, version: int | None = None,
                      **options: Any) -> Saved:
    """The orientation reported to Uppföljning Finsam stays as reported."""
    require_own(actor, intervention.association_id)
    if intervention.pk is not None and not actor.scope.covers(intervention):
        raise PermissionDenied
    stored = Intervention.objects.filter(pk=intervention.pk).first()
    if stored is not None:
        refused = classification_refusal(stored, intervention.kind)
        if refused:
            raise ValidationError({"kind": [refused]})
    return save_row(actor, intervention, version=version, intervention=intervention,
                    **options)


def save_goal(actor: Actor, goal: Goal, *, version: int | None = None,
              **options: Any) -> Saved:
    if not actor.scope.covers(goal.intervention):
        raise PermissionDenied
    return save_row(actor, goal, version=version, intervention=goal.intervention, **options)


def save_plan_year(actor: Actor, plan: PlanYear, *, version: int | None = None,
                   **options: Any) -> Saved:
    require_own(actor, plan.association_id)
    return save_row(actor, plan, version=version, **options)


def save_focus_area(actor: Actor, area: FocusArea, *, version: int | None = None,
                    **options: Any) -> Saved:
    require_own(actor, area.plan.association_id)
    return save_row(actor, area, version=version, **options)


def save_plan_goal(actor: Actor, goal: PlanGoal, *, version: int | None = None,
                   **options: Any) -> Saved:
    require_own(actor, goal.focus_area.plan.association_id)
    return save_row(actor, goal, version=version, **options)


def save_activity(actor: Actor, activity: Activity, *, version: int | None = None,
                  **options: Any) -> Saved:
    require_own(actor, activity.goal.focus_area.plan.association_id)
    return save_row(actor, activity, version=version, **options)


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
