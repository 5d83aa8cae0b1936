"""A förbund that follows up per tertial gets the delårsrapport for January–August, named so
(issue 27); a published one waits until August has ended."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.publication.periods import OpenPeriod
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


@pytest.fixture
def tertial(alfa):
    alfa.association.published_periods = "tertial"
    alfa.association.save()
    return alfa


def test_the_interim_report_of_a_tertial_forbund_covers_january_to_august(tertial):
    out = StringIO()
    call_command("report", "half-year", "--association", "alfa", "--year", "2022", stdout=out)
    data = json.loads(out.getvalue())
    assert data["period"] == {"start": "2022-01-01", "end": "2022-08-31"}
    html = StringIO()
    call_command("report", "half-year", "--association", "alfa", "--year", "2022",
                 "--format", "html", stdout=html)
    assert "Delårsrapport januari–augusti 2022" in html.getvalue()
    assert "Januari–augusti i siffror" in html.getvalue()


def test_the_board_reads_the_published_january_to_august_report(tertial, login):
    client = login(tertial.users["board"])
    url = reverse("report_view", args=["alfa", "half-year"])
    # Whichever period the picker holds, the delårsrapport of an ended year is January–August.
    for query in ({"year": 2022}, {"year": 2022, "period": "2022T1"}):
        response = client.get(url, query)
        assert response.status_code == 200
        report = response.context["report"]
        assert report.published and not response.context["refused"]
        assert (report.period_start, report.period_end) == (dt.date(2022, 1, 1),
                                                            dt.date(2022, 8, 31))


def test_a_published_interim_report_waits_until_august_has_ended(tertial, monkeypatch):
    kind, scope = get_kind("half-year"), Scope.system(tertial.association)
    monkeypatch.setattr("samsyn.reports.services.timezone.localdate",
                        lambda *a: dt.date(2022, 7, 1))
    # January–April has ended, January–August has not: nothing of it is published yet.
    with pytest.raises(OpenPeriod, match="2022-08-31"):
        build_report(kind, scope, 2022, publish=True)
    monkeypatch.setattr("samsyn.reports.services.timezone.localdate",
                        lambda *a: dt.date(2022, 9, 1))
    assert build_report(kind, scope, 2022, publish=True).period_end == dt.date(2022, 8, 31)


@pytest.mark.django_db
def test_where_only_yearly_counts_are_held_the_report_says_january_to_august_is_not_known(
        demo):
    Association.objects.filter(slug="ostra-sodertorn").update(published_periods="tertial")
    out = StringIO()
    call_command("report", "half-year", "--association", "ostra-sodertorn", "--year", "2022",
                 "--format", "html", stdout=out)
    assert "deltagarsiffrorna för januari–augusti är inte kända" in out.getvalue()
