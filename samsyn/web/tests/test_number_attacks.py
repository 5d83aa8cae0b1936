"""Numbers a stranger types in an address or header: digits of other scripts.

Python's str.isdigit() takes "²" and "٣", which int() then refuses; every place that reads a
whole number from a query string or header must answer as it does to any malformed number
(404 for a page's year, 400 for the API), never with a server error.
"""

import pytest
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.finance.models import AccountRule

# A superscript two, Arabic-Indic digits and superscript digits of a year: str.isdigit() is
# true of each, int() takes only the second.
NOT_OUR_DIGITS = ["²", "²⁰²²", "٢٠٢٢x", "2⁰22"]


@pytest.fixture
def office(alfa, login):
    return login(alfa.users["office"])


@pytest.fixture
def keyed(alfa, client):
    _token, key = ApiToken.issue(alfa.users["office"], "test", second_factor=True)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


@pytest.mark.parametrize("raw", NOT_OUR_DIGITS)
@pytest.mark.parametrize("name", ["association_home", "report_list", "participants_home",
                                  "published_snapshots"])
def test_a_year_in_other_digits_is_a_page_not_found(office, name, raw):
    response = office.get(reverse(name, args=["alfa"]), {"year": raw})
    assert response.status_code == 404


@pytest.mark.parametrize("raw", NOT_OUR_DIGITS)
@pytest.mark.parametrize("name", ["intervention_list", "plan_list"])
def test_a_page_without_a_year_ignores_one_in_other_digits(office, name, raw):
    assert office.get(reverse(name, args=["alfa"]), {"year": raw}).status_code == 200


@pytest.mark.parametrize("raw", NOT_OUR_DIGITS)
def test_the_economy_ignores_a_year_in_other_digits(office, raw):
    response = office.get(reverse("finance_home", args=["alfa"]), {"year": raw, "split": raw})
    assert response.status_code == 200


@pytest.mark.parametrize("raw", NOT_OUR_DIGITS)
def test_the_national_view_refuses_a_year_in_other_digits(office, raw):
    assert office.get(reverse("national"), {"year": raw}).status_code == 404


@pytest.mark.parametrize("raw", NOT_OUR_DIGITS)
def test_the_api_refuses_a_year_in_other_digits(keyed, raw):
    response = keyed.get(reverse("api_interventions", args=["alfa"]), {"year": raw})
    assert response.status_code == 400 and "year" in response.json()["fields"]


@pytest.mark.parametrize("raw", NOT_OUR_DIGITS)
def test_the_api_has_no_page_in_other_digits(keyed, raw):
    response = keyed.get(reverse("api_interventions", args=["alfa"]), {"page": raw})
    assert response.status_code == 404


@pytest.mark.parametrize("raw", ["²⁰²²", "²⁰²²H1", "2⁰22T1"])
def test_the_report_api_refuses_a_period_in_other_digits(keyed, raw):
    response = keyed.get(reverse("api_report", args=["alfa", "interventions"]),
                         {"period": raw})
    assert response.status_code == 400 and "period" in response.json()["fields"]


@pytest.mark.parametrize("raw", ["²", "²⁰²²"])
def test_an_etag_in_other_digits_is_refused_and_nothing_written(alfa, keyed, raw):
    line = alfa.extra["budget_line"]
    response = keyed.patch(reverse("api_budget_line", args=["alfa", line.pk]),
                           {"label": "Ny"}, content_type="application/json",
                           HTTP_IF_MATCH=f'"{raw}"')
    assert response.status_code == 400 and "If-Match" in response.json()["fields"]
    line.refresh_from_db()
    assert line.label == "" and line.version == 0


@pytest.mark.parametrize("raw", ["²", "٣٤٠٠"])
def test_an_account_in_other_digits_is_a_field_error(alfa, office, raw):
    url = reverse("account_rule_create", args=["alfa"])
    response = office.post(url, {"first_account": raw, "last_account": "3999",
                                 "category": "individual"})
    assert response.status_code == 200
    assert "Ett kontonummer består bara av siffror" in response.content.decode()
    assert not AccountRule.objects.filter(association=alfa.association,
                                          last_account="3999").exists()


# An id beyond any integer column: SQLite cannot even bind it (OverflowError) and PostgreSQL
# refuses it; Django's multiple-choice field catches neither.
TOO_LARGE = "99999999999999999999"


@pytest.mark.parametrize("field", ["municipalities", "target_groups"])
def test_an_insats_with_an_id_too_large_for_the_database_is_a_field_error(alfa, office,
                                                                         field):
    response = office.post(reverse("intervention_create", args=["alfa"]),
                           {"name": "Ny insats", "slug": "ny-insats", "kind": "individual",
                            "start": "2024-01-01", field: [TOO_LARGE]})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not alfa.association.interventions.filter(slug="ny-insats").exists()


def test_a_membership_with_an_insats_id_too_large_for_the_database_is_a_field_error(
        alfa, login):
    admin = login(alfa.users["admin"])
    membership = alfa.memberships["staff"]
    response = admin.post(reverse("membership_edit", args=["alfa", membership.pk]),
                          {"role": "staff", "interventions": [TOO_LARGE]})
    assert response.status_code == 200
    assert "interventions" in response.context["form"].errors


def test_an_invitation_with_an_insats_id_too_large_for_the_database_is_a_field_error(
        alfa, login):
    admin = login(alfa.users["admin"])
    response = admin.post(reverse("membership_create", args=["alfa"]),
                          {"email": "ny@example.se", "role": "staff",
                           "interventions": [TOO_LARGE]})
    assert response.status_code == 200
    assert "interventions" in response.context["form"].errors


@pytest.mark.parametrize("year", [TOO_LARGE, "99999", "20000"])
def test_a_budget_line_of_a_year_beyond_any_date_is_a_field_error(alfa, login, year):
    admin = login(alfa.users["admin"])
    response = admin.post(reverse("budget_line_create", args=["alfa", 2022]),
                          {"year": year, "scenario": "budget", "category": "office_staff",
                           "amount": "1"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
