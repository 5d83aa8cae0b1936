"""A participants report reads its period's rows once: the counts, the outcome figures and
which insatser the register holds come from one statement over the participations."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.associations.access import Scope
from samsyn.participants.models import Participation
from samsyn.publication.periods import standard_periods
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report, published_kinds


def reads_of_participations(statements) -> int:
    table = Participation._meta.db_table
    return sum(1 for s in statements if table in s["sql"])


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
    request reads each published period once for the scope and once for each insats the
    board may filter to (a filtered view's unique participants cannot be summed from the
    insatser's), and every later request reads no participation at all."""
    kind = get_kind("participants")
    scope = Scope.system(alfa.association)
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        build_report(kind, scope, 2022, publish=True)
    periods = standard_periods(2022, published_kinds(alfa.association))
    assert len(periods) == 3
    views = 1 + scope.interventions().count()
    assert views > 1
    assert reads_of_participations(statements) == len(periods) * views
    cache.clear()
    with CaptureQueriesContext(connection) as statements:
        build_report(kind, scope, 2022, publish=True)
    assert reads_of_participations(statements) == 0
