"""Participations inserted in bulk, their summaries' marks added once (SQLite).

On SQLite the two summaries (summary.py, month_summary.py) are kept by row triggers: ten
upserts for each participation inserted, which made an import's INSERT of 100 000 rows cost
three times round 5's (docs/benchmarks.md, rounds 25 and 28). `inserting(cursor)` wraps such
an INSERT: it sets summary.DEFERRED, under which the participations' INSERT triggers do
nothing, and afterwards adds the marks of the rows the block inserted with one grouped
upsert per summary, grouped as PostgreSQL's statement triggers group a statement's rows, in
the caller's transaction. Updates and deletions keep their triggers: their rows' marks are
taken off one by one, as before.

The rows inserted are those past the largest id before the INSERT: Django makes SQLite's
primary keys AUTOINCREMENT, which never hands out an id at or below one already used, and
SQLite lets one writer at a time in, so no other connection inserts between.

On PostgreSQL nothing changes: its statement triggers already add a statement's marks in one
grouped upsert each.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.utils import CursorWrapper

from samsyn.participants import month_summary, summary
from samsyn.participants.models import Participation

TABLE = Participation._meta.db_table


@contextmanager
def inserting(cursor: CursorWrapper) -> Iterator[None]:
    """Inside: participations inserted through `cursor` leave their marks to the end of the
    block (SQLite); on any other database a plain block. Only inserts belong inside: a row
    inserted and then changed or deleted in the block would have marks taken off that were
    never added."""
    if cursor.db.vendor != "sqlite":
        yield
        return
    if not transaction.get_connection(cursor.db.alias).in_atomic_block:
        # Outside a transaction the flag would be seen by other writers' triggers, and a
        # failure between the INSERT and the upsert would leave the rows unmarked.
        raise RuntimeError("bulk.inserting needs a transaction")
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {TABLE}")  # noqa: S608 - own names
    before = int(cursor.fetchone()[0])
    cursor.execute(f"INSERT INTO {summary.DEFERRED} (id) VALUES (1)")  # noqa: S608
    try:
        yield
    finally:
        # Also when a statement in the block failed and the caller goes on (SQLite undoes
        # that statement alone, a savepoint what was in it): the rows still there are
        # marked, and later writes meet the triggers. A transaction bound to roll back takes
        # the flag and the rows with it.
        if not cursor.db.needs_rollback:
            cursor.execute(f"DELETE FROM {summary.DEFERRED}")  # noqa: S608
            rows = f"(SELECT * FROM {TABLE} WHERE id > {before})"  # noqa: S608 - an integer
            summary.add_participations(cursor, rows)
            month_summary.add_participations(cursor, rows)
