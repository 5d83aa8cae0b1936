"""Counting outcome figures in the database: one grouped statement, never a loop over rows.

`summaries` gives, per insats, the outcomes.Summary the report shows: the transitions table
(with the follow-ups), the exits by gender and by age group, and how many exits lasted each
number of days. outcomes.summarise is its definition over plain records; a property test
holds the two equal on SQLite and PostgreSQL.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from samsyn.participants.models import Participation, ReducedParticipation
from samsyn.participants.outcomes import (
    GENDERS,
    NO_SHARES,
    NOT_RECORDED,
    STATES,
    SUPPORTS,
    WORK_OR_STUDIES,
    Shares,
    Summary,
)
from samsyn.participants.queries import age_group_sql


def _codes(values: Sequence[str]) -> str:
    # The codes are the module's own constants, never input.
    return ", ".join(f"'{v}'" for v in values)


def _days(table: str) -> str:
    """Days in the insats, both ends counted (outcomes.days_in)."""
    if connection.vendor == "postgresql":
        return f"({table}.end_date - {table}.start_date + 1)"
    return f"(CAST(julianday({table}.end_date) - julianday({table}.start_date) AS INTEGER) + 1)"


def _state(table: str) -> str:
    """outcomes.exit_state: the occupation at exit, else a work or studies exit reason."""
    return (f"CASE WHEN {table}.occupation_at_exit IN ({_codes(STATES)}) "
            f"THEN {table}.occupation_at_exit "
            f"WHEN {table}.exit_reason IN ({_codes(sorted(WORK_OR_STUDIES))}) "
            f"THEN {table}.exit_reason ELSE '{NOT_RECORDED}' END")


def _support(table: str) -> str:
    """outcomes.start_support."""
    return (f"CASE WHEN {table}.support_at_start IN ({_codes(SUPPORTS)}) "
            f"THEN {table}.support_at_start ELSE '{NOT_RECORDED}' END")


def _summaries_sql(n_ids: int) -> str:
    """The exits of the period from participations and reduced participations in one shape
    (`x`: how many, support at start, state at exit, followed up, in work or studies at
    follow-up, gender, age group, days), grouped four ways: by support and state, by gender
    and state, by age group and state, and by days."""
    ids = ", ".join(["%s"] * n_ids)
    participation = Participation._meta.db_table
    reduced = ReducedParticipation._meta.db_table
    ws = _codes(sorted(WORK_OR_STUDIES))
    # Past retention a reduced row keeps the follow-up's codes, not its date: a row with a
    # follow-up code counts as followed up (services.reduce).
    r_followed = "(r.followup_occupation <> '' OR r.followup_support <> '')"
    return f"""
WITH x AS (
  SELECT p.intervention_id AS insats, 1 AS n, {_support("p")} AS support,
         {_state("p")} AS state,
         CASE WHEN p.followup_date IS NOT NULL THEN 1 ELSE 0 END AS followed,
         CASE WHEN p.followup_date IS NOT NULL AND p.followup_occupation IN ({ws})
              THEN 1 ELSE 0 END AS fu_ws,
         p.gender AS gender, {age_group_sql()} AS age, {_days("p")} AS days
  FROM {participation} p
  WHERE p.intervention_id IN ({ids}) AND p.end_date >= %s AND p.end_date <= %s
  UNION ALL
  SELECT r.intervention_id, r.count, {_support("r")}, {_state("r")},
         CASE WHEN {r_followed} THEN 1 ELSE 0 END,
         CASE WHEN {r_followed} AND r.followup_occupation IN ({ws}) THEN 1 ELSE 0 END,
         r.gender, r.age_group, {_days("r")}
  FROM {reduced} r
  WHERE r.intervention_id IN ({ids}) AND r.end_date >= %s AND r.end_date <= %s
)
SELECT 'tr', insats, support, state, 0, SUM(n), SUM(followed * n), SUM(fu_ws * n)
FROM x GROUP BY insats, support, state
UNION ALL
SELECT 'g', insats, gender, state, 0, SUM(n), SUM(followed * n), SUM(fu_ws * n)
FROM x GROUP BY insats, gender, state
UNION ALL
SELECT 'a', insats, age, state, 0, SUM(n), SUM(followed * n), SUM(fu_ws * n)
FROM x GROUP BY insats, age, state
UNION ALL
SELECT 'd', insats, '', '', days, SUM(n), 0, 0 FROM x GROUP BY insats, days
"""  # noqa: S608


def _plus(s: Shares, state: str, n: int, followed: int, fu_ws: int) -> Shares:
    return Shares(exited=s.exited + n,
                  at_exit=s.at_exit + (n if state in WORK_OR_STUDIES else 0),
                  followed_up=s.followed_up + followed, at_followup=s.at_followup + fu_ws)


def summaries(interventions: QuerySet[Any], start: dt.date, end: dt.date,
              ages: Sequence[str]) -> dict[str, Summary]:
    """Per insats slug with any exit in the period (ended start..end): its Summary.
    `ages`: the age groups, the last taking any other (outcomes.by_group)."""
    slug_of = dict(interventions.values_list("pk", "slug"))
    if not slug_of:
        return {}
    ids = sorted(slug_of)
    with connection.cursor() as cursor:
        cursor.execute(_summaries_sql(len(ids)), [*ids, start, end, *ids, start, end])
        rows = cursor.fetchall()
    table: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: {s: dict.fromkeys(STATES, 0) for s in SUPPORTS})
    total: dict[int, Shares] = defaultdict(lambda: NO_SHARES)
    days: dict[int, dict[int, int]] = defaultdict(dict)
    genders: dict[int, dict[str, Shares]] = defaultdict(lambda: dict.fromkeys(GENDERS, NO_SHARES))
    age: dict[int, dict[str, Shares]] = defaultdict(lambda: dict.fromkeys(ages, NO_SHARES))
    for way, insats, key, state, length, n, followed, fu_ws in rows:
        n, followed, fu_ws = int(n or 0), int(followed or 0), int(fu_ws or 0)
        if way == "tr":
            table[insats][key][state] += n
            total[insats] = _plus(total[insats], state, n, followed, fu_ws)
        elif way == "g":
            g = key if key in GENDERS else GENDERS[-1]
            genders[insats][g] = _plus(genders[insats][g], state, n, followed, fu_ws)
        elif way == "a":
            a = key if key in ages else ages[-1]
            age[insats][a] = _plus(age[insats][a], state, n, followed, fu_ws)
        elif n:
            days[insats][int(length)] = days[insats].get(int(length), 0) + n
    return {slug_of[i]: Summary(shares=total[i], transitions=table[i], days=days[i],
                                by_gender=genders[i], by_age=age[i])
            for i in ids if i in total}


def held(interventions: QuerySet[Any], start: dt.date, end: dt.date) -> set[str]:
    """The insatser whose register holds a participation (or a reduced one) during start..end.

    Only of these can the period's outcomes be told: an insats without one has no figure (its
    exits are not in the register), while one with participations and no exit truly has 0.
    One statement, whatever the number of insatser.
    """
    # An exit in the period is held even where its start is recorded after its end: the
    # summaries count it, so it must not read as no figure.
    during = Q(intervention=OuterRef("pk")) & ((Q(start_date__lte=end) & (
        Q(end_date__isnull=True) | Q(end_date__gte=start))) | Q(end_date__range=(start, end)))
    return set(interventions.filter(
        Exists(Participation.objects.filter(during))
        | Exists(ReducedParticipation.objects.filter(during)))
        .values_list("slug", flat=True))


def followups_due(interventions: QuerySet[Any], today: dt.date, months: int) -> int:
    """Exits at least `months` ago (a month as 30 days) still without a follow-up."""
    limit = today - dt.timedelta(days=30 * months)
    return (Participation.objects.filter(intervention__in=interventions, end_date__lte=limit)
            .filter(followup_date__isnull=True).aggregate(n=Count("pk"))["n"])
