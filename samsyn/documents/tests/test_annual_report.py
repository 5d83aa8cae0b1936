"""The årsredovisning a revisor signs and a board adopts: 002's structure with the parts LKBR
11 kap. asks for, the kansli's checks kept out of what is adopted and published, no empty part
shown as content."""

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.annual import goal_met
from samsyn.documents.tidy import tidy, trim
from samsyn.finance.models import ManagementGoal
from samsyn.finance.rounding import rounding_only
from samsyn.reports.document import NO_FIGURE, Chart, Column, Rounding, Table
from samsyn.reports.models import ReportVersion
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_docx, to_html, to_xlsx
from samsyn.reports.services import build_report
from samsyn.reports.sheet_names import cut, shortened

# The seed annual report as copied into the repository's demo data (with its source note).
SEED = (Path(__file__).resolve().parents[2] / "home" / "demo" / "seeds"
        / "002_80e5bd686a6244e6.txt")

# 002's order, with the LKBR parts 002 lacks (2.6.3 balance requirement, 2.6.5 investments)
# where they belong.
SECTIONS_2022 = [
    "Förord", "1 Sammanfattning av verksamhetsåret", "1.1 Resultat i siffror",
    "1.2 Om förbundet", "2 Förvaltningsberättelse",
    "2.1 Översikt över verksamhetens utveckling",
    "2.1.1 Översikt över verksamhetens ekonomi 2022",
    "2.1.2 Verksamhetens ekonomi i jämförelse med tidigare år",
    "2.2 Viktiga förhållanden för resultat och ekonomisk ställning",
    "2.3 Händelser av väsentlig betydelse", "2.4 Väsentliga personalförhållanden",
    "2.5 Styrning, ledning och uppföljning av verksamheten",
    "2.6 God ekonomisk hushållning och ekonomisk ställning",
    "2.6.1 Måluppfyllelse och resultat", "2.6.2 Ekonomisk ställning och resultat",
    "2.6.3 Balanskravsutredning", "2.6.4 Driftredovisning", "2.6.5 Investeringsredovisning",
    "2.6.6 Förväntad utveckling", "3 Resultaträkning", "4 Balansräkning",
    "5 Kassaflödesanalys", "6 Noter", "Not 1. Redovisningsprinciper",
    "Not 2. Verksamhetens intäkter", "Not 3. Verksamhetens kostnader",
    "Not 4. Räkenskapsrevision", "Not 5. Anläggningstillgångar", "Not 6. Fordringar",
    "Not 7. Kortfristiga skulder och förutbetalda intäkter", "7 Styrelsens beslut",
    "Bilaga 1 Insatser, mål- och resultatredovisning", "Bilaga 2 Indikatorenkäter",
]


def _annual(slug="ostra-sodertorn", year=2022, publish=False, kind="annual-report"):
    association = Association.objects.get(slug=slug)
    return build_report(get_kind(kind), Scope.system(association), year, publish=publish)


def _table(report, key):
    """The table of that key ("financial-statements.1"), or the first of that part."""
    return next(t for t in report.tables if t.key == key or t.key.startswith(f"{key}."))


def _row(table, key):
    return next(r for r in [*table.rows, table.total] if r and r.get("_key") == key)


def _seed_digits(label: str, after: str = "") -> str:
    """The figures of the seed's line that starts with `label` (the first after the line
    `after`), their digits run together: the OCR spaces its thousands unevenly ("26731 812
    25 852 031"), so the figures are compared as the digits they print."""
    lines = SEED.read_text().splitlines()
    start = next(i for i, x in enumerate(lines) if x.strip() == after) if after else 0
    line = next(x for x in lines[start:] if x.startswith(label))
    return line[len(label):].replace(" ", "")


def _digits(*figures: Decimal) -> str:
    return "".join(str(int(f)) for f in figures)


# The structure


@pytest.mark.django_db
def test_the_annual_report_has_002s_sections_in_002s_order_numbered_as_002_numbers_them(demo):
    report = _annual()
    assert [s.heading for s in report.outline] == SECTIONS_2022


@pytest.mark.django_db
def test_the_table_of_contents_lists_every_section_and_links_to_it(demo):
    report = _annual()
    html = to_html(report)
    contents = html[html.index('class="toc"'):html.index("</nav>")]
    anchors = re.findall(r'href="#([^"]+)"', contents)
    assert anchors[:len(report.outline)] == [s.anchor for s in report.outline]
    for section in report.outline:
        assert f'id="{section.anchor}"' in html
    # The key figures are the year's position (2.6.2), not a note.
    placed = {t.key: s.heading for s in report.outline for t in s.tables}
    assert placed["financial-statements.9"] == "2.6.2 Ekonomisk ställning och resultat"
    assert html.index('id="s-2-6-2"') < html.index('id="s-3"') < html.index('id="s-6"')


@pytest.mark.django_db
def test_the_balance_sheet_ends_with_the_contingent_liabilities_line(demo):
    balance = _table(_annual(), "financial-statements.1")
    contingent = balance.footer[0]
    assert contingent["line"] == "Ansvarsförbindelser"
    assert (contingent["current"], contingent["previous"]) == (0, 0)


@pytest.mark.django_db
def test_the_balance_requirement_reconciliation_gives_002s_result(demo):
    report = _annual()
    table = _table(report, "balance_requirement")
    result = _row(table, "result")["amount"]
    # 002 3: "Arets resultat 1 250 047 264 497", 2022 and 2021.
    income = _table(report, "financial-statements.0")
    statement = next(r for r in [*income.rows, income.total]
                     if r and r.get("line") == "Årets resultat")
    assert _digits(result, statement["previous"]) == _seed_digits("Arets resultat ",
                                                                  after="3. Resultatrakning")
    assert result == statement["current"] == Decimal("1250047")
    assert _row(table, "gains")["amount"] == 0
    assert _row(table, "adjustments")["amount"] == 0
    assert _row(table, "balance_result")["amount"] == result
    assert "Balanskravet är uppfyllt." in table.note


@pytest.mark.django_db
def test_the_operating_account_is_002s_budget_and_outcome_with_its_sign(demo):
    table = _table(_annual(), "operations")
    for key, label in (("interventions", "Summa insatser "),
                       ("office", "Summa kansli och styrelse "),
                       ("costs", "Totalt inkl. avskrivningar ")):
        row = _row(table, key)
        assert _digits(row["budget"], row["outcome"], row["difference"]) == _seed_digits(label)
    # "Resultat -1 137 000 1250 047 2 387 047": the result's difference is outcome − budget.
    for key, label in (("result", "Resultat "), ("income:esf", "EU-medel och andra bidrag "),
                       ("income:contribution", "Intékter/medlemsavgifter ")):
        row = _row(table, key)
        assert _digits(row["budget"], row["outcome"], row["difference"]) == _seed_digits(label)


@pytest.mark.django_db
def test_the_investment_account_is_note_5s_purchases(demo):
    table = _table(_annual(), "investments")
    assert _row(table, "purchases")["current"] == 0
    assert _row(table, "purchases")["previous"] == Decimal("389453")


@pytest.mark.django_db
def test_the_förbunds_goals_for_sound_management_are_evaluated_from_the_records(demo):
    table = _table(_annual(), "management_goals")
    association = Association.objects.get(slug="ostra-sodertorn")
    assert len(table.rows) == ManagementGoal.objects.filter(association=association).count()
    by_goal = {r["goal"]: r for r in table.rows}
    share = by_goal["Våra medel används så att de gynnar förbundets målgrupper: merparten av "
                    "kostnaderna går till insatserna"]
    # 25 852 031 of 30 174 707 kr (002 2.6.4) went to the insatser.
    assert share["outcome"] == "85,7\u00a0%" and share["met"] == "ja"
    assert "5 av 5 mål uppfyllda" in table.note


def test_a_goal_is_met_against_a_floor_or_a_ceiling():
    assert goal_met("intervention_share", Decimal(80), Decimal("85.7")) is True
    assert goal_met("office_share", Decimal(15), Decimal("14.3")) is True
    assert goal_met("costs_budget", Decimal(100), Decimal("101")) is False
    assert goal_met("result", Decimal(0), None) is None


# The kansli's checks


@pytest.mark.django_db
def test_the_office_version_prints_the_checks_in_an_appendix_after_everything_else(demo):
    report = _annual()
    assert report.warnings == []
    html = to_html(report)
    assert "Bilaga: Kansliets kontroller" in html
    assert html.index('id="s-checks"') > html.index('id="s-bilaga-2"') > \
        html.index(f'id="{report.outline[0].anchor}"')
    assert "94 %" in html[html.index('id="s-checks"'):]
    assert 'class="warning"' not in html


@pytest.mark.django_db
def test_the_published_version_prints_no_check(demo):
    report = _annual(publish=True)
    for text in (to_html(report),
                 "\n".join(p.text for p in Document(io.BytesIO(to_docx(report))).paragraphs)):
        assert "Kansliets kontroller" not in text
        assert "94 %, inte 100 %" not in text


@pytest.mark.django_db
def test_an_adopted_version_prints_no_check(demo):
    association = Association.objects.get(slug="ostra-sodertorn")
    version = ReportVersion.objects.create(association=association, kind="annual-report",
                                           year=2022, decided="2023-03-22", figures={})
    try:
        report = _annual()
        assert report.adopted and report.checks
        assert "Kansliets kontroller" not in to_html(report)
        book = load_workbook(io.BytesIO(to_xlsx(report)))
        assert not any("Kansliets kontroller" in str(c.value) for c in book.worksheets[0]["A"])
    finally:
        version.delete()


# Rounding


def test_a_difference_of_rounding_alone_is_no_error():
    assert rounding_only(Decimal("10239945"), Decimal("10239946"))      # 002's kronor
    assert rounding_only(Decimal("16316000"), Decimal("16316400"))      # a figure in tkr
    assert rounding_only(Decimal("2222774"), Decimal("2223000"))        # the other side in tkr
    assert not rounding_only(Decimal("9017000"), Decimal("9016000"))    # 001: a whole tkr off
    assert not rounding_only(Decimal("22290000"), Decimal("22990000"))  # 000: a typing error
    assert not rounding_only(Decimal("500"), Decimal("0"))              # 0 is no tkr figure
    assert not rounding_only(Decimal("18064868"), Decimal("18066869"))  # 003
    assert not rounding_only(Decimal("5"), Decimal("5"))


@pytest.mark.django_db
def test_002s_one_krona_differences_are_rounding_not_checks(demo):
    report = _annual()
    # Statements 5 and Not 3 (5), 2.6.3 (1), the balance sheet's typed lines (4), 2.6.4's
    # Vuxteam Tyresö (1), and the rest of the document's (3).
    assert len(report.rounding) == 14
    assert all(isinstance(r, Rounding) for r in report.rounding)
    assert not any("10\u00a0239\u00a0945" in c for c in report.checks)
    assert any("10\u00a0239\u00a0945" in r for r in report.rounding)


# Empty parts


def test_a_table_of_zeros_becomes_one_line_saying_so():
    table = Table("Nya deltagare efter åldersgrupp",
                  [Column("age", "Ålder"), Column("n", "Antal", "int")],
                  [{"age": "16-18", "n": 0}, {"age": "19-24", "n": 0}], total={"age": "Summa",
                                                                              "n": 0})
    tidied = tidy(table)
    assert tidied.columns == [] and tidied.rows == [] and tidied.total is None
    assert "0 eller okända" in tidied.note or "0 or not known" in tidied.note


def test_a_column_with_no_figure_is_left_out():
    table = Table("Andel", [Column("i", "Insats"), Column("w", "Kvinna", "percent"),
                            Column("a", "Alla", "percent")],
                  [{"i": "SamMA", "w": None, "a": Decimal(50)},
                   {"i": "Ung i Nynäs", "w": NO_FIGURE, "a": Decimal("65.3")}])
    assert [c.key for c in tidy(table).columns] == ["i", "a"]


def test_a_chart_leaves_out_series_with_no_figure():
    chart = Chart("Andel", ["MIA", "Vux"], [None, None, Decimal(26), None, None, None],
                  "percent", ["Kvinna", "Man", "Alla"])
    trimmed = trim(chart)
    assert trimmed.series == ["Alla"] and trimmed.labels == ["MIA"]
    assert trimmed.values == [Decimal(26)]


@pytest.mark.django_db
def test_the_half_year_says_that_only_yearly_counts_are_held(demo):
    report = _annual(kind="half-year")
    text = " ".join(t.note for t in report.tables)
    assert "bara antal för helår" in text
    assert not [t for t in report.tables if t.key.startswith("participants.")
                and t.columns]
    assert "Ekonomins utfall förs för hela år" in text
    assert report.warnings == []


@pytest.mark.django_db
def test_a_part_with_nothing_says_what_is_missing(demo):
    report = _annual()
    follow_up = _table(report, "follow_up")
    assert follow_up.columns == [] and "Ingen verksamhetsplan för 2022" in follow_up.note
    assert not [t for t in report.tables if t.columns and not t.rows]
    ages = _table(report, "participants.8")
    assert ages.columns == []
    inflow = _table(report, "charts.0")
    assert inflow.columns == [] or all(r["new"] != NO_FIGURE for r in inflow.rows)


# Word and Excel


@pytest.mark.django_db
def test_word_has_page_numbers_repeating_headers_and_the_same_sections(demo):
    report = _annual()
    document = Document(io.BytesIO(to_docx(report)))
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer
    first_row = document.tables[0].rows[0]._tr.xml
    assert "tblHeader" in first_row
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for section in report.outline:
        assert section.heading in headings


@pytest.mark.django_db
def test_excel_sheet_names_are_readable_in_full(demo):
    report = _annual()
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert not [n for n in book.sheetnames if "…" in n]
    titles = {t.title for t in report.tables}
    for sheet in book.worksheets[1:]:
        assert sheet["A1"].value in titles
        # Every sheet is named from its title: whole, abbreviated, or cut after a word, and
        # a second one cut alike is numbered: "Samverkansteam – nya delt. (2)".
        name = re.sub(r" \(\d+\)$", "", sheet.title)
        assert any(whole == name or whole.startswith(f"{name} ") for whole in (
            sheet["A1"].value, shortened(sheet["A1"].value), cut(sheet["A1"].value)) if whole)
        assert not sheet.title.startswith("Tabell")
