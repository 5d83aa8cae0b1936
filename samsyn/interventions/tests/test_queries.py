"""Lists must not run one query per row (N+1): the count stays flat as rows grow."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.interventions.models import Goal, Intervention


def add_interventions(world, n, prefix):
    for i in range(n):
        intervention = Intervention.objects.create(
            association=world.association, slug=f"{prefix}-{i}",
            name=f"Extra {i}", kind="individual", start=dt.date(2021, 1, 1),
            run_by=world.members["kommun"],
        )
        intervention.municipalities.set([world.members["kommun"]])
        intervention.target_groups.set([world.target_group])
        Goal.objects.create(intervention=intervention, name="Mål", metric="participants_new",
                            target=Decimal(10), unit="count")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name,args", [
    ("intervention_list", []), ("plan_detail", [2022]), ("association_home", []),
    ("member_list", []), ("target_group_list", []), ("report_view", ["interventions"]),
])
def test_pages_run_the_same_number_of_queries_for_2_and_12_interventions(
    alfa, login, name, args
):
    client = login(alfa.users["office"])
    url = reverse(name, args=[alfa.association.slug, *args])
    # A first visit makes one-time rows (the förbund's cache token); each count then starts
    # with an empty cache, so the figures are counted afresh both times.
    add_interventions(alfa, 2, "few")
    client.get(url)
    cache.clear()
    few = count_queries(client, url)
    add_interventions(alfa, 10, "many")
    cache.clear()
    assert count_queries(client, url) == few
