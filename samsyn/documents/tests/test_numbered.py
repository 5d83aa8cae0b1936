"""The business plan and the half-year report numbered as the annual report is: chapters,
their parts, a table of contents, the same sections in Word."""

import io
import re

import pytest
from docx import Document

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_docx, to_html
from samsyn.reports.services import build_report


def _document(kind, slug, year):
    association = Association.objects.get(slug=slug)
    return build_report(get_kind(kind), Scope.system(association), year)


@pytest.mark.django_db
def test_the_plan_2017_is_numbered_in_chapters_with_each_table_of_a_chapter_a_part(demo):
    report = _document("business-plan", "ostra-sodertorn", 2017)
    assert [s.heading for s in report.outline] == [
        "1 Vision och uppdrag", "2 Målgrupper", "3 Planen",
        "4 Insatser och förväntade resultat", "5 Medlemsbidrag",
        "5.1 Medlemsbidrag 2017 enligt förbundsordningen",
        "5.2 Medlemsbidrag per medlem och år (kr)", "6 Budget",
        "6.1 Budget 2017 och åren runt omkring (kr)",
        "6.2 Den ekonomiska ramens användning 2017", "6.3 Budget per insats (kr)",
    ]
    # Every table of the plan is in a section, once.
    placed = [t for s in report.outline for t in s.tables]
    assert placed == report.tables and len({id(t) for t in placed}) == len(placed)


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "slug", "year"), [
    ("business-plan", "stockholms-stad", 2022), ("business-plan", "samsund", 2024),
    ("half-year", "ostra-sodertorn", 2022)])
def test_the_plans_and_the_half_year_have_contents_linking_each_numbered_section(demo, kind,
                                                                              slug, year):
    report = _document(kind, slug, year)
    numbers = [s.number for s in report.outline if s.level == 1]
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]
    html = to_html(report)
    contents = html[html.index('class="toc"'):html.index("</nav>")]
    anchors = re.findall(r'href="#([^"]+)"', contents)
    assert anchors[:len(report.outline)] == [s.anchor for s in report.outline]
    headings = [p.text for p in Document(io.BytesIO(to_docx(report))).paragraphs
                if p.style.name.startswith("Heading")]
    assert all(s.heading in headings for s in report.outline)


@pytest.mark.django_db
def test_the_half_years_earlier_years_are_outcomes_never_a_budget(demo):
    report = _document("half-year", "ostra-sodertorn", 2022)
    earlier = next(t for t in report.tables if t.key.startswith("earlier_years."))
    # The five years before 2022 as adopted; 2017 holds only a budget and is no outcome.
    assert [c.label for c in earlier.columns[1:]] == ["2021", "2020", "2019", "2018"]
    result = next(r for r in earlier.rows if r["line"] == "Årets resultat")
    assert result["y2021"] == 264497
    headings = [s.heading for s in report.outline]
    assert "Kostnader per slag" not in " ".join(headings)
    assert "3 Budget mot utfall" in headings
