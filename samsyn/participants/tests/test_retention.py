"""Retention keeps counts per month and category: the table shrinks, the figures stay."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command

from samsyn.participants.models import Participant, Participation, ReducedParticipation
from samsyn.participants.services import reduce_expired

D = dt.date


def kept_by_retention(figures):
    """A report's JSON less the time in the insats, which retention keeps by month only.

    Reduced records hold the month of start and exit, not the days (docs/participants.md), so
    the median and the bands of days in the insats are counted from whole months afterwards.
    Every other figure must be exactly as before.
    """
    if isinstance(figures, dict):
        return {k: kept_by_retention(v) for k, v in figures.items()
                if k != "time_in_intervention"}
    if isinstance(figures, list):
        return [kept_by_retention(v) for v in figures]
    return figures


def report(year, *extra):
    out = StringIO()
    call_command("report", "participants", "--association", "alfa", "--year", str(year),
                 *extra, stdout=out)
    data = json.loads(out.getvalue())
    for entry in [*data["interventions"], data["total"]]:
        entry.pop("unique_participants")
    return data


def test_a_months_participations_of_one_kind_become_one_count(alfa):
    for day in range(1, 29):
        participant = Participant.objects.create(association=alfa.association,
                                                 pseudonym=f"p{day}")
        Participation.objects.create(
            intervention=alfa.intervention, participant=participant, gender="kvinna",
            birth_year=1990, referrer="af", referrer_category="af",
            start_date=D(2018, 3, day), end_date=D(2018, 9, 29 - day), exit_reason="arbete",
            occupation_at_exit="arbete", support_at_exit="lon")
    before = kept_by_retention({y: report(y) for y in (2018, 2019)})
    quarters = [kept_by_retention(report(2018, "--start", s, "--end", e)) for s, e in
                (("2018-01-01", "2018-03-31"), ("2018-07-01", "2018-09-30"))]
    result = reduce_expired(alfa.association, D(2025, 1, 1))
    assert (result.participations, result.groups) == (28, 1)
    kept = ReducedParticipation.objects.get()
    assert (kept.start_date, kept.end_date, kept.count) == (D(2018, 3, 1), D(2018, 9, 30), 28)
    assert (kept.occupation_at_exit, kept.support_at_exit) == ("arbete", "lon")
    assert not Participant.objects.filter(pseudonym__startswith="p").exists()
    assert kept_by_retention({y: report(y) for y in (2018, 2019)}) == before
    assert [kept_by_retention(report(2018, "--start", s, "--end", e)) for s, e in
            (("2018-01-01", "2018-03-31"), ("2018-07-01", "2018-09-30"))] == quarters


def test_records_within_the_retention_period_stay(alfa):
    result = reduce_expired(alfa.association, D(2025, 1, 1))
    # The test förbund's own participation (2022, open) is kept as it is.
    assert result.participations == 0
    assert Participation.objects.filter(participant__association=alfa.association).exists()
