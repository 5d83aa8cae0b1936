"""The month summary gives the report the counts the rows give, whatever wrote the rows.

For a period of whole months queries.compute takes the counts by insats, kommun and age from
participants/month_summary.py. Generated records are written and counted for periods of whole
months and compared with metrics.py; random histories are written the ways Samsyn writes
them (test_summary.apply: in bulk, backdated, closed, reopened, moved, deleted, reduced,
restored) and compute's figures compared with the same figures grouped from the rows alone
for every standard period of the years touched, and the table kept by the triggers with one
rebuilt from the rows. Runs on whichever database the tests use.
"""

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.associations.models import Member
from samsyn.participants import metrics, month_summary, queries
from samsyn.participants.metrics import EXIT_REASONS, REFERRERS, Period
from samsyn.participants.models import MonthlyCount, Participation, ParticipationMonth
from samsyn.participants.tests.test_counted_by_the_database import (
    Rollback,
    assert_as_the_rules_say,
    by_kommun,
    counts,
    participations,
    reduced,
    write_and_expect,
)
from samsyn.participants.tests.test_summary import apply, changes, kinds_of

D = dt.date


def _month(n: int) -> dt.date:
    return D(2020 + n // 12, n % 12 + 1, 1)


# Whole months from January 2020 on, one to thirty long.
whole_months = st.tuples(st.integers(0, 50), st.integers(1, 30)).map(
    lambda t: Period(_month(t[0]), _month(t[0] + t[1]) - dt.timedelta(days=1)))


def _kommuner(alfa) -> list[Member]:
    return [alfa.members["kommun"], Member.objects.get_or_create(
        association=alfa.association, name="Andra kommun", kind="kommun")[0]]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(participations, max_size=25), st.lists(reduced, max_size=6),
       st.lists(counts, max_size=6), whole_months)
def test_a_period_of_whole_months_is_counted_as_the_rules_say(alfa, found_p, found_r, found_c,
                                                              period):
    assert month_summary.whole_months(period)
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, expected = write_and_expect(alfa, _kommuner(alfa), found_p, found_r,
                                                  found_c)
            found = queries.compute([(i.pk, i.slug) for i in insatser], period)
            raise Rollback
    except Rollback:
        pass
    assert_as_the_rules_say(found, expected, insatser, period)


def _compared(found: queries.PeriodFigures) -> tuple:
    """Everything the report takes from a period's figures, comparable."""
    period = found.period
    kommun = {r.municipality for r in found.kommun_records}
    grids = [by_kommun(found.kommun_records, period, attribute, codes, measure)
             for attribute, codes, measure in (("referrer", REFERRERS, metrics.is_new),
                                               ("exit_reason", EXIT_REASONS,
                                                metrics.is_exited))]
    ages = metrics.breakdown(found.age_records, period, lambda r: r.age_group, metrics.is_new)
    shares = {s: found.work_share_by_gender(s) for s in [*found.per]}
    return (found.per, found.slugs, kommun, grids, ages, shares, found.not_given,
            sorted(found.exits, key=repr), found.held)


def kept_as_rebuilt() -> tuple[dict, dict]:
    """The table as the triggers left it and as a rebuild makes it (zeros left out)."""
    def rows() -> dict:
        return {(s.intervention_id, s.span, s.kind, s.month, s.source, s.gender, s.code,
                 s.kommun, s.age): s.count for s in ParticipationMonth.objects.exclude(count=0)}

    kept = rows()
    month_summary.rebuild()
    return kept, rows()


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(st.lists(participations, max_size=25), st.lists(reduced, max_size=6),
       st.lists(counts, max_size=6), st.lists(changes, max_size=4))
def test_the_month_summary_gives_what_grouping_the_rows_gives_after_any_write(
        alfa, found_p, found_r, found_c, found_changes):
    compared = []
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, _expected = write_and_expect(alfa, _kommuner(alfa), found_p, found_r,
                                                   found_c)
            for change in found_changes:
                apply(change, insatser)
            pairs = [(i.pk, i.slug) for i in insatser]
            years = {d.year for p in Participation.objects.all()
                     for d in (p.start_date, p.end_date) if d} or {2021}
            for each in kinds_of(years):
                if month_summary.whole_months(each):
                    compared.append((each, _compared(queries.compute(pairs, each)),
                                     _compared(queries.compute_from_rows(pairs, each))))
            kept, rebuilt = kept_as_rebuilt()
            raise Rollback
    except Rollback:
        pass
    assert compared
    for each, summed, from_rows in compared:
        assert summed == from_rows, each
    assert kept == rebuilt


def test_an_end_recorded_before_its_start_is_counted_from_the_row_as_before(alfa):
    """Such a row is counted only when both its days fall in the period, which no sum of
    marks gives: the summary leaves it out and the statement counts it."""
    backwards = {"insats": 0, "person": 1, "gender": "kvinna", "start": D(2022, 3, 1),
                 "end": D(2022, 2, 1), "reason": "arbete", "referrer": REFERRERS[0],
                 "kommun": 0, "born": 1990}
    try:
        with transaction.atomic():
            Participation.objects.all().delete()
            MonthlyCount.objects.all().delete()
            insatser, _expected = write_and_expect(alfa, _kommuner(alfa), [backwards], [], [])
            marked = ParticipationMonth.objects.exclude(count=0).count()
            pairs = [(i.pk, i.slug) for i in insatser]
            periods = (queries.year(2022), Period(D(2022, 3, 1), D(2022, 12, 31)))
            found = {p: queries.compute(pairs, p) for p in periods}
            from_rows = {p: queries.compute_from_rows(pairs, p) for p in periods}
            raise Rollback
    except Rollback:
        pass
    assert marked == 0
    for period, figures in found.items():
        assert _compared(figures) == _compared(from_rows[period])
    assert found[queries.year(2022)].per[queries.ALL].new["total"] == 1
    assert found[Period(D(2022, 3, 1), D(2022, 12, 31))].per[queries.ALL].new["total"] == 0


def test_a_period_not_of_whole_months_is_refused_by_the_summary():
    try:
        month_summary.read([1], Period(D(2022, 1, 2), D(2022, 12, 31)))
    except ValueError as refused:
        assert "whole months" in str(refused)
    else:
        raise AssertionError("read a period of part of a month")


def test_the_rebuild_command_makes_the_month_summary_again(alfa):
    year = queries.year(2022)
    pairs = [(alfa.intervention.pk, alfa.intervention.slug)]
    before = queries.compute(pairs, year).per
    ParticipationMonth.objects.all().delete()
    out = StringIO()
    call_command("rebuild_summary", stdout=out)
    assert "month summary rebuilt" in out.getvalue()
    assert ParticipationMonth.objects.exists()
    assert queries.compute(pairs, year).per == before == queries.compute_from_rows(pairs,
                                                                                   year).per
