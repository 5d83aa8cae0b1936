"""Figures kept current on write: starts and ends per insats and day (ParticipationSummary).

The participants report counts the period's rows (queries.py), which after every change to the
förbund's records costs the one statement and the Python that folds its groups. A page that
shows only new, active and finished per insats (the participants page) reads this summary
instead: a row per (insats, day, kind, source, gender, category) holding how many
participations or reduced ones started ("new", with the referrer) or ended ("exit", with the
exit reason) that day. The database keeps it in the write's own transaction by triggers on the
two tables, so no writer (form, import, retention, wastebasket, a bulk `update()`, a COPY) can
forget it; `rebuild` makes it again from the rows (`manage.py rebuild_summary`). The marks
of rows removed are taken off the summary rows holding them, never inserted, so a summary
emptied under the rows (a flush) stays empty.

For a period S..E, as queries.compute counts them:
- new: the starts in S..E;
- finished: the ends in S..E;
- active (any day in S..E): the starts up to E less the ends before S, since a row that ended
  before S started before it too (every writer refuses an end before the start:
  Participation.clean, participation_file). Open rows have no end and are never taken off.
Counts kept as counts (MonthlyCount) are already figures: they are read from their own table,
a count of the period's months summed by kind, as queries.compute sums them.

`figures(ids, period)` gives each insats's `metrics.Figures` the same way: new, active and
finished by gender, the new by referrer, the finished by exit reason and so the shares to work
or studies and of step progression (what the goals of the insatser are measured by), with the
insatser the period's records touch, as the report shows them. The start page reads its tiles
and goals from it.

What the summary cannot give, and the report still counts from the rows: unique participants
(a person is in several rows), the kommun and age tables and the outcome figures (their
categories are not in the key), and the published figures (suppressed together with the rest
of the report). For a period of whole months the report takes its counts by insats, kommun
and age from month_summary.py instead, which is kept the same way.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from samsyn.participants import metrics
from samsyn.participants.metrics import WORK_OR_STUDIES, Figures, Period
from samsyn.participants.models import (
    MonthlyCount,
    Participation,
    ParticipationSummary,
    ReducedParticipation,
)

SUMMARY = ParticipationSummary._meta.db_table
KEY = "intervention_id, day, kind, source, gender, code"
# (table, source, what one row counts as)
SOURCES = ((Participation._meta.db_table, "p", "1"),
           (ReducedParticipation._meta.db_table, "r", "count"))

# SQLite's row triggers make ten upserts for each participation inserted (two here, eight in
# month_summary.py): an import of 100 000 rows spent three times round 5's INSERT on them
# (docs/benchmarks.md, rounds 25 and 28). While this table holds a row, the participations'
# INSERT triggers of both summaries do nothing, and the writer adds the new rows' marks itself
# in one grouped upsert each, in the same transaction (bulk.py). SQLite has no switch for one
# table's triggers, and a trigger may read no TEMP table, hence a table of the database's own,
# empty outside that transaction. Not a model: the triggers' SQL owns it, as the triggers.
DEFERRED = "participants_inserts_deferred"
CREATE_DEFERRED = f"CREATE TABLE IF NOT EXISTS {DEFERRED} (id INTEGER PRIMARY KEY)"


def deferred_when(table: str, event: str, deferred: bool) -> str:
    """The condition of a SQLite row trigger: a participation's INSERT while a bulk writer
    has deferred the marks to its own upsert is left to it. (`deferred` False: the
    triggers as they were before, for the migration's way back.)"""
    if not deferred or table != Participation._meta.db_table or event != "INSERT":
        return ""
    return f"WHEN NOT EXISTS (SELECT 1 FROM {DEFERRED}) "  # noqa: S608 - own names


@dataclass(frozen=True)
class Tile:
    new: int = 0
    active: int = 0
    exited: int = 0
    work_or_studies: int = 0


def _marks(rows: str, source: str, weight: str, sign: str) -> str:
    """The summary rows of `rows` (a table, or a trigger's changed rows), grouped: a start,
    and an end where there is one."""
    # Names and codes are this module's own: nothing comes from input.
    return (f"SELECT intervention_id, start_date, 'new', '{source}', gender, "  # noqa: S608
            f"referrer_category, {sign}CAST(SUM({weight}) AS INTEGER) FROM {rows} "
            f"GROUP BY intervention_id, start_date, gender, referrer_category "
            f"UNION ALL "
            f"SELECT intervention_id, end_date, 'exit', '{source}', gender, exit_reason, "
            f"{sign}CAST(SUM({weight}) AS INTEGER) FROM {rows} WHERE end_date IS NOT NULL "
            f"GROUP BY intervention_id, end_date, gender, exit_reason")


def _upsert(select: str) -> str:
    return (f"INSERT INTO {SUMMARY} ({KEY}, count) {select} "
            f"ON CONFLICT ({KEY}) DO UPDATE SET count = {SUMMARY}.count + excluded.count")


def _take_off(select: str) -> str:
    """The marks of rows going taken off the summary rows holding them, never inserted, as
    month_summary's: a summary emptied under the rows (SQLite's flush empties the tables one
    by one in no set order) stays empty instead of keeping negative rows."""
    matched = " AND ".join(f"s.{name} = g.{name}" for name in KEY.split(", "))
    return (f"UPDATE {SUMMARY} AS s SET count = s.count + g.n "  # noqa: S608 - own names
            f"FROM ({select}) AS g ({KEY}, n) WHERE {matched}")


def _sqlite_trigger(table: str, source: str, weight: str, event: str, deferred: bool) -> str:
    """A row trigger: SQLite has no statement triggers. (An upsert's SELECT needs a WHERE
    in a trigger, for the parser, hence WHERE 1.)"""
    parts = []
    for row, sign in (("OLD", "-"), ("NEW", "")):
        if (event == "INSERT" and row == "OLD") or (event == "DELETE" and row == "NEW"):
            continue
        w = f"{row}.{weight}" if weight != "1" else "1"
        if row == "OLD":  # as _take_off
            parts += [
                f"UPDATE {SUMMARY} SET count = count - {w} "  # noqa: S608 - own names
                f"WHERE intervention_id = OLD.intervention_id AND day = OLD.{day} "
                f"AND kind = '{kind}' AND source = '{source}' AND gender = OLD.gender "
                f"AND code = OLD.{code}{extra}"
                for day, kind, code, extra in (
                    ("start_date", "new", "referrer_category", ""),
                    ("end_date", "exit", "exit_reason", " AND OLD.end_date IS NOT NULL"))]
            continue
        parts.append(_upsert(
            f"SELECT {row}.intervention_id, {row}.start_date, 'new', '{source}', {row}.gender, "
            f"{row}.referrer_category, {sign}{w} WHERE 1"))
        parts.append(_upsert(
            f"SELECT {row}.intervention_id, {row}.end_date, 'exit', '{source}', {row}.gender, "
            f"{row}.exit_reason, {sign}{w} WHERE {row}.end_date IS NOT NULL"))
    body = ";\n  ".join(parts)
    return (f"CREATE TRIGGER {table}_summary_{event.lower()} AFTER {event} ON {table} "
            f"FOR EACH ROW {deferred_when(table, event, deferred)}BEGIN\n  {body};\nEND")


def _postgresql_function(table: str, source: str, weight: str) -> str:
    old = _take_off(_marks("old_rows", source, weight, "-"))
    new = _upsert(_marks("new_rows", source, weight, ""))
    return f"""
CREATE OR REPLACE FUNCTION {table}_summary() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    {old};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    {new};
  END IF;
  RETURN NULL;
END $$"""


def install_sql(vendor: str, deferred: bool = True) -> list[str]:
    """The statements that make the database keep the summary (after drop_sql's)."""
    found = [CREATE_DEFERRED] if deferred and vendor != "postgresql" else []
    for table, source, weight in SOURCES:
        if vendor == "postgresql":
            # Statement triggers with the changed rows as tables: an import or a COPY of
            # thousands of rows adds its grouped counts once, not row by row. PostgreSQL
            # allows transition tables on a trigger of one event only, hence three.
            found.append(_postgresql_function(table, source, weight))
            for event, refs in (("INSERT", "NEW TABLE AS new_rows"),
                                ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                ("DELETE", "OLD TABLE AS old_rows")):
                found.append(
                    f"CREATE TRIGGER {table}_summary_{event.lower()} AFTER {event} ON {table} "
                    f"REFERENCING {refs} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {table}_summary()")
        else:
            found.extend(_sqlite_trigger(table, source, weight, event, deferred)
                         for event in ("INSERT", "UPDATE", "DELETE"))
    return found


def drop_sql(vendor: str) -> list[str]:
    found = []
    for table, _source, _weight in SOURCES:
        for event in ("insert", "update", "delete"):
            on = f" ON {table}" if vendor == "postgresql" else ""
            found.append(f"DROP TRIGGER IF EXISTS {table}_summary_{event}{on}")
        if vendor == "postgresql":
            found.append(f"DROP FUNCTION IF EXISTS {table}_summary()")
    return found


def install(db: BaseDatabaseWrapper) -> None:
    with db.cursor() as cursor:
        for statement in (*drop_sql(db.vendor), *install_sql(db.vendor)):
            cursor.execute(statement)


def uninstall(db: BaseDatabaseWrapper) -> None:
    with db.cursor() as cursor:
        for statement in drop_sql(db.vendor):
            cursor.execute(statement)


def add_participations(cursor: CursorWrapper, rows: str) -> None:
    """Add the marks of participations just inserted while the triggers were deferred:
    `rows`, a subquery of them (bulk.py)."""
    cursor.execute(_upsert(_marks(rows, "p", "1", "")))


def rebuild(db: BaseDatabaseWrapper = connection) -> int:
    """Make the summary again from the rows (and the triggers with it); the number of rows.

    For an installation upgrading, or one whose summary is in doubt. The two tables are
    locked against writes meanwhile on PostgreSQL, so no write falls between the count and
    the triggers."""
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        if db.vendor == "postgresql":
            tables = ", ".join(table for table, _s, _w in SOURCES)
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        install(db)
        cursor.execute(f"DELETE FROM {SUMMARY}")  # noqa: S608 - the model's own table
        for table, source, weight in SOURCES:
            cursor.execute(f"INSERT INTO {SUMMARY} ({KEY}, count) "
                           + _marks(table, source, weight, ""))
        cursor.execute(f"SELECT COUNT(*) FROM {SUMMARY}")  # noqa: S608
        return int(cursor.fetchone()[0])


def tiles(ids: Iterable[int], period: Period) -> dict[int, Tile]:
    """New, active, finished and finished to work or studies per insats (by pk) in the
    period: the figures queries.compute gives for them, from the summary and the counts.
    An insats the summary and the counts know nothing of is left out (its figures are 0)."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    work = ", ".join(f"'{code}'" for code in sorted(WORK_OR_STUDIES))
    start, end = period.start, period.end
    sql = f"""
SELECT intervention_id,
       SUM(CASE WHEN kind = 'new' AND day >= %s THEN count ELSE 0 END),
       SUM(CASE WHEN kind = 'new' THEN count WHEN day < %s THEN -count ELSE 0 END),
       SUM(CASE WHEN kind = 'exit' AND day >= %s THEN count ELSE 0 END),
       SUM(CASE WHEN kind = 'exit' AND day >= %s AND code IN ({work}) THEN count ELSE 0 END)
FROM {SUMMARY} WHERE intervention_id IN ({marks}) AND day <= %s
GROUP BY intervention_id
"""  # noqa: S608 - the model's own table; the codes are the code list's
    found: dict[int, Tile] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [start, start, start, start, *ids, end])
        for insats, new, active, exited, work_n in cursor.fetchall():
            found[insats] = Tile(int(new or 0), int(active or 0), int(exited or 0),
                                 int(work_n or 0))
    counts = (MonthlyCount.objects.filter(intervention_id__in=ids, month__gte=start,
                                          period_end__lte=end)
              .values_list("intervention_id", "kind", "exit_reason", "count"))
    added: dict[int, dict[str, int]] = {}
    for insats, kind, reason, n in counts:
        got = added.setdefault(insats, {"new": 0, "active": 0, "exit": 0, "work": 0})
        got[kind] += n
        if kind == "exit" and reason in WORK_OR_STUDIES:
            got["work"] += n
    for insats, got in added.items():
        was = found.get(insats, Tile())
        found[insats] = Tile(was.new + got["new"], was.active + got["active"],
                             was.exited + got["exit"], was.work_or_studies + got["work"])
    return found


def as_rows(found: dict[int, Tile], ids: Sequence[int]) -> list[Tile]:
    return [found.get(i, Tile()) for i in ids]


@dataclass(frozen=True)
class Counted:
    """Each insats's figures (by pk) and the scope's together; `held`: the insatser with a
    record touching the period (a participation or reduced one active in it, or a count of a
    period within it), the rows the report shows. Unique participants are not known (None)."""

    per: dict[int, Figures]
    total: Figures
    held: frozenset[int]


def figures(ids: Iterable[int], period: Period) -> Counted:
    """The figures queries.compute gives for the insatser, but unique participants, from the
    summary and the counts: one statement over the summary, one over the counts.

    Each group of the summary becomes records as compute's groups do (metrics.Record counted
    as new, active or exited in the period), so metrics.figures folds them as it folds
    compute's: a start in the period is new with its referrer, an end in it finished with its
    reason, and every start up to the period's end is active less every end before its
    start."""
    ids = sorted(set(ids))
    records: dict[int, list[metrics.Record]] = {i: [] for i in ids}
    held: set[int] = set()
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        sql = f"""
SELECT intervention_id, gender, kind, code,
       SUM(CASE WHEN day >= %s THEN count ELSE 0 END),
       SUM(CASE WHEN kind = 'new' THEN count WHEN day < %s THEN -count ELSE 0 END)
FROM {SUMMARY} WHERE intervention_id IN ({marks}) AND day <= %s
GROUP BY intervention_id, gender, kind, code
"""  # noqa: S608 - the model's own table, the rest placeholders
        active: dict[int, int] = {}
        with connection.cursor() as cursor:
            cursor.execute(sql, [period.start, period.start, *ids, period.end])
            rows = cursor.fetchall()
        for insats, gender, kind, code, within, on in rows:
            within, on = int(within or 0), int(on or 0)
            active[insats] = active.get(insats, 0) + on
            counted = "new" if kind == "new" else "exit"
            records[insats] += [
                metrics.Record(intervention=str(insats), gender=gender, start=None, end=None,
                               referrer=code if kind == "new" else "",
                               exit_reason=code if kind == "exit" else "", count=within,
                               counts_as_active=False, counted=counted,
                               counted_period=period),
                metrics.Record(intervention=str(insats), gender=gender, start=None, end=None,
                               count=on, counts_as_active=False, counted="active",
                               counted_period=period)]
        # A record active in the period is one counted as active: the sum is their number.
        held = {insats for insats, n in active.items() if n > 0}
        counts = (MonthlyCount.objects.filter(intervention_id__in=ids, month__gte=period.start,
                                              period_end__lte=period.end)
                  .values_list("intervention_id", "kind", "gender", "referrer_category",
                               "exit_reason", "count"))
        for insats, kind, gender, referrer, reason, n in counts:
            held.add(insats)
            records[insats].append(metrics.Record(
                intervention=str(insats), gender=gender, start=None, end=None,
                referrer=referrer if kind == "new" else "",
                exit_reason=reason if kind == "exit" else "", count=n,
                counts_as_active=False, counted=kind, counted_period=period))
    # metrics.figures would count each record as a person; the summary knows no people.
    per = {i: replace(metrics.figures(records[i], period), unique_participants=None)
           for i in ids}
    every = [r for i in ids for r in records[i]]
    return Counted(per=per,
                   total=replace(metrics.figures(every, period), unique_participants=None),
                   held=frozenset(held))

