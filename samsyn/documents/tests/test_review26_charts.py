"""Issue 26 read again as a board member: a chart the document draws once, not twice."""

import pytest

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def _annual():
    association = Association.objects.get(slug="ostra-sodertorn")
    return build_report(get_kind("annual-report"), Scope.system(association), 2022)


def _drawn(chart):
    """What a reader sees: the bars' labels and their figures at one decimal."""
    return (tuple(chart.labels),
            tuple(None if v is None else round(v, 1) for v in chart.values))


@pytest.mark.django_db
def test_the_shares_to_work_or_studies_per_insats_are_drawn_once_when_no_gender_is_known(demo):
    # The demo's insatser keep yearly counts without gender, so the chart "per insats och kön"
    # has only its "Alla" bars left: the very bars of the chart "per insats" above it (p. 15).
    charts = next(s for s in _annual().outline if s.number == "2.6.1").charts
    titles = [str(c.title) for c in charts]
    assert "Andel avslutade till arbete eller studier, per insats" in titles
    assert len({_drawn(c) for c in charts}) == len(charts), titles
    assert len(charts) == 1, titles
