"""Errors in Swedish, inside the layout, saying why and where to go."""

from django.test import RequestFactory
from django.urls import reverse

from samsyn.errors import server_error


def test_a_refused_page_says_which_role_may_and_whom_to_ask(alfa, login):
    response = login(alfa.users["board"]).get(reverse("participations_import", args=["alfa"]))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Bara insatsens personal för dess deltagarregister" in html
    assert "page-header" in html  # inside the layout
    assert reverse("association_home", args=["alfa"]) in html


def test_an_office_only_page_says_the_office_changes_it(alfa, login):
    response = login(alfa.users["board"]).get(reverse("intervention_create", args=["alfa"]))
    assert response.status_code == 403
    assert "Bara kansliet och administratörer ändrar det här" in response.content.decode()


def test_a_missing_page_is_a_swedish_page_with_a_way_back(alfa, login):
    response = login(alfa.users["office"]).get("/f/alfa/finns-inte/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Sidan finns inte" in html and "page-header" in html
    assert 'href="/"' in html


def test_a_missing_api_address_stays_json(alfa, login):
    response = login(alfa.users["office"]).get("/api/v1/finns-inte/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_server_error_page_needs_no_database_and_speaks_swedish():
    # No database fixture: a query here would fail the test, as a broken database would.
    response = server_error(RequestFactory().get("/f/alfa/"))
    assert response.status_code == 500
    assert "Något gick fel hos oss" in response.content.decode()
