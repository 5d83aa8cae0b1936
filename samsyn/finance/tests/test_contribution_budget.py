"""Decided contributions become the budget's income lines in one step (issue 28)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from samsyn.audit.models import AuditEntry
from samsyn.finance.checks import discrepancies
from samsyn.finance.contribution_budget import CREATE, KEEP, MANUAL, UPDATE, plan, proposal
from samsyn.finance.models import BudgetLine, Contribution, ContributionYear

NBSP = "\u00a0"
D = Decimal


def url(world, name, *args):
    return reverse(name, args=[world.association.slug, *args])


def decide_2023(world, amounts=(("fk", 600_000), ("region", 300_000), ("kommun", 300_000))):
    year = ContributionYear.objects.create(association=world.association, year=2023,
                                           total=D(sum(a for _k, a in amounts)),
                                           decided=dt.date(2022, 11, 24))
    for key, amount in amounts:
        Contribution.objects.create(contribution_year=year, member=world.members[key],
                                    amount=D(amount))
    BudgetLine.objects.create(association=world.association, year=2023, scenario="budget",
                              category="office_staff", amount=D(300_000))
    return year


def contribution_lines(world, year=2023):
    return {line.member.name: line.amount for line in BudgetLine.objects.filter(
        association=world.association, year=year, scenario="budget", category="contribution")}


def test_the_plan_creates_changes_keeps_or_leaves_several_lines_to_the_kansli():
    steps = plan({1: D(10), 2: D(20), 3: D(30), 4: D(40), 5: D(50)},
                 {2: [D(25)], 3: [D(30)], 4: [D(15), D(20)], 5: [D(20), D(30)]})
    assert [s.action for s in steps] == [CREATE, UPDATE, KEEP, MANUAL, KEEP]


def test_the_budget_page_says_the_budget_takes_up_no_contributions_and_offers_the_step(
        alfa, login):
    decide_2023(alfa)
    page = login(alfa.users["office"]).get(url(alfa, "budget_overview", 2023)).content.decode()
    assert (f"Budgeten tar upp 0 kr i medlemsbidrag; beslutat är 1{NBSP}200{NBSP}000 kr."
            in page)
    assert "Föreslå medlemsbidrag som intäkter" in page
    board = login(alfa.users["board"]).get(url(alfa, "budget_overview", 2023)).content.decode()
    assert "Budgeten tar upp 0 kr" in board and "Föreslå medlemsbidrag" not in board


def test_the_report_checks_name_a_budget_without_contributions(alfa):
    decide_2023(alfa)
    found = [d for d in discrepancies(alfa.association, 2023)
             if d.what.startswith("Budgeted contributions")
             or d.what.startswith("Budgeterade medlemsbidrag")]
    assert [(d.typed, d.computed) for d in found] == [(D(0), D(1_200_000))]


def test_confirming_the_preview_creates_one_income_line_per_member_logged(alfa, login):
    decide_2023(alfa)
    client = login(alfa.users["office"])
    page = client.get(url(alfa, "budget_contributions", 2023)).content.decode()
    assert "Försäkringskassan" in page and "En ny rad" in page
    assert contribution_lines(alfa) == {}  # the preview writes nothing
    found = proposal(alfa.association, 2023)
    response = client.post(url(alfa, "budget_contributions", 2023),
                           {"fingerprint": found.fingerprint})
    assert response.status_code == 302
    assert contribution_lines(alfa) == {"Försäkringskassan": D(600_000),
                                        "Region Test": D(300_000),
                                        "Alfa kommun": D(300_000)}
    assert AuditEntry.objects.filter(action="save", object_type="finance.BudgetLine",
                                     username=alfa.users["office"].username).count() == 3
    page = client.get(url(alfa, "budget_overview", 2023)).content.decode()
    assert "Budgeten tar upp" not in page


def test_a_line_that_differs_is_changed_with_its_version_raised(alfa, login):
    decide_2023(alfa)
    line = BudgetLine.objects.create(association=alfa.association, year=2023,
                                     scenario="budget", category="contribution",
                                     member=alfa.members["fk"], amount=D(500_000))
    client = login(alfa.users["office"])
    found = proposal(alfa.association, 2023)
    client.post(url(alfa, "budget_contributions", 2023), {"fingerprint": found.fingerprint})
    line.refresh_from_db()
    assert line.amount == D(600_000) and line.version == 1
    assert len(contribution_lines(alfa)) == 3


def test_a_confirmation_of_an_older_preview_writes_nothing(alfa, login):
    decide_2023(alfa)
    client = login(alfa.users["office"])
    found = proposal(alfa.association, 2023)
    BudgetLine.objects.create(association=alfa.association, year=2023, scenario="budget",
                              category="contribution", member=alfa.members["fk"],
                              amount=D(1))
    response = client.post(url(alfa, "budget_contributions", 2023),
                           {"fingerprint": found.fingerprint}, follow=True)
    assert "ändrats sedan" in response.content.decode()
    assert contribution_lines(alfa) == {"Försäkringskassan": D(1)}


def test_staff_and_the_board_cannot_take_the_step(alfa, login):
    decide_2023(alfa)
    found = proposal(alfa.association, 2023)
    for role in ("board", "staff"):
        response = login(alfa.users[role]).post(url(alfa, "budget_contributions", 2023),
                                                {"fingerprint": found.fingerprint})
        assert response.status_code in (403, 404)
    assert contribution_lines(alfa) == {}
