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
from samsyn.finance import sie_import
from samsyn.finance.models import BudgetLine
from samsyn.finance.services import save_budget_line
from samsyn.interventions.services import save_goal
from samsyn.participants.models import Participant, Participation
from samsyn.participants.services import pseudonymiser, save_participation
from samsyn.periods import services as periods
from samsyn.reports import writes
from samsyn.reports.models import Decision, ReportText
from samsyn.reports.registry import get_kind
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
    ("a goal's target", _goal), ("survey answers in a batch", _survey_answers),
    ("a report text", _text), ("the board's decision", _decision), ("sign-off", _sign_off),
]


def _page(client: Any) -> Any:
    response = client.get(reverse("report_view", args=["alfa", "annual-report"]),
                          {"year": "2022"})
    assert response.status_code == 200
    return response


def _same(shown: Any, fresh: Any) -> None:
    assert shown.tables == fresh.tables
    assert shown.texts == fresh.texts
    assert shown.closing_texts == fresh.closing_texts
    assert shown.decision == fresh.decision
    assert shown.checks == fresh.checks


@pytest.mark.parametrize("role", ["office", "board"])
@pytest.mark.parametrize(("what", "write"), WRITES, ids=[w[0] for w in WRITES])
def test_every_kind_of_write_shows_on_the_next_annual_report_page(alfa, login, role, what,
                                                                   write):
    cache.clear()
    client = login(alfa.users[role])
    _page(client)  # every section kept
    write(alfa)
    shown = _page(client).context["report"]
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
