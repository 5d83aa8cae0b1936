"""The cached participants report is stale the moment anything it shows changes."""

import datetime as dt
import json
from decimal import Decimal

from django.core.cache import cache

from samsyn.associations.access import Access, Scope
from samsyn.associations.writes import Actor
from samsyn.interventions import services as plan_services
from samsyn.participants.models import MonthlyCount
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report


def _goal_table(world) -> list:
    report = build_report(get_kind("participants"), Scope.system(world.association), 2022)
    return next(t for t in report.tables if any(c.key == "met" for c in t.columns)).rows


def test_an_edited_goal_or_renamed_insats_shows_at_once_not_after_the_cache(alfa):
    before = _goal_table(alfa)
    actor = Actor(scope=Scope(alfa.association))
    alfa.goal.refresh_from_db()
    alfa.goal.target = Decimal(10)
    # A goal is not a record: the records version does not move, the plan's does.
    plan_services.save_goal(actor, alfa.goal, version=alfa.goal.version)
    after = _goal_table(alfa)
    assert before != after
    alfa.intervention.refresh_from_db()
    alfa.intervention.name = "Nytt namn"
    plan_services.save_intervention(actor, alfa.intervention, version=alfa.intervention.version)
    report = build_report(get_kind("participants"), Scope.system(alfa.association), 2022)
    assert "Nytt namn" in str(report.tables[0].rows)


def test_a_lower_threshold_shows_nothing_a_published_year_hid(alfa, monkeypatch):
    """The new setting's series of an already published year is audited with the old one,
    and a cell the old one hid stays hidden: its count then was not kept, so showing it now
    could print a count the records changed since (docs/participants.md)."""
    monkeypatch.setattr("samsyn.reports.services.timezone.localdate",
                        lambda *a: dt.date(2026, 11, 23))
    kind = get_kind("participants")
    first = build_report(kind, Scope.system(alfa.association), 2022, publish=True)
    alfa.association.suppression_threshold = 3
    alfa.association.save()
    again = build_report(kind, Scope.system(alfa.association), 2022, publish=True)
    before, after = first.data["total"], again.data["total"]

    def hidden(found, path=()):
        if isinstance(found, dict):
            for k, v in found.items():
                yield from hidden(v, (*path, k))
        elif found == "x":
            yield path

    assert set(hidden(before)) <= set(hidden(after))
    assert set(hidden(before))


def _ask(world, role: str, filtered: bool) -> str:
    access = Access(world.association, world.memberships[role])
    report = build_report(get_kind("participants"), access.scope(), 2022,
                          intervention=world.intervention if filtered else None,
                          publish=access.must_publish)
    return to_json(report)


READERS = [("staff", False), ("staff", True), ("board", False), ("board", True),
           ("office", True)]


def test_every_reader_gets_the_same_answer_whoever_asked_first(alfa):
    """A staff member's report and the board's show the förbund's figures, the staff
    member's with the rows of their insatser only: the cache must never hand one the other's
    (and the same view filtered to an insats is the same for both)."""
    MonthlyCount.objects.create(intervention=alfa.other_intervention, month="2022-06-01",
                                kind="new", gender="kvinna", referrer_category="fk",
                                count=9)
    fresh = {}
    for reader in READERS:
        cache.clear()
        fresh[reader] = _ask(alfa, *reader)
    assert fresh[("staff", False)] != fresh[("board", False)]
    assert fresh[("staff", True)] == fresh[("board", True)]
    assert json.loads(fresh[("board", True)])["total"] == json.loads(
        fresh[("board", False)])["total"]
    for order in (READERS, READERS[::-1], [READERS[i] for i in (1, 3, 0, 4, 2)],
                  [READERS[i] for i in (3, 1, 2, 0, 4)]):
        cache.clear()
        for reader in order:
            assert _ask(alfa, *reader) == fresh[reader], (order, reader)
