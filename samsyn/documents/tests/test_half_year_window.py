"""The half-year report holds the half-year's figures only: what is not known by its end is
said in one line, never printed as the year's figures, and no row stands empty."""

import datetime as dt

import pytest

from samsyn.associations import versions
from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_html
from samsyn.reports.services import build_report
from samsyn.surveys.models import Round


def _report(kind: str, slug: str = "ostra-sodertorn", year: int = 2022):
    association = Association.objects.get(slug=slug)
    return build_report(get_kind(kind), Scope.system(association), year)


def _survey_tables(report):
    return [t for t in report.tables if t.key.startswith("indicators.") and t.columns]


@pytest.mark.django_db
def test_survey_rounds_closing_after_june_are_not_the_half_years_and_one_line_says_so(demo):
    half_year = _report("half-year")
    assert _survey_tables(half_year) == []
    assert not [c for c in half_year.charts if c.title.startswith("Positiva svar")]
    notes = " ".join(t.note for t in half_year.tables if t.key.startswith("indicators."))
    assert "stänger efter perioden, tidigast den 31 december 2022" in notes
    # A round's published shares that do not add up are the annual report's check, where
    # the round is shown.
    assert not [w for w in half_year.checks if "NNS" in str(w)]
    annual = _report("annual-report")
    assert len(_survey_tables(annual)) == 3
    assert len([c for c in annual.charts if c.title.startswith("Positiva svar")]) == 3
    assert [w for w in annual.checks if "NNS" in str(w)]


@pytest.mark.django_db
def test_a_survey_round_closed_by_the_end_of_june_is_in_the_half_year(demo):
    association = Association.objects.get(slug="ostra-sodertorn")
    board = Round.objects.get(association=association, year=2022,
                              template__name="NNS Styrelse")
    Round.objects.filter(pk=board.pk).update(closes=dt.date(2022, 6, 15))
    versions.changed(association)
    tables = _survey_tables(_report("half-year"))
    assert [t.title for t in tables] == [str(board)]


@pytest.mark.django_db
def test_the_half_years_contributions_print_no_row_of_years_left_out(demo):
    # Östra Södertörn's ESF funds beside the budget are 003's, of 2012–2017: the 2022
    # reports show the years from 2018, so the row would stand empty.
    html = to_html(_report("half-year"))
    assert "Medlemsbidrag per medlem och år" in html
    assert "ESF-medel utöver budgetramen" not in html
    plan = to_html(_report("business-plan", year=2017))
    assert "ESF-medel utöver budgetramen" in plan
