"""The documents print a focus area's activities under no goal after its goals, with an empty
goal cell (as 001 lists them), and keep a goal and its own activities paired on one row; the
goal fulfilment follows an area's own activity up on its own."""

from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.interventions.models import Activity, PlanGoal
from samsyn.interventions.services import record_follow_up, save_activity
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def _report(world, kind):
    with translation.override("sv"):
        return build_report(get_kind(kind), Scope.system(world.association), 2022)


def _table(report, key):
    return next(t for t in report.tables if t.key == key or t.key.startswith(f"{key}."))


def _with_goals_and_own_activities(world):
    actor = Actor.system(world.association)
    PlanGoal.objects.create(focus_area=world.focus_area, name="Öka kännedomen", order=1)
    for name in ("Delta i lokala samråd", "Sprida kunskap"):
        save_activity(actor, Activity(focus_area=world.focus_area, name=name))


def test_the_plan_prints_the_goals_then_the_areas_own_activities_with_no_goal(alfa):
    _with_goals_and_own_activities(alfa)
    table = _table(_report(alfa, "business-plan"), "plan")
    assert [(r["goal"], r["activity"]) for r in table.rows] == [
        (alfa.plan_goal.name, alfa.activity.name),  # paired as the plan ties them
        ("Öka kännedomen", ""),
        ("", "Delta i lokala samråd"),
        ("", "Sprida kunskap"),
    ]
    assert {r["area"] for r in table.rows} == {alfa.focus_area.name}
    assert "hör till målområdet som helhet" in table.note


def test_a_plan_whose_activities_all_have_goals_says_nothing_of_activities_alone(alfa):
    table = _table(_report(alfa, "business-plan"), "plan")
    assert [(r["goal"], r["activity"]) for r in table.rows] == [
        (alfa.plan_goal.name, alfa.activity.name)]
    assert "målområdet som helhet" not in table.note


def test_the_goal_fulfilment_follows_an_areas_own_activity_up_after_the_goals(alfa):
    _with_goals_and_own_activities(alfa)
    own = Activity.objects.get(name="Delta i lokala samråd")
    record_follow_up(2, [(own, "done", "Fyra samråd.", "", None)])
    report = _report(alfa, "annual-report")
    table = next(t for t in report.tables if t.key.startswith("follow_up")
                 and any(r.get("_key") == f"a{own.pk}" for r in t.rows))
    names = [r["name"] for r in table.rows]
    assert names.index("Mål: Öka kännedomen") < names.index("Aktivitet: Delta i lokala samråd")
    row = next(r for r in table.rows if r["_key"] == f"a{own.pk}")
    assert (row["status"], row["comment"]) == ("genomförd", "Fyra samråd.")
    summary = next(t for t in report.tables if t.key.startswith("follow_up")
                   and any(r.get("_key") == "activities" for r in t.rows))
    activities = next(r for r in summary.rows if r["_key"] == "activities")
    assert activities["a"] == 1 and activities["none"] == 2
