"""Aggregate counts of any period: new, active and exited, with their optional categories."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from samsyn.participants.models import MonthlyCount

D = dt.date


def report(world, *extra):
    out = StringIO()
    call_command("report", "participants", "--association", world.association.slug,
                 *extra, stdout=out)
    return json.loads(out.getvalue())


def entry_of(data, slug):
    return next(e for e in data["interventions"] if e["intervention"] == slug)


def year_counts(world):
    insats = world.other_intervention
    insats.aggregate_only = True
    insats.save()
    kommun = world.members["kommun"]
    year = {"intervention": insats, "month": D(2021, 1, 1), "period_end": D(2021, 12, 31)}
    MonthlyCount.objects.create(**year, kind="new", gender="kvinna", referrer_category="af",
                                municipality=kommun, age_group="19-24", count=9)
    MonthlyCount.objects.create(**year, kind="new", gender="man", count=4)
    MonthlyCount.objects.create(**year, kind="active", gender="kvinna", count=15)
    MonthlyCount.objects.create(**year, kind="active", gender="man", count=8)
    MonthlyCount.objects.create(**year, kind="exit", gender="kvinna", exit_reason="arbete",
                                municipality=kommun, count=5)
    MonthlyCount.objects.create(**year, kind="exit", gender="man", exit_reason="sjukdom",
                                count=2)
    return insats


def test_a_years_counts_give_the_years_new_active_and_exited(alfa):
    insats = year_counts(alfa)
    entry = entry_of(report(alfa, "--year", "2021"), insats.slug)
    assert entry["new"] == {"kvinna": 9, "man": 4, "ej_angett": 0, "total": 13}
    assert entry["active"] == {"kvinna": 15, "man": 8, "ej_angett": 0, "total": 23}
    assert entry["exited"]["total"] == 7
    assert entry["exits_by_reason"]["arbete"] == 5 and entry["exits_by_reason"]["sjukdom"] == 2
    assert entry["new_by_referrer"]["af"] == 9
    assert entry["work_or_studies"] == {"count": 5, "share": 0.7143}
    # Counts carry no identity: each active one is a person.
    assert entry["unique_participants"] == 23


def test_a_years_counts_are_not_in_the_report_of_part_of_the_year(alfa):
    insats = year_counts(alfa)
    data = report(alfa, "--year", "2021", "--start", "2021-01-01", "--end", "2021-06-30")
    assert insats.slug not in [e["intervention"] for e in data["interventions"]]
    # 2022 holds only the world's own count of March (3 new).
    assert entry_of(report(alfa, "--year", "2022"), insats.slug)["new"]["total"] == 3


def test_counts_with_kommun_and_age_group_feed_the_kommun_tables(alfa):
    year_counts(alfa)
    out = StringIO()
    call_command("report", "participants", "--association", "alfa", "--year", "2021",
                 "--format", "html", stdout=out)
    html = out.getvalue()
    assert alfa.members["kommun"].name in html
    assert "19-24" in html


def test_the_monthly_page_leaves_the_counts_of_longer_periods_alone(alfa, login):
    year_counts(alfa)
    client = login(alfa.users["office"])
    url = reverse("monthly_counts", args=["alfa", alfa.other_intervention.slug])
    response = client.post(f"{url}?month=2021-01", {"new__kvinna__af": "2"})
    assert response.status_code == 302
    assert MonthlyCount.objects.filter(period_end=D(2021, 12, 31)).count() == 6
    saved = MonthlyCount.objects.get(month=D(2021, 1, 1), period_end=D(2021, 1, 31))
    assert saved.count == 2
    entry = entry_of(report(alfa, "--year", "2021"), alfa.other_intervention.slug)
    assert entry["new"]["total"] == 15
