"""The participants report page is kept under the parts of the förbund's data it reads
(records, plan, reports: reports/page.py, participants/page_keys.py) and a published view of
an ended year under its snapshot row: whatever is written, the next page shows what a report
built now shows (for the board's ended year: what it showed before, until a revision), and a
write to another part, or to the records for the board's ended year, builds nothing again."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.services import save_association
from samsyn.associations.writes import Actor
from samsyn.finance.models import BudgetLine
from samsyn.finance.services import save_budget_line
from samsyn.interventions.models import Intervention
from samsyn.interventions.services import save_goal, save_intervention
from samsyn.participants import snapshots
from samsyn.participants.models import Participant, Participation
from samsyn.participants.reports import MAKER
from samsyn.participants.services import save_participation
from samsyn.periods import services as periods
from samsyn.reports.registry import get_kind
from samsyn.reports.render import tables_html
from samsyn.reports.services import build_report

pytestmark = pytest.mark.django_db
PUBLISHED = {"office": False, "board": True}


@pytest.fixture(autouse=True)
def after_the_year(monkeypatch: Any) -> None:
    """Early 2023: 2022 has ended, so the board's view of it is its snapshot."""
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))
    cache.clear()


def _participation(world: Any, n: int, *, gender: str = "kvinna",
                   start: dt.date = dt.date(2022, 3, 1)) -> None:
    a = world.association
    person = Participant.objects.create(association=a, pseudonym=f"test-person-{n}")
    save_participation(Actor.system(a), Participation(
        intervention=world.intervention, participant=person, gender=gender, birth_year=1990,
        municipality=world.members["kommun"], referrer="af", referrer_category="af",
        start_date=start, support_at_start="forsorjningsstod", support_time="1-3",
        consent_date=start))


@pytest.fixture
def world(alfa: Any) -> Any:
    for n in range(7):
        _participation(alfa, n)
    return alfa


def _page(client: Any, **query: str) -> Any:
    response = client.get(reverse("report_view", args=["alfa", "participants"]),
                          {"year": "2022", **query})
    assert response.status_code == 200
    return response


def _tables(response: Any) -> str:
    return str(response.context["tables_html"])


def _fresh(world: Any, role: str) -> str:
    """The tables of the report built now, as the role reads it."""
    return str(tables_html(build_report(get_kind("participants"), Scope(world.association),
                                        2022, publish=PUBLISHED[role])))


def _options(response: Any) -> list[tuple[str, str]]:
    return [(o.slug, o.name) for o in response.context["interventions"]]


def _budget(world: Any) -> None:
    line = BudgetLine.objects.get(association=world.association, year=2022, scenario="budget",
                                  category="office_staff")
    line.amount = Decimal(400_000)
    save_budget_line(Actor.system(world.association), line)


def _goal(world: Any) -> None:
    goal = world.goal
    goal.refresh_from_db()
    goal.target = Decimal(70)
    save_goal(Actor.system(world.association), goal)


def _renamed(world: Any) -> None:
    insats = world.intervention
    insats.refresh_from_db()
    insats.name = "Vägen vidare, nu med jobbcoach"
    save_intervention(Actor.system(world.association), insats, version=insats.version)


def _target_group_text(world: Any) -> None:
    insats = world.intervention
    insats.refresh_from_db()
    insats.target_group_text = "Unga vuxna som står långt från arbete."
    save_intervention(Actor.system(world.association), insats, version=insats.version)


def _threshold(world: Any) -> None:
    association = world.association
    association.refresh_from_db()
    association.suppression_threshold = 3
    save_association(Actor.system(association), association, version=association.version)


def _sign_off(world: Any) -> None:
    periods.sign(world.association, None, "annual-report", dt.date(2022, 1, 1),
                 dt.date(2022, 12, 31))


WRITES = [("a participation", lambda w: _participation(w, 8, gender="man")),
          ("a budget line", _budget), ("a goal's target", _goal),
          ("an insats renamed", _renamed), ("an insats's target group", _target_group_text),
          ("the threshold", _threshold), ("sign-off", _sign_off)]


@pytest.mark.parametrize("role", ["office", "board"])
@pytest.mark.parametrize(("what", "write"), WRITES, ids=[w[0] for w in WRITES])
def test_every_kind_of_write_shows_on_the_next_participants_report_page(world, login, role,
                                                                        what, write):
    client = login(world.users[role])
    _page(client)
    write(world)
    shown = _page(client)
    assert _tables(shown) == _fresh(world, role)
    assert _options(shown) == list(Intervention.objects.filter(association=world.association)
                                   .order_by("name").values_list("slug", "name"))


def test_a_participation_shows_on_the_kansli_s_next_page(world, login):
    client = login(world.users["office"])
    before = _tables(_page(client))
    _participation(world, 8, gender="man")
    after = _tables(_page(client))
    assert after != before
    assert after == _fresh(world, "office")


def test_the_board_s_ended_year_shows_the_same_after_a_participation_until_a_revision(
        world, login):
    client = login(world.users["board"])
    before = _tables(_page(client))
    for n in range(8, 14):  # enough men that their counts are no longer hidden
        _participation(world, n, gender="man")
    assert _tables(_page(client)) == before
    snapshots.revise(world.association, 2022, "Efterregistrering", world.users["office"],
                     MAKER)
    revised = _tables(_page(client))
    assert revised != before
    assert revised == _fresh(world, "board")


def test_a_new_insats_is_in_the_filter_of_the_board_s_next_page(world, login):
    client = login(world.users["board"])
    _page(client)
    save_intervention(Actor.system(world.association), Intervention(
        association=world.association, slug="steget", name="Steget", kind="individual",
        start=dt.date(2023, 1, 1)))
    assert ("steget", "Steget") in _options(_page(client))


def _statements(client: Any) -> int:
    with CaptureQueriesContext(connection) as seen:
        _page(client)
    return len(seen)


def test_a_budget_save_costs_the_participants_page_no_statement(world, login):
    client = login(world.users["office"])
    _page(client)
    repeated = _statements(client)
    _budget(world)
    assert _statements(client) == repeated


def test_a_participation_builds_no_report_for_the_board_s_ended_year(world, login,
                                                                     monkeypatch):
    client = login(world.users["board"])
    _page(client)  # the year's first published view makes its snapshot
    _participation(world, 8, gender="man")
    _page(client)  # the view kept by the snapshot's row from now on
    repeated = _statements(client)
    _participation(world, 9, gender="man")
    built: list[Any] = []
    real = snapshots.published
    monkeypatch.setattr(snapshots, "published",
                        lambda *args, **kwargs: built.append(args) or real(*args, **kwargs))
    # The snapshot's row (what the view is kept by) and the filter's insatser.
    assert _statements(client) <= repeated + 2
    assert built == []


def test_a_plan_write_reads_the_insatser_and_no_participation(world, login):
    client = login(world.users["office"])
    _page(client)
    repeated = _statements(client)
    _target_group_text(world)
    with CaptureQueriesContext(connection) as seen:
        _page(client)
    # The insatser and goals (what the report's key holds) and the filter's insatser.
    assert len(seen) <= repeated + 3
    assert not [q for q in seen.captured_queries
                if "participants_participation" in q["sql"]]


def test_a_late_change_shows_its_note_on_the_kansli_s_next_page(world, login):
    client = login(world.users["office"])
    _sign_off(world)
    _page(client)
    person = Participation.objects.filter(intervention=world.intervention).first()
    assert person is not None
    person.gender = "man"
    save_participation(Actor(scope=Scope(world.association), user=world.users["admin"]),
                       person, version=person.version, reason="Fel kön registrerat")
    shown = _tables(_page(client))
    assert "Fel kön registrerat" in shown
    assert shown == _fresh(world, "office")
