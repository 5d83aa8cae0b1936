"""A period still running is published as of its last closed standard part, never day by day.

Otherwise the published year of today less that of yesterday would be who started or left
today (issue 15): the rule is tested on its own and through build_report with the date moved.
"""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samsyn.associations.access import Scope
from samsyn.national import services as national
from samsyn.participants.models import Participant, Participation
from samsyn.participants.queries import records_changed
from samsyn.publication.periods import (
    HALF,
    MONTH,
    YEAR,
    OpenPeriod,
    closed_part,
    standard_periods,
)
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report
from samsyn.testing import make_world

ALL_KINDS = frozenset({YEAR, HALF, MONTH})


@given(st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
       st.sampled_from([frozenset({YEAR}), frozenset({HALF, YEAR}), ALL_KINDS]),
       st.integers(2024, 2026))
def test_what_is_shown_of_a_period_has_ended_and_begins_with_it(today, kinds, year):
    for period in standard_periods(year, kinds):
        shown = closed_part(period.start, period.end, kinds, today)
        if period.end < today:
            assert shown == period
        elif shown is not None:
            assert shown.start == period.start and shown.end < today
            assert shown.end <= period.end and shown.kind in kinds
        else:
            assert all(not (p.start == period.start and p.end < today)
                       for p in standard_periods(year, kinds))


def test_the_running_year_is_the_first_half_until_the_year_ends():
    kinds = frozenset({HALF, YEAR})
    year = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert closed_part(*year, kinds, dt.date(2026, 3, 15)) is None
    assert closed_part(*year, kinds, dt.date(2026, 11, 23)).end == dt.date(2026, 6, 30)
    assert closed_part(*year, kinds, dt.date(2027, 1, 1)).end == dt.date(2026, 12, 31)
    assert closed_part(*year, ALL_KINDS, dt.date(2026, 3, 15)).end == dt.date(2026, 1, 31)


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr("samsyn.reports.services.timezone.localdate", lambda *a: day)


def _published(world, year: int) -> dict:
    kind = get_kind("participants")
    return build_report(kind, Scope.system(world.association), year, publish=True).data


def _start(world, pseudonym: str, day: dt.date) -> None:
    person = Participant.objects.create(association=world.association, pseudonym=pseudonym)
    Participation.objects.create(intervention=world.intervention, participant=person,
                                 start_date=day, gender="kvinna", birth_year=1990)
    records_changed(world.association)


@pytest.mark.django_db
def test_a_start_today_does_not_change_the_published_running_year(monkeypatch):
    world = make_world("lopande")
    for i in range(12):
        _start(world, f"p{i}", dt.date(2026, 2, 1) + dt.timedelta(days=i))
    # Five more in the second half, so that it is no small count the year must hide.
    for i in range(5):
        _start(world, f"h{i}", dt.date(2026, 8, 1) + dt.timedelta(days=i))
    _today(monkeypatch, dt.date(2026, 11, 23))
    before = _published(world, 2026)
    # One person starts on 23 November: the published year must not tell.
    _start(world, "today", dt.date(2026, 11, 23))
    _today(monkeypatch, dt.date(2026, 11, 24))
    after = _published(world, 2026)
    assert after["total"] == before["total"]
    assert after["period"]["end"] == dt.date(2026, 6, 30)
    # Once the year has ended it is published whole, the November start included.
    _today(monkeypatch, dt.date(2027, 1, 2))
    assert _published(world, 2026)["total"]["new"]["total"] == 18


@pytest.mark.django_db
def test_nothing_of_a_running_year_is_published_before_its_first_part_ends(monkeypatch):
    world = make_world("tidigt")
    _today(monkeypatch, dt.date(2026, 3, 15))
    with pytest.raises(OpenPeriod, match="2026-01-01–2026-12-31"):
        _published(world, 2026)
    world.association.published_periods = "month"
    world.association.save()
    # With months published, the year is shown as of its first closed month.
    assert _published(world, 2026)["period"]["end"] == dt.date(2026, 1, 31)


@pytest.mark.django_db
def test_the_forbunds_setting_decides_which_periods_are_published(monkeypatch):
    from samsyn.publication.periods import NonStandardPeriod

    world = make_world("perioder")
    kind = get_kind("participants")
    scope = Scope.system(world.association)
    march = {"start": dt.date(2025, 3, 1), "end": dt.date(2025, 3, 31)}
    with pytest.raises(NonStandardPeriod):
        build_report(kind, scope, 2025, publish=True, **march)
    world.association.published_periods = "month"
    world.association.save()
    assert build_report(kind, scope, 2025, publish=True, **march).published
    world.association.published_periods = "year"
    world.association.save()
    with pytest.raises(NonStandardPeriod):
        build_report(kind, scope, 2025, publish=True, start=dt.date(2025, 1, 1),
                     end=dt.date(2025, 6, 30))


@pytest.mark.django_db
def test_a_running_year_is_not_published_to_the_national_view(monkeypatch):
    world = make_world("nationellt")
    monkeypatch.setattr("samsyn.national.services.timezone.localdate",
                        lambda *a: dt.date(2026, 11, 23))
    with pytest.raises(ValueError, match="tagit slut"):
        national.publish(world.association, 2026)
