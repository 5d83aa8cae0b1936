"""The start page keeps each of its parts under the tokens of the parts of the förbund's data
it reads (home/dashboard.py's PARTS_READ, associations/versions.py): a write through any of
the services that write moves what the page shows, never leaving a part stale, and a change
of the records reads nothing of the economy, the surveys or the reports again."""

import dataclasses
import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.associations import trash, versions
from samsyn.associations.services import save_association
from samsyn.associations.writes import Actor, delete_row
from samsyn.finance.models import BudgetLine
from samsyn.finance.services import save_budget_line
from samsyn.home.dashboard import content_key
from samsyn.interventions.models import PlanYear
from samsyn.interventions.services import save_goal, save_intervention, save_plan_year
from samsyn.participants import queries
from samsyn.participants.models import Participant, Participation, StatedFigure
from samsyn.participants.services import pseudonymiser, save_participation, save_stated_figure
from samsyn.reports.models import ReportVersion
from samsyn.surveys.models import PendingResponse
from samsyn.surveys.services import flush_pending


def _response(client: Any, slug: str) -> Any:
    response = client.get(reverse("association_home", args=[slug]), {"year": "2022"})
    assert response.status_code == 200
    return response


def _page(client: Any, slug: str) -> tuple[Any, str]:
    response = _response(client, slug)
    return response.context["board"], response.content.decode()


def _new_participation(world: Any, via_service: bool) -> None:
    a = world.association
    person = Participant.objects.create(association=a,
                                        pseudonym=pseudonymiser(a)("19950505-0006"))
    row = Participation(intervention=world.intervention, participant=person, gender="man",
                        birth_year=1995, municipality=world.members["kommun"],
                        referrer="kaa", referrer_category="kommun",
                        start_date=dt.date(2022, 5, 2), support_at_start="forsorjningsstod",
                        support_time="1-3", consent_date=dt.date(2022, 5, 2))
    if via_service:
        save_participation(Actor.system(a), row)
    else:  # a bulk writer (the importer, retention): rows written past save(), then told
        Participation.objects.bulk_create([row])
        queries.records_changed(a)


def _stated_figure(world: Any) -> None:
    save_stated_figure(Actor.system(world.association), StatedFigure(
        association=world.association, period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31), measure="active", value=779))


def _budget_line(world: Any) -> BudgetLine:
    return BudgetLine.objects.get(association=world.association, year=2022, scenario="budget",
                                  category="office_staff")


def _save_budget(world: Any) -> None:
    line = _budget_line(world)
    line.amount = Decimal(400_000)
    save_budget_line(Actor.system(world.association), line)


def _survey_answers(world: Any) -> None:
    survey = world.extra["survey_round"]
    PendingResponse.objects.create(round=survey, answers={})
    flush_pending(dt.date(2022, 6, 1), rounds=[survey], force=True)


def _decide_annual_report(world: Any) -> None:
    # As the report page's "freeze as decided" does (reports/views.py).
    ReportVersion.objects.create(association=world.association, kind="annual-report",
                                 year=2022, decided=dt.date(2023, 3, 20), figures={})
    versions.changed(world.association, versions.parts_of(ReportVersion))


def _rename_insats(world: Any) -> None:
    insats = world.intervention
    insats.refresh_from_db()
    insats.name = "Vägen vidare II"
    save_intervention(Actor.system(world.association), insats)


def _goal_target(world: Any) -> None:
    goal = world.goal
    goal.refresh_from_db()
    goal.target = Decimal(70)
    save_goal(Actor.system(world.association), goal)


def _plan_year(world: Any) -> None:
    save_plan_year(Actor.system(world.association),
                   PlanYear(association=world.association, year=2023, title="Plan 2023"))


def _due_date(world: Any) -> None:
    a = world.association
    a.refresh_from_db()
    a.annual_due_month, a.annual_due_day = 4, 15
    save_association(Actor.system(a), a)


def _rename_forbund(world: Any) -> None:
    a = world.association
    a.refresh_from_db()
    a.name = "Alfa samordningsförbund II"
    save_association(Actor.system(a), a)


def _remove_budget_line(world: Any) -> None:
    delete_row(Actor.system(world.association), _budget_line(world))


# (what is written, the write, what the office's start page of 2022 shows after it)
WRITES: list[tuple[str, Callable[[Any], None], Callable[[Any, str], bool]]] = [
    ("a participation saved", lambda w: _new_participation(w, True),
     lambda board, html: board.people["new"]["total"] == 5),
    ("participations written in bulk", lambda w: _new_participation(w, False),
     lambda board, html: board.people["new"]["total"] == 5),
    ("a budget line saved", _save_budget,
     lambda board, html: board.money.budget == Decimal(1_000_000)),
    ("a budget line removed", _remove_budget_line,
     lambda board, html: board.money.budget == Decimal(600_000)),
    ("survey answers flushed in a batch", _survey_answers,
     lambda board, html: board.surveys[0]["answers"] == 1),
    ("an annual report decided", _decide_annual_report,
     lambda board, html: board.due[1].done),
    ("an insats renamed", _rename_insats,
     lambda board, html: "Vägen vidare II" in html),
    ("a goal's target changed", _goal_target,
     lambda board, html: board.work_targets == (Decimal(70), Decimal(70))),
    ("a business plan added", _plan_year,
     lambda board, html: reverse("plan_detail", args=["alfa", 2023]) in html),
    ("the förbund's due date changed", _due_date,
     lambda board, html: "2023-04-15" in board.due[1].status),
    ("a figure the förbund stated", _stated_figure,
     lambda board, html: board.stated is not None and "779 aktiva" in html),
    ("the förbund renamed", _rename_forbund,
     lambda board, html: "<h1>Alfa samordningsförbund II</h1>" in html),
]


@pytest.mark.parametrize(("what", "write", "shows"), WRITES, ids=[w[0] for w in WRITES])
def test_every_kind_of_write_shows_on_the_next_start_page(alfa, login, what, write, shows):
    cache.clear()
    client = login(alfa.users["office"])
    board, html = _page(client, "alfa")  # every part kept
    assert not shows(board, html), f"before {what}"
    write(alfa)
    board, html = _page(client, "alfa")
    assert shows(board, html), f"after {what}"


def test_a_records_change_reads_nothing_of_the_economy_surveys_or_reports_again(alfa, login):
    cache.clear()
    client = login(alfa.users["office"])
    _page(client, "alfa")
    _new_participation(alfa, False)
    with CaptureQueriesContext(connection) as statements:
        board, _html = _page(client, "alfa")
    read = " ".join(s["sql"] for s in statements.captured_queries)
    assert board.people["new"]["total"] == 5  # one participation and three counted before
    # Nor the plan's: the insatser and their goals are kept under the plan's token.
    for table in ("finance_", "surveys_", "reports_", "interventions_planyear",
                  "interventions_goal"):
        assert table not in read, table
    # The request's own (session, user, device, memberships), the version with the parts'
    # tokens, the register's years (one statement with the monthly counts'), the figures
    # from the summary and the counts, the latest imports, and the förbund's stated figures
    # of the year (a records part: shown beside the register's, home/stated.py).
    assert len(statements.captured_queries) <= 10


def test_a_budget_save_reads_no_participant_figures_again(alfa, login):
    cache.clear()
    client = login(alfa.users["office"])
    _page(client, "alfa")
    _save_budget(alfa)
    with CaptureQueriesContext(connection) as statements:
        board, _html = _page(client, "alfa")
    read = " ".join(s["sql"] for s in statements.captured_queries)
    assert board.money.budget == Decimal(1_000_000)
    for table in ("participants_", "interventions_goal", "interventions_planyear", "audit_",
                  "surveys_", "reports_"):
        assert table not in read, table
    # The request's own four, the version; the economy's lines, its bookkeeping imports, its
    # settings with the contribution years (the year menu's too); the year's SIE outcome:
    # its amounts and the two tables of mapping rules.
    assert len(statements.captured_queries) <= 11
    assert sum("finance_budgetline" in s["sql"] for s in statements.captured_queries) == 1
    assert sum("finance_sieimport" in s["sql"] for s in statements.captured_queries) == 1


def test_staff_and_the_board_also_see_a_write_to_each_part(alfa, login):
    cache.clear()
    for role in ("staff", "board"):
        client = login(alfa.users[role])
        _page(client, "alfa")
    _rename_insats(alfa)
    _survey_answers(alfa)
    for role in ("staff", "board"):
        client = login(alfa.users[role])
        board, html = _page(client, "alfa")
        assert "Vägen vidare II" in html, role
        assert board.surveys[0]["answers"] == 1, role


def test_a_row_restored_from_the_wastebasket_shows_on_the_next_start_page(alfa, login):
    cache.clear()
    client = login(alfa.users["office"])
    before, _html = _page(client, "alfa")
    kept = delete_row(dataclasses.replace(Actor.system(alfa.association), restorable=True),
                      _budget_line(alfa))
    removed, _html = _page(client, "alfa")
    assert kept is not None and removed.money.budget < before.money.budget
    records = queries.records_version(alfa.association)
    trash.restore(kept)
    board, _html = _page(client, "alfa")
    assert board.money.budget == before.money.budget
    assert queries.records_version(alfa.association) == records  # the economy's row only


def test_a_budget_save_renders_the_economy_tile_alone_again(alfa, login):
    cache.clear()
    client = login(alfa.users["office"])
    before = _response(client, "alfa").context
    _save_budget(alfa)
    after = _response(client, "alfa").context
    changed = {name for name, key in after["tile_keys"].items()
               if before["tile_keys"][name] != key}
    assert changed == {"money"}
    assert after["content_key"] != before["content_key"]


def test_a_records_change_renders_the_participant_tiles_alone_again(alfa, login):
    cache.clear()
    client = login(alfa.users["office"])
    before = _response(client, "alfa").context
    queries.records_changed(alfa.association)  # told, but the figures are as they were
    same = _response(client, "alfa").context
    assert same["content_key"] == before["content_key"]  # nothing rendered again
    _new_participation(alfa, True)
    after = _response(client, "alfa").context
    changed = {name for name, key in after["tile_keys"].items()
               if before["tile_keys"][name] != key}
    assert changed == {"people"}  # nobody finished: the work share is as it was


def test_a_tile_key_is_of_the_values_not_of_which_objects_hold_them():
    shared = "outcome"
    computed = {"measured_by": shared, "scenario": shared}
    read_back = {"measured_by": "".join(["out", "come"]), "scenario": "".join(["out", "come"])}
    assert content_key(computed) == content_key(read_back)
    assert content_key(computed) != content_key({**computed, "scenario": "forecast"})
