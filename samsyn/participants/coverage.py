"""Which insatser have figures for which periods, and how many participations stay open far
past an insats's usual time: what the "what is due" page and the reminders ask of the
register. Counted by the database, one grouped statement per question.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q

from samsyn.participants.models import MonthlyCount, Participation, ReducedParticipation

# An open participation is flagged as possibly forgotten when it has lasted more than this
# many times its insats's usual time (services.forgotten, the register's own mark).
FORGOTTEN_AFTER = 2


def _active(start: dt.date, end: dt.date) -> Q:
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))


def reported_periods(intervention_ids: Sequence[int],
                     periods: Sequence[Any]) -> dict[int, set[str]]:
    """For each insats, the keys of the periods (each with start, end and key) it has figures
    for: a participation (or a reduced one) active some day of the period, or counts of a
    period inside it."""
    found: dict[int, set[str]] = defaultdict(set)
    if not intervention_ids or not periods:
        return found
    first, last = min(p.start for p in periods), max(p.end for p in periods)
    ids = list(intervention_ids)

    def collect(rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            for i, period in enumerate(periods):
                if row[f"n{i}"]:
                    found[row["intervention_id"]].add(period.key)

    for model in (Participation, ReducedParticipation):
        collect(model.objects.filter(intervention_id__in=ids)
                .filter(_active(first, last)).order_by().values("intervention_id")
                .annotate(**{f"n{i}": Count("pk", filter=_active(p.start, p.end))
                             for i, p in enumerate(periods)}))
    collect(MonthlyCount.objects.filter(intervention_id__in=ids, month__gte=first,
                                        period_end__lte=last)
            .order_by().values("intervention_id")
            .annotate(**{f"n{i}": Count("pk", filter=Q(month__gte=p.start,
                                                       period_end__lte=p.end))
                         for i, p in enumerate(periods)}))
    return found


def open_past_usual(usual_days: dict[int, int], today: dt.date) -> dict[int, int]:
    """For each insats (by id, with its usual time in days), how many of its participations
    are open and began more than FORGOTTEN_AFTER times that long ago."""
    if not usual_days:
        return {}
    started_long_ago = reduce(or_, (
        Q(intervention_id=i, start_date__lt=today - dt.timedelta(days=FORGOTTEN_AFTER * days))
        for i, days in usual_days.items()))
    rows = (Participation.objects.filter(end_date__isnull=True).filter(started_long_ago)
            .order_by().values("intervention_id").annotate(n=Count("pk")))
    return {row["intervention_id"]: row["n"] for row in rows}
