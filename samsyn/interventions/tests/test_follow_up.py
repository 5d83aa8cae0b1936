"""The plan followed up per half-year, as Stratsys users follow theirs."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samsyn.interventions.follow_up import ACTIVITY_STATUSES, GOAL_STATUSES, fulfilment
from samsyn.interventions.models import Activity, FollowUp, PlanGoal
from samsyn.interventions.services import record_follow_up


@given(st.lists(st.sampled_from([*GOAL_STATUSES, *ACTIVITY_STATUSES, None, "x"])),
       st.sampled_from(["goal", "activity"]))
def test_fulfilment_counts_every_goal_once(statuses, kind):
    counts = fulfilment(statuses, kind)
    assert sum(counts.values()) == len(statuses)
    assert set(counts) == {*(GOAL_STATUSES if kind == "goal" else ACTIVITY_STATUSES), ""}


def test_a_goal_cannot_be_done_and_nothing_is_half_written(alfa):
    goal = PlanGoal.objects.filter(focus_area__plan__association=alfa.association).first()
    activity = Activity.objects.filter(goal=goal).first()
    with pytest.raises(ValueError):
        record_follow_up(1, [(activity, "ongoing", "", "", None), (goal, "done", "", "", None)])
    assert not FollowUp.objects.exists()


def test_the_office_follows_up_the_plan_and_the_reports_print_it(alfa, login):
    goal = PlanGoal.objects.filter(focus_area__plan__association=alfa.association,
                                   focus_area__plan__year=2022).first()
    activity = Activity.objects.filter(goal=goal).first()
    client = login(alfa.users["office"])
    url = reverse("plan_follow_up", args=["alfa", 2022]) + "?half=1"
    page = client.get(url).content.decode()
    assert goal.name in page and "delvis uppfyllt" in page and "ej påbörjad" in page
    response = client.post(url, {f"g{goal.pk}_status": "partly",
                                 f"g{goal.pk}_comment": "Två av tre kommuner är med.",
                                 f"g{goal.pk}_indicator": "andel kommuner",
                                 f"g{goal.pk}_measured": "66.7",
                                 f"a{activity.pk}_status": "ongoing"})
    assert response.status_code == 302
    kept = FollowUp.objects.get(plan_goal=goal, half=1)
    assert kept.status == "partly" and kept.measured == Decimal("66.7")
    half_year = client.get(reverse("report_view", args=["alfa", "half-year"]),
                           {"year": 2022, "format": "html"}).content.decode()
    assert "Måluppfyllelse" in half_year and "Två av tre kommuner är med." in half_year
    assert "delvis uppfyllt" in half_year and "pågår" in half_year
    annual = client.get(reverse("report_view", args=["alfa", "annual-report"]),
                        {"year": 2022, "format": "html"}).content.decode()
    assert "Två av tre kommuner är med." not in annual  # the whole year is not followed up yet


def test_the_board_reads_the_follow_up_but_cannot_change_it(alfa, login):
    client = login(alfa.users["board"])
    url = reverse("plan_follow_up", args=["alfa", 2022]) + "?half=2"
    assert client.get(url).status_code == 200
    goal = PlanGoal.objects.filter(focus_area__plan__association=alfa.association).first()
    assert client.post(url, {f"g{goal.pk}_status": "met"}).status_code == 403
    assert not FollowUp.objects.exists()


def test_a_half_other_than_one_or_two_is_not_found(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("plan_follow_up", args=["alfa", 2022])
    assert client.get(url, {"half": "3"}).status_code == 404
