"""Which days a change touches: plain rules with property tests."""

import datetime as dt
from dataclasses import dataclass, replace

from hypothesis import given
from hypothesis import strategies as st

from samsyn.periods.locks import FAR, Facts, participation_spans, touched, year_span

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
