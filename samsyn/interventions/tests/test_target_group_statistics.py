"""A plan's possible target groups with their sizes from public statistics (000 Tabell 1),
and an insats' external financing (000 9): entered on their pages, written through their
services with the audit log, printed in the business plan only when held."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.audit.models import AuditEntry
from samsyn.interventions.models import TargetGroupStatistic
from samsyn.interventions.services import save_intervention, save_target_group_statistic
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

TABLE_1 = "Möjliga målgrupper: antal personer och källa"
PROJECTS = "Projekt med finansiering utanför förbundet"


def _plan_tables(world):
    with translation.override("sv"):
        report = build_report(get_kind("business-plan"), Scope.system(world.association), 2022)
    return {t.title: t for t in report.tables}


def test_the_office_enters_a_groups_size_on_the_plans_page_and_the_write_is_logged(alfa, login):
    client = login(alfa.users["office"])
    slug = alfa.association.slug
    response = client.post(reverse("target_group_statistic_create", args=[slug, 2022]), {
        "group": "Långtidssjukskrivna, mer än 180 dagar, april 2021", "count": "7565",
        "women_percent": "66", "men_percent": "34", "source": "Försäkringskassan",
        "order": "1"})

    assert response.status_code == 302
    held = TargetGroupStatistic.objects.get(plan=alfa.plan, group__startswith="Långtidssjuk")
    assert (held.count, held.women_percent, held.men_percent) == (7565, 66, 34)
    assert AuditEntry.objects.filter(association_id=alfa.association.pk, action="save",
                                     object_id=str(held.pk)).exists()
    page = html.unescape(client.get(reverse("target_group_statistics", args=[slug, 2022]))
                         .content.decode()).replace("\u00a0", " ")
    assert "Långtidssjukskrivna, mer än 180 dagar" in page and "7 565" in page


def test_shares_of_women_and_men_over_100_are_a_field_error_in_swedish(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(
        reverse("target_group_statistic_create", args=[alfa.association.slug, 2022]),
        {"group": "Arbetslösa", "count": "100", "women_percent": "66", "men_percent": "347",
         "source": "Arbetsförmedlingen", "order": "0"})

    assert response.status_code == 200
    assert "men_percent" in response.context["form"].errors
    assert not TargetGroupStatistic.objects.filter(group="Arbetslösa").exists()


@pytest.mark.django_db
def test_the_service_refuses_a_statistic_of_another_associations_plan(alfa, beta):
    smuggled = TargetGroupStatistic(plan=beta.plan, group="Smuggel", count=1, source="SCB")
    with pytest.raises(PermissionDenied):
        save_target_group_statistic(Actor.system(alfa.association), smuggled)
    assert not TargetGroupStatistic.objects.filter(group="Smuggel").exists()


@pytest.mark.django_db
def test_the_business_plan_prints_table_1_only_when_the_plan_holds_sizes(alfa):
    TargetGroupStatistic.objects.filter(plan=alfa.plan).delete()
    assert TABLE_1 not in _plan_tables(alfa)

    TargetGroupStatistic.objects.create(plan=alfa.plan, group="Inskrivna på Jobbtorg",
                                        count=3111, women_percent=40, men_percent=60,
                                        source="Stockholms stad")
    table = _plan_tables(alfa)[TABLE_1]
    assert [(r["group"], r["count"], r["women"], r["men"], r["source"]) for r in table.rows] == [
        ("Inskrivna på Jobbtorg", 3111, 40, 60, "Stockholms stad")]
    assert "Samma person ingår ofta i flera målgrupper" in table.note


@pytest.mark.django_db
def test_an_external_grant_needs_its_financier(alfa):
    alfa.intervention.external_amount = Decimal(48_000_000)
    with pytest.raises(ValidationError) as refused:
        save_intervention(Actor.system(alfa.association), alfa.intervention)
    assert "external_financier" in refused.value.message_dict


@pytest.mark.django_db
def test_the_business_plan_prints_a_projects_grant_financier_and_period(alfa):
    assert PROJECTS not in _plan_tables(alfa)
    project = alfa.intervention
    project.external_financier = "Europeiska socialfonden"
    project.external_amount = Decimal(48_000_000)
    project.external_start, project.external_end = dt.date(2019, 9, 1), dt.date(2022, 6, 30)
    save_intervention(Actor.system(alfa.association), project)

    [row] = _plan_tables(alfa)[PROJECTS].rows
    assert (row["intervention"], row["financier"], row["period"], row["amount"]) == (
        "Vägen vidare", "Europeiska socialfonden", "september 2019 – juni 2022",
        Decimal(48_000_000))
