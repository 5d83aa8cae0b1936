"""The association file: a focus area's activities under none of its goals ("activities"
beside "goals"), a file with goals and activities paired, and an older file without the
focus area's own list; applying a file twice changes nothing the second time."""

import copy
import json

import pytest
from django.core.management import call_command

from samsyn.associations.models import Association
from samsyn.home import search
from samsyn.home.models import SearchEntry
from samsyn.home.tests.test_setup_association import FILE
from samsyn.interventions.models import Activity


def _file(tmp_path, data):
    path = tmp_path / "f.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _with_own_activities():
    data = copy.deepcopy(FILE)
    data["plans"][0]["focus_areas"] = [
        {"name": "Strukturella insatser",
         "goals": [{"name": "Genomföra behovsanalyser"}, {"name": "Öka kännedomen"}],
         "activities": [{"name": "Dokumentera insatser i Välfärdsguiden"},
                        {"name": "Delta i lokala samråd"}]},
        {"name": "Individ", "goals": [{"name": "Egen försörjning",
                                       "activities": [{"name": "Finansiera insatser"}]}]},
    ]
    return data


def _placed():
    return sorted((a.focus_area.name, a.goal.name if a.goal else None, a.name, a.order)
                  for a in Activity.objects.select_related("focus_area", "goal"))


@pytest.mark.django_db
def test_a_focus_areas_own_activities_are_read_beside_its_goals(tmp_path):
    call_command("setup_association", _file(tmp_path, _with_own_activities()))
    assert _placed() == [
        ("Individ", "Egen försörjning", "Finansiera insatser", 0),
        ("Strukturella insatser", None, "Delta i lokala samråd", 1),
        ("Strukturella insatser", None, "Dokumentera insatser i Välfärdsguiden", 0),
    ]


@pytest.mark.django_db
def test_a_file_applied_again_changes_no_activity(tmp_path, capsys):
    path = _file(tmp_path, _with_own_activities())
    call_command("setup_association", path)
    before = list(Activity.objects.order_by("pk").values_list("pk", "focus_area", "goal",
                                                               "name", "order"))
    capsys.readouterr()
    call_command("setup_association", path)
    assert list(Activity.objects.order_by("pk").values_list(
        "pk", "focus_area", "goal", "name", "order")) == before


@pytest.mark.django_db
def test_an_older_file_with_activities_under_goals_only_still_imports(tmp_path):
    call_command("setup_association", _file(tmp_path, FILE))
    (activity,) = Activity.objects.select_related("goal__focus_area", "focus_area")
    assert activity.goal.name == "Egen försörjning"
    assert activity.focus_area == activity.goal.focus_area


@pytest.mark.django_db
def test_search_finds_a_focus_areas_own_activity(tmp_path):
    call_command("setup_association", _file(tmp_path, _with_own_activities()))
    association = Association.objects.get(slug=FILE["slug"])
    search.rebuild(association)
    assert SearchEntry.objects.filter(association=association, kind="plan",
                                      title="Delta i lokala samråd").exists()
