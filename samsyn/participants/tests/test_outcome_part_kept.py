"""The participants report keeps its outcome part by what it is built from
(outcome_report.add_outcomes): a records write that leaves the period's exits alone reuses
it, one that changes them builds it again, and either way the report is the one built cold."""

import datetime as dt
import json

from django.core.cache import cache

from samsyn.associations.access import Scope
from samsyn.participants import outcome_report, queries
from samsyn.participants.tests.test_report import add, busy  # noqa: F401 - the fixture
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report


def _report(world) -> dict:
    return json.loads(to_json(build_report(get_kind("participants"),
                                           Scope.system(world.association), 2022)))


def test_a_new_participation_reuses_the_outcomes_and_an_exit_builds_them_again(
        busy, monkeypatch):  # noqa: F811 - the fixture
    built = []
    real = outcome_report._outcome_part

    def counted(*args):
        built.append(args)
        return real(*args)

    monkeypatch.setattr(outcome_report, "_outcome_part", counted)
    before = _report(busy)
    assert len(built) == 1
    add(busy, 1, gender="kvinna", referrer="fk")  # a new participation, not ended
    queries.records_changed(busy.association)
    kept = _report(busy)
    assert len(built) == 1
    assert kept["outcomes"] == before["outcomes"]
    assert kept["total"] != before["total"]  # the counts were built again
    cache.clear()
    assert _report(busy) == kept
    assert len(built) == 2

    add(busy, 1, gender="man", end=dt.date(2022, 11, 1), reason="arbete")
    queries.records_changed(busy.association)
    after = _report(busy)
    assert len(built) == 3
    assert after["outcomes"]["total"]["exited"] == kept["outcomes"]["total"]["exited"] + 1
    cache.clear()
    assert _report(busy) == after
