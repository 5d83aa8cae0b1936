"""Attacks on the förbund's goals for sound financial management: two people editing one
goal at once, and years no annual report can have."""

import html
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.finance.models import ManagementGoal
from samsyn.testing import log_in_verified


@pytest.fixture
def goal(alfa):
    # From 2020: a goal without a first year also holds for the test förbund's signed-off
    # 2010, and a change of it is refused as a change of that year's report would be.
    return ManagementGoal.objects.create(association=alfa.association, goal="Balans",
                                         measure="result", target=Decimal(0), first_year=2020)


def _url(goal):
    return reverse("management_goal_edit", args=[goal.association.slug, goal.pk])


def _fields(page):
    form = page.context["form"]
    return {name: "" if form[name].value() is None else form[name].value()
            for name in form.fields}


def _text(page):
    return html.unescape(page.content.decode()).replace("\u00a0", " ")


def test_a_stale_save_of_a_goal_is_refused_and_loses_nothing(alfa, goal):
    first = log_in_verified(Client(), alfa.users["office"])
    other = log_in_verified(Client(), alfa.users["admin"])
    mine, theirs = _fields(first.get(_url(goal))), _fields(other.get(_url(goal)))
    mine["goal"] = "Ett positivt resultat"
    theirs["target"] = "50000"
    assert first.post(_url(goal), mine).status_code == 302
    refused = other.post(_url(goal), theirs)

    assert refused.status_code == 409
    assert "ändrade Mål från Balans till Ett positivt resultat medan du redigerade" in (
        _text(refused))
    goal.refresh_from_db()
    assert (goal.goal, goal.target) == ("Ett positivt resultat", Decimal(0))


@pytest.mark.parametrize("year", ["0", "1", "2003", "2101", "20000", "32768",
                                  "99999999999999999999", "-1"])
@pytest.mark.parametrize("field", ["first_year", "last_year"])
def test_a_goal_for_a_year_no_report_has_is_a_field_error(alfa, login, goal, field, year):
    office = login(alfa.users["office"])
    data = {**_fields(office.get(_url(goal))), field: year}
    refused = office.post(_url(goal), data)

    assert refused.status_code == 200 and field in refused.context["form"].errors
    goal.refresh_from_db()
    assert getattr(goal, field) == {"first_year": 2020, "last_year": None}[field]
