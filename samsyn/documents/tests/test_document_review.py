"""Issue 26, read page by page as a board member and a revisor: what the demo documents
printed that one of them would question, each held here by the rendered text."""

import re

import pytest

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.documents.annual import management_goals
from samsyn.documents.builders import charts, half_year
from samsyn.participants.reports import participants_report
from samsyn.reports.document import ReportParams
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_html
from samsyn.reports.services import build_report
from samsyn.surveys.reports import indicators_report


def _params(slug: str, year: int) -> ReportParams:
    return ReportParams.for_year(Scope.system(Association.objects.get(slug=slug)), year)


@pytest.fixture(scope="module")
def goals(demo, django_db_blocker):
    with django_db_blocker.unblock():
        return management_goals(_params("ostra-sodertorn", 2022)).tables[0]


def test_the_goal_of_work_or_studies_is_judged_by_the_share_the_year_in_figures_gives(goals, db):
    # 1.1 and 2.6.1's own text give 002's 52 %: the goal's table gave the register's 53,9 %.
    row = next(r for r in goals.rows if "arbete eller studier" in str(r["target"]))
    assert str(row["outcome"]).replace("\xa0", " ") == "52 %"
    assert row["met"] == "ja"
    assert "registret ger 53,9 %" in goals.note.replace("\xa0", " ")


def test_the_goal_of_new_participants_says_no_second_figure_where_both_agree(goals, db):
    row = next(r for r in goals.rows if str(r["target"]).startswith("Nya deltagare"))
    assert row["outcome"] == "396"
    assert "registret ger 396" not in goals.note.lower()


def _text(report) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", to_html(report)).split())


def test_the_half_year_promises_no_comparison_with_a_figure_only_the_annual_report_prints(
        demo, db):
    # The delårsrapport 2022 has no table of 2021's stated new participants (1.1 of the annual
    # report has): its "Over the years" said the comparison was made with it.
    text = _text(half_year(_params("ostra-sodertorn", 2022)))
    assert "Nya deltagare per år" in text
    assert "jämförelsen med 2021 görs med den siffra förbundet har angett" not in text
    assert "det finns inget tidigare år att jämföra med" in text


def test_the_annual_report_still_points_to_its_table_of_the_year_before(demo, db):
    text = _text(charts(_params("ostra-sodertorn", 2022)))
    assert "jämförelsen med 2021 görs med den siffra förbundet har angett" in text


def test_the_outcomes_line_does_not_say_the_register_holds_nothing_beside_its_counts(demo, db):
    # Bilaga 1 gives the register's 396 new and 332 finished of 2022 (counts, no records);
    # the line under "Outcomes of finished participations" said it held no participations.
    report = participants_report(_params("ostra-sodertorn", 2022))
    assert report.data["total"]["exited"]["total"] == 332
    note = next(t.note for t in report.tables if t.title == "Resultat för avslutade deltaganden")
    assert "Registret har inga deltaganden under den här perioden" not in note
    assert "Registret har bara antal för perioden, inte varje deltagande" in note
    assert "Förbundet har självt uppgett 414 avslutade deltaganden" in note


@pytest.fixture(scope="module")
def published_people(demo, django_db_blocker):
    with django_db_blocker.unblock():
        scope = Scope.system(Association.objects.get(slug="ostra-sodertorn"))
        return build_report(get_kind("participants"), scope, 2022, publish=True)


def test_a_published_goal_shows_the_share_to_work_or_studies_the_share_table_prints(
        published_people, db):
    # The published Bilaga 1 printed 65,3 % for Ung i Nynäs in its share table and left the
    # goal "65 procent arbetar eller studerar" without a result two tables further on.
    shares = next(t for t in published_people.tables
                  if t.title == "Andel avslutade deltaganden som gått till arbete eller studier")
    printed = {r["name"]: r["total"] for r in shares.rows if r["total"] is not None}
    goals = next(t for t in published_people.tables if t.title == "Förväntade resultat mot utfall")
    measured = [r for r in goals.rows if "arbetar eller studerar" in str(r["goal"])]
    assert {r["intervention"] for r in measured} <= set(printed)
    for row in measured:
        assert row["result"] is not None, row["intervention"]
        assert round(row["result"], 1) == round(printed[row["intervention"]], 1)
        assert row["met"] == "ja"


def test_a_survey_question_without_2022_shares_says_so_in_bilaga_2(demo, db):
    # 002's managers' round: the 2022 shares of "Har erfarenheter från er samverkan lett till
    # att förebyggande insatser utvecklats…" are unreadable in the seed; the row stood blank.
    report = indicators_report(_params("ostra-sodertorn", 2022))
    table = next(t for t in report.tables if t.title.startswith("NNS Chefer"))
    at = next(n for n, r in enumerate(table.rows) if "förebyggande" in str(r["question"]))
    row = table.rows[at]
    assert row["year"] == "2022" and row["positive"] is None
    assert row["note"] == "inga siffror"
    assert table.rows[at + 1]["positive"] == 22   # 2021 as 002 gives it


def test_uppfoljning_finsams_first_part_has_a_heading_as_its_other_parts_do(demo, db):
    scope = Scope.system(Association.objects.get(slug="ostra-sodertorn"))
    html = to_html(build_report(get_kind("uppfoljning-finsam"), scope, 2022))
    main = html[html.index("<main"):]
    headings = [" ".join(re.sub(r"<[^>]+>", " ", h).split())
                for h in re.findall(r"<h2[^>]*>(.*?)</h2>", main, re.S)]
    assert headings[:3] == ["Förbundet", "Insatserna, fält för fält", "Översikt"]
    # The förbund's table stands under the first heading, not above every heading.
    assert main.index("<h2") < main.index("Förbundet: medel, eget kapital och administration")
