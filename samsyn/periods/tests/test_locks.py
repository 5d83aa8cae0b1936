"""Which days a change touches: plain rules with property tests."""

import datetime as dt
from dataclasses import dataclass, replace

from hypothesis import given
from hypothesis import strategies as st

from samsyn.periods.locks import (
    FAR,
    Facts,
    half_span,
    participation_spans,
    touched,
    year_span,
    years_reading_accounts,
    years_reading_objects,
    years_span,
)

D = dt.date


@dataclass(frozen=True)
class P:
    start: dt.date
    end: dt.date


FIRST_HALF = P(D(2023, 1, 1), D(2023, 6, 30))


@st.composite
def facts(draw):
    start = draw(st.dates(D(2021, 1, 1), D(2024, 12, 31)))
    end = draw(st.none() | st.dates(start, D(2025, 12, 31)))
    followup = draw(st.none() | st.dates(end, D(2026, 12, 31))) if end else None
    return Facts(start, end, followup, other=(draw(st.sampled_from(["man", "kvinna"])),),
                 at_exit=(draw(st.sampled_from(["", "arbete"])),) if end else ("",),
                 at_followup=(draw(st.sampled_from(["", "studier"])),))


def active_in(f: Facts | None, p: P) -> bool:
    return f is not None and f.start <= p.end and (f.end or FAR) >= p.start


@given(facts(), facts())
def test_a_change_of_a_participation_active_in_a_period_on_both_sides_is_seen_or_harmless(
        old, new):
    spans = participation_spans(old, new)
    if old == new:
        assert spans == []
    elif old.other != new.other and (active_in(old, FIRST_HALF) or active_in(new, FIRST_HALF)):
        assert touched(spans, [FIRST_HALF]) == [FIRST_HALF]


@given(facts())
def test_a_new_or_erased_participation_touches_every_day_it_ran(f):
    for spans in (participation_spans(None, f), participation_spans(f, None)):
        assert bool(touched(spans, [FIRST_HALF])) == (
            active_in(f, FIRST_HALF) or (f.followup is not None
                                         and FIRST_HALF.start <= f.followup <= FIRST_HALF.end))


def test_closing_an_open_participation_after_a_signed_half_year_leaves_it_alone():
    old = Facts(D(2022, 5, 1), None, other=("man",))
    new = replace(old, end=D(2023, 9, 1), at_exit=("arbete",))
    assert touched(participation_spans(old, new), [FIRST_HALF]) == []
    earlier = replace(old, end=D(2023, 3, 1), at_exit=("arbete",))
    assert touched(participation_spans(old, earlier), [FIRST_HALF]) == [FIRST_HALF]


def test_a_changed_exit_state_touches_the_day_of_the_exit_only():
    old = Facts(D(2022, 5, 1), D(2023, 8, 1), at_exit=("ingen",))
    assert participation_spans(old, replace(old, at_exit=("arbete",))) == [
        (D(2023, 8, 1), D(2023, 8, 1))]


def test_a_budget_line_touches_its_whole_year():
    assert touched([year_span(2023)], [FIRST_HALF, P(D(2024, 1, 1), D(2024, 12, 31))]) == [
        FIRST_HALF]


YEAR_2023 = P(D(2023, 1, 1), D(2023, 12, 31))
TERTIAL_1 = P(D(2023, 1, 1), D(2023, 4, 30))


def test_a_follow_up_of_the_first_half_is_locked_by_the_half_year_and_the_year():
    assert touched([half_span(2023, 1)], [FIRST_HALF, YEAR_2023, TERTIAL_1]) == [
        FIRST_HALF, YEAR_2023]


def test_the_year_end_follow_up_is_free_after_the_first_half_is_signed_off():
    assert touched([half_span(2023, 2)], [FIRST_HALF, YEAR_2023, TERTIAL_1]) == [YEAR_2023]


@given(st.none() | st.integers(2004, 2100), st.none() | st.integers(2004, 2100),
       st.integers(2004, 2100))
def test_a_run_of_years_touches_exactly_the_years_it_holds_for(first, last, year):
    holds = (first is None or first <= year) and (last is None or year <= last)
    span = years_span(first, last)
    assert bool(touched([span], [P(*year_span(year))])) == holds


accounts = st.integers(1000, 9999).map(str)


@given(st.dictionaries(st.integers(2018, 2025), st.lists(accounts, max_size=6), max_size=5),
       st.lists(st.tuples(accounts, accounts), min_size=1, max_size=3))
def test_a_rule_reads_a_year_exactly_when_its_books_hold_an_account_in_a_range(books, ranges):
    read = years_reading_accounts(ranges, books)
    for year, held in books.items():
        inside = any(int(a) <= int(n) <= int(b) for n in held for a, b in ranges)
        assert (year in read) == inside
    assert set(read) <= set(books)


def test_a_rule_with_an_account_that_is_not_a_number_reads_nothing():
    assert years_reading_accounts([("4x", "4999")], {2022: ["4010"]}) == []
    assert years_reading_accounts([("4000", "4999")], {2022: ["40a", "4010"]}) == [2022]


@given(st.dictionaries(st.integers(2018, 2025),
                       st.lists(st.sampled_from(["1:100", "6:P1", "6:P2"]), max_size=3)),
       st.sampled_from(["1:100", "6:P1", "6:P9"]))
def test_an_object_rule_reads_the_years_whose_books_name_the_object(books, wanted):
    assert years_reading_objects([wanted], books) == sorted(
        y for y, held in books.items() if wanted in held)
