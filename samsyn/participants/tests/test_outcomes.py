"""The outcome definitions as plain functions, with property tests."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samsyn.participants import outcomes as o

D = dt.date
YEAR_START, YEAR_END = D(2023, 1, 1), D(2023, 12, 31)


@st.composite
def records(draw):
    start = draw(st.dates(D(2020, 1, 1), D(2023, 12, 31)))
    end = draw(st.none() | st.dates(start, D(2024, 12, 31)))
    followup = draw(st.none() | st.dates(end, D(2025, 12, 31))) if end else None
    return o.OutcomeRecord(
        intervention=draw(st.sampled_from(["a", "b"])),
        gender=draw(st.sampled_from(o.GENDERS)), start=start, end=end,
        age_group=draw(st.sampled_from(["19-24", "30-64", "other", ""])),
        support_at_start=draw(st.sampled_from([*o.SUPPORTS, "", "xx"])),
        occupation_at_exit=draw(st.sampled_from([*o.STATES, ""])) if end else "",
        exit_reason=draw(st.sampled_from(["", "arbete", "studier", "sjukdom"])) if end else "",
        followup_date=followup,
        followup_occupation=draw(st.sampled_from(["", "arbete", "ingen"])) if followup else "",
        count=draw(st.integers(1, 4)),
    )


@given(st.lists(records(), max_size=40))
def test_every_exit_lands_in_exactly_one_cell_of_the_transitions_table(rs):
    exited = o.exited_in(rs, YEAR_START, YEAR_END)
    table = o.transitions(exited)
    assert sum(sum(row.values()) for row in table.values()) == sum(r.count for r in exited)
    for r in exited:
        cells = [(sp, s) for sp in o.SUPPORTS for s in o.STATES
                 if o.start_support(r) == sp and o.exit_state(r) == s]
        assert len(cells) == 1


@given(st.lists(records(), max_size=40))
def test_the_transitions_margins_equal_the_exit_counts(rs):
    exited = o.exited_in(rs, YEAR_START, YEAR_END)
    table = o.transitions(exited)
    shares = o.shares(exited)
    by_state = {s: sum(table[sp][s] for sp in o.SUPPORTS) for s in o.STATES}
    assert sum(by_state.values()) == shares.exited
    assert by_state["arbete"] + by_state["studier"] == shares.at_exit
    for sp in o.SUPPORTS:
        total, to_work = o.from_support_to_work(table, sp)
        assert total == sum(r.count for r in exited if o.start_support(r) == sp)
        assert 0 <= to_work <= total


@given(st.lists(records(), max_size=40))
def test_the_shares_lie_between_nought_and_one_and_are_empty_without_a_base(rs):
    s = o.shares(o.exited_in(rs, YEAR_START, YEAR_END))
    assert s.at_exit <= s.exited and s.at_followup <= s.followed_up <= s.exited
    for value, base in ((s.exit_share, s.exited), (s.followup_share, s.followed_up)):
        if base:
            assert value is not None and Decimal(0) <= value <= Decimal(1)
        else:
            assert value is None


@given(st.lists(records(), max_size=40))
def test_the_duration_bands_hold_every_exit_and_the_median_lies_among_the_durations(rs):
    exited = o.exited_in(rs, YEAR_START, YEAR_END)
    assert sum(o.durations(exited).values()) == sum(r.count for r in exited)
    median = o.median_days(exited)
    if not exited:
        assert median is None
    else:
        days = [o.days_in(r) for r in exited]
        assert min(days) <= median <= max(days)


@given(st.lists(records(), max_size=40))
def test_the_gender_and_age_groups_add_up_to_the_whole(rs):
    exited = o.exited_in(rs, YEAR_START, YEAR_END)
    whole = o.shares(exited)
    for key, groups in (("gender", o.GENDERS), ("age_group", ("19-24", "30-64", "other"))):
        parts = o.by_group(exited, key, groups)
        assert sum(p.exited for p in parts.values()) == whole.exited
        assert sum(p.at_exit for p in parts.values()) == whole.at_exit


@given(st.lists(records(), max_size=30))
def test_a_record_counted_twice_weighs_as_two_single_ones(rs):
    exited = o.exited_in(rs, YEAR_START, YEAR_END)
    singles = [o.OutcomeRecord(**{**r.__dict__, "count": 1})
               for r in exited for _i in range(r.count)]
    assert o.transitions(singles) == o.transitions(exited)
    assert o.median_days(singles) == o.median_days(exited)
    assert o.shares(singles) == o.shares(exited)


def test_the_median_of_an_even_number_of_exits_is_the_mean_of_the_middle_two():
    rs = [o.OutcomeRecord("a", "man", D(2023, 1, 1), D(2023, 1, 10)),
          o.OutcomeRecord("a", "man", D(2023, 1, 1), D(2023, 1, 21))]
    assert o.median_days(rs) == Decimal("15.5")


def test_the_state_at_exit_falls_back_on_the_exit_reason_only_for_work_or_studies():
    def state(occupation, reason):
        return o.exit_state(o.OutcomeRecord("a", "man", D(2023, 1, 1), D(2023, 2, 1),
                                            occupation_at_exit=occupation, exit_reason=reason))

    assert state("arbetssokande", "arbete") == "arbetssokande"
    assert state("", "studier") == "studier"
    assert state("", "sjukdom") == o.NOT_RECORDED


def test_a_day_in_and_out_is_one_day_in_the_insats():
    r = o.OutcomeRecord("a", "man", D(2023, 3, 1), D(2023, 3, 1))
    assert o.days_in(r) == 1 and o.duration_band(1) == "0-3"
    assert o.duration_band(92) == "3-6" and o.duration_band(731) == "24+"
