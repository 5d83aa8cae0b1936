"""A document names no year after its own (a business plan: after the two plan years its
budget shows), whatever the office has entered for the years ahead."""

import re

from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
AHEAD = {"annual-report": 0, "half-year": 0, "business-plan": 2, "contributions": 0}


def _headers(report) -> set[int]:
    return {int(y) for t in report.tables for c in t.columns for y in YEAR.findall(str(c.label))}


def test_contributions_decided_for_a_later_year_stay_out_of_the_earlier_documents(alfa,
                                                                                  login):
    office = login(alfa.users["office"])
    response = office.post(reverse("contribution_decide", args=["alfa", 2027]),
                           {"total": "1200000", "decided": "2026-11-20"})
    assert response.status_code == 302
    for kind, ahead in AHEAD.items():
        report = build_report(get_kind(kind), Scope.system(alfa.association), 2022)
        assert max(_headers(report)) <= 2022 + ahead, kind
        assert 2022 in _headers(report), kind  # the history itself is still there
    # The contributions page is no document of a year: it keeps every year.
    page = office.get(reverse("contribution_history", args=["alfa"])).content.decode()
    assert ">2027<" in page
