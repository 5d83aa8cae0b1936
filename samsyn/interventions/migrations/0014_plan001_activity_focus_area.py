"""An activity belongs to its focus area, under one of its goals or under none (001's plan
lists a focus area's goals and activities side by side and ties no activity to a goal).

The focus area of every existing activity is its goal's. An activity's goal, if any, must be
of the same focus area: the service says so in words (Activity.clean); the database refuses
it too, with a trigger on PostgreSQL and on SQLite (a check constraint cannot look at another
table), raised as a constraint violation (an IntegrityError) on both. SQLite drops a table's triggers when a later migration rebuilds the table: a
migration that alters interventions_activity on SQLite recreates SQLITE_UP
(interventions/tests/test_area_activities.py fails without it).
"""

import django.db.models.deletion
from django.db import migrations, models

PG_UP = """
CREATE OR REPLACE FUNCTION samsyn_activity_goal_of_area() RETURNS trigger AS $$
BEGIN
    IF NEW.goal_id IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM interventions_plangoal
        WHERE id = NEW.goal_id AND focus_area_id = NEW.focus_area_id) THEN
        RAISE EXCEPTION 'an activity''s goal must be of its focus area'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER samsyn_activity_goal_of_area BEFORE INSERT OR UPDATE ON interventions_activity
    FOR EACH ROW EXECUTE FUNCTION samsyn_activity_goal_of_area();
"""
PG_DOWN = """
DROP TRIGGER IF EXISTS samsyn_activity_goal_of_area ON interventions_activity;
DROP FUNCTION IF EXISTS samsyn_activity_goal_of_area();
"""
_SQLITE_CHECK = """
BEGIN SELECT RAISE(ABORT, 'an activity''s goal must be of its focus area')
WHERE NEW.goal_id IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM interventions_plangoal
    WHERE id = NEW.goal_id AND focus_area_id = NEW.focus_area_id); END;
"""
SQLITE_UP = [
    "CREATE TRIGGER samsyn_activity_goal_of_area_insert BEFORE INSERT ON interventions_activity"
    + _SQLITE_CHECK,
    "CREATE TRIGGER samsyn_activity_goal_of_area_update BEFORE UPDATE ON interventions_activity"
    + _SQLITE_CHECK,
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS samsyn_activity_goal_of_area_insert",
    "DROP TRIGGER IF EXISTS samsyn_activity_goal_of_area_update",
]


def fill_focus_area(apps, schema_editor):
    activity = apps.get_model("interventions", "Activity")
    goal = apps.get_model("interventions", "PlanGoal")
    for goal_id, area_id in goal.objects.values_list("id", "focus_area_id"):
        activity.objects.filter(goal_id=goal_id).update(focus_area_id=area_id)
    if schema_editor.connection.vendor == "postgresql":
        # The updates leave deferred foreign-key checks pending, and PostgreSQL alters no
        # table with pending trigger events in the same transaction (the NOT NULL below).
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def triggers_up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def triggers_down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("interventions", "0013_fidplans5_describes_interventions"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="focus_area",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="activities", to="interventions.focusarea",
                verbose_name="focus area"),
        ),
        migrations.RunPython(fill_focus_area, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="activity",
            name="focus_area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="activities",
                to="interventions.focusarea", verbose_name="focus area"),
        ),
        migrations.AlterField(
            model_name="activity",
            name="goal",
            field=models.ForeignKey(
                blank=True, help_text="Leave empty for an activity of the focus area as a whole.",
                null=True, on_delete=django.db.models.deletion.CASCADE,
                related_name="activities", to="interventions.plangoal", verbose_name="goal"),
        ),
        migrations.AddConstraint(
            model_name="activity",
            constraint=models.UniqueConstraint(
                condition=models.Q(("goal__isnull", True)), fields=("focus_area", "name"),
                name="activity_area_name_unique",
                violation_error_message="The focus area already has an activity of that name."),
        ),
        migrations.RunPython(triggers_up, triggers_down),
    ]
