"""Counting outcome figures in the database: grouped queries, never a loop over model objects.

`outcome_records` returns one OutcomeRecord per group of identical facts (with its count), so
the plain functions of outcomes.py give the same figures as over single participations;
`transitions_sql` counts the transitions table in SQL alone. Tests hold both to outcomes.py.
"""

import datetime as dt
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    QuerySet,
    Sum,
    Value,
    When,
)

from samsyn.participants.models import Participation, ReducedParticipation
from samsyn.participants.outcomes import (
    NOT_RECORDED,
    STATES,
    SUPPORTS,
    WORK_OR_STUDIES,
    OutcomeRecord,
)
from samsyn.participants.queries import AGE_AT_START, AGE_GROUP

# What the outcome rules read of a participation (outcomes.py): its codes, how many days it
# lasted, the age group at the start and whether it was followed up, so the groups are few.
_GROUP = ("intervention__slug", "gender", "age", "days", "support_at_start",
          "occupation_at_exit", "exit_reason", "followed", "followup_occupation")


def _exited(interventions: QuerySet[Any], start: dt.date, end: dt.date) -> QuerySet[Any]:
    return Participation.objects.filter(intervention__in=interventions, end_date__gte=start,
                                        end_date__lte=end)


def _reduced(interventions: QuerySet[Any], start: dt.date, end: dt.date) -> QuerySet[Any]:
    return ReducedParticipation.objects.filter(intervention__in=interventions,
                                               end_date__gte=start, end_date__lte=end)


def outcome_records(interventions: QuerySet[Any], start: dt.date,
                    end: dt.date) -> list[OutcomeRecord]:
    """The participations (and reduced ones) that ended in the period, grouped."""
    found = [
        OutcomeRecord(
            intervention=row["intervention__slug"], gender=row["gender"],
            # Only the length is read (outcomes.days_in): it is kept, ending on the last day.
            start=end - _as_timedelta(row["days"]), end=end, age_group=row["age"],
            support_at_start=row["support_at_start"],
            occupation_at_exit=row["occupation_at_exit"], exit_reason=row["exit_reason"],
            followup_date=end if row["followed"] else None,
            followup_occupation=row["followup_occupation"], count=row["n"],
        )
        for row in _exited(interventions, start, end)
        .annotate(age_at_start=AGE_AT_START, age=AGE_GROUP,
                  days=ExpressionWrapper(F("end_date") - F("start_date"),
                                         output_field=DurationField()),
                  followed=Case(When(followup_date__isnull=False, then=Value(True)),
                                default=Value(False), output_field=BooleanField()))
        .values(*_GROUP).annotate(n=Count("pk")).order_by()
    ]
    # Past retention the codes are kept per month (services.reduce): the follow-up's date is
    # gone, so a reduced row with a follow-up state counts as followed up at its exit.
    found += [
        OutcomeRecord(intervention=row["intervention__slug"], gender=row["gender"],
                      start=row["start_date"], end=row["end_date"],
                      age_group=row["age_group"], support_at_start=row["support_at_start"],
                      occupation_at_exit=row["occupation_at_exit"],
                      exit_reason=row["exit_reason"],
                      followup_date=(row["end_date"] if row["followup_occupation"]
                                     or row["followup_support"] else None),
                      followup_occupation=row["followup_occupation"], count=row["n"] or 0)
        for row in _reduced(interventions, start, end)
        .values("intervention__slug", "gender", "start_date", "end_date", "age_group",
                "support_at_start", "occupation_at_exit", "exit_reason",
                "followup_occupation", "followup_support")
        .annotate(n=Sum("count")).order_by()
    ]
    return found


def _state_expression() -> Case:
    return Case(
        *[When(occupation_at_exit=s, then=Value(s)) for s in STATES if s != NOT_RECORDED],
        *[When(exit_reason=s, then=Value(s)) for s in sorted(WORK_OR_STUDIES)],
        default=Value(NOT_RECORDED), output_field=CharField(),
    )


def _support_expression() -> Case:
    return Case(
        *[When(support_at_start=s, then=Value(s)) for s in SUPPORTS if s != NOT_RECORDED],
        default=Value(NOT_RECORDED), output_field=CharField(),
    )


def _as_timedelta(value: Any) -> dt.timedelta:
    # A date difference comes back as a timedelta, or as microseconds on some backends.
    return value if isinstance(value, dt.timedelta) else dt.timedelta(microseconds=int(value))


def transitions_sql(interventions: QuerySet[Any], start: dt.date,
                    end: dt.date) -> dict[str, dict[str, dict[str, int]]]:
    """Per insats slug: support at start × state at exit, counted by the database."""
    found: dict[str, dict[str, dict[str, int]]] = {}

    def cell(slug: str, support: str, state: str) -> None:
        found.setdefault(slug, {s: dict.fromkeys(STATES, 0) for s in SUPPORTS})
        assert support in SUPPORTS and state in STATES

    rows = (_exited(interventions, start, end)
            .annotate(state=_state_expression(), support=_support_expression())
            .values("intervention__slug", "support", "state").annotate(n=Count("pk"))
            .order_by())
    for row in rows:
        cell(row["intervention__slug"], row["support"], row["state"])
        found[row["intervention__slug"]][row["support"]][row["state"]] += row["n"]
    reduced = (_reduced(interventions, start, end)
               .annotate(state=_state_expression(), support=_support_expression())
               .values("intervention__slug", "support", "state").annotate(n=Sum("count"))
               .order_by())
    for row in reduced:
        cell(row["intervention__slug"], row["support"], row["state"])
        found[row["intervention__slug"]][row["support"]][row["state"]] += row["n"] or 0
    return found


def followups_due(interventions: QuerySet[Any], today: dt.date, months: int) -> int:
    """Exits at least `months` ago (a month as 30 days) still without a follow-up."""
    limit = today - dt.timedelta(days=30 * months)
    return (Participation.objects.filter(intervention__in=interventions, end_date__lte=limit)
            .filter(followup_date__isnull=True).aggregate(n=Count("pk"))["n"])

