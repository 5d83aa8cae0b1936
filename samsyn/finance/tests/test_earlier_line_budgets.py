"""A line's earlier budget as a plan's table per insats states it (000 Tabell 6's "Budget
2021"): entered beside the budget history, checked and logged, and printed in its own column
of the budget per insats with no sum, never as a budget of that year."""

import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.audit.models import AuditEntry
from samsyn.finance.models import BudgetHistoryFigure
from samsyn.finance.services import save_budget_history_figure
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

PER_INSATS = "Budget per insats (kr)"


def _plan(world, year=2022):
    with translation.override("sv"):
        return build_report(get_kind("business-plan"), Scope.system(world.association), year)


def _figure(world, **fields):
    values = {"association": world.association, "stated_in": 2022, "year": 2021,
              "amount": Decimal(450_000), "category": "individual",
              "intervention": world.intervention, "text": ""}
    return BudgetHistoryFigure(**{**values, **fields})


def test_the_office_enters_a_lines_earlier_budget_beside_the_history_and_it_is_logged(
        alfa, login):
    client = login(alfa.users["office"])
    slug = alfa.association.slug
    response = client.post(reverse("budget_history_create", args=[slug]), {
        "stated_in": "2022", "year": "2021", "amount": "2 720 000", "category": "individual",
        "intervention": str(alfa.intervention.pk), "text": "", "order": "0"})

    assert response.status_code == 302
    figure = BudgetHistoryFigure.objects.get(association=alfa.association,
                                             intervention=alfa.intervention)
    assert (figure.year, figure.amount) == (2021, Decimal(2_720_000))
    assert AuditEntry.objects.filter(association_id=alfa.association.pk, action="save",
                                     object_id=str(figure.pk)).exists()
    page = html.unescape(client.get(reverse("budget_history", args=[slug])).content.decode())
    earlier = page[page.index("Tidigare budget per insats"):]
    assert alfa.intervention.name in earlier and "2\u00a0720\u00a0000" in earlier.replace(
        " ", "\u00a0")


def test_a_lines_budget_of_the_plans_own_year_is_refused_with_a_swedish_message(alfa, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("budget_history_create", args=[alfa.association.slug]), {
        "stated_in": "2022", "year": "2022", "amount": "1", "category": "individual",
        "intervention": str(alfa.intervention.pk), "text": "", "order": "0"})

    assert response.status_code == 200
    assert "planens egna år är budgetrader" in str(response.context["form"].errors)
    assert not BudgetHistoryFigure.objects.filter(intervention=alfa.intervention).exists()


@pytest.mark.parametrize(("fields", "field"), [
    ({"category": "", "intervention": None, "text": ""}, "text"),
    ({"category": ""}, "category"),
    ({"category": "evaluation"}, "intervention"),
    ({"intervention": None, "text": " "}, "text"),
])
def test_a_figure_that_names_no_line_or_the_wrong_kind_is_refused(alfa, fields, field):
    with pytest.raises(ValidationError) as refused:
        save_budget_history_figure(Actor.system(alfa.association), _figure(alfa, **fields))
    assert field in refused.value.message_dict


def test_an_insats_of_another_forbund_is_refused(alfa, beta):
    with pytest.raises(ValidationError) as refused:
        save_budget_history_figure(Actor.system(alfa.association),
                                   _figure(alfa, intervention=beta.intervention))
    assert "intervention" in refused.value.message_dict


def test_the_plan_prints_a_lines_earlier_budget_in_its_row_with_no_sum_of_that_year(alfa):
    actor = Actor.system(alfa.association)
    save_budget_history_figure(actor, _figure(alfa))
    # A line only the earlier year has stands in the table too, under its kind.
    save_budget_history_figure(actor, _figure(alfa, intervention=None, text="Prolog",
                                              amount=Decimal(1_100_000)))

    report = _plan(alfa)
    [table] = [t for t in report.tables if t.title == PER_INSATS]
    assert [c.label for c in table.columns][:3] == ["Insats", "Budget 2021", "Budget 2022"]
    rows = {r["line"]: r for r in table.rows}
    assert rows[alfa.intervention.name]["stated_2021"] == Decimal(450_000)
    assert rows[alfa.intervention.name]["budget_2022"] == Decimal(600_000)
    assert rows["Prolog"] == {"line": "Prolog", "stated_2021": Decimal(1_100_000)}
    sums = [r for r in table.rows if str(r["line"]).startswith("Summa")] + [table.total]
    assert sums and all("stated_2021" not in r for r in sums)
    assert "Budget 2021" in table.note
    # Not a figure of the förbund's budget history, and no budget of 2021 is made of it.
    history = [t for t in report.tables if t.title == "Budgeten över åren och fördelningsmodellen"]
    assert all(r["amount"] != Decimal(450_000) for t in history for r in t.rows)
    assert "Resultat 2021" not in " ".join(str(c.label) for t in report.tables
                                           for c in t.columns)


def test_a_plan_of_another_year_does_not_print_the_figures_2022_states(alfa):
    save_budget_history_figure(Actor.system(alfa.association), _figure(alfa))

    tables = [t for t in _plan(alfa, 2023).tables if t.title == PER_INSATS]
    assert all("stated_2021" not in r for t in tables for r in t.rows)
