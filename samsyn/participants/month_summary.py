"""The report's counts kept current on write, by month and by year (ParticipationMonth).

The participants report's one statement over the period's rows (queries._groups_sql) spent
most of its time grouping, not reading (docs/benchmarks.md, round 11): ten groupings over
every row. For a period of whole months (every standard period: a year, a half-year, a
tertial, a month) this summary gives three of them without the rows: the counts per insats
and gender with the referrer of the new and the reason of the exited, the same per kommun,
and the new per age group and gender. The statement still reads the rows for what no sum can
give (distinct people) and for the outcome figures.

participants/summary.py keeps a mark per day, which serves any period but for a long history
is larger than the rows themselves (a day, gender and code is nearly one participation), and
"active" needs every mark before the period. Here a row is marked at the month and at the year
its start and its end fall in:
- "new" at the start, with the referrer, the kommun and the age group at the start;
- "exit" at the end, with the reason and the kommun;
- "net" +1 at the start and -1 at the end, with the kommun only: the rows open at the
  period's start are the net marks before it (the years before the period's year, then the
  months of its year before the period), so a year's report reads its year's marks and one
  net row per year, gender and kommun of the history.
For a period S..E of whole months, as queries.compute counts a row (new if it starts in it,
finished if it ends in it, active if it starts by E and does not end before S), these give the
same figures. A row whose end is recorded before its start is not marked: compute counts it
only when both fall in the period, which no sum of marks gives, so the statement counts such
rows itself.

The database keeps the table in the write's own transaction by triggers on participations and
reduced participations, as it keeps the daily summary, so no writer (form, import, retention,
wastebasket, `update()`, COPY) can leave it behind; `rebuild` makes it again from the rows.
A write adds its new rows' marks (an upsert) and takes the marks of the rows it removes off
the rows holding them, inserting nothing: a table emptied under the rows (SQLite's flush
empties the tables one by one in no set order) stays empty, instead of keeping a negative row
per mark for a later insats given the same id. A key's row stays when its count falls to 0,
in the rebuild too: a net key sums one row's +1 and another's -1, so 0 does not mean no row
marks it, and the next removal must find it.
Counts kept as counts (MonthlyCount) are not in it: the statement reads their few rows.
"""

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

from samsyn.associations.models import Member
from samsyn.participants import summary
from samsyn.participants.codes import AGE_GROUPS
from samsyn.participants.metrics import Period
from samsyn.participants.models import (
    Participation,
    ParticipationMonth,
    ReducedParticipation,
)

TABLE = ParticipationMonth._meta.db_table
KEY = "intervention_id, span, kind, month, source, gender, code, kommun, age"
# (table, source, what one row counts as, the row's age group at its start)
SOURCES = ((Participation._meta.db_table, "p", None, None),
           (ReducedParticipation._meta.db_table, "r", "count", "age_group"))


def whole_months(period: Period) -> bool:
    """Whether the summary can give the period's counts: it begins on a month's first day and
    ends on a month's last."""
    return period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1


def _trunc(vendor: str, unit: str, day: str) -> str:
    if vendor == "postgresql":
        return f"CAST(date_trunc('{unit}', {day}) AS DATE)"
    # SQLite keeps a date as its ISO text (Django writes it so): the month's or year's first
    # day is the text's beginning, as date(day, 'start of month') gives it, without parsing
    # the date for each of a row's eight marks (docs/benchmarks.md, round 25).
    if unit == "month":
        return f"substr({day}, 1, 7) || '-01'"
    return f"substr({day}, 1, 4) || '-01-01'"


def _years(vendor: str, col: Callable[[str], str]) -> str:
    """The age at the start: the start's year less the birth year, as queries.age_group_sql."""
    if vendor == "postgresql":
        year = f"CAST(EXTRACT(YEAR FROM {col('start_date')}) AS INTEGER)"
    else:
        year = f"CAST(substr({col('start_date')}, 1, 4) AS INTEGER)"
    return f"({year} - {col('birth_year')})"


def _age_group(age: str) -> str:
    """codes.age_group of an age."""
    whens = " ".join(f"WHEN {age} BETWEEN {low} AND {high} THEN '{label}'"
                     for label, low, high in AGE_GROUPS)
    return f"CASE {whens} ELSE 'other' END"


def _age(vendor: str, col: Callable[[str], str]) -> str:
    """codes.age_group of the start's year less the birth year, as queries.age_group_sql."""
    return _age_group(_years(vendor, col))


def _marks(vendor: str, col: Callable[[str], str], source: str, weight: str | None,
           age_column: str | None, sign: str) -> list[tuple[list[str], str]]:
    """Each mark of a row as (KEY's values and the count, the condition): both spans, new,
    exit and the net marks at the start and the end."""
    w = "1" if weight is None else col(weight)
    age = _age(vendor, col) if age_column is None else col(age_column)
    kommun = f"COALESCE({col('municipality_id')}, 0)"
    insats, gender = col("intervention_id"), col("gender")
    start, end = col("start_date"), col("end_date")
    formed = f"({end} IS NULL OR {end} >= {start})"
    ended = f"{end} IS NOT NULL AND {end} >= {start}"
    neg = "" if sign == "-" else "-"
    found = []
    for span, unit in (("m", "month"), ("y", "year")):
        on_start, on_end = _trunc(vendor, unit, start), _trunc(vendor, unit, end)
        found += [
            ([insats, f"'{span}'", "'new'", on_start, f"'{source}'", gender,
              col("referrer_category"), kommun, age, f"{sign}{w}"], formed),
            ([insats, f"'{span}'", "'exit'", on_end, f"'{source}'", gender,
              col("exit_reason"), kommun, "''", f"{sign}{w}"], ended),
            ([insats, f"'{span}'", "'net'", on_start, f"'{source}'", gender, "''", kommun,
              "''", f"{sign}{w}"], formed),
            ([insats, f"'{span}'", "'net'", on_end, f"'{source}'", gender, "''", kommun,
              "''", f"{neg}{w}"], ended),
        ]
    return found


NAMES = [*KEY.split(", "), "n"]


def _upsert(select: str) -> str:
    return (f"INSERT INTO {TABLE} ({KEY}, count) {select} "
            f"ON CONFLICT ({KEY}) DO UPDATE SET count = {TABLE}.count + excluded.count")


def _take_off(select: str) -> str:
    """The marks of rows going (a delete, or an update's old rows) taken off the rows that
    hold them, never inserted: a row's marks were added when it was written, so their rows are
    there, unless the table was emptied under the rows (a flush empties the tables one by one,
    in no set order, on SQLite), and then there is nothing to take off. An upsert here left a
    negative row behind for every mark, which a later insats given the same id met
    (docs/benchmarks.md, round 12)."""
    matched = " AND ".join(f"t.{name} = g.{name}" for name in KEY.split(", "))
    return (f"UPDATE {TABLE} AS t SET count = t.count + g.n "  # noqa: S608 - own names
            f"FROM ({select}) AS g ({KEY}, n) WHERE {matched}")


def _grouped(vendor: str, rows: str, source: str, weight: str | None, age: str | None,
             sign: str) -> str:
    """The marks of every row of `rows` (a table, or a trigger's changed rows), summed by key:
    one upsert may not touch a key twice, and a row's start and end may share one."""
    def col(name: str) -> str:
        return f"x.{name}"

    # Names and codes are this module's own: nothing comes from input.
    parts = " UNION ALL ".join(
        "SELECT " + ", ".join(f"{e} AS {n}" for e, n in zip(what, NAMES, strict=True))  # noqa: S608
        + f" FROM {rows} x WHERE {where}"
        for what, where in _marks(vendor, col, source, weight, age, sign))
    return f"SELECT {KEY}, SUM(n) FROM ({parts}) AS marks GROUP BY {KEY}"  # noqa: S608


def _rolled(vendor: str, rows: str, source: str, weight: str | None, age: str | None,
            sign: str) -> str:
    """_grouped's marks of `rows` (PostgreSQL's trigger's changed rows, or the rows a bulk
    insert added on SQLite, bulk.py) rolled up from two
    groupings of the rows instead of eight: the starts by month with the referrer and age
    group, and the ends by month with the reason. A month's net marks are those two summed
    over their codes (the start's +, the end's -), and a year's marks are its months' summed,
    so every other mark is a sum of a few grouped rows, not a pass over every changed row
    (docs/benchmarks.md, round 25). The rebuild keeps _grouped, which the tests compare with
    this."""
    def col(name: str) -> str:
        return f"x.{name}"

    w = "1" if weight is None else col(weight)
    neg = "" if sign == "-" else "-"
    # The starts grouped by the age in years, its group named after the grouping: the CASE
    # over every row was a third of the starts' grouping on PostgreSQL (docs/benchmarks.md,
    # round 33).
    group = _years(vendor, col) if age is None else col(age)
    label = _age_group("age") if age is None else "age"
    kommun = "COALESCE(x.municipality_id, 0)"
    year = _trunc(vendor, "year", "month")
    each = "intervention_id, kind, month, gender, code, kommun, age"
    # Names and codes are this module's own: nothing comes from input.
    return f"""WITH
starts AS (SELECT x.intervention_id, {_trunc(vendor, "month", "x.start_date")} AS month,
    x.gender,
    x.referrer_category AS code, {kommun} AS kommun, {group} AS age,
    CAST(SUM({w}) AS INTEGER) AS n
  FROM {rows} x WHERE x.end_date IS NULL OR x.end_date >= x.start_date
  GROUP BY 1, 2, 3, 4, 5, 6),
ends AS (SELECT x.intervention_id, {_trunc(vendor, "month", "x.end_date")} AS month,
    x.gender,
    x.exit_reason AS code, {kommun} AS kommun,
    CAST(SUM({w}) AS INTEGER) AS n
  FROM {rows} x WHERE x.end_date IS NOT NULL AND x.end_date >= x.start_date
  GROUP BY 1, 2, 3, 4, 5),
months AS (
  SELECT intervention_id, 'new' AS kind, month, gender, code, kommun, {label} AS age,
    {sign}n AS n
  FROM starts
  UNION ALL SELECT intervention_id, 'exit', month, gender, code, kommun, '', {sign}n FROM ends
  UNION ALL SELECT intervention_id, 'net', month, gender, '', kommun, '', {sign}n FROM starts
  UNION ALL SELECT intervention_id, 'net', month, gender, '', kommun, '', {neg}n FROM ends)
SELECT intervention_id, 'm', kind, month, '{source}', gender, code, kommun, age, SUM(n)
FROM months GROUP BY {each}
UNION ALL
SELECT intervention_id, 'y', kind, {year}, '{source}', gender, code, kommun, age, SUM(n)
FROM months GROUP BY intervention_id, kind, {year}, gender, code, kommun, age"""  # noqa: S608


def _sqlite_trigger(table: str, source: str, weight: str | None, age: str | None,
                    event: str, deferred: bool) -> str:
    """A row trigger (SQLite has no statement triggers): an upsert per mark. An upsert's
    SELECT needs a WHERE in a trigger, for the parser."""
    parts = []
    for row, sign in (("OLD", "-"), ("NEW", "")):
        if (event == "INSERT" and row == "OLD") or (event == "DELETE" and row == "NEW"):
            continue

        def col(name: str, row: str = row) -> str:
            return f"{row}.{name}"

        marks = _marks("sqlite", col, source, weight, age, sign)
        if row == "NEW":
            parts += [_upsert(f"SELECT {', '.join(what)} WHERE {where}")
                      for what, where in marks]
            continue
        for what, where in marks:
            # As _take_off: a row's own key, one statement per mark.
            matched = " AND ".join(f"{name} = {value}"
                                   for name, value in zip(KEY.split(", "), what[:-1],
                                                          strict=True))
            parts.append(f"UPDATE {TABLE} SET count = count + {what[-1]} "  # noqa: S608
                         f"WHERE {matched} AND {where}")
    body = ";\n  ".join(parts)
    # Deferred, as summary.py's, while a bulk writer adds the marks itself (bulk.py).
    return (f"CREATE TRIGGER {table}_month_{event.lower()} AFTER {event} ON {table} "
            f"FOR EACH ROW {summary.deferred_when(table, event, deferred)}BEGIN\n  {body};\nEND")


def _postgresql_function(table: str, source: str, weight: str | None, age: str | None) -> str:
    old = _take_off(_rolled("postgresql", "old_rows", source, weight, age, "-"))
    new = _upsert(_rolled("postgresql", "new_rows", source, weight, age, ""))
    return f"""
CREATE OR REPLACE FUNCTION {table}_month() RETURNS trigger LANGUAGE plpgsql AS $$
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
    """The statements that make the database keep the table (after drop_sql's)."""
    found = [summary.CREATE_DEFERRED] if deferred and vendor != "postgresql" else []
    for table, source, weight, age in SOURCES:
        if vendor == "postgresql":
            # Statement triggers with the changed rows as tables, as summary.py's: an import
            # adds its grouped marks once. One event per trigger with transition tables.
            found.append(_postgresql_function(table, source, weight, age))
            for event, refs in (("INSERT", "NEW TABLE AS new_rows"),
                                ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                ("DELETE", "OLD TABLE AS old_rows")):
                found.append(
                    f"CREATE TRIGGER {table}_month_{event.lower()} AFTER {event} ON {table} "
                    f"REFERENCING {refs} FOR EACH STATEMENT EXECUTE FUNCTION {table}_month()")
        else:
            found.extend(_sqlite_trigger(table, source, weight, age, event, deferred)
                         for event in ("INSERT", "UPDATE", "DELETE"))
    return found


def drop_sql(vendor: str) -> list[str]:
    found = []
    for table, _source, _weight, _age in SOURCES:
        for event in ("insert", "update", "delete"):
            on = f" ON {table}" if vendor == "postgresql" else ""
            found.append(f"DROP TRIGGER IF EXISTS {table}_month_{event}{on}")
        if vendor == "postgresql":
            found.append(f"DROP FUNCTION IF EXISTS {table}_month()")
    return found


def cover(db: BaseDatabaseWrapper) -> None:
    """On PostgreSQL, the key's index carries the count too, so a report's read is an
    index-only scan: a förbund's marks lie scattered over the table in the order they were
    written, one heap page per mark read otherwise (docs/benchmarks.md, round 12). Django
    would create such a constraint on no other database (SQLite has no INCLUDE), so it is
    made here, under the model's own name."""
    if db.vendor != "postgresql":
        return
    columns = KEY
    with db.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {TABLE} DROP CONSTRAINT participation_month_key")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT participation_month_key "
                       f"UNIQUE ({columns}) INCLUDE (count)")


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
    `rows`, a subquery of them (bulk.py). Rolled up as PostgreSQL's trigger does: eight
    passes over the rows (_grouped) cost SQLite more than the row triggers saved
    (docs/benchmarks.md, round 33)."""
    cursor.execute(_upsert(_rolled(cursor.db.vendor, rows, "p", None, None, "")))


def rebuild(db: BaseDatabaseWrapper = connection) -> int:
    """Make the table again from the rows (and the triggers with it); the number of rows.
    The two tables are locked against writes meanwhile on PostgreSQL, as summary.rebuild."""
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        if db.vendor == "postgresql":
            tables = ", ".join(table for table, _s, _w, _a in SOURCES)
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        install(db)
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - the model's own table
        for table, source, weight, age in SOURCES:
            cursor.execute(f"INSERT INTO {TABLE} ({KEY}, count) "
                           + _grouped(db.vendor, table, source, weight, age, ""))
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608
        return int(cursor.fetchone()[0])


@dataclass
class Marks:
    """A period's counts from the table, in the shapes queries.compute groups the rows into:
    `insats` (insats, gender, kind, code) → n, `kommun` (kommun name, kind, code) → n,
    `age` (gender, age group) → new, and per insats the reduced participations active in
    the period (each a person the register does not know). Kind is new, active or exit; the
    code is the referrer of the new and the reason of the exited, "" for the active."""

    insats: dict[tuple[int, str, str, str], int] = field(default_factory=dict)
    kommun: dict[tuple[str, str, str], int] = field(default_factory=dict)
    age: dict[tuple[str, str], int] = field(default_factory=dict)
    anonymous: dict[int, int] = field(default_factory=dict)


def _add(found: dict[Any, int], key: Any, n: int) -> None:
    found[key] = found.get(key, 0) + n


def read(ids: Sequence[int], period: Period) -> Marks:
    """The counts of the insatser (by pk) for a period of whole months: one statement."""
    if not whole_months(period):
        raise ValueError(f"not a period of whole months: {period}")
    year_start = period.start.replace(month=1, day=1)
    whole_year = period.start == year_start and period.end == dt.date(period.start.year, 12, 31)
    marks = ", ".join(["%s"] * len(ids))
    member = Member._meta.db_table
    each = (f"SELECT kind, intervention_id, source, gender, code, kommun, age, count "  # noqa: S608
            f"FROM {TABLE} WHERE intervention_id IN ({marks}) AND ")
    # Three ranges of the key, each an index-only scan on PostgreSQL (cover); as one OR
    # they were a bitmap scan of the heap.
    sql = f"""
SELECT s.kind, s.intervention_id, s.source, s.gender, s.code, m.name, s.age, SUM(s.count)
FROM ({each} span = %s AND kind IN ('new', 'exit') AND month >= %s AND month <= %s
      UNION ALL {each} span = 'y' AND kind = 'net' AND month < %s
      UNION ALL {each} span = 'm' AND kind = 'net' AND month >= %s AND month < %s) s
LEFT JOIN {member} m ON m.id = s.kommun
GROUP BY s.kind, s.intervention_id, s.source, s.gender, s.code, m.name, s.age
"""  # noqa: S608 - the models' own tables, the rest placeholders
    params = [*ids, "y" if whole_year else "m", period.start, period.end, *ids, year_start,
              *ids, year_start, period.start]
    found = Marks()
    open_at: dict[tuple[int, str, str], int] = {}
    kommun_open: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for kind, insats, source, gender, code, place, age, n in rows:
        n = int(n or 0)
        place = place or ""
        if kind == "net":  # open at the period's start
            _add(open_at, (insats, source, gender), n)
            _add(kommun_open, place, n)
            continue
        _add(found.insats, (insats, gender, kind, code), n)
        _add(found.kommun, (place, kind, code), n)
        if kind == "new":
            _add(found.age, (gender, age), n)
            # Active: open at the start, or begun within.
            _add(open_at, (insats, source, gender), n)
            _add(kommun_open, place, n)
    for (insats, source, gender), n in open_at.items():
        if n:
            _add(found.insats, (insats, gender, "active", ""), n)
            if source == "r":
                _add(found.anonymous, insats, n)
    for place, n in kommun_open.items():
        if n:
            _add(found.kommun, (place, "active", ""), n)
    return found
