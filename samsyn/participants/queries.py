"""Participant figures counted by the database, one period at a time.

metrics.py is the specification (plain functions over records); this module gets the same
figures from a few aggregate queries with conditional counts, grouped by insats and by the
categories the report breaks down by, over participations, reduced participations and
aggregate counts together. No model object is built per row: Python sees only the groups
(a few hundred for a large förbund's year), turned into records that each stand for a count,
so the breakdowns are those of metrics.py itself. Unique participants are counted by the
database too (COUNT DISTINCT).

`figures_for(scope, period)` is what a report asks for. It is cached in Django's cache under
the förbund's records version (bumped on every write to participations and counts), and,
inside `one_document()`, computed once per period for the whole document.
"""

import contextlib
import dataclasses
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, IntegerField, Q, Subquery, Value, When
from django.db.models.functions import Cast, ExtractYear

from samsyn.associations import versions
from samsyn.associations.models import Association, Member
from samsyn.interventions import kept
from samsyn.interventions.models import Intervention
from samsyn.participants import metrics, month_summary, outcome_sql
from samsyn.participants.codes import AGE_GROUPS
from samsyn.participants.metrics import Figures, Period
from samsyn.participants.models import (
    ACTIVE_UNTIL_OPEN,
    MonthlyCount,
    Participation,
    ReducedParticipation,
    StatedFigure,
)

ALL = "*"
# Cached figures live until the records change (the token) or, at the latest, this long.
CACHE_SECONDS = 24 * 3600

KINDS = ("new", "active", "exit")
# Part of the cache key of a period's figures: raised when what they hold changes.
FIGURES_REVISION = 2


@dataclass(frozen=True)
class PeriodFigures:
    """Every participant figure of one period and scope, as the participants report uses them.

    The records stand each for one group of identical facts (counted as new, active or exited
    in the period), so metrics.py's breakdowns apply to them unchanged: `records` by insats and
    gender (with the referrer of the new and the reason of the exited), `kommun_records` by
    kommun (with the same), `age_records` the new by age group and gender.
    """

    period: Period
    per: dict[str, Figures]          # by insats slug, and ALL for the scope together
    records: list[metrics.Record]
    kommun_records: list[metrics.Record]
    age_records: list[metrics.Record]
    # By kind (new, active, exit): the insatser held as counts for the period that have no
    # count of that kind, so their 0 means "not given", not "none".
    not_given: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    # The exits of the period grouped for the outcome figures, as outcome_queries folds them
    # (read in the same pass as the counts), and the insatser whose register holds a
    # participation or a reduced one in the period (outcome_queries.held).
    exits: list[tuple[Any, ...]] = dataclasses.field(default_factory=list)
    held: frozenset[str] = frozenset()

    @property
    def slugs(self) -> set[str]:
        """The insatser with any record touching the period."""
        return {r.intervention for r in self.records}

    def records_of(self, slug: str) -> list[metrics.Record]:
        return self.records if slug == ALL else [r for r in self.records
                                                 if r.intervention == slug]

    def work_share_by_gender(self, slug: str) -> dict[str, Decimal | None]:
        return metrics.work_share_by_gender(self.records_of(slug), self.period)


# The age group at the start (codes.age_group): the age is the start's year less the birth year.
AGE_AT_START = Cast(ExtractYear("start_date"), IntegerField()) - Cast("birth_year",
                                                                       IntegerField())
AGE_GROUP = Case(*[When(Q(age_at_start__gte=low, age_at_start__lte=high), then=Value(label))
                   for label, low, high in AGE_GROUPS], default=Value("other"))


def _year_of(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {column}) AS INTEGER)"
    return f"CAST(strftime('%%Y', {column}) AS INTEGER)"


def age_group_sql() -> str:
    """codes.age_group of the start's year less the birth year, for the participation `p`.

    On PostgreSQL the age is worked out once per row and its group found by `width_bucket`
    over the groups' bounds: a ladder of `BETWEEN`s works out the age twice for each group
    it tries (EXTRACT gives a numeric, dear per row), eight times for the 30-64."""
    age = f"({_year_of('p.start_date')} - p.birth_year)"
    bounds = [(low, high + 1) for _label, low, high in AGE_GROUPS]
    if connection.vendor == "postgresql" and all(
            bounds[n][1] <= bounds[n + 1][0] for n in range(len(bounds) - 1)):
        # The groups' bounds ascending: a group is the bucket its lower bound opens, any
        # other bucket (below, between or above them) the other.
        edges = sorted({edge for pair in bounds for edge in pair})
        bucket = {edges.index(low) + 1: label for label, low, _high in AGE_GROUPS}
        whens = " ".join(f"WHEN {n} THEN '{label}'" for n, label in bucket.items())
        return (f"CASE width_bucket({age}, ARRAY[{', '.join(map(str, edges))}]) {whens} "
                f"ELSE 'other' END")
    whens = " ".join(f"WHEN {age} BETWEEN {low} AND {high} THEN '{label}'"
                     for label, low, high in AGE_GROUPS)
    return f"CASE {whens} ELSE 'other' END"


def _open_end() -> str:
    """models.ACTIVE_UNTIL_OPEN as the participation_active_until index writes it."""
    day = ACTIVE_UNTIL_OPEN.isoformat()
    return f"DATE '{day}'" if connection.vendor == "postgresql" else f"'{day}'"


def _first_year(alias: str) -> str:
    """The year a row first touches (its start, or its end where that is recorded earlier),
    as the participation_first_year index (migration 0021, PostgreSQL) writes it: an integer,
    EXTRACT's numeric being dearer to keep on every insert (docs/benchmarks.md, round 25)."""
    return (f"CAST(EXTRACT(YEAR FROM LEAST({alias}.start_date, "
            f"COALESCE({alias}.end_date, {_open_end()}))) AS INTEGER)")


def _years_bound(ids: str) -> str:
    """On PostgreSQL, the participations read by the years that can touch the period: every
    year from the insatser's first (one index probe each) to the period's last. A row of the
    period touches it in its first year or later and in the period's last year or earlier, so
    the bound leaves out no row the figures count; with the end as the index's next column,
    each year is one descent to the rows still running at the period's start, so a middle
    year reads the rows it counts, not those that began after it. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return ""
    participation = Participation._meta.db_table
    intervention = Intervention._meta.db_table
    return f"""
    AND {_first_year("p")} = ANY(ARRAY(
      WITH RECURSIVE years(y) AS (
        SELECT MIN((SELECT {_first_year("q")} FROM {participation} q
                    WHERE q.intervention_id = i.id ORDER BY 1 LIMIT 1))
        FROM {intervention} i WHERE i.id IN ({ids})
        UNION ALL SELECT y + 1 FROM years WHERE y < %(last_year)s)
      SELECT y FROM years))"""  # noqa: S608 - the models' tables, the rest placeholders


def _groups_sql(n_ids: int, summed: bool = False) -> str:
    """One statement reads the period's rows once and gives every figure of the report.

    `rows` puts participations, reduced participations and counts in one shape: whether the
    row counts in the period's figures (`counted`: it is active in the period, or a count of a
    period within it), how many of it are new, active, exited and anonymous people, and, for
    the outcome figures, how many of it ended in the period (`out_n`) with the before-and-after
    columns outcomes.py defines. A participation is read when it ends in or after the period
    and started in it or before, or ended in it (an exit in the period counts for the outcomes
    even where its start was recorded after its end): one range of the
    participation_active_until index, `COALESCE(end, open) >= start` with the rest a filter.
    A participation's age group is worked out only where it is new or exited, and the outcome
    columns only where the row exited: no grouping reads them of another row.

    The counts are grouped by insats and gender (with the referrer of the new and the reason
    of the exited: the insats figures), by kommun (the kommun tables), by age group and gender
    of the new, and as distinct participants per insats and in all; the exits by support at
    start and state at exit, by gender and state, by age group and state (all three summed
    from one grouping of the exits by the four, `outs`, a few hundred rows) and by days, per
    insats; and which insatser the register holds anything of, or counts of which kind.

    `summed`: the period is of whole months, and month_summary gives the counts by insats,
    kommun and age of the participations and reduced ones it holds (all but those whose end
    is recorded before their start): those three groupings take only the rows it does not
    hold (`unheld`: the counts and the backwards rows, a handful), set apart once.
    """
    ids = ", ".join(f"%(i{n})s" for n in range(n_ids))
    member = Member._meta.db_table
    participation = Participation._meta.db_table
    reduced = ReducedParticipation._meta.db_table
    counts = MonthlyCount._meta.db_table
    referrer = "CASE WHEN new_n > 0 THEN referrer ELSE '' END"
    reason = "CASE WHEN exit_n > 0 THEN reason ELSE '' END"
    until = f"COALESCE(p.end_date, {_open_end()})"
    ended = "p.end_date <= %(end)s"

    def on_exit(column: str, table: str = "p") -> str:
        return f"CASE WHEN {table}.end_date <= %(end)s THEN {column} END"

    outcome_r = ", ".join(on_exit(column("r"), "r") for column in (
        outcome_sql.support, outcome_sql.state, outcome_sql.followed,
        outcome_sql.followed_to_work_or_studies, outcome_sql.days))
    # What the three counting groupings read: the rows the summary does not hold, or all.
    counting = "unheld" if summed else "rows"
    apart = ", unheld AS (SELECT * FROM rows WHERE unsummed = 1)" if summed else ""
    # The sums of sums back to integers (a sum of bigints is numeric, and one numeric column
    # made every count of the statement a Decimal, slow to read and to pickle).
    total = "CAST(SUM(n) AS BIGINT), CAST(SUM(f) AS BIGINT), CAST(SUM(w) AS BIGINT), 0"
    # Table names are the models' own and the rest placeholders: nothing comes from input.
    return f"""
WITH rows AS (
  SELECT 'p' AS src, p.intervention_id AS insats, p.gender AS gender,
         CASE WHEN p.start_date <= %(end)s THEN 1 ELSE 0 END AS counted,
         CASE WHEN p.start_date >= %(start)s THEN 1 ELSE 0 END AS new_n, 1 AS active_n,
         CASE WHEN {ended} THEN 1 ELSE 0 END AS exit_n, 0 AS anonymous_n,
         p.referrer_category AS referrer, p.exit_reason AS reason,
         p.municipality_id AS kommun,
         CASE WHEN p.start_date >= %(start)s OR {ended} THEN {age_group_sql()} END AS age,
         p.participant_id AS person, CASE WHEN {ended} THEN 1 ELSE 0 END AS out_n,
         {on_exit(outcome_sql.support("p"))} AS support,
         {on_exit(outcome_sql.state("p"))} AS state,
         {on_exit(outcome_sql.followed("p"))} AS followed,
         {on_exit(outcome_sql.followed_to_work_or_studies("p"))} AS fu_ws,
         {on_exit(outcome_sql.days("p"))} AS days,
         CASE WHEN p.end_date < p.start_date THEN 1 ELSE 0 END AS unsummed
  FROM {participation} p
  WHERE p.intervention_id IN ({ids}) AND {until} >= %(start)s
    AND (p.start_date <= %(end)s OR {until} <= %(end)s){_years_bound(ids)}
  UNION ALL
  SELECT 'r', r.intervention_id, r.gender, CASE WHEN r.start_date <= %(end)s THEN 1 ELSE 0 END,
         CASE WHEN r.start_date >= %(start)s THEN r.count ELSE 0 END,
         r.count, CASE WHEN r.end_date <= %(end)s THEN r.count ELSE 0 END, r.count,
         r.referrer_category, r.exit_reason, r.municipality_id, r.age_group, NULL,
         CASE WHEN r.end_date <= %(end)s THEN r.count ELSE 0 END, {outcome_r},
         CASE WHEN r.end_date < r.start_date THEN 1 ELSE 0 END
  FROM {reduced} r
  WHERE r.intervention_id IN ({ids}) AND r.end_date >= %(start)s
    AND (r.start_date <= %(end)s OR r.end_date <= %(end)s)
  UNION ALL
  SELECT 'c' || c.kind, c.intervention_id, c.gender, 1,
         CASE WHEN c.kind = 'new' THEN c.count ELSE 0 END,
         CASE WHEN c.kind = 'active' THEN c.count ELSE 0 END,
         CASE WHEN c.kind = 'exit' THEN c.count ELSE 0 END,
         CASE WHEN c.kind = 'active' THEN c.count ELSE 0 END,
         c.referrer_category, c.exit_reason, c.municipality_id, c.age_group, NULL,
         0, '', '', 0, 0, 0, 1
  FROM {counts} c
  WHERE c.intervention_id IN ({ids}) AND c.month >= %(start)s AND c.period_end <= %(end)s
){apart}, outs AS (
  SELECT insats, support, state, gender, age, SUM(out_n) AS n, SUM(followed * out_n) AS f,
         SUM(fu_ws * out_n) AS w
  FROM rows WHERE out_n > 0 GROUP BY insats, support, state, gender, age
)
SELECT CASE WHEN counted = 1 THEN 'insats' ELSE '-' END, insats, gender, {referrer},
       {reason}, NULL, NULL, SUM(new_n), SUM(active_n), SUM(exit_n), SUM(anonymous_n)
FROM {counting} GROUP BY counted, insats, gender, {referrer}, {reason}
UNION ALL
SELECT CASE WHEN counted = 1 THEN 'kommun' ELSE '-' END, NULL, '', {referrer}, {reason},
       m.name, NULL, SUM(new_n), SUM(active_n), SUM(exit_n), 0
FROM {counting} LEFT JOIN {member} m ON m.id = {counting}.kommun
GROUP BY counted, {referrer}, {reason}, m.name
UNION ALL
SELECT CASE WHEN counted = 1 THEN 'age' ELSE '-' END, NULL, gender, '', '', NULL, age,
       SUM(new_n), 0, 0, 0
FROM {counting} WHERE new_n > 0 GROUP BY counted, gender, age
UNION ALL
SELECT 'unique', insats, '', '', '', NULL, NULL, COUNT(DISTINCT person), 0, 0, 0
FROM rows WHERE counted = 1 AND person IS NOT NULL GROUP BY insats
UNION ALL
SELECT 'unique', NULL, '', '', '', NULL, NULL, COUNT(DISTINCT person), 0, 0, 0
FROM rows WHERE counted = 1 AND person IS NOT NULL
UNION ALL
SELECT 'tr', insats, support, state, '', NULL, NULL, {total}
FROM outs GROUP BY insats, support, state
UNION ALL
SELECT 'g', insats, gender, state, '', NULL, NULL, {total}
FROM outs GROUP BY insats, gender, state
UNION ALL
SELECT 'a', insats, age, state, '', NULL, NULL, {total}
FROM outs GROUP BY insats, age, state
UNION ALL
SELECT 'd', insats, '', '', '', NULL, NULL, SUM(out_n), 0, 0, days
FROM rows WHERE out_n > 0 GROUP BY insats, days
UNION ALL
SELECT 'held', insats, src, '', '', NULL, NULL, MAX(counted), 0, 0, 0
FROM rows GROUP BY insats, src
"""  # noqa: S608


def _groups(ids: Sequence[int], period: Period, summed: bool = False) -> list[tuple[Any, ...]]:
    params: dict[str, Any] = {"start": period.start, "end": period.end,
                              "last_year": period.end.year,
                              **{f"i{n}": pk for n, pk in enumerate(ids)}}
    with connection.cursor() as cursor:
        cursor.execute(_groups_sql(len(ids), summed), params)
        return list(cursor.fetchall())


OUTCOME_WAYS = frozenset({"tr", "g", "a", "d"})


def compute(interventions: Sequence[tuple[int, str]], period: Period) -> PeriodFigures:
    """The figures of the insatser given (pk, slug) for the period, counted by the database:
    for a period of whole months with the counts from month_summary, otherwise from the rows
    alone (compute_from_rows)."""
    return _computed(interventions, period, month_summary.whole_months(period))


def compute_from_rows(interventions: Sequence[tuple[int, str]], period: Period
                      ) -> PeriodFigures:
    """compute's figures with every count grouped from the rows, whatever the period."""
    return _computed(interventions, period, False)


def _summed(marks: month_summary.Marks, slug_of: dict[int, str], period: Period
            ) -> dict[str, list[metrics.Record]]:
    """month_summary's counts as records of the shapes the statement's groups give."""
    def record(kind: str, n: int, **labels: str) -> metrics.Record:
        return metrics.Record(start=None, end=None, count=n, counts_as_active=False,
                              counted=kind, counted_period=period, **labels)

    def coded(kind: str, code: str) -> dict[str, str]:
        return {"referrer": code if kind == "new" else "",
                "exit_reason": code if kind == "exit" else ""}

    return {
        "insats": [record(kind, n, intervention=slug_of[insats], gender=gender,
                          **coded(kind, code))
                   for (insats, gender, kind, code), n in marks.insats.items() if n],
        "kommun": [record(kind, n, intervention=ALL, gender="", municipality=place,
                          **coded(kind, code))
                   for (place, kind, code), n in marks.kommun.items() if n],
        "age": [record("new", n, intervention=ALL, gender=gender, age_group=age)
                for (gender, age), n in marks.age.items() if n],
    }


def _computed(interventions: Sequence[tuple[int, str]], period: Period, summed: bool
              ) -> PeriodFigures:
    slug_of = dict(interventions)
    ids = sorted(slug_of)
    if not ids:
        return PeriodFigures(period=period, per={ALL: metrics.figures([], period)}, records=[],
                             kommun_records=[], age_records=[])
    found: dict[str, list[metrics.Record]] = {"insats": [], "kommun": [], "age": []}
    anonymous_active: dict[str, int] = defaultdict(int)
    unique_per: dict[int, int] = {}
    unique_total = 0
    exits: list[tuple[Any, ...]] = []
    codes: dict[Any, Any] = {}
    code = codes.setdefault
    sources: dict[int, dict[str, int]] = defaultdict(dict)
    if summed:
        marks = month_summary.read(ids, period)
        found = _summed(marks, slug_of, period)
        for insats, n in marks.anonymous.items():
            anonymous_active[slug_of[insats]] += n
    for way, insats, gender, referrer, reason, place, age, *counts, anonymous in _groups(
            ids, period, summed):
        if way == "-":  # groups of rows that count only for the outcomes
            continue
        if way in OUTCOME_WAYS:  # folded by outcome_queries when the outcomes are asked for
            # Each code as one object, so that the figures' pickle names it once: as Decimals
            # (_groups_sql casts the sums now) with each code written out, the 900 groups of
            # the largest förbund were 48 of the figures' 59 kB and most of the time to
            # pickle them after a participation (docs/benchmarks.md round 31).
            exits.append((code(way, way), slug_of[insats], code(gender, gender),
                          code(referrer, referrer), anonymous, *counts))
            continue
        if way == "held":
            sources[insats][gender] = int(counts[0] or 0)
            continue
        if way == "unique":
            if insats is None:
                unique_total = int(counts[0] or 0)
            else:
                unique_per[insats] = int(counts[0] or 0)
            continue
        slug = slug_of[insats] if insats is not None else ALL
        counted = [(kind, int(n or 0)) for kind, n in zip(KINDS, counts, strict=True)]
        # A group of zeros (a count of 0) still shows its insats, as a record of nothing.
        for kind, n in [(k, n) for k, n in counted if n] or [("", 0)]:
            found[way].append(metrics.Record(
                intervention=slug, gender=gender, start=None, end=None,
                exit_reason=reason or "", referrer=referrer or "", municipality=place or "",
                age_group=age or "", count=n, counts_as_active=False,
                counted=kind, counted_period=period if kind else None,
            ))
        if way == "insats":  # reduced and aggregate counts: each active one is a person
            anonymous_active[slug] += int(anonymous or 0)
    records = found["insats"]
    by_slug: dict[str, list[metrics.Record]] = defaultdict(list)
    for r in records:
        by_slug[r.intervention].append(r)
    per = {}
    for insats, slug in slug_of.items():
        if slug in by_slug:
            per[slug] = dataclasses.replace(
                metrics.figures(by_slug[slug], period),
                unique_participants=unique_per.get(insats, 0) + anonymous_active[slug])
    per[ALL] = dataclasses.replace(
        metrics.figures(records, period),
        unique_participants=unique_total + sum(anonymous_active.values()))
    held = frozenset(slug_of[i] for i, src in sources.items() if "p" in src or "r" in src)
    return PeriodFigures(period=period, per=per, records=records,
                         kommun_records=found["kommun"], age_records=found["age"],
                         not_given=not_given(slug_of, sources), exits=exits, held=held)


def not_given(slug_of: dict[int, str], sources: dict[int, dict[str, int]]
              ) -> dict[str, list[str]]:
    """The insatser kept as counts only in the period that lack a kind of count, by kind.

    `sources`: per insats, what the period's rows hold ("p" participations, "r" reduced ones,
    "c" and a kind: counts of the period), each with 1 where a row of it counts in the period.
    """
    held = {i: {src[1:] for src in found if src.startswith("c")}
            for i, found in sources.items()}
    with_records = {i for i, found in sources.items() if found.get("p") or found.get("r")}
    found = {kind: sorted(slug_of[i] for i, kinds in held.items()
                          if kinds and i not in with_records and kind not in kinds)
             for kind in KINDS}
    return {kind: slugs for kind, slugs in found.items() if slugs}


# The records version and the caches


def records_changed(association: Association | int) -> None:
    """Every cached figure of the förbund is stale: call after any write to its records.

    The records version is the records part of the förbund's data version
    (associations/versions.py): it and the whole version move in one statement, and the
    pages showing the figures are stale too."""
    pk = association if isinstance(association, int) else association.pk
    versions.changed(pk, ["records"])
    memo = _document.get()
    if memo is not None:
        memo.pop(("records", pk), None)


def intervention_changed(intervention_id: int) -> None:
    """records_changed for the förbund of an insats, in one statement."""
    owner = Intervention.objects.filter(pk=intervention_id).values("association_id")[:1]
    versions.changed_where(Subquery(owner), ["records"])
    memo = _document.get()
    if memo is not None:
        for key in [k for k in memo if isinstance(k, tuple) and k[0] == "records"]:
            del memo[key]


def records_version(association: Association | int) -> str:
    """The token the förbund's figures are kept under: the records part of its data version,
    read with the whole version and the other parts in one statement, once per request.

    It moves with every write to the records and with every write that names no part (which
    may change anything), never with a write naming only another part (a budget line)."""
    pk = association if isinstance(association, int) else association.pk
    # Within a report or a document, read once even outside a request (a command, a job).
    memo = _document.get()
    if memo is not None and ("records", pk) in memo:
        token: str = memo[("records", pk)]
        return token
    token = versions.part_tokens(association)["records"]
    if memo is not None:
        memo[("records", pk)] = token
    return token


# Period figures by key, and the records version by ("records", förbund).
_document: ContextVar[dict[Any, Any] | None] = ContextVar("participant_figures", default=None)


@contextlib.contextmanager
def one_document() -> Iterator[None]:
    """Within it, each period's figures are computed (or read from the cache) once, and the
    records version read once."""
    token = _document.set({})
    try:
        yield
    finally:
        _document.reset(token)


@contextlib.contextmanager
def one_report() -> Iterator[None]:
    """one_document() for a report built on its own; within a document, the document's."""
    if _document.get() is not None:
        yield
        return
    with one_document():
        yield


def figures_for(scope: Any, period: Period,
                interventions: Sequence[tuple[int, str]] | None = None) -> PeriodFigures:
    """The figures of the scope's insatser (samsyn.associations.access.Scope) for a period.
    `interventions`: the scope's insatser as (pk, slug) where the caller has read them."""
    association = scope.association
    ids = (None if scope.intervention_ids is None
           else tuple(sorted(scope.intervention_ids)))
    memo = _document.get()
    memo_key = (association.pk, ids, period)
    if memo is not None and memo_key in memo:
        found: PeriodFigures = memo[memo_key]
        return found
    if interventions is None:
        interventions = list(scope.interventions().order_by("pk").values_list("pk", "slug"))
    found = figures_of(association.pk, sorted(interventions), period)
    if memo is not None:
        memo[memo_key] = found
    return found


def figures_of(association_id: int, interventions: Sequence[tuple[int, str]],
               period: Period) -> PeriodFigures:
    """The figures of the förbund's insatser given (pk, slug, in pk order) for a period."""
    interventions = [(pk, slug) for pk, slug in interventions]
    # The insatser's slugs are in the key: a renamed slug is a new set of figures.
    what = hashlib.sha256(repr((interventions, period)).encode()).hexdigest()[:32]
    memo = _document.get()
    if memo is not None and what in memo:
        kept: PeriodFigures = memo[what]
        return kept
    cache_key = (f"samsyn-participant-figures:{FIGURES_REVISION}:{association_id}:"
                 f"{records_version(association_id)}:{what}")
    found = _recent.get(cache_key)
    # Kept here only while the cache keeps it too (a cleared cache is cold in every process).
    if found is None or not cache.has_key(cache_key):
        found = cache.get(cache_key)
    if found is None:
        found = compute(interventions, period)
        cache.set(cache_key, found, CACHE_SECONDS)
    _remember(cache_key, found)
    if memo is not None:
        memo[what] = found
    return found


# The last figures this process read, by cache key: a report asks for its period's figures
# for the counts, the outcomes and which insatser are held, and a key holds the records
# version read just before, so a kept entry is never stale; it saves unpickling them again.
_recent: dict[str, PeriodFigures] = {}
RECENT = 16


def _remember(key: str, found: PeriodFigures) -> None:
    _recent.pop(key, None)
    _recent[key] = found
    while len(_recent) > RECENT:
        _recent.pop(next(iter(_recent)), None)


def new_per_year(scope: Any, years: Sequence[int]) -> dict[int, int]:
    """How many were new in each of the years, as each year's figures count them (`compute`):
    participations and reduced ones that started in the year, and counts of new whose period
    lies within it. One statement for all the years: a document's five-year inflow, unpublished,
    needs this figure alone, not five years' reports."""
    return {y: sum(found.values()) for y, found in new_per_intervention(scope, years).items()}


def new_per_intervention(scope: Any, years: Sequence[int]) -> dict[int, dict[int, int]]:
    """new_per_year by insats (its pk; an insats with none new is left out), kept until the
    records change: the annual report's year before asks for the same years as its inflow
    chart, and both take one answer."""
    ids = sorted(pk for pk, _slug, _name in kept.insats_rows(scope))
    if not ids or not years:
        return {y: {} for y in years}
    what = hashlib.sha256(repr((ids, sorted(years))).encode()).hexdigest()[:32]
    key = (f"samsyn-new-per-intervention:{scope.association.pk}:"
           f"{records_version(scope.association)}:{what}")
    cached: dict[int, dict[int, int]] | None = cache.get(key)
    if cached is not None:
        return cached
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    marks = ", ".join(["%s"] * len(ids))
    sql = f"""
SELECT y, i, SUM(n) FROM (
  SELECT {_year_of("p.start_date")} AS y, p.intervention_id AS i, COUNT(*) AS n
  FROM {Participation._meta.db_table} p
  WHERE p.intervention_id IN ({marks}) AND p.start_date >= %s AND p.start_date <= %s
  GROUP BY 1, 2
  UNION ALL
  SELECT {_year_of("r.start_date")}, r.intervention_id, SUM(r.count)
  FROM {ReducedParticipation._meta.db_table} r
  WHERE r.intervention_id IN ({marks}) AND r.start_date >= %s AND r.start_date <= %s
  GROUP BY 1, 2
  UNION ALL
  SELECT {_year_of("c.month")}, c.intervention_id, SUM(c.count)
  FROM {MonthlyCount._meta.db_table} c
  WHERE c.intervention_id IN ({marks}) AND c.kind = 'new' AND c.month >= %s
    AND c.period_end <= %s AND {_year_of("c.month")} = {_year_of("c.period_end")}
  GROUP BY 1, 2
) AS started GROUP BY y, i
"""  # noqa: S608 - table names are the models' own, the rest placeholders
    counted: dict[int, dict[int, int]] = {y: {} for y in years}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*ids, first, last] * 3)
        for y, pk, n in cursor.fetchall():
            if int(y) in counted and n:
                counted[int(y)][int(pk)] = int(n)
    cache.set(key, counted, CACHE_SECONDS)
    return counted


def first_year(association: Association) -> int | None:
    """The first year the förbund's register holds anything of (a participation, a reduced
    one or a count); None when it holds nothing. Kept until the records change: a document
    asks in several sections. One statement, not the year menu's steps through every year
    (start_years) and one more each for the reduced rows and the counts."""
    key = f"samsyn-first-year:{association.pk}:{records_version(association)}"
    # In a tuple: None is an answer (an empty register), not a miss.
    kept: tuple[int | None] | None = cache.get(key)
    if kept is not None:
        return kept[0]
    # One statement: each insats's first start by the (insats, start date) index, as
    # start_years steps, and the first reduced row and count.
    participation, intervention = Participation._meta.db_table, Intervention._meta.db_table
    reduced, monthly = ReducedParticipation._meta.db_table, MonthlyCount._meta.db_table
    sql = f"""
SELECT MIN(d) FROM (
  SELECT MIN((SELECT p.start_date FROM {participation} p WHERE p.intervention_id = i.id
              ORDER BY p.start_date LIMIT 1)) AS d
  FROM {intervention} i WHERE i.association_id = %s
  UNION ALL
  SELECT MIN(r.start_date) FROM {reduced} r JOIN {intervention} i ON i.id = r.intervention_id
  WHERE i.association_id = %s
  UNION ALL
  SELECT MIN(c.month) FROM {monthly} c JOIN {intervention} i ON i.id = c.intervention_id
  WHERE i.association_id = %s
) AS firsts
"""  # noqa: S608 - table names are the models' own, the förbund a placeholder
    with connection.cursor() as cursor:
        cursor.execute(sql, [association.pk] * 3)
        row = cursor.fetchone()
    day = None if row is None else row[0]
    found = (None if day is None
             else day.year if isinstance(day, dt.date) else int(str(day)[:4]))
    cache.set(key, (found,), CACHE_SECONDS)
    return found


def start_years(association: Association) -> set[int]:
    """The years in which a participation of the förbund started.

    Found by stepping through the (insats, start date) index a year at a time rather than by
    reading the förbund's whole register, which a page asking for its year menu would
    otherwise pay on every request: from each year found, each insats's first start in a
    later year (an index probe per insats), the earliest of them. One recursive statement
    makes every step (under a millisecond of the database's for the largest generated
    förbund), where a statement a year made the menu ten round trips. Kept until the records
    change.
    """
    key = f"samsyn-start-years:{association.pk}:{records_version(association)}"
    found: set[int] | None = cache.get(key)
    if found is None:
        with connection.cursor() as cursor:
            cursor.execute(_start_years_sql(), [association.pk, association.pk])
            found = {day.year if isinstance(day, dt.date) else int(str(day)[:4])
                     for (day,) in cursor.fetchall()}
        cache.set(key, found, CACHE_SECONDS)
    return found


def _start_years_sql() -> str:
    participation = Participation._meta.db_table
    intervention = Intervention._meta.db_table
    if connection.vendor == "postgresql":
        following = "make_date(CAST(EXTRACT(YEAR FROM found.d) AS INTEGER) + 1, 1, 1)"
    else:
        following = "date(found.d, 'start of year', '+1 year')"

    def first(after: str) -> str:
        return (f"SELECT MIN((SELECT p.start_date FROM {participation} p "  # noqa: S608
                f"WHERE p.intervention_id = i.id{after} ORDER BY p.start_date LIMIT 1)) "
                f"FROM {intervention} i WHERE i.association_id = %s")

    # Table names are the models' own, the förbund a placeholder: nothing comes from input.
    return f"""
WITH RECURSIVE found(d) AS (
  SELECT ({first("")})
  UNION ALL
  SELECT ({first(f" AND p.start_date >= {following}")}) FROM found WHERE found.d IS NOT NULL
)
SELECT d FROM found WHERE d IS NOT NULL
"""  # noqa: S608


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31))


def stated_totals(association: Association, period: Period) -> dict[str, int]:
    """The förbund's own totals for exactly this period (StatedFigure), by measure."""
    # Unordered: one figure a measure (stated_figure_unique), and the model's order by group
    # joined the groups' table for nothing.
    return dict(StatedFigure.objects.filter(
        association=association, period_start=period.start, period_end=period.end, gender="",
        group=None).order_by().values_list("measure", "value"))


def stated_by_gender(association: Association, period: Period) -> dict[str, dict[str, int]]:
    """The förbund's own figures of the period by gender: measure → gender → value."""
    found: dict[str, dict[str, int]] = {}
    for measure, gender, value in (StatedFigure.objects.filter(
            association=association, period_start=period.start, period_end=period.end,
            group=None).exclude(gender="").order_by("measure", "gender")
            .values_list("measure", "gender", "value")):
        found.setdefault(measure, {})[gender] = value
    order = {g: i for i, g in enumerate(metrics.GENDERS)}
    return {m: dict(sorted(v.items(), key=lambda gv: order.get(gv[0], 9)))
            for m, v in found.items()}


def record_years(association: Association) -> set[int]:
    """The year menu's years of the register: `start_years` and `count_years` together, in
    one statement, kept until the records change (the first view after a records change
    asks the database once for them, not twice)."""
    key = f"samsyn-record-years:{association.pk}:{records_version(association)}"
    found: set[int] | None = cache.get(key)
    if found is None:
        monthly, intervention = MonthlyCount._meta.db_table, Intervention._meta.db_table
        first_of_year = ("CAST(DATE_TRUNC('year', m.month) AS DATE)"
                         if connection.vendor == "postgresql" else "date(m.month, 'start of year')")
        # Table names are the models' own, the förbund a placeholder.
        sql = (f"{_start_years_sql()} UNION SELECT {first_of_year} FROM {monthly} m "  # noqa: S608
               f"JOIN {intervention} i ON i.id = m.intervention_id WHERE i.association_id = %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [association.pk] * 3)
            found = {day.year if isinstance(day, dt.date) else int(str(day)[:4])
                     for (day,) in cursor.fetchall()}
        cache.set(key, found, CACHE_SECONDS)
    return found


def count_years(association: Association) -> list[int]:
    """The years of the förbund's monthly counts (insatser that report counts, not records)."""
    return [d.year for d in MonthlyCount.objects.filter(intervention__association=association)
            .dates("month", "year")]


def only_longer_counts(scope: Any, period: Period) -> bool:
    """The period's insatser hold nothing of it but counts of longer periods (a year's counts
    for a half-year): its figures are then not known, not 0."""
    ids = scope.interventions().values("pk")
    start, end = period.start, period.end
    if Participation.objects.filter(intervention__in=ids, start_date__lte=end).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=start)).exists():
        return False
    if ReducedParticipation.objects.filter(intervention__in=ids, start_date__lte=end,
                                           end_date__gte=start).exists():
        return False
    counts = MonthlyCount.objects.filter(intervention__in=ids, month__lte=end,
                                         period_end__gte=start)
    return (counts.exists()
            and not counts.filter(month__gte=start, period_end__lte=end).exists())
