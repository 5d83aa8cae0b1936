"""Issue 26: one figure per thing. The year in figures gives the förbund's stated figure where
it stated one (the board adopts it) and says the register's in its note, with why; its money
is the income statement's lines; a plan prints the planned use of equity it decided, not a
result nobody decided."""

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.builders import business_plan, key_figures
from samsyn.finance.models import BudgetLine, FinanceYear, TypedBudgetFigure
from samsyn.finance.reports import budget_report, financial_statements_report
from samsyn.interventions.models import Intervention
from samsyn.participants.models import MonthlyCount, Participant, Participation, StatedFigure
from samsyn.reports.document import ReportParams
from samsyn.reports.render import to_html

D = dt.date

MONEY = {"income", "costs", "depreciation", "financial_income", "financial_costs",
         "extraordinary", "unmapped", "result"}


def _params(slug: str, year: int) -> ReportParams:
    return ReportParams.for_year(Scope.system(Association.objects.get(slug=slug)), year)


@pytest.fixture(scope="module")
def os2022(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return key_figures(_params("ostra-sodertorn", 2022)).tables[0]


def test_the_year_in_figures_holds_one_figure_per_thing(os2022):
    assert [c.key for c in os2022.columns] == ["what", "value"]
    rows = {r["_key"]: r["value"] for r in os2022.rows}
    # 002 1.1: 779 active, 414 finished, 52 %, 396 new: the figures the board adopted.
    assert (rows["new"], rows["active"], rows["exited"], rows["work_share"]) == (
        396, 779, 414, "52 %")


def test_the_registers_other_figures_stand_in_the_note_with_why(os2022):
    note = os2022.note
    assert ("Registret i Samsyn ger 292 aktiva deltagare, eftersom det inte har något sådant "
            "antal för MIA Vidare Östra Södertörn, Ung i Nynäs, Ung i Tyresö och "
            "Ungdomsteamet i Haninge") in note
    assert ("Registret i Samsyn ger 332 avslutade deltaganden, eftersom det inte har något "
            "sådant antal för Vuxteamen i Haninge och Tyresö") in note
    assert "Registret i Samsyn ger 54 % till arbete eller studier, av de 332" in note
    # The new participants agree: the register's 396 is not said twice.
    assert "396 nya deltagare" not in note


def test_every_money_figure_is_the_same_labelled_line_of_the_income_statement(os2022, db):
    statements = financial_statements_report(_params("ostra-sodertorn", 2022)).tables[0]
    lines = {r["line"]: r["current"] for r in [*statements.rows, statements.total]}
    money = [r for r in os2022.rows if r["_key"] in MONEY]
    assert [r["what"] for r in money][:2] == ["Verksamhetens intäkter",
                                              "Verksamhetens kostnader"]
    for row in money:
        assert lines[row["what"]] == row["value"], row["what"]
    # 002's 31 379 624 and 30 111 481, not the budget lines' 31 432 664 and 30 182 617.
    values = {r["_key"]: r["value"] for r in money}
    assert values["income"] == Decimal("31379624")
    assert values["costs"] == Decimal("-30111481")
    assert values["result"] == Decimal("1250047")


def test_the_2017_plan_prints_the_planned_use_of_equity_not_a_result(demo, db):
    table = budget_report(_params("ostra-sodertorn", 2017)).tables[0]
    rows = {r["line"]: r for r in table.rows}
    assert "Årets resultat" not in rows
    assert rows["Planerat utnyttjande av eget kapital"]["budget_2017"] == Decimal("1601999")
    assert rows["Ingående eget kapital"]["budget_2017"] == Decimal("4505000")
    assert "Planerat utnyttjande av eget kapital: beloppet som budgetens kostnader" in table.note
    html = to_html(business_plan(_params("ostra-sodertorn", 2017)))
    assert "Årets resultat" not in html
    assert "1 601 999" in html.replace("\u00a0", " ")


# A generated förbund


def _counted(world, year):
    """An individual insats kept as counts that gave only its new participants."""
    insats = Intervention.objects.create(
        association=world.association, slug="raknad", name="Räknad insats", kind="individual",
        start=D(2021, 1, 1), aggregate_only=True)
    MonthlyCount.objects.create(intervention=insats, month=D(year, 1, 1),
                                period_end=D(year, 12, 31), kind="new", gender="kvinna",
                                count=10)
    return insats


def _participation(world, year):
    person = Participant.objects.create(association=world.association, pseudonym="p1")
    Participation.objects.create(
        intervention=world.intervention, participant=person, gender="man", birth_year=1990,
        referrer="af", referrer_category="af", start_date=D(year, 2, 1))


def test_a_stated_figure_stands_and_the_note_names_the_insats_without_such_a_count(alfa):
    _participation(alfa, 2023)
    _counted(alfa, 2023)
    StatedFigure.objects.create(association=alfa.association, period_start=D(2023, 1, 1),
                                period_end=D(2023, 12, 31), measure="active", value=50)
    with translation.override("en"):
        report = key_figures(ReportParams.for_year(Scope.system(alfa.association), 2023))
    table, held = report.tables[0], report.data["records"]
    rows = {r["_key"]: r["value"] for r in table.rows}
    assert rows["active"] == 50 != held["active"]
    # No stated figure: the register's stands alone, and nothing about it in the note.
    assert rows["new"] == held["new"] >= 10
    assert (f"The register in Samsyn gives {held['active']} active participants: it holds no "
            "such count for Räknad insats.") in table.note
    assert "new participants" not in table.note


def test_without_a_stated_figure_the_table_is_the_registers_and_says_nothing_of_it(alfa):
    _participation(alfa, 2023)
    with translation.override("en"):
        report = key_figures(ReportParams.for_year(Scope.system(alfa.association), 2023))
    table = report.tables[0]
    assert [c.key for c in table.columns] == ["what", "value"]
    assert ({r["_key"]: r["value"] for r in table.rows}["active"]
            == report.data["records"]["active"] >= 1)
    assert "register in Samsyn" not in table.note


def _plan(world, *, typed_result=None):
    association = world.association
    BudgetLine.objects.create(association=association, year=2030, scenario="budget",
                              category="contribution", member=world.members["fk"],
                              amount=Decimal(1_000_000))
    BudgetLine.objects.create(association=association, year=2030, scenario="budget",
                              category="office_staff", amount=Decimal(1_300_000))
    FinanceYear.objects.create(association=association, year=2030,
                               opening_equity=Decimal(500_000))
    if typed_result is not None:
        TypedBudgetFigure.objects.create(association=association, year=2030,
                                         scenario="budget", measure="result",
                                         amount=Decimal(typed_result))
    return {r["line"]: r for r in budget_report(
        ReportParams.for_year(Scope.system(association), 2030)).tables[0].rows}


def test_a_budget_financed_by_equity_prints_its_planned_use_not_a_result(alfa):
    rows = _plan(alfa)
    assert rows["Planerat utnyttjande av eget kapital"]["budget_2030"] == Decimal(300_000)
    assert "Årets resultat" not in rows
    assert rows["Ekonomisk ram"]["budget_2030"] == Decimal(1_500_000)


def test_a_result_the_plan_itself_printed_is_kept_as_its_result(alfa):
    # 000 and 001 print "Årets resultat" for their budget years: that is what was decided.
    rows = _plan(alfa, typed_result=-300_000)
    assert rows["Årets resultat"]["budget_2030"] == Decimal(-300_000)
    assert "Planerat utnyttjande av eget kapital" not in rows


def test_a_half_years_stated_figure_stands_in_the_half_years_table(alfa):
    _participation(alfa, 2023)
    StatedFigure.objects.create(association=alfa.association, period_start=D(2023, 1, 1),
                                period_end=D(2023, 6, 30), measure="new", value=40)
    params = dataclasses.replace(ReportParams.for_year(Scope.system(alfa.association), 2023),
                                 start=D(2023, 1, 1), end=D(2023, 6, 30))
    with translation.override("en"):
        report = key_figures(params)
    table = report.tables[0]
    assert table.title == "The period in figures"
    assert {r["_key"]: r["value"] for r in table.rows}["new"] == 40
    assert f"The register in Samsyn gives {report.data['records']['new']} new" in table.note
    # A half-year prints no money: the outcome is kept per year.
    assert not any(r["_key"] in MONEY for r in table.rows)
