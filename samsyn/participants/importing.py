"""Importing participations, streamed: read, check, pseudonymise, stage, compare, write.

The rows of a file pass once through `participation_file.read_rows` into a temporary staging
table (COPY on PostgreSQL, batched inserts elsewhere). What the import would do is counted by
the database against the file's own participants only, and applied with three set-based
statements, all in one transaction: nothing is written if any row is wrong. Memory stays flat
in the size of the file and of the förbund's register.

The web import keeps the pseudonymised rows (never the upload) in a file of their own until
the user confirms; the file is deleted on confirm, cancel or expiry (`sweep_pending`).
"""

import csv
import datetime as dt
import os
import secrets
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.access import Scope
from samsyn.associations.models import MemberKind
from samsyn.associations.writes import VIA_IMPORT, Actor
from samsyn.participants import bulk, queries
from samsyn.participants.models import Participant, Participation
from samsyn.participants.participation_file import Context, Faults, FileError, Row, read_rows
from samsyn.participants.services import log_import, pseudonymiser, referrer_map
from samsyn.web.tabular import TabularError, table_rows

STAGE = "samsyn_import_stage"
# The participation's own columns, as staged, compared and written.
FIELDS = ("gender", "birth_year", "municipality_id", "referrer", "referrer_category",
          "support_at_start", "support_time", "end_date", "exit_reason", "consent_date",
          "occupation_at_start", "occupation_at_exit", "support_at_exit", "followup_date",
          "followup_occupation", "followup_support")
_TYPES = {
    "line": "integer", "intervention_id": "bigint", "pseudonym": "varchar(64)",
    "gender": "varchar(10)", "birth_year": "integer", "municipality_id": "bigint",
    "referrer": "varchar(40)", "referrer_category": "varchar(10)", "start_date": "date",
    "support_at_start": "varchar(25)", "support_time": "varchar(3)", "end_date": "date",
    "exit_reason": "varchar(20)", "consent_date": "date", "occupation_at_start": "varchar(15)",
    "occupation_at_exit": "varchar(15)", "support_at_exit": "varchar(25)",
    "followup_date": "date", "followup_occupation": "varchar(15)",
    "followup_support": "varchar(25)",
}
STAGE_COLUMNS = ("line", "intervention_id", "pseudonym", "start_date", *FIELDS)
_DATES = {"start_date", "end_date", "consent_date", "followup_date"}
_BATCH = 2000
_CHUNK = 2000  # lines of COPY text sent at a time
LARGE = 10_000


def import_context(scope: Scope) -> Context:
    """Only the insatser of the scope can be imported into."""
    association = scope.association
    interventions: dict[str, str] = {}
    for slug, name in (scope.interventions().filter(aggregate_only=False)
                       .values_list("slug", "name")):
        interventions[slug.lower()] = slug
        interventions[name.lower()] = slug
    municipalities = {
        name.lower(): name for name in association.members.filter(
            kind=MemberKind.MUNICIPALITY).values_list("name", flat=True)
    }
    return Context(interventions=interventions, municipalities=municipalities,
                   referrers=referrer_map(association), pseudonymise=pseudonymiser(association),
                   this_year=timezone.localdate().year)


@dataclass
class Summary:
    create: int = 0
    update: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0  # all faults; `errors` lists the first MAX_LISTED
    applied: bool = False
    # The register's rows the file names, as they stood when counted (how many, the sum of
    # their versions and of their ids): the preview's and the confirmation's must agree.
    seen: str = ""
    # What was read otherwise than the file says (the personnummer's gender), by row.
    notices: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"create": self.create, "update": self.update, "unchanged": self.unchanged,
                "errors": self.errors, "notices": self.notices}


def import_file(scope: Scope, stream: IO[bytes], filename: str, *, apply: bool, user: Any,
                pending: "PendingWriter | None" = None, check: "Check | None" = None) -> Summary:
    """Read `stream` as a participations file and import it (or only count, apply=False).

    Raises FileError for a file that cannot be read at all; row faults are in the summary.
    """
    faults = Faults()
    try:
        rows: Iterable[Row] = read_rows(table_rows(stream, filename), import_context(scope),
                                        faults)
        if pending is not None:
            rows = pending.tee(rows)
        return import_rows(scope, rows, faults, apply=apply, user=user, check=check)
    except TabularError as exc:
        raise FileError(str(exc)) from None


Check = Callable[["StagedChanges", bool], list[str]]


def import_rows(scope: Scope, rows: Iterable[Row], faults: Faults, *, apply: bool,
                user: Any, check: Check | None = None, expect: str | None = None) -> Summary:
    """`check(changes, apply)` sees every row the import would create or change (e.g. the
    signed-off periods) and returns faults that refuse the import.

    `expect`: the `seen` of the preview the user confirms. A row of the register the file
    names that someone changed since (a form, the API) would be overwritten unseen: the
    import is refused instead, to be previewed again (no lost update)."""
    association = scope.association
    interventions = dict(scope.interventions().values_list("slug", "pk"))
    municipalities = dict(association.members.filter(kind=MemberKind.MUNICIPALITY)
                          .values_list("name", "pk"))
    summary = Summary()
    with transaction.atomic():
        with connection.cursor() as cursor:
            _create_stage(cursor)
            _fill(cursor, rows, interventions, municipalities)
            # The joins to the register are on these; the other columns need no statistics.
            _analyse(cursor, f"{STAGE} (intervention_id, pseudonym, start_date)")
            _duplicates(cursor, faults)
            summary.notices = faults.notices()
            if faults.count:
                summary.errors = faults.messages()
                summary.error_count = faults.count
            else:
                by_intervention = _count(cursor, association.pk, summary)
                if expect is not None and summary.seen != expect:
                    summary.errors = [_("Records the file names were changed by someone "
                                        "else since the preview: upload the file again to "
                                        "see what the import would do now.")]
                    summary.error_count = 1
                    apply = False
                if check is not None and not summary.errors:
                    refused = check(StagedChanges(association.pk, summary), apply)
                    if refused:
                        summary.errors, summary.error_count = refused, len(refused)
                        apply = False
                if apply:
                    _apply(cursor, association.pk, summary)
                    # Written past Model.save(): the cached figures must hear of it.
                    queries.records_changed(association)
                    slugs = {pk: slug for slug, pk in interventions.items()}
                    instances = {i.pk: i for i in scope.interventions()}
                    actor = Actor(scope, user, via=VIA_IMPORT)
                    for pk, touched in by_intervention.items():
                        if touched and pk in slugs:
                            log_import(actor, instances[pk], touched)
                    summary.applied = True
            cursor.execute(f"DROP TABLE {STAGE}")
        if not summary.applied:
            transaction.set_rollback(True)
    return summary


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _bytewise() -> str:
    """Sorting pseudonyms (hex) byte by byte: the same order and the same groups as the
    database's collation gives them, a third faster to sort at a million rows."""
    return ' COLLATE "C"' if _postgres() else ""


def _analyse(cursor: Any, table: str) -> None:
    """Fresh planner statistics: a temporary table has none until analysed."""
    if _postgres():
        cursor.execute(f"ANALYZE {table}")


def _create_stage(cursor: Any) -> None:
    columns = ", ".join(f"{name} {_TYPES[name]}" for name in STAGE_COLUMNS)
    cursor.execute(f"DROP TABLE IF EXISTS {STAGE}")
    cursor.execute(f"CREATE TEMPORARY TABLE {STAGE} ({columns})")


def _staged(row: Row, interventions: dict[str, int],
            municipalities: dict[str, int]) -> tuple[Any, ...]:
    # In the order of STAGE_COLUMNS, written out: this runs once a row.
    return (row.line, interventions[row.intervention], row.pseudonym, row.start_date,
            row.gender, row.birth_year, municipalities.get(row.municipality or ""),
            row.referrer, row.referrer_category, row.support_at_start, row.support_time,
            row.end_date, row.exit_reason, row.consent_date, row.occupation_at_start,
            row.occupation_at_exit, row.support_at_exit, row.followup_date,
            row.followup_occupation, row.followup_support)


_NULL = "\\N"


class _Text(dict[Any, str]):
    """A value -> its text in COPY's text format, worked out once per distinct value."""

    def __missing__(self, value: Any) -> str:
        if value is None:
            text = _NULL
        elif isinstance(value, dt.date):
            text = value.isoformat()
        else:
            text = (str(value).replace("\\", "\\\\").replace("\t", "\\t")
                    .replace("\n", "\\n").replace("\r", "\\r"))
        self[value] = text
        return text


def _copy_lines(rows: Iterable[Row], interventions: dict[str, int],
                municipalities: dict[str, int]) -> Iterator[str]:
    """Each row as a line of COPY text, in the order of STAGE_COLUMNS. Written by hand (not
    row by row through the driver): this runs once a row of a file of a million rows.

    The codes are from the code lists, the pseudonym hex and the numbers digits; the dates
    and the referrer (a förbund names its own codes) go through `_Text`, which escapes."""
    ids = {slug: str(pk) for slug, pk in interventions.items()}
    kommuner: dict[str | None, str] = {name: str(pk) for name, pk in municipalities.items()}
    texts = _Text()
    for (line, intervention, pseudonym, gender, birth_year, municipality, referrer,
         category, start, support_at_start, support_time, end, exit_reason, consent,
         occupation_at_start, occupation_at_exit, support_at_exit, followup,
         followup_occupation, followup_support) in rows:
        yield (f"{line}\t{ids[intervention]}\t{pseudonym}\t{texts[start]}\t{gender}\t"
               f"{birth_year}\t{kommuner.get(municipality, _NULL)}\t{texts[referrer]}\t"
               f"{texts[category]}\t{support_at_start}\t{support_time}\t{texts[end]}\t"
               f"{exit_reason}\t{texts[consent]}\t{occupation_at_start}\t"
               f"{occupation_at_exit}\t{support_at_exit}\t{texts[followup]}\t"
               f"{followup_occupation}\t{followup_support}\n")


def _fill(cursor: Any, rows: Iterable[Row], interventions: dict[str, int],
          municipalities: dict[str, int]) -> None:
    names = ", ".join(STAGE_COLUMNS)
    if _postgres():
        with cursor.cursor.copy(f"COPY {STAGE} ({names}) FROM STDIN") as copy:
            chunk: list[str] = []
            for line in _copy_lines(rows, interventions, municipalities):
                chunk.append(line)
                if len(chunk) == _CHUNK:
                    copy.write("".join(chunk))
                    chunk.clear()
            copy.write("".join(chunk))
        return
    dates = [i for i, name in enumerate(STAGE_COLUMNS) if name in _DATES]
    marks = ", ".join(["%s"] * len(STAGE_COLUMNS))
    sql = f"INSERT INTO {STAGE} ({names}) VALUES ({marks})"  # noqa: S608 - constant names
    batch: list[list[Any]] = []
    for row in rows:
        item = list(_staged(row, interventions, municipalities))
        for i in dates:  # SQLite keeps dates as ISO text, as Django writes them
            item[i] = item[i].isoformat() if item[i] is not None else None
        batch.append(item)
        if len(batch) == _BATCH:
            cursor.executemany(sql, batch)
            batch = []
    if batch:
        cursor.executemany(sql, batch)


def _duplicates(cursor: Any, faults: Faults) -> None:
    cursor.execute(
        f"SELECT MIN(line), MAX(line) FROM {STAGE} "  # noqa: S608
        f"GROUP BY intervention_id, pseudonym{_bytewise()}, start_date HAVING COUNT(*) > 1 "
        f"ORDER BY MAX(line) LIMIT {int(settings.IMPORT_MAX_ROWS)}")
    for first, last in cursor.fetchall():
        faults.add(_("row %(row)s: the same participation as row %(first)s")
                   % {"row": last, "first": first})


def _tables() -> tuple[str, str]:
    return Participant._meta.db_table, Participation._meta.db_table


def _differs(target: str) -> str:
    distinct = "IS DISTINCT FROM" if _postgres() else "IS NOT"
    return "(" + " OR ".join(f"{target}.{name} {distinct} s.{name}" for name in FIELDS) + ")"


_MATCH = ("{p}.intervention_id = s.intervention_id AND {p}.participant_id = pt.id "
          "AND {p}.start_date = s.start_date")


def _count(cursor: Any, association_id: int, summary: Summary) -> dict[int, int]:
    """Fills the summary; returns rows created or changed per insats (for the record log)."""
    people, participations = _tables()
    cursor.execute(
        f"SELECT s.intervention_id, p.id IS NULL, {_differs('p')}, COUNT(*), "  # noqa: S608
        "COUNT(p.id), COALESCE(SUM(p.version), 0), COALESCE(SUM(p.id), 0) "
        f"FROM {STAGE} s LEFT JOIN {people} pt "
        "ON pt.association_id = %s AND pt.pseudonym = s.pseudonym "
        f"LEFT JOIN {participations} p ON {_MATCH.format(p='p')} "
        "GROUP BY 1, 2, 3", [association_id])
    touched: dict[int, int] = {}
    matched = versions = ids = 0
    for intervention_id, new, changed, n, found, version_sum, id_sum in cursor.fetchall():
        # Versions only rise: any save of a named row since moves the sum.
        matched, versions, ids = matched + found, versions + version_sum, ids + id_sum
        summary.seen = f"{matched}:{versions}:{ids}"
        if new:
            summary.create += n
        elif changed:
            summary.update += n
        else:
            summary.unchanged += n
            continue
        touched[intervention_id] = touched.get(intervention_id, 0) + n
    return touched


class StagedChanges:
    """The staged rows an import would create or change, read back from the database.

    Shaped like the old in-memory plan (`create`: rows, `update`: (old, row) pairs, each with
    a length) so that checks over every changed row, such as the signed-off periods, can
    walk them without the import holding the file in memory. `old` carries the participation's
    current fields, with the kommun by name as a file gives it.
    """

    def __init__(self, association_id: int, summary: Summary,
                 near: list[tuple[dt.date, dt.date]] | None = None) -> None:
        self.association_id = association_id
        self.summary = summary
        self.spans = near
        self.create = _Staged(self, new=True, count=summary.create)
        self.update = _Staged(self, new=False, count=summary.update)

    def near(self, spans: list[tuple[dt.date, dt.date]]) -> "StagedChanges":
        """The same changes (the same lengths), walking only the rows whose dates, old or
        new, reach into one of `spans` (inclusive): a check against a few signed-off periods
        need not read back every row of a large import."""
        return StagedChanges(self.association_id, self.summary, near=list(spans))

    def _near(self) -> tuple[str, list[Any]]:
        if self.spans is None:
            return "", []
        if not self.spans:
            return " AND false", []
        # Every day a row's change can touch lies between the least and the greatest of its
        # dates, old and new, an open end counting as the far future (periods/locks.py).
        least, greatest = ("LEAST", "GREATEST") if _postgres() else ("MIN", "MAX")
        far = "DATE '9999-12-31'" if _postgres() else "'9999-12-31'"
        first = (f"{least}(s.start_date, COALESCE(s.end_date, s.start_date), "
                 "COALESCE(s.followup_date, s.start_date), COALESCE(p.start_date, s.start_date), "
                 "COALESCE(p.end_date, s.start_date), COALESCE(p.followup_date, s.start_date))")
        last = (f"{greatest}(COALESCE(s.end_date, {far}), COALESCE(s.followup_date, "
                "s.start_date), CASE WHEN p.id IS NULL THEN s.start_date ELSE "
                f"COALESCE(p.end_date, {far}) END, COALESCE(p.start_date, s.start_date), "
                "COALESCE(p.followup_date, s.start_date))")
        params: list[Any] = []
        for start, end in self.spans:
            params += [_param(end), _param(start)]
        overlaps = " OR ".join([f"({first} <= %s AND %s <= {last})"] * len(self.spans))
        return f" AND ({overlaps})", params

    def rows(self, new: bool) -> Iterator[Any]:
        people, participations = _tables()
        names = ", ".join(f"s.{n}" for n in STAGE_COLUMNS)
        old = ", ".join(f"p.{n}" for n in ("start_date", *FIELDS))
        slugs = "(SELECT slug FROM interventions_intervention i WHERE i.id = s.intervention_id)"
        kommun = "(SELECT name FROM associations_member m WHERE m.id = {t}.municipality_id)"
        where = "p.id IS NULL" if new else f"p.id IS NOT NULL AND {_differs('p')}"
        near, params = self._near()
        where += near
        sql = (f"SELECT {names}, {slugs}, {kommun.format(t='s')}, {old}, "  # noqa: S608
               f"{kommun.format(t='p')} FROM {STAGE} s LEFT JOIN {people} pt "
               "ON pt.association_id = %s AND pt.pseudonym = s.pseudonym "
               f"LEFT JOIN {participations} p ON {_MATCH.format(p='p')} "
               f"WHERE {where} ORDER BY s.line")
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.association_id, *params])
            width = len(STAGE_COLUMNS)
            while batch := cursor.fetchmany(_BATCH):
                for values in batch:
                    staged = dict(zip(STAGE_COLUMNS, values[:width], strict=True))
                    row = Row(
                        line=staged["line"], intervention=values[width],
                        pseudonym=staged["pseudonym"], municipality=values[width + 1],
                        **{n: _date_of(n, staged[n]) for n in Row._fields
                           if n in staged and n not in ("line", "pseudonym")},
                    )
                    if new:
                        yield row
                        continue
                    current = dict(zip(("start_date", *FIELDS), values[width + 2:-1],
                                       strict=True))
                    current = {n: _date_of(n, v) for n, v in current.items()}
                    current["municipality"] = values[-1] or None
                    yield SimpleNamespace(**current), row


def _param(day: dt.date) -> Any:
    return day if _postgres() else day.isoformat()


def _date_of(name: str, value: Any) -> Any:
    """SQLite gives dates back as text."""
    if name in _DATES and isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


class _Staged:
    def __init__(self, changes: StagedChanges, new: bool, count: int) -> None:
        self.changes, self.new, self.count = changes, new, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Any]:
        if not self.count:  # nothing to read back (a re-import of unchanged rows)
            return iter(())
        return self.changes.rows(self.new)


def _now() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _apply(cursor: Any, association_id: int, summary: Summary) -> None:
    people, participations = _tables()
    if summary.update:
        # The version rises as save_participation raises it: a form opened before the import
        # is then refused as stale rather than saved over the file's values.
        assignments = ", ".join([*(f"{name} = s.{name}" for name in FIELDS),
                                 "version = version + 1"])
        cursor.execute(
            f"UPDATE {participations} SET {assignments} FROM {STAGE} s "  # noqa: S608
            f"JOIN {people} pt ON pt.association_id = %s AND pt.pseudonym = s.pseudonym "
            f"WHERE {_MATCH.format(p=participations)} AND {_differs(participations)}",
            [association_id])
    if summary.create:
        # ON CONFLICT, not NOT EXISTS: an anti-join against the table being filled reads
        # every row the statement has inserted so far, for every row (quadratic when the
        # planner believes the table empty). Inserted in the order of the unique index, so
        # that each new entry goes at the end of the index rather than anywhere in it (a
        # hash aggregate, chosen with more memory, made this statement twice as slow).
        cursor.execute(
            f"INSERT INTO {people} (association_id, pseudonym, created) "  # noqa: S608
            f"SELECT %s, s.pseudonym{_bytewise()}, %s FROM {STAGE} s WHERE true GROUP BY 2 "
            "ORDER BY 2 ON CONFLICT DO NOTHING", [association_id, _now()])
        # Participants just added must be in the planner's statistics, or it may join the
        # staged rows to them by a nested scan (minutes instead of seconds at 100 000 rows).
        _analyse(cursor, people)
        names = ", ".join(FIELDS)
        chosen = ", ".join(f"s.{name}" for name in FIELDS)
        # In the order of the unique index (and of the participant index): a quarter faster
        # than in the file's order, which puts each entry anywhere in both.
        # The summaries' marks of the new rows in one upsert each, not row by row (bulk.py).
        with bulk.inserting(cursor):
            cursor.execute(
                f"INSERT INTO {participations} (intervention_id, participant_id, "  # noqa: S608
                f"start_date, {names}) SELECT s.intervention_id, pt.id, s.start_date, "
                f"{chosen} FROM {STAGE} s JOIN {people} pt ON pt.association_id = %s "
                "AND pt.pseudonym = s.pseudonym WHERE true "
                "ORDER BY s.intervention_id, pt.id, s.start_date "
                "ON CONFLICT DO NOTHING", [association_id])
    if summary.create + summary.update > LARGE:
        # A large import changes the table more than its statistics know until autovacuum
        # comes by; the next import's joins are planned on them.
        _analyse(cursor, participations)


# What waits for the user's confirmation: pseudonymised rows in a file of their own.

_ROW_FIELDS = list(Row._fields)


def pending_dir() -> Path:
    path = Path(str(settings.IMPORT_PENDING_DIR))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def sweep_pending(now: float | None = None) -> int:
    """Deletes pending imports older than IMPORT_PENDING_SECONDS; returns how many."""
    limit = (now or time.time()) - settings.IMPORT_PENDING_SECONDS
    removed = 0
    for path in pending_dir().glob("*.rows"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed


class PendingWriter:
    """Writes each row as it passes, pseudonymised, to a file named by a random token."""

    def __init__(self, association_id: int, user_id: int | None) -> None:
        self.token = secrets.token_hex(16)
        self.path = pending_dir() / f"{self.token}.rows"
        descriptor = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        self.file = os.fdopen(descriptor, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file)
        self.writer.writerow([association_id, user_id])

    def tee(self, rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            self.writer.writerow(["" if v is None else
                                  v.isoformat() if isinstance(v, dt.date) else v
                                  for v in row])
            yield row
        self.file.close()

    def discard(self) -> None:
        self.file.close()
        discard_pending(self.token)


def _pending_path(token: str) -> Path | None:
    if not token or not token.isalnum() or not token.isascii() or len(token) != 32:
        return None
    return pending_dir() / f"{token}.rows"


def pending_rows(token: str, association_id: int,
                 user_id: int | None) -> Iterator[Row] | None:
    """The rows waiting under `token` for this user in this förbund, or None (expired)."""
    path = _pending_path(token)
    if path is None or not path.exists():
        return None
    handle = path.open(encoding="utf-8", newline="")
    reader = csv.reader(handle)
    if next(reader, None) != [str(association_id), str(user_id)]:
        handle.close()
        return None

    def rows() -> Iterator[Row]:
        with handle:
            for values in reader:
                yield Row(**{name: _value(name, v) for name, v in zip(_ROW_FIELDS, values,
                                                                       strict=True)})
    return rows()


def _value(name: str, text: str) -> Any:
    if name in ("line", "birth_year"):
        return int(text)
    if name in _DATES or name == "followup_date":
        return dt.date.fromisoformat(text) if text else None
    if name == "municipality":
        return text or None
    return text


def discard_pending(token: str) -> None:
    path = _pending_path(token)
    if path is not None:
        path.unlink(missing_ok=True)


__all__ = ["FileError", "PendingWriter", "Summary", "discard_pending", "import_file",
           "import_rows", "pending_rows", "sweep_pending"]
