"""Tertials as standard periods (issue 27): January–April, May–August, September–December and
the cumulative January–August, for förbund that follow up after 30 April and 31 August.

The period rules are plain functions, tested as properties over any year and day; the same
adversary as test_periods.py then plays the board of a tertial förbund.
"""

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.publication.periods import (
    KINDS,
    MONTH,
    TERTIAL,
    TO_AUGUST,
    YEAR,
    NonStandardPeriod,
    check_standard,
    closed_part,
    first_closed,
    label,
    linked_periods,
    links,
    partitions,
    period_of_key,
    standard_periods,
)
from samsyn.publication.tests.test_periods import attack, publish_year, stays_strategy

TERTIALS = frozenset({TERTIAL, TO_AUGUST, YEAR})
MONTHS_TERTIALS = frozenset({MONTH, TERTIAL, TO_AUGUST, YEAR})
years = st.integers(2000, 2040)
kinds_of_tertials = st.sampled_from([TERTIALS, MONTHS_TERTIALS])


def test_a_tertial_year_has_three_tertials_january_to_august_and_the_year():
    periods = standard_periods(2025, TERTIALS)
    assert [(p.key, p.start, p.end) for p in periods] == [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("2025T1-2", dt.date(2025, 1, 1), dt.date(2025, 8, 31)),
        ("2025T1", dt.date(2025, 1, 1), dt.date(2025, 4, 30)),
        ("2025T2", dt.date(2025, 5, 1), dt.date(2025, 8, 31)),
        ("2025T3", dt.date(2025, 9, 1), dt.date(2025, 12, 31)),
    ]


def test_tertials_have_swedish_names():
    named = {p.key: label(p) for p in standard_periods(2025, TERTIALS)}
    assert named == {"2025": "Helåret 2025", "2025T1-2": "jan–aug 2025",
                     "2025T1": "T1 jan–apr 2025", "2025T2": "T2 maj–aug 2025",
                     "2025T3": "T3 sep–dec 2025"}


def test_a_period_that_is_no_tertial_is_refused_with_a_swedish_reason_naming_tertials():
    with pytest.raises(NonStandardPeriod) as refused:
        check_standard(dt.date(2025, 1, 1), dt.date(2025, 6, 30), TERTIALS)
    text = str(refused.value)
    assert "tertial (januari–april, maj–augusti, september–december)" in text
    assert "januari–augusti" in text and "2025-06-30" in text


@given(years, kinds_of_tertials)
def test_the_tertials_split_the_year_without_gap_or_overlap(year, kinds):
    tertials = [p for p in standard_periods(year, kinds) if p.kind == TERTIAL]
    assert [p.start for p in tertials] == [dt.date(year, m, 1) for m in (1, 5, 9)]
    assert tertials[-1].end == dt.date(year, 12, 31)
    for before, after in itertools.pairwise(tertials):
        assert after.start - before.end == dt.timedelta(days=1)
    to_august = next(p for p in standard_periods(year, kinds) if p.kind == TO_AUGUST)
    assert (to_august.start, to_august.end) == (tertials[0].start, tertials[1].end)


@given(years, kinds_of_tertials)
def test_every_partition_covers_its_period_day_by_day(year, kinds):
    for period in standard_periods(year, kinds):
        for pieces in partitions(period, kinds):
            assert all(p.kind in kinds for p in pieces)
            assert pieces[0].start == period.start and pieces[-1].end == period.end
            for before, after in itertools.pairwise(pieces):
                assert after.start - before.end == dt.timedelta(days=1)


def test_the_year_is_tied_to_its_tertials_and_to_january_august_with_the_third():
    year, to_august, *tertials = standard_periods(2025, TERTIALS)
    assert [[p.key for p in ps] for ps in partitions(year, TERTIALS)] == [
        ["2025T1", "2025T2", "2025T3"], ["2025T1-2", "2025T3"]]
    assert [[p.key for p in ps] for ps in partitions(to_august, TERTIALS)] == [
        ["2025T1", "2025T2"]]
    assert all(partitions(t, TERTIALS) == [] for t in tertials)
    with_months = {p.key: [[q.key for q in ps] for ps in partitions(p, MONTHS_TERTIALS)]
                   for p in standard_periods(2025, MONTHS_TERTIALS)}
    assert with_months["2025T2"] == [["2025-05", "2025-06", "2025-07", "2025-08"]]
    assert ["2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06", "2025-07",
            "2025-08"] in with_months["2025T1-2"]


def test_active_participants_are_linked_across_tertials_as_across_halves():
    periods = standard_periods(2025, TERTIALS)
    found = links(periods, TERTIALS, ["new"], {"active": ("new", "exited")})
    assert [("2025T1", "new"), ("2025T2", "new"), ("2025T3", "new"), ("2025", "new")] in found
    assert [("2025T1", "exited"), ("2025T2", "active"), ("2025T3", "new"),
            ("2025", "active")] in found
    assert [("2025T1-2", "active"), ("2025T3", "new"), ("2025", "active")] in found
    assert [("2025T1", "active"), ("2025T2", "new"), ("2025T1-2", "active")] in found


@given(years, kinds_of_tertials)
def test_every_key_names_one_period_and_reads_back(year, kinds):
    periods = standard_periods(year, kinds)
    assert len({p.key for p in periods}) == len(periods)
    for period in periods:
        assert period_of_key(period.key, kinds) == period
        assert period_of_key(period.key, KINDS) == period
    assert period_of_key(f"{year}H1", kinds) is None
    assert period_of_key(f"{year}T4", KINDS) is None
    assert period_of_key("T1", KINDS) is None


@given(st.dates(dt.date(2019, 1, 1), dt.date(2031, 12, 31)), kinds_of_tertials, years)
def test_what_is_shown_of_a_tertial_period_has_ended_and_begins_with_it(today, kinds, year):
    for period in standard_periods(year, kinds):
        shown = closed_part(period.start, period.end, kinds, today)
        if period.end < today:
            assert shown == period
        elif shown is not None:
            assert shown.start == period.start and shown.end < today <= period.end
            assert shown.kind in kinds
            # The longest that has ended: no longer closed part begins with it.
            assert not any(p.start == period.start and shown.end < p.end < today
                           for p in standard_periods(year, kinds))
        else:
            assert first_closed(period.start, period.end, kinds).end >= today
        assert all(p.end < today or p == period
                   for p in linked_periods(period, kinds, today))


def test_in_october_a_tertial_forbund_publishes_the_year_as_january_to_august():
    year = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    assert closed_part(*year, TERTIALS, dt.date(2026, 3, 15)) is None
    assert closed_part(*year, TERTIALS, dt.date(2026, 6, 1)).key == "2026T1"
    assert closed_part(*year, TERTIALS, dt.date(2026, 10, 15)).key == "2026T1-2"
    assert closed_part(*year, TERTIALS, dt.date(2027, 1, 1)).key == "2026"
    assert closed_part(*year, MONTHS_TERTIALS, dt.date(2026, 10, 15)).key == "2026T1-2"
    assert closed_part(*year, MONTHS_TERTIALS, dt.date(2026, 3, 15)).key == "2026-01"
    assert first_closed(*year, TERTIALS).key == "2026T1"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays_strategy)
def test_no_difference_of_the_tertial_views_recovers_a_small_count(stays):
    tries, found = attack(*publish_year(stays, TERTIALS))
    assert tries > 0
    assert found == []


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays_strategy)
def test_no_difference_recovers_a_small_count_when_months_and_tertials_are_published(stays):
    tries, found = attack(*publish_year(stays, MONTHS_TERTIALS))
    assert tries > 0
    assert found == []
