"""The plan's table of insatser: goals in words, expected results, and no empty cell that
reads as content."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.interventions.models import Goal, Intervention
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def insats(world, slug, **extra):
    return Intervention.objects.create(
        association=world.association, slug=slug, name=slug.title(), kind="structural",
        start=dt.date(2022, 1, 1), **extra)


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
