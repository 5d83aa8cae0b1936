"""The national roll-up of one year over 76 förbund (Sweden has about that many).

The roll-up reads the published rows of one snapshot per förbund, never a record, so its cost
grows with the number of förbund, not with their participations. The database adds the rows up
(national/queries.py); the floor is the same figures by hand-written SQL
(benchmarks/national_sql.py), and the page's tables are timed on their own. Run with
`make bench`; the target is < 1 s and at most 1.5× the floor.
"""

import random

import pytest
from django.test import Client
from django.utils import timezone

from benchmarks.national_sql import differences, hand_written_sums
from samsyn.associations.models import Association, County
from samsyn.national import figures as f
from samsyn.national import pages, queries, services
from samsyn.national.models import Snapshot
from samsyn.national.views import year_snapshots
from samsyn.testing import make_user

N_ASSOCIATIONS = 76
YEAR = 2022


def _cell(rng: random.Random) -> int | str:
    value = rng.choice([0, 0, rng.randint(1, 4), rng.randint(5, 400)])
    return "<5" if 0 < value < 5 else value


def _figures(rng: random.Random) -> dict:
    genders = {g: _cell(rng) for g in f.GENDERS}
    participants = {"total": {
        "new": genders, "active": genders, "exited": genders,
        "exits_by_reason": {c: _cell(rng) for c in f.EXIT_REASONS},
        "new_by_referrer": {c: _cell(rng) for c in f.REFERRERS},
        "work_or_studies": {"count": _cell(rng)},
    }}
    budget = {"lines": [{"line": f"{c}:x", "budget": str(rng.randint(0, 10**7)),
                         "outcome": str(rng.randint(0, 10**7))} for c in f.ECONOMY_CATEGORIES],
              "result": {"budget": "0", "outcome": str(rng.randint(-10**6, 10**6))}}
    indicators = {"rounds": [{"too_few": False, "questions": [
        {"code": f"P{i}", "local": False,
         "current": {"answers": 40, "positive": f"0.{rng.randint(1000, 9999)}"}}
        for i in range(1, 12)]}]}
    return f.from_reports(participants, budget, indicators, 5)


@pytest.fixture
def nation(db):
    rng = random.Random(14)
    counties = County.values
    now = timezone.now()
    snapshots = []
    for i in range(N_ASSOCIATIONS):
        association = Association.objects.create(slug=f"forbund-{i}", name=f"Förbund {i}",
                                                 county=counties[i % len(counties)])
        snapshots.append(Snapshot.objects.create(
            association=association, slug=association.slug, name=association.name,
            county=association.county, year=YEAR, figures=_figures(rng), published_at=now))
    services.file_rows(snapshots)


def test_bench_the_national_sums_by_hand_written_sql(benchmark, nation):
    sums = benchmark(hand_written_sums, YEAR)
    assert differences(queries.year_rollup(YEAR), sums) == []


def test_bench_national_rollup_of_a_year(benchmark, nation):
    _counties, whole = benchmark(queries.year_rollup, YEAR)
    assert whole.members == N_ASSOCIATIONS


def test_bench_national_page_tables(benchmark, nation):
    result = benchmark(lambda: pages.build(year_snapshots(YEAR),
                                           rollup=queries.year_rollup(YEAR)))
    assert result["nation"].members == N_ASSOCIATIONS


def test_bench_national_page(benchmark, nation):
    client = Client()
    client.force_login(make_user("lasare"))
    response = benchmark(client.get, f"/nationellt/?year={YEAR}")
    assert response.status_code == 200


def test_bench_national_api(benchmark, nation):
    client = Client()
    client.force_login(make_user("lasare"))
    response = benchmark(client.get, f"/api/v1/nationellt/{YEAR}/")
    assert response.json()["nation"]["associations"] == N_ASSOCIATIONS
