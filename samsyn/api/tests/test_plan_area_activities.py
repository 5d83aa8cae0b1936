"""The API's year plan gives a focus area's activities under none of its goals beside its
goals, and a goal's activities under the goal, each once."""

from django.test import Client
from django.urls import reverse

from samsyn.api.models import ApiToken
from samsyn.associations.writes import Actor
from samsyn.interventions.models import Activity
from samsyn.interventions.services import save_activity


def test_a_focus_areas_own_activities_stand_beside_its_goals_each_once(alfa):
    own = Activity(focus_area=alfa.focus_area, name="Delta i lokala samråd")
    save_activity(Actor.system(alfa.association), own)
    _token, key = ApiToken.issue(alfa.users["office"], "test", second_factor=True)
    plan = Client(HTTP_AUTHORIZATION=f"Token {key}").get(
        reverse("api_plan", args=["alfa", 2022])).json()
    (area,) = plan["focus_areas"]
    assert area["activities"] == [{"id": own.pk, "name": "Delta i lokala samråd"}]
    (goal,) = area["goals"]
    assert goal["activities"] == [{"id": alfa.activity.pk, "name": alfa.activity.name}]
