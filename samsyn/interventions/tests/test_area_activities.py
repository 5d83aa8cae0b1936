"""An activity of a focus area under none of its goals (001 lists a focus area's goals and
activities side by side): written through the one service, shown in the plan's tree and page,
followed up on its own, and copied to the next year's plan as it stood."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from samsyn.associations.models import RemovedRow
from samsyn.associations.writes import Actor
from samsyn.interventions.models import Activity, FocusArea, FollowUp, PlanGoal
from samsyn.interventions.plan_tree import plan_tree
from samsyn.interventions.services import copy_plan, record_follow_up, save_activity


def _own(world, name="Delta i lokala samråd"):
    """An activity of the world's focus area under none of its goals, saved by the service."""
    activity = Activity(focus_area=world.focus_area, name=name)
    save_activity(Actor.system(world.association), activity)
    return activity


def test_an_activity_may_belong_to_its_focus_area_under_no_goal(alfa):
    activity = _own(alfa)
    activity.refresh_from_db()
    assert activity.goal is None and activity.focus_area == alfa.focus_area


def test_a_writer_that_names_only_the_goal_gets_the_goals_focus_area(alfa):
    activity = Activity(goal=alfa.plan_goal, name="Följa upp insatserna")
    save_activity(Actor.system(alfa.association), activity)
    assert Activity.objects.get(pk=activity.pk).focus_area == alfa.plan_goal.focus_area


def test_a_goal_of_another_focus_area_is_refused_in_swedish(alfa):
    other = FocusArea.objects.create(plan=alfa.plan, name="Målområde 2: Strukturen", order=1)
    activity = Activity(focus_area=other, goal=alfa.plan_goal, name="Fel mål")
    with pytest.raises(ValidationError) as refused:
        save_activity(Actor.system(alfa.association), activity)
    assert refused.value.message_dict["goal"] == [
        "Målet hör till ett annat målområde: välj ett mål i det här målområdet, eller inget."]
    assert not Activity.objects.filter(name="Fel mål").exists()


def test_the_database_refuses_a_goal_of_another_focus_area_too(alfa):
    other = FocusArea.objects.create(plan=alfa.plan, name="Målområde 2: Strukturen", order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=alfa.activity.pk).update(focus_area=other)
    assert Activity.objects.get(pk=alfa.activity.pk).focus_area == alfa.focus_area


def test_two_activities_of_a_focus_area_under_no_goal_have_different_names(alfa):
    _own(alfa)
    with pytest.raises(ValidationError) as refused:
        _own(alfa)
    assert "Målområdet har redan en aktivitet med det namnet." in refused.value.messages


def test_the_tree_keeps_an_areas_own_activities_apart_from_its_goals(alfa):
    activity = _own(alfa)
    record_follow_up(1, [(activity, "done", "", "", None)])
    tree = plan_tree(alfa.plan, alfa.plan.decided)
    (area,) = tree.areas
    assert [n.activity for n in area.activities] == [activity]
    assert [n.activity for n in area.goals[0].activities] == [alfa.activity]
    assert tree.activity_lights == {"green": 1, "grey": 1}


def test_the_plan_page_lists_an_areas_own_activities_after_its_goals(alfa, login):
    _own(alfa)
    page = login(alfa.users["office"]).get(
        reverse("plan_detail", args=["alfa", 2022])).content.decode()
    area = page.split('class="plan-area"')[1]
    assert area.index(alfa.plan_goal.name) < area.index("<h3>Aktiviteter</h3>") < area.index(
        "Delta i lokala samråd")
    assert reverse("area_activity_create", args=["alfa", 2022, alfa.focus_area.pk]) in area


def test_the_office_adds_an_activity_of_the_focus_area_as_a_whole(alfa, login):
    client = login(alfa.users["office"])
    url = reverse("area_activity_create", args=["alfa", 2022, alfa.focus_area.pk])
    page = client.get(url).content.decode()
    assert "Inget: målområdet som helhet" in page
    response = client.post(url, {"name": "Processleda samverkan", "goal": "", "order": 0})
    assert response.status_code == 302
    activity = Activity.objects.get(name="Processleda samverkan")
    assert activity.focus_area == alfa.focus_area and activity.goal is None


def test_the_activity_form_offers_only_the_goals_of_its_own_focus_area(alfa, login):
    other = FocusArea.objects.create(plan=alfa.plan, name="Målområde 2: Strukturen", order=1)
    stranger = PlanGoal.objects.create(focus_area=other, name="Ett mål någon annanstans")
    client = login(alfa.users["office"])
    url = reverse("activity_edit", args=["alfa", 2022, alfa.activity.pk])
    assert stranger.name not in client.get(url).content.decode()
    response = client.post(url, {"name": alfa.activity.name, "goal": stranger.pk, "order": 0,
                                 "version": alfa.activity.version})
    assert response.status_code == 200  # the form again, with its error
    assert Activity.objects.get(pk=alfa.activity.pk).goal == alfa.plan_goal


def test_an_areas_own_activity_is_followed_up_on_its_own(alfa, login):
    activity = _own(alfa)
    client = login(alfa.users["office"])
    url = reverse("plan_follow_up", args=["alfa", 2022]) + "?half=1"
    page = client.get(url).content.decode()
    assert f"Målområdets aktivitet: {activity.name}" in page
    assert page.index(alfa.activity.name) < page.index(activity.name)
    record_follow_up(1, [(activity, "ongoing", "Två samråd hållna.", "", None)])
    kept = FollowUp.objects.get(activity=activity, half=1)
    assert kept.status == "ongoing" and kept.comment == "Två samråd hållna."
    board = login(alfa.users["board"]).get(url).content.decode()
    assert "Två samråd hållna." in board


def test_copying_a_plan_keeps_each_activity_under_its_goal_or_under_none(alfa):
    _own(alfa)
    new = copy_plan(Actor.system(alfa.association), alfa.plan, 2023)
    copied = {a.name: a for a in Activity.objects.filter(focus_area__plan=new)
              .select_related("goal", "focus_area")}
    assert set(copied) == {alfa.activity.name, "Delta i lokala samråd"}
    assert copied["Delta i lokala samråd"].goal is None
    assert copied["Delta i lokala samråd"].focus_area.plan == new
    assert copied[alfa.activity.name].goal.name == alfa.plan_goal.name
    assert copied[alfa.activity.name].goal.focus_area.plan == new


def test_the_copy_page_counts_the_areas_own_activities(alfa, login):
    _own(alfa)
    page = login(alfa.users["office"]).get(
        reverse("plan_copy", args=["alfa", 2022])).content.decode()
    assert "2 aktiviteter" in page


def test_a_removed_focus_area_comes_back_with_its_own_activities_and_its_goals(alfa, login):
    own = _own(alfa)
    office = login(alfa.users["office"])
    office.post(reverse("focus_area_delete", args=["alfa", 2022, alfa.focus_area.pk]))
    assert not Activity.objects.filter(pk__in=[own.pk, alfa.activity.pk]).exists()
    removed = RemovedRow.objects.get(association=alfa.association,
                                     model="interventions.FocusArea")
    office.post(reverse("removed_row_restore", args=["alfa", removed.pk]))
    assert Activity.objects.get(pk=own.pk).goal is None
    assert Activity.objects.get(pk=alfa.activity.pk).goal == alfa.plan_goal
    assert Activity.objects.get(pk=own.pk).focus_area == alfa.focus_area
