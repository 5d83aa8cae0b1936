"""The year bound reads the participation_first_year index (PostgreSQL's own, migration 0021):
queries._first_year must be the index's expression as written, or the planner can read the
years of a period only by sorting every row of the insats (docs/benchmarks.md, round 25)."""

import pytest
from django.db import connection

from samsyn.participants import queries
from samsyn.participants.models import Participation

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the index is PostgreSQL's own")


def test_the_first_year_of_an_insats_is_read_from_the_index(alfa):
    table = Participation._meta.db_table
    probe = (f"SELECT {queries._first_year('q')} FROM {table} q "  # noqa: S608
             "WHERE q.intervention_id = %s ORDER BY 1 LIMIT 1")
    with connection.cursor() as cursor:
        # Only an index in the expression's order can give it without a sort: with sorts and
        # whole-table reads priced out, the plan names the index if the expressions match.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + probe, [alfa.intervention.pk])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "participation_first_year" in plan, plan
    assert "Sort" not in plan, plan
