"""Writes of the insatser and the plan: one function per record kind the pages edit.

Each checks that the row is the förbund's (staff: their own insatser), the version read and
the kind's own rules, and logs the write (samsyn.associations.writes).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.models import RemovedRow
from samsyn.associations.writes import Actor, Saved, delete_row, require_own, save_row
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.interventions import codelists
from samsyn.interventions.follow_up import allowed
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    FollowUp,
    Goal,
    Intervention,
    InterventionGroup,
    PlanComment,
    PlanGoal,
    PlanYear,
    TargetGroup,
    TargetGroupStatistic,
)
from samsyn.periods.hooks import spans_check
from samsyn.periods.locks import FAR, Span, half_span, year_span
from samsyn.periods.services import check_open, classification_reported
from samsyn.reports.models import ReportVersion

UPPFOLJNING = "uppfoljning-finsam"


def save_target_group(actor: Actor, group: TargetGroup, *, version: int | None = None,
                      **options: Any) -> Saved:
    require_own(actor, group.association_id)
    return save_row(actor, group, version=version, **options)


def save_intervention_group(actor: Actor, group: InterventionGroup, *,
                            version: int | None = None, **options: Any) -> Saved:
    """A group of insatser reported together: its members are insatser of the same förbund."""
    require_own(actor, group.association_id)
    members = (options.get("m2m") or {}).get("interventions", [])
    if any(i.association_id != group.association_id for i in members):
        raise ValidationError({"interventions": _("Choose insatser of this förbund.")})
    return save_row(actor, group, version=version, **options)


def reported_in(intervention: Intervention) -> str | None:
    """The first Uppföljning Finsam that included the insats, in words ("Uppföljning Finsam
    2024, fastställd 2025-02-20"), or None while none has: a frozen (decided) version of the
    report for a year the insats ran, or a signed-off Uppföljning Finsam period covering it."""
    if intervention.pk is None:
        return None
    last = intervention.end.year if intervention.end else 9999
    version = (ReportVersion.objects.filter(association_id=intervention.association_id,
                                            kind=UPPFOLJNING, year__gte=intervention.start.year,
                                            year__lte=last)
               .order_by("year", "decided").first())
    if version is not None:
        return _("Uppföljning Finsam %(year)s, decided %(date)s") % {
            "year": version.year, "date": f"{version.decided:%Y-%m-%d}"}
    period = classification_reported(intervention)
    if period is not None:
        return _("Uppföljning Finsam %(start)s–%(end)s, signed off %(date)s") % {
            "start": f"{period.start:%Y-%m-%d}", "end": f"{period.end:%Y-%m-%d}",
            "date": f"{period.signed_at:%Y-%m-%d}"}
    return None


def _locked_fields() -> dict[str, str]:
    """The fields the form locks once the insats is created (Försäkringskassan's
    användarhandledning: "insatsinriktning, val av uppföljningsmetod och ESF finansiering"),
    by the question's label in the code lists."""
    esf = codelists.code_list(codelists.ESF).question
    return {"kind": codelists.code_list(codelists.ORIENTATION).question,
            "followup_method": codelists.code_list(codelists.METHOD).question,
            "esf_funded": esf, "esf_programme": esf}


def locked_changes(stored: Intervention, changed: Intervention) -> dict[str, str]:
    """Each locked field `changed` alters from what `stored` reported, with the refusal in
    words naming the field. Filling in an answer Samsyn did not hold yet is no change: the
    national form has it already."""
    fields = {name: label for name, label in _locked_fields().items()
              if getattr(stored, name) != getattr(changed, name)
              and getattr(stored, name) not in ("", None)}
    if not fields:
        return {}
    report = reported_in(stored)
    if report is None:
        return {}
    return {name: _("%(field)s was reported to Uppföljning Finsam (%(report)s) and is locked "
                    "there, so it cannot be changed here either.") % {
                        "field": label, "report": report}
            for name, label in fields.items()}


def save_intervention(actor: Actor, intervention: Intervention, *, version: int | None = None,
                      **options: Any) -> Saved:
    """What was reported to Uppföljning Finsam as locked (inriktning, uppföljningsmetod, ESF
    finansiering) stays as reported."""
    require_own(actor, intervention.association_id)
    if intervention.pk is not None and not actor.scope.covers(intervention):
        raise PermissionDenied

    def check(before: Intervention | None, after: Intervention | None) -> None:
        if before is not None and after is not None:
            refused = locked_changes(before, after)
            if refused:
                raise ValidationError({name: [message] for name, message in refused.items()})

    return save_row(actor, intervention, version=version, intervention=intervention,
                    check=check, **options)


def goal_spans(goal: Goal) -> list[Span]:
    """A goal of an insats is a figure of its year, or without one of the insats' whole
    period (the documents print it beside the outcome)."""
    if goal.year:
        return [year_span(goal.year)]
    return [(goal.intervention.start, goal.intervention.end or FAR)]


def save_goal(actor: Actor, goal: Goal, *, version: int | None = None,
              reason: str | None = None, **options: Any) -> Saved:
    if not actor.scope.covers(goal.intervention):
        raise PermissionDenied
    return save_row(actor, goal, version=version, intervention=goal.intervention,
                    check=spans_check(actor, goal_spans, reason), **options)


def delete_goal(actor: Actor, goal: Goal, *, version: int | None = None,
                reason: str | None = None) -> RemovedRow | None:
    if not actor.scope.covers(goal.intervention):
        raise PermissionDenied
    return delete_row(actor, goal, version=version, intervention=goal.intervention,
                      check=spans_check(actor, goal_spans, reason))


# Every row of a plan is a text of its year's verksamhetsplan and of the follow-ups of it.

def plan_year_of(row: PlanYear | FocusArea | PlanGoal | Activity) -> int:
    if isinstance(row, Activity):
        row = row.focus_area
    if isinstance(row, PlanGoal):
        row = row.focus_area
    if isinstance(row, FocusArea):
        row = row.plan
    return row.year


def plan_spans(row: PlanYear | FocusArea | PlanGoal | Activity) -> list[Span]:
    try:
        return [year_span(plan_year_of(row))]
    except ObjectDoesNotExist:
        # A row restored with the plan row it hangs under: that row, of the same year, is
        # checked itself.
        return []


def save_plan_year(actor: Actor, plan: PlanYear, *, version: int | None = None,
                   reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, plan.association_id)
    return save_row(actor, plan, version=version, check=spans_check(actor, plan_spans, reason),
                    **options)


def _statistic_spans(statistic: TargetGroupStatistic) -> list[Span]:
    # Table 1 of a plan is part of that plan: locked with the plan's year.
    return plan_spans(statistic.plan)


def save_target_group_statistic(actor: Actor, statistic: TargetGroupStatistic, *,
                                version: int | None = None, reason: str | None = None,
                                **options: Any) -> Saved:
    require_own(actor, statistic.plan.association_id)
    return save_row(actor, statistic, version=version,
                    check=spans_check(actor, _statistic_spans, reason), **options)


def delete_target_group_statistic(actor: Actor, statistic: TargetGroupStatistic, *,
                                  version: int | None = None,
                                  reason: str | None = None) -> RemovedRow | None:
    require_own(actor, statistic.plan.association_id)
    return delete_row(actor, statistic, version=version,
                      check=spans_check(actor, _statistic_spans, reason))


def save_focus_area(actor: Actor, area: FocusArea, *, version: int | None = None,
                    reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, area.plan.association_id)
    return save_row(actor, area, version=version, check=spans_check(actor, plan_spans, reason),
                    **options)


def save_plan_goal(actor: Actor, goal: PlanGoal, *, version: int | None = None,
                   reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, goal.focus_area.plan.association_id)
    return save_row(actor, goal, version=version, check=spans_check(actor, plan_spans, reason),
                    **options)


def save_activity(actor: Actor, activity: Activity, *, version: int | None = None,
                  reason: str | None = None, **options: Any) -> Saved:
    """An activity under one of its focus area's goals or under the focus area alone.

    A writer that names only the goal (as every writer did before activities could stand
    without one) gets the goal's focus area; a goal of another focus area is refused in
    words (Activity.clean, run by save_row)."""
    if activity.focus_area_id is None:
        if activity.goal_id is None:
            raise ValidationError({"focus_area": _("Choose the focus area of the activity.")})
        activity.focus_area = activity.goal.focus_area
    require_own(actor, activity.focus_area.plan.association_id)
    return save_row(actor, activity, version=version,
                    check=spans_check(actor, plan_spans, reason), **options)


def delete_plan_row(actor: Actor, row: PlanYear | FocusArea | PlanGoal | Activity, *,
                    version: int | None = None, reason: str | None = None) -> RemovedRow | None:
    """A plan, focus area, goal or activity removed (with what hangs under it: all of the
    same year)."""
    plan = row if isinstance(row, PlanYear) else plan_of_row(row)
    require_own(actor, plan.association_id)
    return delete_row(actor, row, version=version,
                      check=spans_check(actor, plan_spans, reason))


def plan_of_row(row: FocusArea | PlanGoal | Activity) -> PlanYear:
    return row.plan if isinstance(row, FocusArea) else plan_of(row)


# A row of the follow-up as the page shows it: status, comment, indicator, measured.
Shown = tuple[str, str, str, str]
NOT_FOLLOWED_UP: Shown = ("", "", "", "")


def follow_up_key(target: PlanGoal | Activity) -> str:
    return f"g{target.pk}" if isinstance(target, PlanGoal) else f"a{target.pk}"


def shown_follow_up(status: str, comment: str, indicator: str,
                    measured: Decimal | None) -> Shown:
    figure = "" if measured is None else str(Decimal(measured).quantize(Decimal("0.01")))
    return (status or "", comment or "", indicator or "", figure)


def shown_kept(follow_up: FollowUp | None) -> Shown:
    if follow_up is None:
        return NOT_FOLLOWED_UP
    return shown_follow_up(follow_up.status, follow_up.comment, follow_up.indicator,
                           follow_up.measured)


class FollowUpConflict(ValidationError):
    """Rows this person changed that someone else changed since the page was opened."""

    def __init__(self, targets: list[PlanGoal | Activity]) -> None:
        super().__init__(_(
            "The follow-up of %(names)s was changed by someone else while you were editing. "
            "Your change is not saved. What you typed is kept below, and where you changed "
            "nothing the page shows what is stored: check, and save again to keep yours.")
            % {"names": ", ".join(f"“{t.name}”" for t in targets)})
        self.targets = targets


@transaction.atomic
def record_follow_up(half: int, rows: list[tuple[PlanGoal | Activity, str, str, str,
                                                 Decimal | None]],
                     actor: Actor | None = None,
                     seen: dict[str, Shown] | None = None, reason: str | None = None) -> int:
    """Keep each (goal or activity, status, comment, indicator, measured) for the half-year.

    An empty status removes what was kept; a status of the wrong kind is refused, so nothing
    is half-written. With an actor (a page), each change is logged, and a status or comment
    that changed goes into the goal's or activity's comment history with who and when.
    `seen`: the rows as the page showed them (by `follow_up_key`; None: a caller that saves
    over what is there). A row left as shown is not written, so another person's save of it
    since stays; a row changed here and there since is a `FollowUpConflict`, nothing written.
    A row written in a signed-off period (half 1: January–June of the plan's year, half 2 the
    whole year) is refused as any change there is (`reason`: an administrator's).
    Returns how many were kept.
    """
    kept = 0
    goals = [r[0] for r in rows if isinstance(r[0], PlanGoal)]
    activities = [r[0] for r in rows if isinstance(r[0], Activity)]
    # Locked, so that of two saves at once the second compares with the first's rows.
    stored = {f"g{f.plan_goal_id}" if f.plan_goal_id else f"a{f.activity_id}": f
              for f in FollowUp.objects.select_for_update().filter(half=half).filter(
                  Q(plan_goal__in=goals) | Q(activity__in=activities))}
    untouched: set[str] = set()
    if seen is not None:
        clashes = []
        for target, status, comment, indicator, measured in rows:
            key = follow_up_key(target)
            shown = tuple(seen.get(key, NOT_FOLLOWED_UP))
            if shown_follow_up(status, comment, indicator, measured) == shown:
                untouched.add(key)
            elif shown_kept(stored.get(key)) != shown:
                clashes.append(target)
        if clashes:
            raise FollowUpConflict(clashes)
    _check_follow_up_periods(half, rows, stored, untouched, actor, reason)
    for target, status, comment, indicator, measured in rows:
        if follow_up_key(target) in untouched:
            if stored.get(follow_up_key(target)) is not None:
                kept += 1
            continue
        kind = "goal" if isinstance(target, PlanGoal) else "activity"
        lookup: dict[str, Any] = ({"plan_goal": target} if kind == "goal"
                                  else {"activity": target})
        before = stored.get(follow_up_key(target))
        if not status:
            if before is not None:
                before.delete()
                versions.changed(_association_id(target), versions.parts_of(FollowUp))
                _logged(actor, before, "delete")
            continue
        if status not in allowed(kind):
            raise ValueError(f"{status!r} is not a status of a {kind}")
        values = {"status": status, "comment": comment, "indicator": indicator,
                  "measured": measured}
        kept += 1
        if before is not None and all(getattr(before, k) == v for k, v in values.items()):
            continue
        saved, _created = FollowUp.objects.update_or_create(half=half, **lookup,
                                                            defaults=values)
        versions.changed(_association_id(target), versions.parts_of(FollowUp))
        _logged(actor, saved, "save")
        if actor is not None and (before is None or before.status != status
                                  or before.comment != comment):
            _comment(actor, target, comment, status=status, half=half)
    return kept


def _check_follow_up_periods(half: int, rows: list[tuple[PlanGoal | Activity, str, str, str,
                                                         Decimal | None]],
                             stored: dict[str, FollowUp], untouched: set[str],
                             actor: Actor | None, reason: str | None) -> None:
    """The rows about to be written or removed, checked against the signed-off periods at
    once (one later change logged for the save, not one per row)."""
    written = []
    for target, status, comment, indicator, measured in rows:
        key = follow_up_key(target)
        before = stored.get(key)
        if key in untouched or (not status and before is None):
            continue
        if before is not None and shown_kept(before) == shown_follow_up(
                status, comment, indicator, measured):
            continue
        written.append(target)
    if written:
        association = plan_of(written[0]).association
        years = sorted({plan_of(t).year for t in written})
        check_open(association, [half_span(y, half) for y in years],
                   actor.user if actor is not None else None, reason=reason,
                   what=f"follow-up {half}: " + ", ".join(t.name for t in written)[:250])


def _association_id(target: PlanGoal | Activity) -> int:
    return target.focus_area.plan.association_id


def _logged(actor: Actor | None, follow_up: FollowUp, action: str) -> None:
    if actor is not None:
        record(category=Category.DATA, action=action, user=actor.user,
               association=actor.association, obj=follow_up, rows=1, request=actor.request,
               detail={"via": actor.via, "half": follow_up.half})


def _author_name(actor: Actor) -> str:
    if actor.user is None:
        return "manage.py"
    return str(actor.user.get_full_name() or actor.user.get_username())


def _comment(actor: Actor, target: PlanGoal | Activity, text: str, **status: Any) -> PlanComment:
    comment = PlanComment(text=text, author=actor.user, author_name=_author_name(actor),
                          **status)
    if isinstance(target, PlanGoal):
        comment.plan_goal = target
    else:
        comment.activity = target
    comment.full_clean()
    comment.save()
    versions.changed(actor.association, versions.parts_of(PlanComment))
    record(category=Category.DATA, action="comment", user=actor.user,
           association=actor.association, obj=comment, rows=1, request=actor.request,
           detail={"via": actor.via})
    return comment


def plan_of(target: PlanGoal | Activity) -> PlanYear:
    return target.focus_area.plan


@transaction.atomic
def add_comment(actor: Actor, target: PlanGoal | Activity, text: str) -> PlanComment:
    """A comment on a goal or an activity, kept with who and when; never edited after."""
    require_own(actor, plan_of(target).association_id)
    if not text.strip():
        raise ValidationError({"text": [_("Write a comment.")]})
    return _comment(actor, target, text.strip())


def _a_year_on(day: dt.date | None, years: int) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year that has none
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def copy_plan(actor: Actor, source: PlanYear, year: int) -> PlanYear:
    """A new year's plan with the focus areas, goals and activities of `source`.

    What is copied is the plan's structure and its goals, with each activity's responsible
    person and its date moved on by the years between, and whether it describes its
    insatser; not the statuses, the comments or the board's decision, nor the dated figures
    the plan states (the target groups' sizes, the budget's history), which are of their
    year and would print as the new year's. A year that already has a plan is refused:
    nothing is merged into it.
    """
    require_own(actor, source.association_id)
    if PlanYear.objects.filter(association_id=source.association_id, year=year).exists():
        raise ValidationError(_("There is already a business plan for %(year)s. Open it and "
                                "change it there, or remove it first.") % {"year": year})
    years = year - source.year
    title = source.title.replace(str(source.year), str(year)) if source.title else ""
    plan = PlanYear(association_id=source.association_id, year=year, title=title,
                    describes_interventions=source.describes_interventions)
    save_plan_year(actor, plan)
    counts = {"areas": 0, "goals": 0, "activities": 0}
    for area in source.focus_areas.prefetch_related("goals", "activities"):
        new_area = FocusArea(plan=plan, name=area.name, description=area.description,
                             order=area.order)
        save_focus_area(actor, new_area)
        counts["areas"] += 1
        new_goals: dict[int, PlanGoal] = {}
        for goal in area.goals.all():
            new_goal = PlanGoal(focus_area=new_area, name=goal.name,
                                description=goal.description, order=goal.order)
            save_plan_goal(actor, new_goal)
            new_goals[goal.pk] = new_goal
            counts["goals"] += 1
        # Every activity of the area, under the copy of its goal or, as it stood, under none.
        for activity in area.activities.all():
            save_activity(actor, Activity(
                focus_area=new_area,
                goal=new_goals[activity.goal_id] if activity.goal_id is not None else None,
                name=activity.name, description=activity.description,
                order=activity.order, responsible_id=activity.responsible_id,
                responsible_text=activity.responsible_text,
                due=_a_year_on(activity.due, years)))
            counts["activities"] += 1
    record(category=Category.DATA, action="copy_plan", user=actor.user,
           association=actor.association, obj=plan, rows=sum(counts.values()),
           request=actor.request, detail={"via": actor.via, "from": source.year, **counts})
    return plan
