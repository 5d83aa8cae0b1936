"""A NUL byte in what a stranger types into an address: PostgreSQL refuses it in any string
it is given ("A string literal cannot contain NUL"), so a query string that reaches a filter
unchecked is a server error there, while SQLite answers. Every such place answers as to any
name it does not know."""

import datetime as dt

import pytest
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.finance.models import BudgetLine
from samsyn.periods.models import LateChange, SignedPeriod


@pytest.fixture
def office(alfa, login):
    return login(alfa.users["office"])


def test_the_search_of_a_forbund_takes_a_nul_as_nothing(office):
    response = office.get(reverse("association_search", args=["alfa"]), {"q": "Väg\x00en"})
    assert response.status_code == 200


def test_a_report_of_an_insats_named_with_a_nul_is_not_found(office):
    response = office.get(reverse("report_view", args=["alfa", "participants"]),
                          {"intervention": "vagen\x00"})
    assert response.status_code == 404


def test_the_accessibility_statement_takes_a_forbund_named_with_a_nul_as_none(db, client):
    response = client.get(reverse("accessibility_statement"), {"forbund": "alfa\x00"})
    assert response.status_code == 200


def test_a_survey_link_with_a_nul_is_one_that_does_not_work(db, client):
    assert client.get("/enkat/abc%00def/").status_code == 410


def test_an_invitation_link_with_a_nul_is_not_found(db, client):
    assert client.get("/konto/inbjudan/abc%00def/").status_code in (404, 410)


def test_the_api_refuses_an_insats_named_with_a_nul(alfa, client):
    _token, key = ApiToken.issue(alfa.users["analyst"], "test", second_factor=True)
    response = client.get(reverse("api_participations", args=["alfa"]),
                          {"intervention": "vagen\x00"}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400


def test_a_sign_in_with_a_nul_in_the_name_is_refused_as_a_wrong_password(db, client):
    response = client.post(reverse("login"), {"username": "alfa-office\x00",
                                              "password": "x"})
    assert response.status_code == 200


def test_an_administrators_reason_with_a_nul_removes_a_line_of_a_signed_year(alfa, client):
    SignedPeriod.objects.create(association=alfa.association, kind="annual-report",
                                start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31),
                                signed_by_name="kansli")
    line = alfa.extra["budget_line"]
    _token, key = ApiToken.issue(alfa.users["admin"], "test", second_factor=True)
    response = client.delete(reverse("api_budget_line", args=["alfa", line.pk])
                             + "?reason=R%C3%A4ttelse%00", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 204
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert LateChange.objects.get().reason == "Rättelse"
