"""Which periods an insats has figures for, and its participations open far too long, as the
database counts them for the "what is due" page."""

import datetime as dt

from samsyn.participants.coverage import open_past_usual, reported_periods
from samsyn.participants.models import MonthlyCount, Participation, ReducedParticipation
from samsyn.participants.services import forgotten
from samsyn.publication.periods import standard_periods


def _keys(found, intervention):
    return found.get(intervention.pk, set())


def test_a_participation_reports_every_period_it_runs_in(alfa):
    # Vägen vidare's participation runs from 1 February 2022, still open.
    periods = standard_periods(2022, {"month", "half", "year"})
    found = reported_periods([alfa.intervention.pk], periods)
    assert "2022-01" not in _keys(found, alfa.intervention)
    assert {"2022-02", "2022-12", "2022H1", "2022H2", "2022"} <= _keys(found, alfa.intervention)
    Participation.objects.filter(intervention=alfa.intervention).update(
        end_date=dt.date(2022, 3, 15), exit_reason="arbete")
    found = reported_periods([alfa.intervention.pk], periods)
    assert _keys(found, alfa.intervention) == {"2022-02", "2022-03", "2022H1", "2022"}


def test_counts_report_the_periods_that_hold_their_own(alfa):
    # Samverkan has counts of March 2022 only.
    periods = standard_periods(2022, {"month", "half", "year"})
    found = reported_periods([alfa.other_intervention.pk], periods)
    assert _keys(found, alfa.other_intervention) == {"2022-03", "2022H1", "2022"}
    MonthlyCount.objects.create(intervention=alfa.other_intervention,
                                month=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31),
                                kind="new", gender="kvinna", count=7)
    found = reported_periods([alfa.other_intervention.pk], periods)
    assert "2022H2" not in _keys(found, alfa.other_intervention)  # a year's count is no half's


def test_reduced_participations_still_report_their_periods(alfa):
    Participation.objects.all().delete()
    ReducedParticipation.objects.create(
        intervention=alfa.intervention, start_date=dt.date(2022, 7, 1),
        end_date=dt.date(2022, 8, 31), gender="man", age_group="30-64",
        referrer_category="af", exit_reason="arbete", count=3)
    found = reported_periods([alfa.intervention.pk], standard_periods(2022))
    assert _keys(found, alfa.intervention) == {"2022H2", "2022"}


def test_the_count_of_open_participations_past_the_usual_time_is_the_registers_own(alfa):
    alfa.intervention.usual_duration_days = 30
    alfa.intervention.save()
    rows = list(Participation.objects.select_related("intervention"))
    for today in (dt.date(2022, 3, 1), dt.date(2022, 4, 2), dt.date(2022, 4, 3),
                  dt.date(2023, 1, 1)):
        counted = open_past_usual({alfa.intervention.pk: 30}, today).get(alfa.intervention.pk, 0)
        assert counted == len(forgotten(rows, today)), today
    assert open_past_usual({}, dt.date(2023, 1, 1)) == {}
