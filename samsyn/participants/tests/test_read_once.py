"""A participants report reads its period's rows once: the counts, the outcome figures and
which insatser the register holds come from one statement over the participations (for a
period of whole months with the counts by insats, kommun and age from one more over the
month summary, participants/month_summary.py)."""

import re

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.associations.access import Scope
from samsyn.associations.models import DataVersion
from samsyn.interventions.models import Goal
from samsyn.participants import queries
from samsyn.participants.models import Participation, ParticipationMonth
from samsyn.publication.periods import standard_periods
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report, published_kinds


def reads_of(model, statements) -> int:
    # The table itself, not the summaries whose names begin with its name.
    table = re.compile(rf"\b{model._meta.db_table}\b")
    return sum(1 for s in statements if table.search(s["sql"]))


def reads_of_participations(statements) -> int:
    return reads_of(Participation, statements)


def test_a_cold_report_reads_the_participations_in_one_statement(alfa):
    kind = get_kind("participants")
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        report = build_report(kind, Scope.system(alfa.association), 2022)
    assert reads_of_participations(statements) == 1
    # ...and that one statement gave the outcomes too.
    assert report.data["outcomes"]["records"] is True
    assert report.data["total"]["exited"]["total"] == report.data["outcomes"]["total"][
        "exited"]


def test_a_published_year_is_read_once_per_view_then_never_again(alfa):
    """An ended year is published from its snapshot (participants/snapshots.py): the first
    request reads each published period once for the scope (the views filtered to an insats
    take their counts and outcome figures from the same pass: both are grouped by insats),
    and every later request reads no participation at all."""
    kind = get_kind("participants")
    scope = Scope.system(alfa.association)
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        build_report(kind, scope, 2022, publish=True)
    periods = standard_periods(2022, published_kinds(alfa.association))
    assert len(periods) == 3
    assert scope.interventions().count() > 1
    assert reads_of_participations(statements) == len(periods)
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        build_report(kind, scope, 2022, publish=True)
    assert reads_of_participations(statements) == 0


def _not_savepoints(statements) -> list[str]:
    return [s["sql"] for s in statements if "SAVEPOINT" not in s["sql"]]


def test_a_cold_report_runs_its_one_aggregate_one_summary_read_and_four_small_statements(
        alfa):
    """The records version, the insatser, their goals and the late changes, each once: the
    report's parts are handed what the key read, not left to read it again. A year is whole
    months, so its counts by insats, kommun and age are read from the month summary."""
    kind = get_kind("participants")
    scope = Scope.system(alfa.association)
    queries.records_version(alfa.association)  # the version's row made, as any förbund has
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        report = build_report(kind, scope, 2022)
    sql = _not_savepoints(statements)
    assert reads_of_participations(statements) == 1
    assert reads_of(ParticipationMonth, statements) == 1
    assert len(sql) == 6, "\n".join(sql)
    assert sum(DataVersion._meta.db_table in s for s in sql) == 1
    assert sum(Goal._meta.db_table in s for s in sql) == 1
    assert report.data["total"]["new"]["total"] > 0


def test_a_report_of_one_insats_reads_no_more_than_the_whole(alfa):
    kind = get_kind("participants")
    scope = Scope.system(alfa.association)
    insats = scope.interventions().order_by("pk").first()
    queries.records_version(alfa.association)
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        report = build_report(kind, scope, 2022, intervention=insats)
    assert reads_of_participations(statements) == 1
    assert len(_not_savepoints(statements)) == 6
    assert [e["intervention"] for e in report.data["interventions"]] in ([insats.slug], [])


def test_a_cached_report_reads_the_versions_only(alfa):
    """The insatser and their goals are kept under the plan's token (the report's own entry
    under the records'): one statement reads every token."""
    kind = get_kind("participants")
    scope = Scope.system(alfa.association)
    build_report(kind, scope, 2022)
    with CaptureQueriesContext(connection) as statements:
        build_report(kind, scope, 2022)
    assert reads_of_participations(statements) == 0
    sql = _not_savepoints(statements)
    assert len(sql) == 1 and DataVersion._meta.db_table in sql[0], "\n".join(sql)


def test_after_a_participation_the_report_reads_no_insats_goal_or_late_change(alfa):
    """A records write builds the report again from the records; the insatser, goals and
    late changes it reads are kept under their own parts' tokens (plan, reports)."""
    kind = get_kind("participants")
    scope = Scope.system(alfa.association)
    first = build_report(kind, scope, 2022)
    queries.records_changed(alfa.association)
    with CaptureQueriesContext(connection) as statements:
        again = build_report(kind, scope, 2022)
    sql = _not_savepoints(statements)
    assert reads_of_participations(statements) == 1
    assert not any(Goal._meta.db_table in s or "periods_latechange" in s
                   or s.lstrip().startswith('SELECT "interventions_intervention"') for s in sql)
    assert again.data == first.data


def test_within_a_report_the_records_version_is_read_once_until_the_records_change(alfa):
    association = alfa.association
    queries.records_version(association)
    with queries.one_report():
        with CaptureQueriesContext(connection) as statements:
            first = queries.records_version(association)
            assert queries.records_version(association) == first
        assert len(statements) == 1
        queries.records_changed(association)
        after_a_write = queries.records_version(association)
        queries.intervention_changed(alfa.intervention.pk)
        after_an_insats_write = queries.records_version(association)
    assert len({first, after_a_write, after_an_insats_write}) == 3
