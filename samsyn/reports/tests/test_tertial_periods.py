"""A förbund that publishes per tertial (issue 27): the report page offers the tertials and
January–August, `?period=`, the API and `report --period` read their keys, other periods are
refused with a Swedish reason naming tertials, and a running year is published as of its
last closed tertial part."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.participants.reports import suppressed_year
from samsyn.publication.periods import TERTIAL, TO_AUGUST, YEAR
from samsyn.reports.document import ReportParams
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report, published_kinds


@pytest.fixture
def tertial(alfa):
    alfa.association.published_periods = "tertial"
    alfa.association.save()
    return alfa


def report_url(kind: str = "participants") -> str:
    return reverse("report_view", args=["alfa", kind])


def test_the_tertial_settings_publish_tertials_january_august_and_the_year(tertial):
    assert published_kinds(tertial.association) == {TERTIAL, TO_AUGUST, YEAR}
    assert tertial.association.follows_tertials
    tertial.association.published_periods = "month-tertial"
    assert "month" in published_kinds(tertial.association)
    tertial.association.published_periods = "half"
    assert not tertial.association.follows_tertials


def test_the_board_picks_among_the_tertials_on_the_report_page(tertial, login):
    response = login(tertial.users["board"]).get(report_url(), {"year": 2022})
    assert response.status_code == 200
    assert response.context["periods"] == [
        ("2022", "Helåret 2022"), ("2022T1-2", "jan–aug 2022"), ("2022T1", "T1 jan–apr 2022"),
        ("2022T2", "T2 maj–aug 2022"), ("2022T3", "T3 sep–dec 2022")]
    html = response.content.decode()
    assert '<option value="2022T1">T1 jan–apr 2022</option>' in html


def test_a_tertial_is_asked_for_by_its_key(tertial, login):
    client = login(tertial.users["board"])
    response = client.get(report_url(), {"year": 2022, "period": "2022T1-2", "format": "json"})
    assert response.status_code == 200
    assert json.loads(response.content)["period"] == {"start": "2022-01-01",
                                                      "end": "2022-08-31"}
    page = client.get(report_url(), {"year": 2022, "period": "2022T2"})
    assert page.context["period"] == "2022T2"
    assert (page.context["report"].period_start, page.context["report"].period_end) == (
        dt.date(2022, 5, 1), dt.date(2022, 8, 31))


def test_a_half_year_is_refused_with_the_swedish_reason_naming_tertials(tertial, login):
    client = login(tertial.users["board"])
    response = client.get(report_url(), {"year": 2022, "period": "2022H1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Publicerade siffror ges bara för helår, januari–augusti och tertial "
            "(januari–april, maj–augusti, september–december)") in html
    assert response.context["report"].period_end == dt.date(2022, 12, 31)
    download = client.get(report_url(), {"year": 2022, "start": "2022-01-01",
                                         "end": "2022-06-30", "format": "json"})
    assert download.status_code == 400
    assert "tertial (januari–april" in download.content.decode()


def test_the_api_reads_a_tertial_key_and_refuses_a_key_it_does_not_know(tertial, login):
    client = login(tertial.users["board"])
    url = reverse("api_report", args=["alfa", "participants"])
    response = client.get(url, {"period": "2022T3"})
    assert response.status_code == 200
    assert response.json()["period"] == {"start": "2022-09-01", "end": "2022-12-31"}
    assert client.get(url, {"period": "2022T4"}).status_code == 400
    assert client.get(url, {"period": "2022T1", "year": 2023}).status_code == 400
    refused = client.get(url, {"period": "2022H1"})
    assert refused.status_code == 409
    assert "tertial" in refused.json()["detail"]


def test_the_report_command_takes_a_tertial_period(tertial):
    out = StringIO()
    call_command("report", "participants", "--association", "alfa", "--period", "2022T1-2",
                 "--publish", stdout=out)
    assert json.loads(out.getvalue())["period"] == {"start": "2022-01-01", "end": "2022-08-31"}
    with pytest.raises(CommandError, match="tertial"):
        call_command("report", "participants", "--association", "alfa", "--year", "2022",
                     "--period", "2022H2", "--publish", stdout=StringIO())
    with pytest.raises(CommandError, match="no standard period"):
        call_command("report", "participants", "--association", "alfa", "--period", "2022T5",
                     stdout=StringIO())


def test_in_october_the_running_year_is_published_as_january_to_august(tertial, monkeypatch):
    monkeypatch.setattr("samsyn.reports.services.timezone.localdate",
                        lambda *a: dt.date(2022, 10, 15))
    report = build_report(get_kind("participants"), Scope.system(tertial.association), 2022,
                          publish=True)
    assert report.period_end == dt.date(2022, 8, 31)
    assert "2022-08-31" in report.warnings[0]


def test_the_audited_set_holds_every_published_period_of_the_year(tertial):
    params = ReportParams(scope=Scope.system(tertial.association), year=2022,
                          start=dt.date(2022, 5, 1), end=dt.date(2022, 8, 31), publish=True)
    assert set(suppressed_year(params).main) == {"2022", "2022T1-2", "2022T1", "2022T2",
                                                 "2022T3"}
