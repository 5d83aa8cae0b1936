"""A report asked for figures that cannot be published yet (a year to come, a running year of
which nothing has ended, periods the förbund does not publish) says why, never fails."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from samsyn.reports.models import ReportVersion

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(autouse=True)
def _today():
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield


def report_url(slug: str, kind: str) -> str:
    return reverse("report_view", args=[slug, kind])


@pytest.mark.parametrize("kind", ["participants", "annual-report", "half-year",
                                  "business-plan", "interventions"])
def test_the_board_asking_for_a_year_to_come_gets_the_reason_and_an_ended_year(alfa, login,
                                                                              kind):
    response = login(alfa.users["board"]).get(report_url("alfa", kind), {"year": 2028})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Inga publicerade siffror ännu för 2028-01-01–2028-12-31" in html
    # The latest year with records that has ended is shown instead, and the page says so.
    assert response.context["year"] == 2022
    assert "Hela året 2022 visas i stället." in html


def test_a_download_of_a_year_to_come_is_refused_with_the_reason(alfa, login):
    client = login(alfa.users["board"])
    response = client.get(report_url("alfa", "participants"), {"year": 2031, "format": "json"})
    assert response.status_code == 409
    assert "Inga publicerade siffror ännu" in response.content.decode()


def test_the_api_refuses_a_year_to_come_with_the_reason(alfa, login):
    client = login(alfa.users["board"])
    url = reverse("api_report", args=["alfa", "annual-report"])
    response = client.get(url, {"year": 2028})
    assert response.status_code == 409
    assert "Inga publicerade siffror ännu" in response.json()["detail"]


def test_a_half_year_report_where_only_whole_years_are_published_says_why(alfa, login):
    alfa.association.published_periods = "year"
    alfa.association.save()
    client = login(alfa.users["board"])
    for year in (2022, 2026, 2028):
        response = client.get(report_url("alfa", "half-year"), {"year": year})
        assert response.status_code == 200, year
        html = response.content.decode()
        assert "Publicerade siffror ges bara för helår" in html
        assert "Inget av rapporten kan publiceras" in html
    response = client.get(report_url("alfa", "half-year"), {"year": 2022, "format": "json"})
    assert response.status_code == 409


def test_freezing_a_published_report_of_a_year_to_come_is_refused_in_the_form(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("report_freeze", args=["alfa", "annual-report"]) + "?year=2028"
    response = client.post(url, {"decided": "2026-12-01", "published": "on"})
    assert response.status_code == 200
    assert "Inga publicerade siffror ännu" in response.content.decode()
    assert not ReportVersion.objects.filter(association=alfa.association, year=2028).exists()
