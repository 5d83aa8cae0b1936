"""Optimistic locking: of two people saving the same row, the second is told, not overwritten."""

from decimal import Decimal

import pytest
from django.urls import reverse

from samsyn.finance.models import BudgetLine


def _fields(page):
    """The form's values as the browser would send them back (hidden version included)."""
    form = page.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def test_the_second_save_of_a_budget_line_is_a_conflict(alfa, login):
    line = alfa.extra["budget_line"]
    url = reverse("budget_line_edit", args=["alfa", line.pk])
    first = login(alfa.users["office"])
    mine = _fields(first.get(url))
    theirs = _fields(first.get(url))
    mine["amount"], theirs["amount"] = "1000", "2000"
    assert first.post(url, mine).status_code == 302
    conflict = first.post(url, theirs)
    assert conflict.status_code == 409
    assert "Någon annan sparade" in conflict.content.decode()
    line.refresh_from_db()
    assert (line.amount, line.version) == (Decimal(1000), 1)


@pytest.mark.parametrize("name", ["plan_edit", "goal_edit", "plan_goal_edit"])
def test_plans_and_goals_refuse_a_stale_save(alfa, login, name):
    args = {"plan_edit": ["alfa", alfa.plan.year],
            "goal_edit": ["alfa", alfa.intervention.slug, alfa.goal.pk],
            "plan_goal_edit": ["alfa", alfa.plan.year, alfa.plan_goal.pk]}[name]
    url = reverse(name, args=args)
    client = login(alfa.users["office"])
    stale = _fields(client.get(url))
    assert client.post(url, _fields(client.get(url))).status_code == 302
    assert client.post(url, stale).status_code == 409


def test_a_script_without_the_version_field_still_saves(alfa, login):
    line = alfa.extra["budget_line"]
    url = reverse("budget_line_edit", args=["alfa", line.pk])
    client = login(alfa.users["office"])
    data = _fields(client.get(url))
    del data["row_version"]
    assert client.post(url, data).status_code == 302
    assert BudgetLine.objects.get(pk=line.pk).version == 1
