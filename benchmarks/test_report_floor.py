"""The participants report's floor (benchmarks/report_sql.py) gives every figure ours gives.

measure.py times the report against the hand-written statement only after checking the two
agree; this holds them equal on a small generated installation (participations, reduced
participations past retention, monthly counts) with a few awkward rows added: unknown codes,
an exit whose start is recorded after its end, a reduced row of none, counts of a longer
period and a counts-only insats lacking a kind of count. Run with
`.venv/bin/python -m pytest benchmarks/test_report_floor.py` (on PostgreSQL: REPORT_SQL is
PostgreSQL's).
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from benchmarks.report_sql import differences, hand_written_figures, our_figures
from samsyn.associations.models import Association
from samsyn.interventions.models import Intervention
from samsyn.participants.models import MonthlyCount, Participation, ReducedParticipation

PERIODS = [
    (dt.date(2025, 1, 1), dt.date(2025, 12, 31)),   # the latest year: whole months
    (dt.date(2019, 1, 1), dt.date(2019, 12, 31)),   # reduced rows past retention
    (dt.date(2024, 3, 15), dt.date(2024, 9, 10)),   # not whole months: counted from rows
    (dt.date(2024, 1, 1), dt.date(2024, 6, 30)),    # a half-year: a year's counts don't count
]


def _awkward_rows(association: Association) -> None:
    """Rows the generator does not make, each a way to get a figure wrong."""
    insatser = list(Intervention.objects.filter(association=association, aggregate_only=False)
                    .order_by("pk"))
    first = insatser[0]
    some = Participation.objects.filter(intervention=first).order_by("pk")[:3]
    odd = some[0]
    odd.support_at_start, odd.occupation_at_exit = "okand", "okand"
    odd.exit_reason, odd.end_date = "studier", dt.date(2025, 5, 2)
    odd.start_date = dt.date(2025, 2, 1)
    odd.save()
    backwards = some[1]    # an exit in 2025 recorded as starting after it ended
    backwards.start_date, backwards.end_date = dt.date(2026, 1, 10), dt.date(2025, 11, 3)
    backwards.save()
    kommun = odd.municipality
    for start, end, count in ((dt.date(2019, 2, 1), dt.date(2019, 8, 31), 0),
                              (dt.date(2018, 6, 1), dt.date(2019, 4, 30), 4)):
        ReducedParticipation.objects.create(
            intervention=first, start_date=start, end_date=end, gender="ej_angett",
            age_group="",
            referrer_category="okand", exit_reason="arbete", count=count, municipality=kommun,
            support_at_start="lon", occupation_at_exit="", followup_occupation="studier")
    # An insats kept as counts: months of 2024 of every kind, a year's count of 2024 (not in a
    # half-year), and 2025's new and exits only (its active not given).
    counts_only = Intervention.objects.get(pk=first.pk)
    counts_only.pk = counts_only.id = None
    counts_only.slug, counts_only.aggregate_only = f"{first.slug}-tal", True
    counts_only.save()
    for month in range(1, 13):
        for year, kinds in ((2024, ("new", "active", "exit")), (2025, ("new", "exit"))):
            for n, kind in enumerate(kinds):
                day = dt.date(year, month, 1)
                MonthlyCount.objects.create(
                    intervention=counts_only, kind=kind,
                    gender=("kvinna", "man", "ej_angett")[n],
                    month=day, period_end=(day + dt.timedelta(days=31)).replace(day=1)
                    - dt.timedelta(days=1), count=month % 4,
                    referrer_category="fk" if kind == "new" else "",
                    exit_reason="sjukdom" if kind == "exit" else "",
                    age_group="25-29" if month % 2 else "", municipality=kommun)
    MonthlyCount.objects.create(intervention=counts_only, kind="new", gender="kvinna",
                                month=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
                                count=7, referrer_category="af", age_group="19-24",
                                municipality=kommun)

@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="the hand-written statement is PostgreSQL's (GROUPING SETS, FILTER, "
                           "ANY over an array)")
def test_the_floor_gives_every_figure_the_report_gives() -> None:
    call_command("generate_dataset", associations=3, participations=4000, years=8, seed=5,
                 last_year=2025, retention_years=5, verbosity=0)
    checked = 0
    for association in Association.objects.filter(slug__startswith="gen-").order_by("slug"):
        _awkward_rows(association)
        pairs = sorted(Intervention.objects.filter(association=association)
                       .values_list("pk", "slug"))
        for start, end in PERIODS:
            ours = our_figures(pairs, start, end)
            assert differences(ours, hand_written_figures(pairs, start, end)) == []
            checked += len(ours)
    assert checked > 1000
    # Reduced rows, counts and outcomes were in what was compared, not only participations.
    assert ReducedParticipation.objects.exists() and MonthlyCount.objects.exists()


def test_a_differing_figure_is_named() -> None:
    ours = {("*", "new", "kvinna"): 3, ("out", "*", "median"): None}
    theirs = {("*", "new", "kvinna"): 4}
    found = differences(ours, theirs)
    assert len(found) == 2
    assert "'new', 'kvinna'): ours 3, hand-written 4" in found[0] and "missing" in found[1]
