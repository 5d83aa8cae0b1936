"""Publication that survives differencing: standard periods and linked suppression.

The adversarial test plays the board: it generates participations, computes every view the
board can request for a year (each published standard period's table), and tries every
difference of two views and every line of the tables and of the links between periods
(year − H1 − H2, half − months, active = exited before + active + new after) to recover a
hidden count. It must recover no count from 1 to threshold − 1.
"""

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.publication.periods import (
    DEFAULT_KINDS,
    HALF,
    KINDS,
    MONTH,
    YEAR,
    NonStandardPeriod,
    StandardPeriod,
    check_standard,
    is_standard,
    label,
    linked_suppress,
    links,
    nested,
    standard_periods,
)

T = 5
YEAR_ = 2025
SLUGS = ("a", "b")
ALL = "*"
GENDERS = ("kvinna", "man")
REFERRERS = ("af", "fk", "kommun")


def test_the_year_has_one_year_two_halves_and_twelve_months():
    periods = standard_periods(YEAR_, KINDS)
    assert [p.kind for p in periods].count(YEAR) == 1
    assert [(p.start, p.end) for p in periods if p.kind == HALF] == [
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30)), (dt.date(2025, 7, 1), dt.date(2025, 12, 31))]
    months = [p for p in periods if p.kind == MONTH]
    assert len(months) == 12 and months[1].end == dt.date(2025, 2, 28)
    assert standard_periods(2024, {MONTH})[1].end == dt.date(2024, 2, 29)


def test_by_default_half_years_and_years_are_published_and_months_are_not():
    assert {HALF, YEAR} == DEFAULT_KINDS
    assert is_standard(dt.date(2025, 7, 1), dt.date(2025, 12, 31))
    assert is_standard(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert not is_standard(dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert is_standard(dt.date(2025, 3, 1), dt.date(2025, 3, 31), KINDS)


def test_any_other_dates_are_refused_with_a_swedish_reason():
    with pytest.raises(NonStandardPeriod) as refused:
        check_standard(dt.date(2025, 1, 1), dt.date(2025, 3, 14), DEFAULT_KINDS)
    assert "halvår" in str(refused.value) and "2025-03-14" in str(refused.value)
    assert not is_standard(dt.date(2025, 1, 2), dt.date(2025, 12, 31), KINDS)


@given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)),
       st.integers(min_value=0, max_value=400))
def test_a_period_is_standard_only_if_it_is_one_of_the_years_standard_periods(start, days):
    end = start + dt.timedelta(days=days)
    expected = any((p.start, p.end) == (start, end) for p in standard_periods(start.year, KINDS))
    assert is_standard(start, end, KINDS) == expected


def test_periods_have_swedish_names():
    year, first, _second = standard_periods(YEAR_)
    assert label(year) == "Helåret 2025" and label(first) == "Januari–juni 2025"


# The adversary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stay:
    slug: str
    gender: str
    referrer: str
    start: dt.date
    end: dt.date | None


def _counts(stays: list[Stay], period: StandardPeriod) -> dict[Hashable, int]:
    """One period's published table, counted the plain way."""
    values: dict[Hashable, int] = {}
    for r in (*SLUGS, ALL):
        own = [s for s in stays if r in (ALL, s.slug)]
        new = [s for s in own if period.start <= s.start <= period.end]
        exited = [s for s in own if s.end is not None and period.start <= s.end <= period.end]
        active = [s for s in own if s.start <= period.end
                  and (s.end is None or s.end >= period.start)]
        for measure, group in (("new", new), ("exited", exited), ("active", active)):
            for g in GENDERS:
                values[(measure, r, g)] = sum(1 for s in group if s.gender == g)
            values[(f"{measure}_total", r)] = len(group)
        for c in REFERRERS:
            values[("referrer", r, c)] = sum(1 for s in new if s.referrer == c)
    return values


def _table_lines() -> list[list[Hashable]]:
    lines: list[list[Hashable]] = []
    for measure in ("new", "exited", "active"):
        for r in (*SLUGS, ALL):
            lines.append([*((measure, r, g) for g in GENDERS), (f"{measure}_total", r)])
        for g in GENDERS:
            lines.append([*((measure, s, g) for s in SLUGS), (measure, ALL, g)])
        lines.append([*((f"{measure}_total", s) for s in SLUGS), (f"{measure}_total", ALL)])
    for r in (*SLUGS, ALL):
        lines.append([*(("referrer", r, c) for c in REFERRERS), ("new_total", r)])
    for c in REFERRERS:
        lines.append([*(("referrer", s, c) for s in SLUGS), ("referrer", ALL, c)])
    return lines


def _keys() -> tuple[list[Hashable], dict[Hashable, tuple[Hashable, Hashable]]]:
    additive: list[Hashable] = []
    active: dict[Hashable, tuple[Hashable, Hashable]] = {}
    for r in (*SLUGS, ALL):
        for measure in ("new", "exited"):
            additive += [(measure, r, g) for g in GENDERS] + [(f"{measure}_total", r)]
        additive += [("referrer", r, c) for c in REFERRERS]
        for g in GENDERS:
            active[("active", r, g)] = (("new", r, g), ("exited", r, g))
        active[("active_total", r)] = (("new_total", r), ("exited_total", r))
    return additive, active


def publish_year(stays: list[Stay], kinds: frozenset[str]):
    """What the board sees: each standard period's table with its hidden cells as "x"."""
    periods = standard_periods(YEAR_, kinds)
    truth = {p.key: _counts(stays, p) for p in periods}
    values = {(p, k): v for p, table in truth.items() for k, v in table.items()}
    additive, active = _keys()
    lines = [[(p.key, k) for k in line] for p in periods for line in _table_lines()]
    equations = lines + links(periods, kinds, additive, active)
    totals = [(p.key, k) for p in periods for k in truth[p.key] if "total" in str(k[0])
              or k[1] == ALL]
    keys = list(truth[periods[0].key])
    hidden = linked_suppress(values, equations, T, totals, nested(periods, keys))
    views = {p: {k: (f"<{T}" if k in hidden[p] else v) for k, v in table.items()}
             for p, table in truth.items()}
    return periods, truth, views, equations


def attack(periods, truth, views, equations) -> tuple[int, list[str]]:
    """Every difference of two views and every equation with the rest visible: (tries, found)."""
    tries, found = 0, []
    by_key = {p.key: p for p in periods}
    # Nested periods: whoever a count takes in the smaller period it also takes in the larger,
    # so the difference of two visible counts is the count of the rest.
    for big in periods:
        for small in periods:
            if small == big or not (big.start <= small.start and small.end <= big.end):
                continue
            for k, shown in views[big.key].items():
                other = views[small.key][k]
                tries += 1
                if isinstance(shown, int) and isinstance(other, int) and 0 < shown - other < T:
                    found.append(f"{big.key} − {small.key} {k} = {shown - other}")
    # Lines and links: the sum of the hidden members is the total minus the visible ones.
    for equation in equations:
        *parts, total = equation
        shown_total = views[total[0]][total[1]]
        tries += 1
        hidden = [m for m in parts if not isinstance(views[m[0]][m[1]], int)]
        if not hidden or not isinstance(shown_total, int):
            continue
        derived = shown_total - sum(views[m[0]][m[1]] for m in parts if m not in hidden)
        assert derived == sum(truth[m[0]][m[1]] for m in hidden), "a line does not add up"
        if 0 < derived < T:
            found.append(f"{total} − visible parts = {derived} for {hidden}")
    # A total hidden while all its parts show is their sum.
    for equation in equations:
        *parts, total = equation
        tries += 1
        if (not isinstance(views[total[0]][total[1]], int)
                and all(isinstance(views[m[0]][m[1]], int) for m in parts)):
            value = truth[total[0]][total[1]]
            if 0 < value < T:
                found.append(f"{total} = sum of its parts = {value}")
    assert by_key
    return tries, found


def _day(n: int) -> dt.date:
    return dt.date(YEAR_ - 1, 12, 1) + dt.timedelta(days=n)


stays_strategy = st.lists(st.builds(
    lambda slug, gender, referrer, start, length: Stay(
        slug, gender, referrer, _day(start),
        None if length is None else _day(start) + dt.timedelta(days=length)),
    st.sampled_from(SLUGS), st.sampled_from(GENDERS), st.sampled_from(REFERRERS),
    st.integers(0, 420), st.one_of(st.none(), st.integers(0, 300))), max_size=40)

ATTACKS = {"tries": 0, "found": 0}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays_strategy)
def test_no_difference_of_the_half_year_and_year_views_recovers_a_small_count(stays):
    tries, found = attack(*publish_year(stays, DEFAULT_KINDS))
    ATTACKS["tries"] += tries
    assert found == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stays_strategy)
def test_no_difference_recovers_a_small_count_when_months_are_published_too(stays):
    tries, found = attack(*publish_year(stays, frozenset({MONTH, HALF, YEAR})))
    ATTACKS["tries"] += tries
    assert found == []


def test_without_the_links_a_hidden_half_year_count_is_recovered_from_the_year():
    """The attack is real: suppressing each period on its own gives counts away."""
    stays = ([Stay("a", "kvinna", "af", dt.date(2025, 2, 1), None)] * 6
             + [Stay("a", "kvinna", "af", dt.date(2025, 9, 1), None)] * 2
             + [Stay("b", "man", "fk", dt.date(2025, 3, 1), None)] * 7)
    periods = standard_periods(YEAR_, DEFAULT_KINDS)
    truth = {p.key: _counts(stays, p) for p in periods}
    values = {(p, k): v for p, table in truth.items() for k, v in table.items()}
    lines = [[(p.key, k) for k in line] for p in periods for line in _table_lines()]
    separately = linked_suppress(values, lines, T)
    views = {p: {k: (f"<{T}" if k in separately[p] else v) for k, v in table.items()}
             for p, table in truth.items()}
    additive, active = _keys()
    _tries, found = attack(periods, truth, views,
                           lines + links(periods, DEFAULT_KINDS, additive, active))
    assert found
    _tries, linked_found = attack(*publish_year(stays, DEFAULT_KINDS))
    assert linked_found == []
