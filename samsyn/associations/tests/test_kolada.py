"""Member kommuners' populations from Kolada: shown first, saved on confirm, never the network."""

import datetime as dt
import io
import json
from io import StringIO
from urllib.error import URLError

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samsyn.associations import kolada
from samsyn.associations.models import Member, Population
from samsyn.audit.models import AuditEntry
from samsyn.web.formatting import format_number

# Written by hand from Kolada's published API documentation (api.kolada.se/v3/docs and the
# Hypergene/kolada README): the answer of GET /v3/data/kpi/N01951/municipality/0136/year/2023,
# one row per kommun and period with its values by gender ("T" the total). The figure is made
# up for the test; it is not Haninge's real population.
ANSWER_0136_2023 = {
    "count": 1,
    "values": [{
        "kpi": "N01951", "municipality": "0136", "period": 2023,
        "values": [{"count": 1, "gender": "T", "status": "", "value": 98765}],
    }],
}
# The same API's answer for a kommun and year it holds nothing for.
EMPTY = {"count": 0, "values": []}


class FakeAnswer(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def asked(monkeypatch):
    """Kolada replaced by the documented answers; the requests asked are kept to check."""
    requests = []

    def fake_urlopen(request, timeout):
        requests.append((request.full_url, timeout))
        body = ANSWER_0136_2023 if request.full_url.endswith("/0136/year/2023") else EMPTY
        return FakeAnswer(json.dumps(body).encode())

    monkeypatch.setattr(kolada, "urlopen", fake_urlopen)
    return requests


@pytest.fixture
def offline(monkeypatch):
    def fake_urlopen(request, timeout):
        raise URLError("Temporary failure in name resolution")

    monkeypatch.setattr(kolada, "urlopen", fake_urlopen)


@pytest.fixture
def coded(alfa):
    member = alfa.members["kommun"]
    member.municipality_code = "0136"
    member.save()
    Member.objects.create(association=alfa.association, name="Utan kod", kind="kommun")
    return alfa


@given(st.dates(min_value=dt.date(1900, 1, 1)))
def test_the_year_asked_is_the_latest_year_end_on_or_before_the_date(day):
    year = kolada.population_year(day)
    assert dt.date(year, 12, 31) <= day < dt.date(year + 1, 12, 31)


def test_the_documented_answer_gives_the_total():
    assert kolada.parse(ANSWER_0136_2023, "0136", 2023) == 98765
    assert kolada.parse(ANSWER_0136_2023, "0138", 2023) is None
    assert kolada.parse(EMPTY, "0136", 2023) is None
    with pytest.raises(kolada.KoladaError):
        kolada.parse(["not", "an", "answer"], "0136", 2023)


def test_the_command_shows_the_figures_and_saves_nothing_without_save(coded, asked):
    out = StringIO()
    call_command("fetch_population", "--association", "alfa", "--date", "2024-11-01",
                 stdout=out)
    text = out.getvalue()
    assert "Folkmängd 31 december 2023 enligt Kolada" in text
    assert "0136  Alfa kommun" in text and format_number(98765) in text
    assert "ingen kommunkod" in text
    assert "Inget sparat" in text
    assert not Population.objects.filter(date=dt.date(2024, 11, 1)).exists()
    assert asked == [("https://api.kolada.se/v3/data/kpi/N01951/municipality/0136/year/2023",
                      10)]


def test_the_command_saves_under_the_date_with_save_and_logs_it(coded, asked):
    call_command("fetch_population", "--association", "alfa", "--date", "2024-11-01",
                 "--save", stdout=StringIO())
    saved = Population.objects.get(member=coded.members["kommun"], date=dt.date(2024, 11, 1))
    assert saved.count == 98765
    entry = AuditEntry.objects.get(action="population_fetched")
    assert entry.rows == 1 and json.loads(entry.detail)["year"] == 2023


def test_offline_the_command_exits_1_in_swedish_and_writes_nothing(coded, offline):
    before = Population.objects.count()
    with pytest.raises(CommandError, match="Kolada gick inte att nå") as caught:
        call_command("fetch_population", "--association", "alfa", "--date", "2024-11-01",
                     "--save", stdout=StringIO())
    assert caught.value.returncode == 1
    assert Population.objects.count() == before


def test_the_office_sees_the_figures_before_they_are_saved(coded, asked, login):
    client = login(coded.users["office"])
    url = reverse("population_fetch", args=["alfa"])
    assert client.get(url).status_code == 200
    shown = client.post(url, {"action": "fetch", "date": "2024-11-01"})
    page = shown.content.decode()
    assert shown.status_code == 200
    assert "Folkmängd 31 december 2023 enligt Kolada" in page and format_number(98765) in page
    assert "Ingen kommunkod" in page
    assert not Population.objects.filter(date=dt.date(2024, 11, 1)).exists()
    saved = client.post(url, {"action": "save"})
    assert saved.status_code == 302
    assert Population.objects.get(date=dt.date(2024, 11, 1)).count == 98765
    # The figures wait once: a second confirm has nothing to save.
    again = client.post(url, {"action": "save"}, follow=True)
    assert "Inget väntar på att sparas" in again.content.decode()


def test_offline_the_page_says_so_and_typed_figures_still_work(coded, offline, login):
    client = login(coded.users["office"])
    page = client.post(reverse("population_fetch", args=["alfa"]),
                       {"action": "fetch", "date": "2024-11-01"}).content.decode()
    assert "Kolada gick inte att nå" in page
    member = coded.members["kommun"]
    typed = client.post(reverse("population_create", args=["alfa", member.pk]),
                        {"date": "2024-11-01", "count": "97000"})
    assert typed.status_code == 302
    assert Population.objects.get(member=member, date=dt.date(2024, 11, 1)).count == 97000


def test_the_board_may_not_fetch(coded, asked, login):
    client = login(coded.users["board"])
    response = client.post(reverse("population_fetch", args=["alfa"]),
                           {"action": "fetch", "date": "2024-11-01"})
    assert response.status_code == 403
    assert asked == []


def test_only_a_kommun_has_a_kommunkod(alfa, login):
    client = login(alfa.users["office"])
    region = alfa.members["region"]
    response = client.post(reverse("member_edit", args=["alfa", region.pk]),
                           {"name": region.name, "kind": "region", "pays": "on",
                            "municipality_code": "0136"})
    assert response.status_code == 200
    assert "Bara en kommun har en kommunkod." in response.content.decode()
