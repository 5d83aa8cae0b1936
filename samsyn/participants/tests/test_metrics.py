"""Participant figures: the edge cases of a period, and properties for any records."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samsyn.participants.metrics import (
    EXIT_REASONS,
    GENDERS,
    REFERRERS,
    Period,
    Record,
    figures,
    unique_participants,
)

D = dt.date
YEAR = Period(D(2022, 1, 1), D(2022, 12, 31))


def rec(start, end=None, reason="", gender="kvinna", referrer="fk", who=None, **kw):
    return Record("a", gender, start, end, reason if end else "", referrer, participant=who,
                  **kw)


@pytest.mark.parametrize(("record", "new", "active", "exited"), [
    (rec(D(2022, 3, 1), D(2022, 6, 1), "arbete"), 1, 1, 1),      # starts and ends inside
    (rec(D(2021, 3, 1), D(2023, 6, 1), "arbete"), 0, 1, 0),      # spans the period
    (rec(D(2021, 3, 1), D(2022, 1, 1), "arbete"), 0, 1, 1),      # ends on its first day
    (rec(D(2022, 12, 31)), 1, 1, 0),                              # starts on its last day
    (rec(D(2021, 3, 1), D(2021, 12, 31), "arbete"), 0, 0, 0),    # ended the day before
    (rec(D(2023, 1, 1)), 0, 0, 0),                                # starts the day after
    (rec(D(2020, 1, 1)), 0, 1, 0),                                # still open
])
def test_new_active_and_exited_at_the_edges_of_a_period(record, new, active, exited):
    f = figures([record], YEAR)
    assert (f.new["total"], f.active["total"], f.exited["total"]) == (new, active, exited)


def test_gender_not_stated_is_its_own_column():
    f = figures([rec(D(2022, 2, 1), gender="ej_angett"), rec(D(2022, 2, 1), gender="x")], YEAR)
    assert f.new == {"kvinna": 0, "man": 0, "ej_angett": 2, "total": 2}


def test_an_insats_with_no_exits_has_no_share_rather_than_zero():
    f = figures([rec(D(2022, 2, 1))], YEAR)
    assert f.work_or_studies == {"count": 0, "share": None}
    assert f.step_progression == {"count": 0, "share": None}


def test_the_share_to_work_or_studies_and_step_progression():
    # 002: 121 of 175 finished to work or studies: 69 %.
    records = (
        [rec(D(2022, 1, 5), D(2022, 6, 1), "arbete")] * 67
        + [rec(D(2022, 1, 5), D(2022, 6, 1), "studier")] * 54
        + [rec(D(2022, 1, 5), D(2022, 6, 1), "ordinarie_af")] * 6
        + [rec(D(2022, 1, 5), D(2022, 6, 1), "ovrigt")] * 48
    )
    f = figures(records, YEAR)
    assert f.exited["total"] == 175
    assert f.work_or_studies == {"count": 121, "share": Decimal("0.6914")}
    assert f.step_progression == {"count": 127, "share": Decimal("0.7257")}
    assert f.exits_by_reason["arbete"] == 67 and set(f.exits_by_reason) == set(EXIT_REASONS)


def test_unique_participants_count_people_not_participations():
    records = [rec(D(2022, 1, 1), who="p1"), Record("b", "kvinna", D(2022, 2, 1), None,
                                                     participant="p1"),
               rec(D(2022, 1, 1), who="p2"), rec(D(2022, 1, 1), who=None, count=3)]
    assert unique_participants(records) == 5
    assert figures(records, YEAR).active["total"] == 6


def test_monthly_counts_are_new_or_exits_never_active():
    new = Record("a", "man", D(2022, 3, 1), None, referrer="af", count=4,
                 counts_as_active=False)
    exit_ = Record("a", "man", None, D(2022, 3, 1), exit_reason="arbete", count=2,
                   counts_as_active=False)
    f = figures([new, exit_], YEAR)
    assert (f.new["total"], f.active["total"], f.exited["total"]) == (4, 0, 2)
    assert f.new_by_referrer["af"] == 4 and f.work_or_studies["count"] == 2


days = st.integers(min_value=0, max_value=1500).map(lambda n: D(2020, 1, 1) + dt.timedelta(n))
records_strategy = st.lists(
    st.builds(
        lambda s, length, closed, reason, gender, referrer, insats: Record(
            insats, gender, s, s + dt.timedelta(length) if closed else None,
            reason if closed else "", referrer),
        days, st.integers(0, 400), st.booleans(), st.sampled_from(EXIT_REASONS),
        st.sampled_from(GENDERS), st.sampled_from(REFERRERS), st.sampled_from("abc"),
    ),
    max_size=40,
)
periods = st.tuples(days, st.integers(0, 400)).map(
    lambda t: Period(t[0], t[0] + dt.timedelta(t[1])))


@given(records_strategy, periods)
def test_the_parts_add_up_to_their_totals(records, period):
    f = figures(records, period)
    for counts in (f.new, f.active, f.exited):
        assert counts["total"] == sum(counts[g] for g in GENDERS)
    assert sum(f.new_by_referrer.values()) == f.new["total"]
    assert sum(f.exits_by_reason.values()) == f.exited["total"]
    assert f.new["total"] <= f.active["total"] and f.exited["total"] <= f.active["total"]
    share = f.work_or_studies["share"]
    assert (share is None) == (f.exited["total"] == 0)


@given(records_strategy, periods)
def test_the_förbund_total_is_the_sum_of_its_insatser(records, period):
    whole = figures(records, period)
    parts = [figures([r for r in records if r.intervention == i], period) for i in "abc"]
    for measure in ("new", "active", "exited", "exits_by_reason", "new_by_referrer"):
        for key, value in getattr(whole, measure).items():
            assert value == sum(getattr(p, measure)[key] for p in parts)


@given(records_strategy, periods, periods)
def test_a_split_period_adds_up_for_new_and_exited(records, first, second):
    # Two back-to-back periods: every start and end falls in exactly one of them.
    joined_end = first.end + (second.end - second.start) + dt.timedelta(1)
    a, b = first, Period(first.end + dt.timedelta(1), joined_end)
    whole = Period(first.start, joined_end)
    for measure in ("new", "exited"):
        assert (getattr(figures(records, a), measure)["total"]
                + getattr(figures(records, b), measure)["total"]
                == getattr(figures(records, whole), measure)["total"])


def test_the_plain_code_lists_match_the_choices_people_pick_from():
    # metrics.py stays free of Django, so it keeps the codes as plain tuples; they must not drift.
    from samsyn.participants.codes import ExitReason, Gender, Referrer

    assert tuple(Gender.values) == GENDERS
    assert tuple(Referrer.values) == REFERRERS
    assert tuple(ExitReason.values) == EXIT_REASONS
