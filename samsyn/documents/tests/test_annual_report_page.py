"""The annual report page keeps each section of the document under the parts of the
förbund's data it reads (reports/kept.py, documents/builders.READS): whatever is written,
the next page shows what a report built afresh shows, for the kansli and for the board (the
published version), and a write to one part builds only the sections that read it."""

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.documents import annual_outline, builders, in_figures
from samsyn.documents.year_before import year_before
from samsyn.finance import reports as finance_reports
from samsyn.finance import sie_import
from samsyn.finance.models import BudgetLine
from samsyn.finance.services import save_budget_line
from samsyn.interventions.services import record_follow_up, save_goal
from samsyn.participants import queries
from samsyn.participants.models import Participant, Participation
from samsyn.participants.reports import participant_counts
from samsyn.participants.services import pseudonymiser, save_participation
from samsyn.periods import services as periods
from samsyn.reports import writes
from samsyn.reports.document import ReportParams
from samsyn.reports.models import Decision, ReportText
from samsyn.reports.registry import get_kind
from samsyn.reports.render import tables_html
from samsyn.reports.services import build_report
from samsyn.surveys.models import PendingResponse
from samsyn.surveys.services import flush_pending

SIE = Path(__file__).resolve().parents[2] / "finance" / "tests" / "sie" / "Sie4.se"


def _participation(world: Any) -> None:
    a = world.association
    person = Participant.objects.create(association=a,
                                        pseudonym=pseudonymiser(a)("19950505-0006"))
    save_participation(Actor.system(a), Participation(
        intervention=world.intervention, participant=person, gender="man", birth_year=1995,
        municipality=world.members["kommun"], referrer="kaa", referrer_category="kommun",
        start_date=dt.date(2022, 5, 2), support_at_start="forsorjningsstod",
        support_time="1-3", consent_date=dt.date(2022, 5, 2)))


def _budget(world: Any) -> None:
    line = BudgetLine.objects.get(association=world.association, year=2022, scenario="budget",
                                  category="office_staff")
    line.amount = Decimal(400_000)
    save_budget_line(Actor.system(world.association), line)


def _sie_import(world: Any) -> None:
    # A year of bookkeeping (the year the file holds): the statements and notes of that year.
    preview = sie_import.read(world.association, SIE.read_bytes(), "Sie4.se")
    sie_import.store(world.association, preview, accept_unbalanced=True, accept_other=True)


def _goal(world: Any) -> None:
    goal = world.goal
    goal.refresh_from_db()
    goal.target = Decimal(70)
    save_goal(Actor.system(world.association), goal)


def _follow_up(world: Any) -> None:
    # The goal fulfilment section reads the plan alone (builders.READS): its follow-up too.
    record_follow_up(2, [(world.plan_goal, "met", "Klart", "", None)],
                     actor=Actor.system(world.association))


def _survey_answers(world: Any) -> None:
    survey = world.extra["survey_round"]
    PendingResponse.objects.create(round=survey, answers={})
    flush_pending(dt.date(2022, 6, 1), rounds=[survey], force=True)


def _text(world: Any) -> None:
    writes.save_report_text(Actor.system(world.association), ReportText(
        association=world.association, kind="annual-report", year=2022,
        foreword="Ett år av samverkan."))


def _decision(world: Any) -> None:
    writes.save_decision(Actor.system(world.association), Decision(
        association=world.association, kind="annual-report", year=2022,
        decided=dt.date(2023, 3, 20), place="Alfa"))


def _sign_off(world: Any) -> None:
    periods.sign(world.association, None, "annual-report", dt.date(2022, 1, 1),
                 dt.date(2022, 12, 31))


WRITES: list[tuple[str, Callable[[Any], None]]] = [
    ("a participation", _participation), ("a budget line", _budget),
    ("an SIE import", _sie_import),
    ("a goal's target", _goal), ("a follow-up of the plan", _follow_up),
    ("survey answers in a batch", _survey_answers),
    ("a report text", _text), ("the board's decision", _decision), ("sign-off", _sign_off),
]


def _page(client: Any) -> Any:
    response = client.get(reverse("report_view", args=["alfa", "annual-report"]),
                          {"year": "2022"})
    assert response.status_code == 200
    return response


def _same(response: Any, fresh: Any) -> None:
    # The page keeps its rendered markup, not the report (reports/page.py): the tables,
    # texts, decision and checks it shows are those of a report built now.
    assert str(response.context["tables_html"]) == str(tables_html(fresh))


@pytest.mark.parametrize("role", ["office", "board"])
@pytest.mark.parametrize(("what", "write"), WRITES, ids=[w[0] for w in WRITES])
def test_every_kind_of_write_shows_on_the_next_annual_report_page(alfa, login, role, what,
                                                                   write):
    cache.clear()
    client = login(alfa.users[role])
    _page(client)  # every section kept
    write(alfa)
    shown = _page(client)
    fresh = build_report(get_kind("annual-report"), Scope(alfa.association), 2022,
                         publish=role == "board")
    _same(shown, fresh)


def test_a_budget_save_builds_fewer_sections_than_a_write_of_every_part(alfa, login):
    cache.clear()
    client = login(alfa.users["office"])
    _page(client)
    _budget(alfa)
    with CaptureQueriesContext(connection) as budget:
        _page(client)
    _participation(alfa)  # records only: the economy's sections stay kept
    with CaptureQueriesContext(connection) as records:
        _page(client)
    _sign_off(alfa)  # reports: the office's sections read none of its rows
    with CaptureQueriesContext(connection) as every:
        cache.clear()
        _page(client)
    assert len(budget) < len(every)
    assert len(records) < len(every)


def _spy(monkeypatch: Any, owner: Any, name: str) -> list[Any]:
    """Calls of `owner.name` from now on, each still answered by the function itself."""
    calls: list[Any] = []
    real = getattr(owner, name)

    def spied(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, spied)
    return calls


def _people_reads(monkeypatch: Any) -> dict[str, list[Any]]:
    # The year in figures' people rows, the year before and the inflow chart.
    return {name: _spy(monkeypatch, queries, name)
            for name in ("first_year", "stated_totals", "new_per_year", "new_per_intervention")}


def _money_reads(monkeypatch: Any) -> dict[str, list[Any]]:
    # Earlier years, the year in figures' money rows and the outline's economy sentence.
    return {"five_year_table": _spy(monkeypatch, finance_reports, "five_year_table"),
            "economy_rows": _spy(monkeypatch, in_figures, "economy_rows"),
            "operations": _spy(monkeypatch, annual_outline, "operations")}


def test_a_budget_save_reads_no_participant_figures_on_the_next_page(alfa, login, monkeypatch):
    cache.clear()
    client = login(alfa.users["office"])
    _page(client)
    _budget(alfa)
    people = _people_reads(monkeypatch)
    money = _money_reads(monkeypatch)
    texts = _spy(monkeypatch, builders, "_report_rows")
    _page(client)
    assert {name: len(calls) for name, calls in people.items()} == dict.fromkeys(people, 0)
    assert texts == []  # the texts, the decision and the adopted version: the reports' rows
    # The economy's own pieces are built again: the write shows.
    assert money["five_year_table"] and money["economy_rows"] and money["operations"]


def test_a_new_participation_reads_no_economy_for_the_year_in_figures_or_earlier_years(
        alfa, login, monkeypatch):
    cache.clear()
    client = login(alfa.users["office"])
    _page(client)
    _participation(alfa)
    money = _money_reads(monkeypatch)
    people = _people_reads(monkeypatch)
    _page(client)
    assert {name: len(calls) for name, calls in money.items()} == dict.fromkeys(money, 0)
    assert people["first_year"] and people["stated_totals"]


def test_the_year_before_and_the_inflow_chart_count_the_new_in_one_statement(alfa, login,
                                                                              monkeypatch):
    cache.clear()
    client = login(alfa.users["office"])
    computed = _spy(monkeypatch, queries, "compute")
    with CaptureQueriesContext(connection) as seen:
        _page(client)
    counting = [q["sql"] for q in seen.captured_queries if "AS started GROUP BY" in q["sql"]]
    assert len(counting) == 1
    # The year's own figures only: the year before is no longer a report of its own.
    assert [args[1] for args in computed] == [queries.year(2022)]


def test_the_year_before_gives_the_register_s_figures_as_that_year_s_report_counts_them(alfa):
    _participation(alfa)
    scope = Scope(alfa.association)
    params = ReportParams(scope=scope, year=2023, start=dt.date(2023, 1, 1),
                          end=dt.date(2023, 12, 31))
    shown = year_before(params)
    counted = participant_counts(ReportParams(scope=scope, year=2022,
                                              start=dt.date(2022, 1, 1),
                                              end=dt.date(2022, 12, 31))).data
    total = next(r for r in shown.tables[0].rows if r["_key"] == "association")
    assert total["value"] == counted["total"]["new"]["total"]
    assert total["value"] > 0


def test_the_first_view_after_each_kind_of_write_stays_within_its_statements(alfa, login):
    # Bounds, not times (docs/benchmarks.md, round 16): before the year in figures, earlier
    # years, the charts, the year before and the texts were kept by what they read, and the
    # economy's imports and lines read once, this world's page took 119 statements after a
    # budget save, 89 after a participation and 151 after a goal's target; now 46, 53, 77.
    cache.clear()
    client = login(alfa.users["office"])
    _page(client)
    seen = {}
    for name, write in (("budget", _budget), ("records", _participation), ("plan", _goal)):
        write(alfa)
        with CaptureQueriesContext(connection) as statements:
            _page(client)
        seen[name] = len(statements)
    with CaptureQueriesContext(connection) as repeated:
        _page(client)
    assert seen["budget"] <= 50
    assert seen["records"] <= 55
    assert seen["plan"] <= 80
    assert len(repeated) <= 5


def test_a_write_draws_again_only_the_parts_that_read_what_it_wrote(alfa, login, monkeypatch):
    # The page keeps each part drawn (its tables' markup) under the parts of the data it
    # reads, and joins the page from them: survey answers draw the indicator tables again
    # and no other part's, and the page is still the document built now.
    cache.clear()
    client = login(alfa.users["office"])
    drawn = _spy(monkeypatch, builders, "drawn_table")
    _page(client)
    assert {t.key.split(".", 1)[0] for (t,) in drawn} >= {"participants", "indicators",
                                                          "operations"}
    drawn.clear()
    _survey_answers(alfa)
    shown = _page(client)
    assert drawn and {t.key.split(".", 1)[0] for (t,) in drawn} == {"indicators"}
    _same(shown, build_report(get_kind("annual-report"), Scope(alfa.association), 2022))


def test_a_page_of_a_document_the_board_adopted_compares_every_figure(alfa, login,
                                                                      monkeypatch):
    # A version frozen as adopted is compared with the figures of the document now, which a
    # drawn part no longer holds: that page is built of the parts themselves.
    cache.clear()
    client = login(alfa.users["office"])
    response = client.post(reverse("report_freeze", args=["alfa", "annual-report"]) +
                           "?year=2022", {"decided": "2023-03-20"})
    assert response.status_code == 302
    _budget(alfa)
    drawn = _spy(monkeypatch, builders, "drawn_table")
    shown = _page(client)
    fresh = build_report(get_kind("annual-report"), Scope(alfa.association), 2022)
    # The budget line differs from the adopted version: the kansli's checks say so.
    assert fresh.adopted and len(fresh.checks) > 1
    _same(shown, fresh)
    assert drawn == []
