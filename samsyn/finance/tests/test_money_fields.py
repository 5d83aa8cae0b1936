"""The economy's forms take and show amounts as people in Sweden write them (issue 28)."""

from decimal import Decimal

from django.urls import reverse

from samsyn.finance.contributions import ContributionError, decide, split_for
from samsyn.finance.models import BudgetLine, ContributionYear

NBSP = "\u00a0"


def url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


def test_a_budget_line_takes_spaces_and_a_decimal_comma(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(url(alfa, "budget_line_create", 2023), {
        "year": "2023", "scenario": "budget", "category": "office_staff",
        "amount": f"2 752{NBSP}184,50"})
    assert response.status_code == 302
    line = BudgetLine.objects.get(association=alfa.association, year=2023)
    assert line.amount == Decimal("2752184.50")
    page = client.get(url(alfa, "budget_line_edit", line.pk)).content.decode()
    assert f'value="2{NBSP}752{NBSP}184,50"' in page
    assert "2752184.50" not in page


def test_a_wrong_amount_gets_a_swedish_message_not_an_error_page(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(url(alfa, "budget_line_create", 2023), {
        "year": "2023", "scenario": "budget", "category": "office_staff",
        "amount": "två miljoner"})
    assert response.status_code == 200
    assert "Skriv ett belopp i kronor" in response.content.decode()


def test_the_equity_form_shows_no_decimal_point(alfa, login):
    page = login(alfa.users["office"]).get(url(alfa, "finance_year_edit", 2022)).content
    assert f'value="200{NBSP}000"'.encode() in page


def test_the_split_preview_names_member_kinds_in_swedish(alfa, login):
    page = login(alfa.users["office"]).get(url(alfa, "contribution_year", 2022),
                                           {"total": "1 000 000"}).content.decode()
    assert "<td>Region</td>" in page and "<td>Kommun</td>" in page
    assert "<td>kommun</td>" not in page and "<td>state</td>" not in page


def test_a_decision_needs_its_date_on_the_page_and_in_the_service(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(url(alfa, "contribution_decide", 2023), {"total": "1 200 000"})
    assert "Ange datum för medlemmarnas beslut." in response.content.decode()
    assert not ContributionYear.objects.filter(association=alfa.association,
                                               year=2023).exists()
    split = split_for(alfa.association, 2023, 1_200_000)
    try:
        decide(alfa.association, split, None)
    except ContributionError as refused:
        assert "Ange datum" in str(refused)
    else:
        raise AssertionError("a decision without a date was stored")
