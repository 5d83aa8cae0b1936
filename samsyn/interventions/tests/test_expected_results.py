"""The plan's table of insatser: goals in words, expected results, and no empty cell that
reads as content."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.interventions.models import Goal, Intervention, TargetGroup
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def insats(world, slug, **extra):
    return Intervention.objects.create(
        association=world.association, slug=slug, name=slug.title(),
        start=dt.date(2022, 1, 1), **{"kind": "structural", **extra})


def only_these(world):
    # The world's own insatser ended before the year the tests look at.
    Intervention.objects.filter(association=world.association).update(
        start=dt.date(2020, 1, 1), end=dt.date(2020, 12, 31))


def rows(world):
    with translation.override("sv"):
        report = build_report(get_kind("interventions"), Scope.system(world.association), 2022)
    return {row["name"]: row for row in report.tables[0].rows}


@pytest.mark.django_db
def test_an_insats_without_expected_results_beside_one_with_says_none_are_stated(alfa):
    only_these(alfa)
    with_goal = insats(alfa, "bip", aims="Kunskapen om BIP ökar.\nPersonalen arbetar enligt BIP.")
    Goal.objects.create(intervention=with_goal, name="Två kunskapsdialoger genomförs",
                        metric="other", target=Decimal(2), unit="count", year=2022)
    insats(alfa, "webbplats")
    shown = rows(alfa)
    assert shown["Bip"]["goals"] == "Två kunskapsdialoger genomförs: minst 2"
    assert shown["Bip"]["aims"] == "Kunskapen om BIP ökar; Personalen arbetar enligt BIP"
    assert shown["Webbplats"]["goals"] == "Inga angivna för året"


@pytest.mark.django_db
def test_where_no_insats_has_expected_results_the_cells_stay_empty_for_the_column_to_go(alfa):
    only_these(alfa)
    insats(alfa, "webbplats")
    insats(alfa, "katalog")
    assert {row["goals"] for row in rows(alfa).values()} == {""}


def report_table(world):
    with translation.override("sv"):
        return build_report(get_kind("interventions"), Scope.system(world.association),
                            2022).tables[0]


@pytest.mark.django_db
def test_an_insats_without_a_target_group_beside_one_with_shows_a_dash_the_note_explains(alfa):
    only_these(alfa)
    team = insats(alfa, "team", kind="individual")
    team.target_groups.add(TargetGroup.objects.create(association=alfa.association,
                                                      name="Unga vuxna 16–29 år"))
    insats(alfa, "webbplats")
    table = report_table(alfa)
    shown = {row["name"]: row for row in table.rows}
    assert shown["Team"]["target_groups"] == "Unga vuxna 16–29 år"
    assert shown["Webbplats"]["target_groups"] == "–"
    assert table.note == "–: ingen målgrupp är angiven för insatsen."


@pytest.mark.django_db
def test_where_no_insats_names_a_target_group_the_cells_stay_empty_and_nothing_is_noted(alfa):
    only_these(alfa)
    insats(alfa, "webbplats")
    insats(alfa, "katalog")
    table = report_table(alfa)
    assert {row["target_groups"] for row in table.rows} == {""} and table.note == ""
