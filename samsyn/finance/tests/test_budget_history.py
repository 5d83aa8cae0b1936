"""The budget's history as a plan states it (000 "Budget": 8/16/24/32 Mkr, 54,7 and 58,5 Mkr):
entered under the economy, logged, and printed only in the plan of the year that states it."""

import html
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetHistoryFigure
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

TITLE = "Budgeten över åren och fördelningsmodellen"


def _history_rows(world, year):
    with translation.override("sv"):
        report = build_report(get_kind("business-plan"), Scope.system(world.association), year)
    return [(r["year"], r["text"], r["amount"]) for t in report.tables if t.title == TITLE
            for r in t.rows]


def test_the_office_enters_a_stated_budget_figure_and_the_write_is_logged(alfa, login):
    client = login(alfa.users["office"])
    slug = alfa.association.slug
    response = client.post(reverse("budget_history_create", args=[slug]), {
        "stated_in": "2022", "year": "2021", "amount": "54 700 000",
        "text": "Budget enligt fördelningsnycklarna", "order": "1"})

    assert response.status_code == 302
    figure = BudgetHistoryFigure.objects.get(association=alfa.association,
                                             text="Budget enligt fördelningsnycklarna")
    assert figure.amount == Decimal(54_700_000)
    assert AuditEntry.objects.filter(association_id=alfa.association.pk, action="save",
                                     object_id=str(figure.pk)).exists()
    page = html.unescape(client.get(reverse("budget_history", args=[slug])).content.decode())
    assert "54\u00a0700\u00a0000" in page or "54 700 000" in page


def test_a_figure_for_a_year_no_plan_has_is_a_field_error(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("budget_history_create", args=[alfa.association.slug]), {
        "stated_in": "20000", "year": "2021", "amount": "1", "text": "Fel", "order": "0"})

    assert response.status_code == 200 and "stated_in" in response.context["form"].errors
    assert not BudgetHistoryFigure.objects.filter(text="Fel").exists()


def test_the_plan_prints_only_the_figures_its_own_year_states(alfa):
    BudgetHistoryFigure.objects.filter(association=alfa.association).delete()
    assert _history_rows(alfa, 2022) == []

    BudgetHistoryFigure.objects.create(association=alfa.association, stated_in=2022,
                                       year=2016, amount=Decimal(8_000_000), text="Budget")
    BudgetHistoryFigure.objects.create(association=alfa.association, stated_in=2023,
                                       year=2022, amount=Decimal(32_000_000), text="Budget")
    assert _history_rows(alfa, 2022) == [("2016", "Budget", Decimal(8_000_000))]
