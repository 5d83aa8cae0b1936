"""The cached participants report is stale the moment anything it shows changes."""

import datetime as dt
from decimal import Decimal

from samsyn.associations.access import Scope
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def _goal_table(world) -> list:
    report = build_report(get_kind("participants"), Scope.system(world.association), 2022)
    return next(t for t in report.tables if any(c.key == "met" for c in t.columns)).rows


def test_an_edited_goal_or_renamed_insats_shows_at_once_not_after_the_cache(alfa):
    before = _goal_table(alfa)
    alfa.goal.target = Decimal(10)
    alfa.goal.save()  # a goal is not a record: the records version does not move
    after = _goal_table(alfa)
    assert before != after
    alfa.intervention.name = "Nytt namn"
    alfa.intervention.save()
    report = build_report(get_kind("participants"), Scope.system(alfa.association), 2022)
    assert "Nytt namn" in str(report.tables[0].rows)


def test_a_new_threshold_gives_a_new_published_report(alfa, monkeypatch):
    monkeypatch.setattr("samsyn.reports.services.timezone.localdate",
                        lambda *a: dt.date(2026, 11, 23))
    kind = get_kind("participants")
    first = build_report(kind, Scope.system(alfa.association), 2022, publish=True)
    alfa.association.suppression_threshold = 3
    alfa.association.save()
    again = build_report(kind, Scope.system(alfa.association), 2022, publish=True)
    # Counts of 3 and 4 show now: fewer hidden than in the cached report.
    assert str(again.data["total"]).count("'x'") < str(first.data["total"]).count("'x'")
