"""The "what is due" page: figures per insats and period, participations open too long, the
reports to adopt and their dates, the surveys to send; each role sees what it may."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samsyn.home import due_rules as rules
from samsyn.interventions.models import Intervention
from samsyn.reports.models import ReportVersion


def on_day(day):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def test_a_date_past_the_months_end_is_its_last_day():
    assert rules.on(2023, 2, 29) == dt.date(2023, 2, 28)
    assert rules.on(2024, 2, 29) == dt.date(2024, 2, 29)
    assert rules.on(2025, 4, 31) == dt.date(2025, 4, 30)
    assert rules.half_year_due(2025, 8, 31) == dt.date(2025, 8, 31)
    assert rules.annual_due(2025, 3, 31) == dt.date(2026, 3, 31)


@pytest.mark.parametrize(("today", "decided", "state"), [
    (dt.date(2025, 6, 30), None, rules.UPCOMING),
    (dt.date(2025, 7, 1), None, rules.DUE),
    (dt.date(2025, 8, 31), None, rules.DUE),
    (dt.date(2025, 9, 1), None, rules.OVERDUE),
    (dt.date(2025, 9, 1), dt.date(2025, 8, 20), rules.DECIDED),
])
def test_a_report_is_upcoming_then_due_then_late_until_adopted(today, decided, state):
    assert rules.report_state(dt.date(2025, 6, 30), dt.date(2025, 8, 31), decided,
                              today) == state


def test_a_report_is_reminded_of_a_month_ahead_and_when_late():
    due = dt.date(2025, 8, 31)
    assert rules.report_reminder(rules.DUE, due, dt.date(2025, 7, 31)) == ""
    assert rules.report_reminder(rules.DUE, due, dt.date(2025, 8, 1)) == "soon"
    assert rules.report_reminder(rules.OVERDUE, due, dt.date(2025, 9, 1)) == "overdue"
    assert rules.report_reminder(rules.DECIDED, due, dt.date(2025, 9, 1)) == ""


def test_a_period_is_missing_only_once_it_has_ended_while_the_insats_ran():
    jan = (dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    state = rules.period_state
    assert state(*jan, dt.date(2024, 1, 1), None, False, dt.date(2025, 2, 1)) == rules.MISSING
    assert state(*jan, dt.date(2024, 1, 1), None, True, dt.date(2025, 2, 1)) == rules.IN
    assert state(*jan, dt.date(2024, 1, 1), None, False, dt.date(2025, 1, 15)) == rules.RUNNING
    assert state(*jan, dt.date(2024, 1, 1), None, False, dt.date(2024, 12, 1)) == rules.FUTURE
    assert state(*jan, dt.date(2025, 2, 1), None, False, dt.date(2025, 3, 1)) == rules.OUTSIDE
    assert state(*jan, dt.date(2020, 1, 1), dt.date(2024, 12, 31), False,
                 dt.date(2025, 3, 1)) == rules.OUTSIDE
    assert not rules.period_reminded(rules.MISSING, jan[1], dt.date(2025, 2, 5))
    assert rules.period_reminded(rules.MISSING, jan[1], dt.date(2025, 2, 10))
    assert not rules.period_reminded(rules.MISSING, jan[1], dt.date(2026, 6, 1))


def test_a_survey_round_is_to_send_until_someone_is_invited_and_closing_in_its_last_weeks():
    closes = dt.date(2025, 5, 31)
    assert rules.survey_state(closes, 0, dt.date(2025, 4, 1)) == rules.TO_SEND
    assert rules.survey_state(closes, 10, dt.date(2025, 4, 1)) == rules.OPEN
    assert rules.survey_state(closes, 10, dt.date(2025, 5, 20)) == rules.CLOSING
    assert rules.survey_state(closes, 0, dt.date(2025, 6, 1)) == rules.CLOSED


@pytest.fixture
def year(alfa):
    """alfa in 2022: Vägen vidare (a participation open since 1 February, usual time 30
    days) and a new individual insats with nothing recorded."""
    alfa.intervention.usual_duration_days = 30
    alfa.intervention.save()
    quiet = Intervention.objects.create(association=alfa.association, slug="tyst",
                                        name="Tyst insats", kind="individual",
                                        start=dt.date(2022, 1, 1))
    alfa.extra["quiet"] = quiet
    return alfa


def _page(client, year=2022):
    return client.get(reverse("due", args=["alfa"]), {"year": year}).content.decode()


def _row(page, name):
    return page.split(name, 1)[1].split("</tr>", 1)[0]


def test_the_office_sees_which_periods_each_insats_has_reported(year, login):
    with on_day(dt.date(2022, 9, 15)):
        page = _page(login(year.users["office"]))
    assert "<h1>Att lämna 2022</h1>" in page
    assert "Januari–juni 2022" in page and "Helåret 2022" in page
    vagen = _row(page, ">Vägen vidare</a>")
    assert vagen.count(">Inne<") == 3  # both halves and the year: the participation runs on
    quiet = _row(page, ">Tyst insats</a>")
    assert quiet.count(">Saknas<") == 1 and quiet.count(">Pågår<") == 2
    assert "Samverkan i nätverk" not in page  # a structural insats reports no participants


def test_open_participations_past_the_usual_time_link_to_the_register_for_its_readers(
        year, login):
    register = reverse("participation_list", args=["alfa", "vagen-vidare"])
    with on_day(dt.date(2022, 9, 15)):
        analyst = _page(login(year.users["analyst"]))
        staff = _page(login(year.users["staff"]))
        office = _page(login(year.users["office"]))
        board = _page(login(year.users["board"]))
    assert f'<a href="{register}">1<' in analyst
    assert f'<a href="{register}">1<' in staff
    assert register not in office and '<td class="num">1</td>' in _row(office, "Vägen vidare")
    # The board gets the count as published: 1 is below the threshold.
    assert register not in board
    assert _row(board, "Vägen vidare").endswith('<td class="num">x</td>')


def test_staff_see_only_their_own_insatser(year, login):
    with on_day(dt.date(2022, 9, 15)):
        page = _page(login(year.users["staff"]))
    assert "Vägen vidare" in page and "Tyst insats" not in page


def test_the_half_year_report_is_late_after_the_forbunds_own_date(year, login):
    client = login(year.users["office"])
    with on_day(dt.date(2022, 9, 15)):
        page = _page(client)
    assert "2022-08-31" in _row(page, "Halvårsrapport 2022")
    assert "Försenad: inte fastställd" in _row(page, "Halvårsrapport 2022")
    assert "2023-03-31" in _row(page, "Årsredovisning 2022")
    assert "Perioden har inte tagit slut" in _row(page, "Årsredovisning 2022")
    year.association.half_year_due_month, year.association.half_year_due_day = 9, 30
    year.association.save()
    with on_day(dt.date(2022, 9, 15)):
        page = _page(client)
    assert "2022-09-30" in page and "Ska fastställas nu" in _row(page, "Halvårsrapport 2022")
    ReportVersion.objects.create(association=year.association, kind="half-year", year=2022,
                                 decided=dt.date(2022, 9, 14), figures={})
    with on_day(dt.date(2022, 9, 15)):
        page = _page(client)
    assert "Fastställd 2022-09-14" in _row(page, "Halvårsrapport 2022")


def test_a_survey_round_no_one_is_invited_to_is_to_send(year, login):
    with on_day(dt.date(2022, 9, 15)):
        page = _page(login(year.users["office"]))
    assert "Ingen inbjuden ännu" in page


def test_a_date_the_month_does_not_have_is_refused(alfa):
    alfa.association.annual_due_month, alfa.association.annual_due_day = 2, 30
    with pytest.raises(ValidationError) as refused:
        alfa.association.full_clean()
    assert "Månaden har ingen sådan dag." in str(refused.value)


def test_the_start_page_and_the_menu_lead_to_the_page(alfa, login):
    page = login(alfa.users["board"]).get(reverse("association_home", args=["alfa"]))
    text = page.content.decode()
    url = reverse("due", args=["alfa"])
    assert f'href="{url}?year=2022">Allt som ska lämnas</a>' in text
    assert f'<li><a href="{url}">Att lämna</a></li>' in text


def test_the_start_pages_tile_names_each_reports_date(alfa, login):
    alfa.association.half_year_due_month, alfa.association.half_year_due_day = 9, 15
    alfa.association.save()
    page = login(alfa.users["office"]).get(reverse("association_home", args=["alfa"]))
    text = page.content.decode()
    assert "inte beslutad än, ska lämnas senast 2022-09-15" in text
    assert "inte beslutad än, ska lämnas senast 2023-03-31" in text
