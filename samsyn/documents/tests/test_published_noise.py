"""Issue 26: the published 2022 annual report of Östra Södertörn (002) without its last noise.
A difference only rounding explains is no error and is not printed once the document is
published or adopted; an unknown count is "–", never 0; a gender column stands only where some
gender is known; and the comparison with 2021 is said to be with the förbund's stated figure."""

import datetime as dt
from decimal import Decimal

import pytest

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.published_noise import drop_rounding_only
from samsyn.reports.document import NO_FIGURE, Column, Report, Table
from samsyn.reports.models import ReportVersion
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report
from samsyn.reports.versions import figures_of


def _annual(publish: bool) -> Report:
    scope = Scope.system(Association.objects.get(slug="ostra-sodertorn"))
    return build_report(get_kind("annual-report"), scope, 2022, publish=publish)


@pytest.fixture(scope="module")
def published(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return _annual(publish=True)


def _table(report: Report, title: str) -> Table:
    return next(t for t in report.tables if str(t.title) == title)


def _keys(table: Table) -> list[str]:
    return [c.key for c in table.columns]


@pytest.mark.parametrize("title", ["Balansräkning", "Kassaflödesanalys",
                                   "Not 3. Verksamhetens kostnader"])
def test_a_published_statement_has_no_column_of_figures_that_differ_only_by_rounding(
        published, title):
    # 263 000 / 263 001, 2 752 183 / 2 752 184, 10 239 945 / 10 239 946, 25 852 030 / 031.
    table = _table(published, title)
    assert not [k for k in _keys(table) if k.startswith("typed")]
    assert "current" in _keys(table)


def test_the_published_costs_by_kind_drop_the_typed_column_of_rounding_and_equal_figures(
        published):
    # 25 379 160 against the books' 25 379 161; 472 870 and 4 259 450 as the books.
    table = _table(published, "Kostnader per slag (utfall, kr)")
    assert _keys(table) == ["group", "amount", "share"]


def test_the_published_driftredovisning_names_the_typed_differences_but_not_rounding(
        published):
    note = str(_table(published, "Sammanställning av budget och utfall 2022 (kr)").note
               ).replace("\xa0", " ")
    assert "SamMA: dokumentet anger differensen 363 531 kr" in note
    assert "Vuxteam Tyresö" not in note


def test_a_typed_figure_off_by_more_than_rounding_keeps_its_cell_and_column():
    table = Table(title="t", columns=[Column("line", ""), Column("current", "", "money"),
                                      Column("typed_current", "", "money")],
                  rows=[{"line": "a", "current": Decimal(100), "typed_current": Decimal(101)},
                        {"line": "b", "current": Decimal(500), "typed_current": Decimal(600)}],
                  total={"line": "s", "current": Decimal(600), "typed_current": Decimal(600)})
    drop_rounding_only([table])
    assert [r["typed_current"] for r in table.rows] == [None, Decimal(600)]
    assert table.total is not None and table.total["typed_current"] is None
    assert _keys(table) == ["line", "current", "typed_current"]


def test_an_unknown_count_in_appendix_1_is_a_dash_not_0(published):
    active = {r["_row"]: r for r in _table(published, "Aktiva deltagare").rows}
    for slug in ("mia-vidare-os", "ung-i-nynas", "ung-i-tyreso", "ungdomsteamet-haninge"):
        assert active[slug]["total"] == NO_FIGURE and active[slug]["kvinna"] == NO_FIGURE
    assert active["samma"]["total"] == 140
    finished = _table(published, "Avslutade deltaganden")
    assert {r["_row"]: r["total"] for r in finished.rows}["vuxteamen"] == NO_FIGURE
    assert "deras siffror visas som ”–”" in str(finished.note)


def test_the_share_to_work_or_studies_has_no_gender_column_when_no_gender_is_known(published):
    table = _table(published,
                   "Andel avslutade deltaganden som gått till arbete eller studier")
    assert _keys(table) == ["name", "total"]
    assert table.total is not None and round(table.total["total"], 1) == Decimal("53.9")


def test_the_chart_note_says_2021_is_compared_by_the_förbunds_stated_figure(published):
    before = _table(published, "Nya deltagare 2021, året före")
    assert before.rows[0]["value"] == 416
    note = str(_table(published, "Nya deltagare per år").note)
    assert note == ("Registret har inga uppgifter före 2022: jämförelsen med 2021 görs med den "
                    "siffra förbundet har angett.")


def test_an_adopted_office_version_drops_rounding_and_still_matches_its_frozen_figures(
        demo, db):
    office = _annual(publish=False)
    assert "typed_current" in _keys(_table(office, "Balansräkning"))
    ReportVersion.objects.create(association=Association.objects.get(slug="ostra-sodertorn"),
                                 kind="annual-report", year=2022, decided=dt.date(2023, 3, 22),
                                 figures={**figures_of(office), "__published__": False})
    adopted = _annual(publish=False)
    assert adopted.adopted
    assert "typed_current" not in _keys(_table(adopted, "Balansräkning"))
    assert adopted.checks[-1] == "Samma siffror som versionen fastställd 22 mars 2023."
