"""Published figures reach the board for standard periods only, on every path."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.participants.models import MonthlyCount
from samsyn.publication.periods import NonStandardPeriod
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

pytestmark = pytest.mark.django_db


def _kind():
    kind = get_kind("participants")
    assert kind is not None
    return kind


def test_a_published_report_for_january_to_mid_march_is_refused(alfa):
    with pytest.raises(NonStandardPeriod):
        build_report(_kind(), Scope.system(alfa.association), 2022, publish=True,
                     start=dt.date(2022, 1, 1), end=dt.date(2022, 3, 14))


def test_a_published_report_for_a_half_year_is_given(alfa):
    report = build_report(_kind(), Scope.system(alfa.association), 2022, publish=True,
                          start=dt.date(2022, 7, 1), end=dt.date(2022, 12, 31))
    assert report.published and report.period_start == dt.date(2022, 7, 1)


def test_the_office_still_gets_exact_figures_for_any_dates(alfa):
    report = build_report(_kind(), Scope.system(alfa.association), 2022,
                          start=dt.date(2022, 1, 1), end=dt.date(2022, 3, 14))
    assert not report.published and report.period_end == dt.date(2022, 3, 14)


def test_the_board_asking_for_other_dates_gets_the_year_and_the_reason(alfa, login):
    client = login(alfa.users["board"])
    url = reverse("report_view", args=[alfa.association.slug, "participants"])
    page = client.get(url, {"year": 2022, "start": "2022-01-01", "end": "2022-03-14"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "Publicerade siffror ges bara för helår och halvår" in text
    assert "2022-01-01 – 2022-12-31" in text
    # The period form offers the standard periods only, not dates.
    assert 'name="period"' in text and 'name="start"' not in text
    assert "Juli–december 2022" in text


def test_the_board_cannot_download_figures_for_other_dates(alfa, login):
    client = login(alfa.users["board"])
    url = reverse("report_view", args=[alfa.association.slug, "participants"])
    refused = client.get(url, {"year": 2022, "start": "2022-01-01", "end": "2022-03-14",
                               "format": "json"})
    assert refused.status_code == 400
    half = client.get(url, {"year": 2022, "period": "2022H2", "format": "json"})
    assert json.loads(half.content)["period"] == {"start": "2022-07-01", "end": "2022-12-31"}


def test_the_board_sees_no_exact_monthly_counts(alfa, login):
    MonthlyCount.objects.create(intervention=alfa.other_intervention, month="2022-05-01",
                                kind="new", gender="kvinna", referrer_category="fk", count=3)
    url = reverse("monthly_counts", args=[alfa.association.slug, alfa.other_intervention.slug])
    board = login(alfa.users["board"]).get(url, {"month": "2022-05"}).content.decode()
    assert "Månadsvisa antal publiceras inte" in board and "<table" not in board
    office = login(alfa.users["office"]).get(url, {"month": "2022-05"}).content.decode()
    assert "<table" in office and ("<td>3</td>" in office or 'value="3"' in office)


def _published_views(world, year):
    """Every view of the participants report the board can ask for in a year, flattened."""
    from samsyn.publication.periods import DEFAULT_KINDS, standard_periods

    views = {}
    for p in standard_periods(year, DEFAULT_KINDS):
        report = build_report(_kind(), Scope.system(world.association), year, publish=True,
                              start=p.start, end=p.end)
        flat = {}
        for table in report.tables:
            counts = [c.key for c in table.columns if c.kind == "int"]
            for row in [*table.rows, *([table.total] if table.total else [])]:
                for column in counts:
                    flat[(table.title, row.get("name"), column)] = row[column]
        views[p.key] = flat
    return views




def test_the_board_recovers_no_small_count_from_the_published_halves_and_year(alfa):
    """The issue's attack on the real report: differences of the year and its halves, and
    their sums, over random participations."""
    import random

    from samsyn.participants.models import Participant, Participation

    tries = 0
    for seed in range(12):
        rng = random.Random(seed)
        Participation.objects.filter(intervention__association=alfa.association).delete()
        for i in range(rng.randint(3, 30)):
            start = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randint(-60, 364))
            end = (None if rng.random() < 0.4
                   else start + dt.timedelta(days=rng.randint(0, 200)))
            person = Participant.objects.create(association=alfa.association,
                                                pseudonym=f"p{seed}-{i}")
            Participation.objects.create(
                intervention=rng.choice([alfa.intervention, alfa.other_intervention]),
                participant=person, gender=rng.choice(["kvinna", "man"]), birth_year=1990,
                referrer="af", referrer_category=rng.choice(["af", "fk"]), start_date=start,
                end_date=end, exit_reason=rng.choice(["arbete", "studier"]) if end else "",
                support_at_start=rng.choice(["forsorjningsstod", "aktivitetsersattning"]),
                occupation_at_exit=rng.choice(["arbete", "arbetssokande"]) if end else "")
        views = _published_views(alfa, 2022)
        year, first, second = views["2022"], views["2022H1"], views["2022H2"]
        for key, whole in year.items():
            for half in (first, second):
                tries += 1
                part = half.get(key, 0)
                if isinstance(whole, int) and isinstance(part, int):
                    assert not 0 < whole - part < 5, (seed, key, whole, part)
            tries += 1
            a, b = first.get(key, 0), second.get(key, 0)
            if key[1] != "active" and isinstance(a, int) and isinstance(b, int):
                assert whole == a + b or not 0 < a + b < 5, (seed, key)
    assert tries > 1000
