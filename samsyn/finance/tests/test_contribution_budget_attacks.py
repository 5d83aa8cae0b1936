"""Attacks on the step that writes decided contributions as budget income lines: a signed-off
year, a forged or stale preview, another förbund, a year no database holds."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from samsyn.finance.contribution_budget import proposal
from samsyn.finance.models import BudgetLine, Contribution, ContributionYear
from samsyn.periods.models import SignedPeriod


def url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


def decide_2023(world):
    year = ContributionYear.objects.create(association=world.association, year=2023,
                                           total=Decimal(900_000),
                                           decided=dt.date(2022, 11, 24))
    for key, amount in (("fk", 450_000), ("region", 225_000), ("kommun", 225_000)):
        Contribution.objects.create(contribution_year=year, member=world.members[key],
                                    amount=Decimal(amount))
    return year


def contribution_lines(world, year=2023):
    return BudgetLine.objects.filter(association=world.association, year=year,
                                     category="contribution")


@pytest.mark.parametrize("role", ["office", "admin"])
def test_no_line_is_written_into_a_signed_off_year(alfa, login, role):
    decide_2023(alfa)
    SignedPeriod.objects.create(association=alfa.association, kind="annual-report",
                                start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31),
                                signed_by_name="kansli")
    fingerprint = proposal(alfa.association, 2023).fingerprint
    response = login(alfa.users[role]).post(url(alfa, "budget_contributions", 2023),
                                            {"fingerprint": fingerprint}, follow=True)
    assert response.status_code == 200
    assert "2023-01-01–2023-12-31" in response.content.decode()
    assert not contribution_lines(alfa).exists()


@pytest.mark.parametrize("fingerprint", ["", "0" * 32, "x" * 5000])
def test_a_forged_preview_writes_nothing(alfa, login, fingerprint):
    decide_2023(alfa)
    response = login(alfa.users["office"]).post(url(alfa, "budget_contributions", 2023),
                                                {"fingerprint": fingerprint})
    assert response.status_code == 302
    assert not contribution_lines(alfa).exists()


def test_a_preview_made_before_another_line_was_typed_writes_nothing(alfa, login):
    decide_2023(alfa)
    fingerprint = proposal(alfa.association, 2023).fingerprint
    BudgetLine.objects.create(association=alfa.association, year=2023, scenario="budget",
                              category="contribution", member=alfa.members["fk"],
                              amount=Decimal(1))
    login(alfa.users["office"]).post(url(alfa, "budget_contributions", 2023),
                                     {"fingerprint": fingerprint})
    assert [line.amount for line in contribution_lines(alfa)] == [Decimal(1)]


def test_another_förbund_neither_reaches_nor_writes_the_proposal(alfa, beta, login):
    decide_2023(alfa)
    fingerprint = proposal(alfa.association, 2023).fingerprint
    office = login(beta.users["office"])
    assert office.post(url(alfa, "budget_contributions", 2023),
                       {"fingerprint": fingerprint}).status_code == 404
    office.post(url(beta, "budget_contributions", 2023), {"fingerprint": fingerprint})
    assert not contribution_lines(alfa).exists() and not contribution_lines(beta).exists()


def test_a_year_past_any_database_integer_is_not_an_error_page(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(f"/f/alfa/ekonomi/budget/{'9' * 25}/medlemsbidrag/",
                           {"fingerprint": ""})
    assert response.status_code in (302, 404)
