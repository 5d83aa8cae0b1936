"""The demo's bookkeeping reproduces Östra Södertörn's årsredovisning 2022 (002, sections 3–6)."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.builders import annual_report
from samsyn.finance.checks import adopted_discrepancies
from samsyn.finance.financial import statements_for
from samsyn.finance.models import AccountBalance, OutcomeAmount, SieImport
from samsyn.finance.reports import financial_statements_report
from samsyn.reports.document import ReportParams


@pytest.fixture
def found(demo, db):
    return statements_for(Association.objects.get(slug="ostra-sodertorn"), 2022)


def test_the_demo_result_and_equity_are_the_adopted_ones(found):
    assert found.current.result == Decimal(1_250_047)
    assert found.current.equity == Decimal(4_002_231)
    assert found.previous.result == Decimal(264_497)
    assert found.previous.equity == Decimal(2_752_184)


def test_the_income_statement_is_002s(found):
    now, before = found.current, found.previous
    assert (now.income, now.costs, now.depreciation) == (31_379_624, 30_111_481, 63_226)
    assert (now.net_operating_cost, now.financial_income, now.financial_cost) == (
        1_204_917, 53_040, 7_910)
    assert (before.income, before.costs, before.net_operating_cost) == (
        35_980_191, 35_643_304, 273_661)
    assert (before.financial_income, before.financial_cost) == (2_212, 11_376)


def test_the_balance_sheet_is_002s_but_for_its_rounding_of_a_krona(found):
    now, before = found.current, found.previous
    # 002 prints 263 000 in the balansräkning and 263 001 in Not 5; the books say 263 001.
    assert (now.fixed_assets, now.receivables, now.cash) == (263_001, 2_309_099, 7_667_846)
    assert now.current_liabilities == 6_237_715 and now.total_assets == 10_239_946
    assert (before.fixed_assets, before.receivables, before.cash) == (
        326_227, 5_732_380, 4_837_550)
    assert before.total_assets == before.total_equity_and_liabilities == 10_896_157
    assert now.balance_difference == before.balance_difference == 0
    assert round(now.solidity) == 39 and round(before.solidity) == 25


def test_the_cash_flow_statement_is_002s(found):
    now = found.current
    assert (now.result + now.non_cash_adjustments, now.operating_cash_flow, now.cash_flow) == (
        1_313_273, 2_830_296, 2_830_296)
    assert (now.opening_cash, now.cash) == (4_837_550, 7_667_846)
    assert (found.previous.cash_flow, found.previous.opening_cash) == (-1_932_377, 6_769_927)


def test_the_notes_are_002s(found):
    now = found.current
    assert {a.name: a.amount for a in now.income_accounts}["EU-medel och andra bidrag"] == (
        15_063_624)
    assert sum(a.amount for a in now.receivable_accounts) == 2_309_099
    assert sum(a.amount for a in now.liability_accounts) == 6_237_715
    assert now.costs_by_kind["cost_personnel"] == 3_078_022
    assert now.costs_by_kind["cost_premises"] == 608_924
    assert now.costs_by_kind["cost_audit"] == 40_000
    assert (now.closing_acquisition, now.closing_accumulated_depreciation) == (
        389_453, -126_452)
    assert not found.unmapped


def test_the_result_against_budget_is_002s(found):
    assert found.budget_result == -1_137_000
    assert found.result_against_budget == 2_387_047


def test_an_adopted_figure_the_books_contradict_is_flagged_with_both_numbers(found):
    association = Association.objects.get(slug="ostra-sodertorn")
    flagged = adopted_discrepancies(association, 2022)
    # The balansräkning's total 10 239 945 rounds the inventarier down (Not 5: 263 001).
    assert [(d.typed, d.computed) for d in flagged] == [(10_239_945, 10_239_946)]
    assert flagged[0].what == "Balansomslutning 2022 (fastställt)"
    report = financial_statements_report(ReportParams.for_year(Scope.system(association), 2022))
    assert any("10\u00a0239\u00a0945" in w and "10\u00a0239\u00a0946" in w
               for w in report.warnings)


def test_the_report_and_the_annual_report_hold_the_statements(demo, db):
    association = Association.objects.get(slug="ostra-sodertorn")
    report = financial_statements_report(ReportParams.for_year(Scope.system(association), 2022))
    titles = [t.title for t in report.tables]
    assert titles[:3] == ["Resultaträkning", "Balansräkning", "Kassaflödesanalys"]
    assert report.data["result"] == "1250047.00" and report.data["equity"] == "4002231.00"
    annual = annual_report(ReportParams.for_year(Scope.system(association), 2022))
    annual_titles = [t.title for t in annual.tables]
    for title in ("Resultaträkning", "Balansräkning", "Kassaflödesanalys",
                  "Not 7. Kortfristiga skulder och förutbetalda intäkter"):
        assert title in annual_titles


def test_loading_the_demo_again_changes_nothing(demo, db):
    counts = (SieImport.objects.count(), OutcomeAmount.objects.count(),
              AccountBalance.objects.count())
    out = StringIO()
    call_command("load_demo", "--quiet-logins", stdout=out)
    assert "economy: already up to date" in out.getvalue()
    assert "economy: " not in out.getvalue().replace("economy: already up to date", "")
    assert (SieImport.objects.count(), OutcomeAmount.objects.count(),
            AccountBalance.objects.count()) == counts


def test_the_five_year_table_of_002_is_held_and_its_equity_typos_flagged(demo, db):
    from samsyn.finance.checks import discrepancies
    from samsyn.finance.models import FinanceYear

    association = Association.objects.get(slug="ostra-sodertorn")
    held = {y.year: (y.adopted_result, y.adopted_equity, y.employees)
            for y in FinanceYear.objects.filter(association=association)}
    assert held[2018] == (-884_421, 6_147_377, 10) and held[2020][1] == 2_487_686
    # 2.1.2 gives 2020's equity as 2 487 686, yet 2019's 5 373 160 less 2 885 473 is 2 487 687.
    flagged = {d.what: (d.typed, d.computed) for d in discrepancies(association, 2020)}
    assert flagged == {"Fastställt eget kapital 2020 mot 2019 års och resultatet":
                       (2_487_686, 2_487_687)}


def test_samsunds_split_of_2024_is_held_and_its_tkr_rounding_flagged(demo, db):
    from samsyn.finance.checks import discrepancies
    from samsyn.finance.models import ContributionYear

    association = Association.objects.get(slug="samsund")
    decided = ContributionYear.objects.get(association=association, year=2024)
    assert decided.total == 6_079_000
    assert {c.member.name: c.amount for c in decided.contributions.select_related("member")}[
        "Järfälla"] == 760_000
    flagged = {d.what: (d.typed, d.computed) for d in discrepancies(association, 2024)}
    assert flagged["Kommunernas andel 2024"] == (1_519_000, 1_519_750)


def test_an_equity_nobody_knows_is_shown_as_unknown_not_zero(demo, db):
    from samsyn.finance.reports import budget_report

    association = Association.objects.get(slug="samsund")
    report = budget_report(ReportParams.for_year(Scope.system(association), 2024))
    rows = {row["line"]: row for row in report.tables[0].rows}
    # Unknown in every year: no row prints it as 0; the note says it is not known.
    assert not {"Ingående eget kapital", "Utgående eget kapital", "Ekonomisk ram"} & set(rows)
    assert "eget kapital och den ekonomiska ramen visas inte" in report.tables[0].note
    assert not any("ramens användning" in t.title for t in report.tables)
    assert any("okänt" in w for w in report.warnings)


def test_the_budget_2017_against_2016_of_003_is_held_with_its_frame_and_typos_flagged(demo, db):
    from samsyn.finance.reports import budget_report

    association = Association.objects.get(slug="ostra-sodertorn")
    report = budget_report(ReportParams.for_year(Scope.system(association), 2017))
    rows = {row["line"]: row for row in report.tables[0].rows}
    assert rows["Summa kostnader"]["budget_2017"] == 19_668_868
    assert rows["Summa kostnader"]["budget_2016"] == 19_293_675
    assert rows["Ingående eget kapital"]["budget_2017"] == 4_505_000
    # 003 adds anslag 18 064 868 and the surplus 4 505 000 to 22 568 868, a thousand short,
    # and its kommuner's cells add to 2 000 more than their quarter: both are shown.
    assert rows["Ekonomisk ram"]["budget_2017"] == 22_571_869
    assert any("4\u00a0518\u00a0217" in w for w in report.warnings)


def test_the_five_year_table_is_002s_section_2_1_2(demo, db):
    association = Association.objects.get(slug="ostra-sodertorn")
    report = financial_statements_report(ReportParams.for_year(Scope.system(association), 2022))
    table = report.tables[-1]
    assert table.title == "Verksamhetens ekonomi i jämförelse med tidigare år"
    rows = {row["line"]: row for row in table.rows}
    assert rows["Verksamhetens kostnader"]["y2022"] == 30_129_577
    assert rows["Verksamhetens kostnader"]["y2021"] == 35_715_694
    assert rows["Årets resultat"]["y2018"] == -884_421
    assert rows["Eget kapital"]["y2019"] == 5_373_160
    assert (rows["Soliditet (%)"]["y2022"], rows["Soliditet (%)"]["y2021"]) == (39, 25)
    assert [rows["Antal anställda"][f"y{y}"] for y in range(2022, 2017, -1)] == [
        14, 15, 15, 13, 10]


def _statements_2022():
    association = Association.objects.get(slug="ostra-sodertorn")
    return financial_statements_report(ReportParams.for_year(Scope.system(association), 2022))


def test_the_cash_flow_change_lines_002_typed_are_flagged_line_by_line(demo, db):
    report = _statements_2022()
    table = next(t for t in report.tables if t.title == "Kassaflödesanalys")
    rows = {row["line"]: row for row in table.rows}
    receivables = rows["Ökning/minskning kortfristiga fordringar"]
    liabilities = rows["Ökning/minskning kortfristiga skulder"]
    assert (receivables["current"], receivables["typed_current"]) == (3_423_281, 3_423_282)
    assert (liabilities["current"], liabilities["typed_current"]) == (-1_906_258, -1_906_259)
    assert (liabilities["previous"], liabilities["typed_previous"]) == (9_278, 9_277)
    # The totals 002 printed are the books' own, so nothing typed stands beside them.
    assert rows["Årets kassaflöde"]["current"] == 2_830_296
    assert rows["Årets kassaflöde"]["typed_current"] is None
    nbsp = "\u00a0"
    warnings = " ".join(report.warnings)
    assert (f"Ökning/minskning kortfristiga fordringar 2022: dokumentet anger 3{nbsp}423{nbsp}282"
            f" kr, dess egna balansräkningar och rader ger 3{nbsp}423{nbsp}281 kr") in warnings
    assert f"-1{nbsp}906{nbsp}259 kr, dess egna balansräkningar och rader ger -1{nbsp}906" \
        in warnings


def test_note_3s_krona_against_2_6_4_is_flagged_beside_the_figure(demo, db):
    report = _statements_2022()
    table = next(t for t in report.tables if t.title == "Not 3. Verksamhetens kostnader")
    rows = {row["line"]: row for row in table.rows}
    assert (rows["Insatser"]["current"], rows["Insatser"]["typed_current"]) == (
        25_852_031, 25_852_030)
    assert (rows["Övriga kostnader"]["current"], rows["Övriga kostnader"]["typed_current"]) == (
        572_504, 572_505)
    assert table.total is not None and table.total["current"] == 30_111_481
    assert "typed_current" in [c.key for c in table.columns]
    # The other notes share the column list and must not get the typed column.
    audit = next(t for t in report.tables if t.title == "Not 4. Räkenskapsrevision")
    assert "typed_current" not in [c.key for c in audit.columns]
    assert any("25\u00a0852\u00a0030" in w and "25\u00a0852\u00a0031" in w
               for w in report.warnings)


def test_2_6_3_costs_by_kind_add_up_to_note_3_and_flag_002s_krona(demo, db):
    from samsyn.documents.builders import cost_split

    association = Association.objects.get(slug="ostra-sodertorn")
    report = cost_split(ReportParams.for_year(Scope.system(association), 2022))
    table = report.tables[0]
    rows = {row["_key"]: row for row in table.rows}
    assert (rows["individual"]["amount"], rows["individual"]["typed"]) == (
        25_379_161, 25_379_160)
    assert rows["structural"]["amount"] == 472_870
    assert rows["office"]["amount"] == 4_259_450
    # Depreciation (63 226) is a line of the income statement, named in the note; the
    # financial costs (7 910) are no cost of the operations.
    assert "depreciation" not in rows and "other" not in rows
    assert "63 226" in table.note or "63 226" in table.note
    # 002 2.6.2's "verksamhet för 30 111 481 kronor", Note 3's total.
    assert table.total is not None and table.total["amount"] == 30_111_481
    assert any("25\u00a0379\u00a0160" in w and "25\u00a0379\u00a0161" in w
               for w in report.warnings)
