"""A plan chooses whether it describes its insatser ("Om insatserna", 001): the choice is the
plan year's, edited on the plan's page through its service (version, audit log) and kept by
a copy of the plan (the association file's and the API's tests are beside theirs); the dated
figures a plan states are not copied to the next year's."""

import json

from django.urls import reverse
from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetHistoryFigure
from samsyn.interventions.models import PlanYear, TargetGroupStatistic
from samsyn.interventions.services import copy_plan
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report
from samsyn.web.tests.posting import fields

ABOUT = "Om insatserna"


def _plan_2022(world):
    with translation.override("sv"):
        return build_report(get_kind("business-plan"), Scope.system(world.association), 2022)


def _described(world):
    world.intervention.description = "Vägen vidare ger stöd mot arbete eller studier."
    world.intervention.save()


def test_a_plan_that_has_not_chosen_it_prints_no_descriptions(alfa):
    _described(alfa)
    report = _plan_2022(alfa)
    assert ABOUT not in [s.title for s in report.outline]
    assert not any("Vägen vidare ger stöd" in str(t.note) for t in report.tables)


def test_the_office_chooses_it_on_the_plans_page_and_the_save_is_versioned_and_logged(
        alfa, login):
    _described(alfa)
    client = login(alfa.users["office"])
    url = reverse("plan_edit", args=["alfa", 2022])
    data = fields(client.get(url))
    assert "describes_interventions" in client.get(url).context["form"].fields
    response = client.post(url, {**data, "describes_interventions": "on"})

    assert response.status_code == 302
    plan = PlanYear.objects.get(pk=alfa.plan.pk)
    assert plan.describes_interventions and plan.version == alfa.plan.version + 1
    entry = AuditEntry.objects.filter(action="save", object_id=str(plan.pk)).latest("pk")
    assert json.loads(entry.detail)["fields"] == ["describes_interventions"]
    shown = client.get(reverse("plan_detail", args=["alfa", 2022])).content.decode()
    assert "Den tryckta planen beskriver" in shown
    # The same form again, on the version it was opened on: refused, nothing lost.
    stale = client.post(url, {**data, "title": "Annan titel"})
    assert stale.status_code == 409
    assert PlanYear.objects.get(pk=plan.pk).title == "Plan 2022"

    report = _plan_2022(alfa)
    [chapter] = [s for s in report.outline if s.title == ABOUT]
    # One described insats: the chapter holds it, under the insats' name; its text is a
    # paragraph, not a table's cell (001's several are each a numbered part, seed test).
    [table] = chapter.tables
    assert table.title == alfa.intervention.name
    assert table.columns == [] and table.note.startswith("Vägen vidare ger stöd")


def test_copying_a_plan_keeps_the_choice_but_not_the_dated_figures_it_states(alfa):
    actor = Actor.system(alfa.association)
    alfa.plan.describes_interventions = True
    alfa.plan.save()
    # The world's plan of 2022 states a group's size and a budget of 2021 (extend_world).
    assert TargetGroupStatistic.objects.filter(plan=alfa.plan).count() == 1
    assert BudgetHistoryFigure.objects.filter(association=alfa.association,
                                              stated_in=2022).count() == 1

    new = copy_plan(actor, alfa.plan, 2023)

    assert new.describes_interventions is True
    assert not TargetGroupStatistic.objects.filter(plan=new).exists()
    assert TargetGroupStatistic.objects.filter(plan=alfa.plan).count() == 1
    assert not BudgetHistoryFigure.objects.filter(association=alfa.association,
                                                  stated_in=2023).exists()
    with translation.override("sv"):
        report = build_report(get_kind("business-plan"), Scope.system(alfa.association), 2023)
    titles = [str(t.title) for t in report.tables]
    assert not any(t.startswith(("Möjliga målgrupper", "Budgeten över åren")) for t in titles)

