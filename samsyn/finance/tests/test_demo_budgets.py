"""The budget tables of the seed plans as the demo holds them: 000 tables 4–5 and 001's budget.

Every sum is computed from the budget lines; the sums the documents typed are held beside them
and flagged where the lines do not give them.
"""

import re
from decimal import Decimal

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.builders import business_plan
from samsyn.finance.demo import load_demo
from samsyn.finance.models import BudgetLine
from samsyn.finance.reports import budget_report
from samsyn.reports.document import ReportParams
from samsyn.reports.render import to_html

NBSP = "\u00a0"



def _budget(slug: str, year: int):
    association = Association.objects.get(slug=slug)
    return budget_report(ReportParams.for_year(Scope.system(association), year))


def _rows(table):
    return {row["line"]: row for row in table.rows}


def test_samsunds_budget_2023_to_2026_holds_every_row_and_the_forecast(demo, db):
    rows = _rows(_budget("samsund", 2024).tables[0])
    assert rows["Summa intäkter"]["budget_2023"] == 10_014_000
    assert rows["Summa intäkter"]["forecast_2023"] == 7_883_000
    assert rows["Summa intäkter"]["budget_2026"] == 6_406_000
    assert rows["Summa kostnader"]["budget_2024"] == 10_590_000
    assert rows["Årets resultat"]["forecast_2023"] == 1_028_000
    assert rows["Årets resultat"]["budget_2025"] == -1_180_000
    assert rows["Individinriktade insatser: ESF Lumena"]["budget_2026"] == 326_000


def test_samsunds_typed_totals_of_2024_are_flagged_beside_the_sums_of_its_rows(demo, db):
    report = _budget("samsund", 2024)
    rows = _rows(report.tables[0])
    assert rows["Summa intäkter"]["budget_2024"] == 9_016_000
    assert rows["Summa intäkter enligt dokumentet"]["budget_2024"] == 9_017_000
    assert rows["Årets resultat"]["budget_2024"] == -1_574_000
    assert rows["Årets resultat enligt dokumentet"]["budget_2024"] == -1_573_000
    warnings = " ".join(report.warnings)
    assert f"dokumentet anger 9{NBSP}017{NBSP}000 kr, dess rader ger 9{NBSP}016{NBSP}000 kr" \
        in warnings
    assert f"1{NBSP}573{NBSP}000 kr, dess rader ger" in warnings
    # Where the document's sums are right, nothing is flagged.
    assert "Budget 2025" not in warnings


def test_samsunds_equity_unknown_in_every_year_is_said_once_never_printed_as_0(demo, db):
    association = Association.objects.get(slug="samsund")
    html = to_html(business_plan(ReportParams.for_year(Scope.system(association), 2024)))
    # 001 prints no equity; three rows of "uppgift saknas" in every column would be noise.
    for line in ("Ingående eget kapital", "Utgående eget kapital", "Ekonomisk ram"):
        assert not re.findall(rf">{line}</th>", html), line
    report = _budget("samsund", 2024)
    assert "Inget ingående eget kapital är inskrivet" in report.tables[0].note
    assert "Ingående eget kapital" not in _rows(report.tables[0])


def test_a_plan_year_shows_its_lines_not_a_result_equity_or_frame_nobody_decided(demo, db):
    rows = _rows(_budget("stockholms-stad", 2022).tables[0])
    # 000 table 4 prints Årets resultat and the equity for its budget year 2022 only.
    assert rows["Årets resultat"]["budget_2022"] == -8_223_000
    assert rows["Utgående eget kapital"]["budget_2022"] == 2_243_000
    for line in ("Årets resultat", "Ingående eget kapital", "Utgående eget kapital",
                 "Utgående fritt eget kapital", "Ekonomisk ram"):
        assert rows[line]["plan_2023"] is None and rows[line]["plan_2024"] is None, line
    assert rows["Summa kostnader"]["plan_2024"] == 30_150_000
    # 001 typed its plan years' results: they are decided, and shown.
    samsund = _rows(_budget("samsund", 2024).tables[0])
    assert samsund["Årets resultat"]["budget_2026"] is not None


def test_table_4_of_000_has_its_subtotals_as_rows_and_three_premises_lines(demo, db):
    rows = _rows(_budget("stockholms-stad", 2022).tables[0])
    assert rows["Summa aktiviteter/insatser"]["budget_2022"] == 35_808_000
    # Table 4 prints each kind as one line; the demo holds the lines per insats (table 6).
    assert rows["Summa strukturella insatser"]["budget_2022"] == 2_490_000
    assert rows["Summa individinriktade insatser"]["budget_2022"] == 33_198_000
    assert rows["Summa strukturella insatser"]["plan_2024"] == 360_000
    assert rows["Summa aktiviteter/insatser"]["plan_2023"] == 22_825_000
    assert rows["Summa styrelse och kansli"]["budget_2022"] == 6_824_000
    assert rows["Summa styrelse och kansli"]["plan_2024"] == 7_160_000
    assert rows["Summa kostnader"]["budget_2022"] == 42_632_000
    assert rows["Summa intäkter"]["plan_2023"] == 58_580_000
    assert rows["Årets resultat"]["budget_2022"] == -8_223_000
    assert rows["Utgående fritt eget kapital"]["budget_2022"] == 1_840_000
    assert rows["Kansli: lokaler: Hyra kontorslokal"]["budget_2022"] == 527_000
    assert rows["Kansli: lokaler: Övriga lokalkostnader, el m.m."]["plan_2024"] == 23_000
    assert rows["Kansli: lokaler: Lokalvård"]["plan_2023"] == 60_000


def test_the_2024_sums_000_typed_are_flagged_against_its_rows(demo, db):
    report = _budget("stockholms-stad", 2022)
    rows = _rows(report.tables[0])
    assert rows["Summa aktiviteter/insatser"]["plan_2024"] == 22_990_000
    assert rows["Summa aktiviteter/insatser enligt dokumentet"]["plan_2024"] == 22_290_000
    assert rows["Summa kostnader"]["plan_2024"] == 30_150_000
    assert rows["Summa kostnader enligt dokumentet"]["plan_2024"] == 29_450_000
    warnings = " ".join(report.warnings)
    assert f"22{NBSP}290{NBSP}000 kr, dess rader ger 22{NBSP}990{NBSP}000 kr" in warnings
    assert f"29{NBSP}450{NBSP}000 kr, dess rader ger 30{NBSP}150{NBSP}000 kr" in warnings


def test_table_5_of_000_names_the_insatser_per_kind_and_the_free_equity(demo, db):
    report = _budget("stockholms-stad", 2022)
    use = next(t for t in report.tables if "ramens användning" in str(t.title))
    rows = {row["group"]: row for row in use.rows}
    assert rows["Individinriktade insatser"]["amount"] == 33_198_000
    assert "Rätt stöd för mig!" in str(rows["Individinriktade insatser"]["what"])
    assert "Rehabiliteringsbanan" in str(rows["Strukturella insatser"]["what"])
    assert rows["Strukturella insatser"]["amount"] == 2_610_000
    assert rows["Utgående eget kapital"]["amount"] == 2_243_000
    assert f"1{NBSP}840{NBSP}000" in str(rows["Utgående eget kapital"]["what"])
    assert use.total is not None and use.total["amount"] == 44_875_000
    assert round(rows["Individinriktade insatser"]["share"], 2) == Decimal("73.98")
    assert round(rows["Strukturella insatser"]["share"], 2) == Decimal("5.82")
    assert round(rows["Utgående eget kapital"]["share"], 2) == Decimal("5.00")


def test_table_5s_typos_and_its_rounded_office_share_are_flagged_with_both_figures(demo, db):
    report = _budget("stockholms-stad", 2022)
    use = next(t for t in report.tables if "ramens användning" in str(t.title))
    rows = {row["group"]: row for row in use.rows}
    assert rows["Individinriktade insatser"]["typed_amount"] == 33_189_000
    assert use.total is not None and use.total["typed_amount"] == 44_475_000
    assert round(rows["Kansli och styrelse"]["share"], 2) == Decimal("15.21")
    assert rows["Kansli och styrelse"]["typed_share"] == Decimal("15.20")
    warnings = " ".join(report.warnings)
    assert f"33{NBSP}189{NBSP}000 kr, dess rader ger 33{NBSP}198{NBSP}000 kr" in warnings
    assert f"44{NBSP}475{NBSP}000 kr, dess rader ger 44{NBSP}875{NBSP}000 kr" in warnings
    assert "dokumentet anger 15,20 %, dess rader ger 15,21 %" in warnings
    # 73,98, 5,82 and 5,00 are the shares rounded, so they are not flagged.
    assert "73,98 %, dess" not in warnings


def test_000s_opening_equity_2022_is_shown_as_its_two_parts_and_checked(demo, db):
    report = _budget("stockholms-stad", 2022)
    table = next(t for t in report.tables if "Eget kapital vid ingången av 2022" in str(t.title))
    amounts = [row["amount"] for row in table.rows]
    assert amounts == [7_730_000, 2_736_000]
    assert table.total is not None and table.total["amount"] == 10_466_000
    # 7 730 + 2 736 is the 10 466 the plan typed as the opening equity 2022: nothing to flag.
    assert not any("Ingående eget kapital 2022" in w for w in report.warnings)
    assert _rows(report.tables[0])["Ingående eget kapital"]["budget_2022"] == 10_466_000


def test_an_opening_equity_its_parts_do_not_give_is_flagged_with_both(demo, db):
    from samsyn.finance.models import FinanceYear

    FinanceYear.objects.filter(association__slug="stockholms-stad", year=2021).update(
        opening_equity=7_731_000)
    warnings = " ".join(_budget("stockholms-stad", 2022).warnings)
    assert f"Ingående eget kapital 2022: angivet 10{NBSP}466{NBSP}000 kr" in warnings
    assert f"10{NBSP}467{NBSP}000" in warnings


def test_003s_budgetram_2017_is_flagged_beside_the_frame_its_parts_give(demo, db):
    report = _budget("ostra-sodertorn", 2017)
    rows = _rows(report.tables[0])
    assert rows["Ekonomisk ram"]["budget_2017"] == 22_571_869
    assert rows["Ekonomisk ram enligt dokumentet"]["budget_2017"] == 22_568_868
    assert rows["Summa aktiviteter/insatser"]["budget_2016"] == 16_137_675
    assert rows["Summa kostnader enligt dokumentet"]["budget_2017"] == 19_668_868
    warnings = " ".join(report.warnings)
    assert f"22{NBSP}568{NBSP}868 kr, dess rader ger 22{NBSP}571{NBSP}869 kr" in warnings


def test_a_demo_loaded_before_000s_plans_were_split_per_insats_loses_the_old_lines(demo, db):
    association = Association.objects.get(slug="stockholms-stad")
    rsfm = association.interventions.get(slug="ratt-stod-for-mig")
    old = [BudgetLine.objects.create(association=association, year=2023, scenario="plan",
                                     category="individual", label="Individinriktade insatser",
                                     amount=Decimal(21_350_000)),
           BudgetLine.objects.create(association=association, year=2022, scenario="budget",
                                     category="individual", intervention=rsfm,
                                     amount=Decimal(2_890_000))]
    assert load_demo(association) != ["economy: already up to date"]
    assert not BudgetLine.objects.filter(pk__in=[line.pk for line in old]).exists()
    # The lines that replace them, once each: 2023's kind adds up to 000 table 4's 21 350.
    individual = BudgetLine.objects.filter(association=association, year=2023,
                                           category="individual")
    assert sum(line.amount for line in individual) == 21_350_000
    assert sorted(rsfm.budget_lines.filter(year=2022).values_list("label", "amount")) == [
        ("Bron Unga", 1_290_000), ("DEV", 1_600_000)]
    assert load_demo(association) == ["economy: already up to date"]
