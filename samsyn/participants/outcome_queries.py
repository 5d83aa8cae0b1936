"""Counting outcome figures in the database: one grouped statement, never a loop over rows.

`summaries` gives, per insats, the outcomes.Summary the report shows: the transitions table
(with the follow-ups), the exits by gender and by age group, and how many exits lasted each
number of days. outcomes.summarise is its definition over plain records; a property test
holds the two equal on SQLite and PostgreSQL.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from samsyn.participants import queries
from samsyn.participants.metrics import Period
from samsyn.participants.models import Participation
from samsyn.participants.outcomes import (
    GENDERS,
    NO_SHARES,
    STATES,
    SUPPORTS,
    WORK_OR_STUDIES,
    Shares,
    Summary,
)


def _period_figures(interventions: QuerySet[Any], start: dt.date, end: dt.date
                    ) -> tuple[list[str], queries.PeriodFigures | None]:
    """The period's figures of the insatser (a queryset of one förbund's), and their slugs in
    pk order: the one pass over the period's rows that also gives the counts
    (queries.compute), cached with them."""
    found = list(interventions.order_by("pk").values_list("pk", "slug", "association_id"))
    if not found:
        return [], None
    return [slug for _pk, slug, _a in found], queries.figures_of(
        found[0][2], [(pk, slug) for pk, slug, _a in found], Period(start, end))


@dataclass(frozen=True)
class Given:
    """What a participants report has read already, so that its outcome part reads nothing
    again: the report's insatser (in name order, their goals prefetched) and the period's
    figures of the reader's scope (queries.figures_for), whose exits and held insatser are
    per insats, so those of the report's insatser are the same as if counted alone."""

    interventions: Sequence[Any]
    figures: queries.PeriodFigures

    def held(self) -> set[str]:
        return set(self.figures.held) & {i.slug for i in self.interventions}

    def summaries(self, ages: Sequence[str]) -> dict[str, Summary]:
        """`summaries` of the report's insatser, in pk order as it gives them."""
        folded = fold(self.figures.exits, ages)
        return {i.slug: folded[i.slug] for i in sorted(self.interventions, key=lambda i: i.pk)
                if i.slug in folded}


def _plus(s: Shares, state: str, n: int, followed: int, fu_ws: int) -> Shares:
    return Shares(exited=s.exited + n,
                  at_exit=s.at_exit + (n if state in WORK_OR_STUDIES else 0),
                  followed_up=s.followed_up + followed, at_followup=s.at_followup + fu_ws)


def summaries(interventions: QuerySet[Any], start: dt.date, end: dt.date,
              ages: Sequence[str]) -> dict[str, Summary]:
    """Per insats slug with any exit in the period (ended start..end): its Summary.
    `ages`: the age groups, the last taking any other (outcomes.by_group)."""
    slugs, found = _period_figures(interventions, start, end)
    if found is None:
        return {}
    folded = fold(found.exits, ages)
    return {slug: folded[slug] for slug in slugs if slug in folded}


def fold(rows: Iterable[tuple[Any, ...]], ages: Sequence[str]) -> dict[str, Summary]:
    """The grouped exits (queries.compute: way, insats slug, key, state, days, n, followed,
    followed to work or studies) as a Summary per insats, in the order first met."""
    table: dict[str, dict[str, dict[str, int]]] = defaultdict(
        lambda: {s: dict.fromkeys(STATES, 0) for s in SUPPORTS})
    total: dict[str, Shares] = defaultdict(lambda: NO_SHARES)
    days: dict[str, dict[int, int]] = defaultdict(dict)
    genders: dict[str, dict[str, Shares]] = defaultdict(
        lambda: dict.fromkeys(GENDERS, NO_SHARES))
    age: dict[str, dict[str, Shares]] = defaultdict(lambda: dict.fromkeys(ages, NO_SHARES))
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
            length = int(length)
            days[insats][length] = days[insats].get(length, 0) + n
    return {i: Summary(shares=total[i], transitions=table[i], days=days[i],
                       by_gender=genders[i], by_age=age[i]) for i in total}


def held(interventions: QuerySet[Any], start: dt.date, end: dt.date) -> set[str]:
    """The insatser whose register holds a participation (or a reduced one) during start..end.

    Only of these can the period's outcomes be told: an insats without one has no figure (its
    exits are not in the register), while one with participations and no exit truly has 0.
    An exit in the period is held even where its start is recorded after its end: the
    summaries count it, so it must not read as no figure. From the same pass as the figures.
    """
    _slugs, found = _period_figures(interventions, start, end)
    return set() if found is None else set(found.held)


def followups_due(interventions: QuerySet[Any], today: dt.date, months: int) -> int:
    """Exits at least `months` ago (a month as 30 days) still without a follow-up."""
    limit = today - dt.timedelta(days=30 * months)
    return (Participation.objects.filter(intervention__in=interventions, end_date__lte=limit)
            .filter(followup_date__isnull=True).aggregate(n=Count("pk"))["n"])
