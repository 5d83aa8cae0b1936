"""How long the foundation's heaviest work takes on a förbund of realistic size.

Run with `make bench`; pytest-benchmark prints and keeps the figures (.benchmarks/).
"""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.interventions.models import Goal, Intervention
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_xlsx
from samsyn.reports.services import build_report
from samsyn.testing import make_world


def big_association_file(n_interventions: int = 40) -> dict:
    kommuner = [f"Kommun {i}" for i in range(10)]
    return {
        "slug": "stor", "name": "Samordningsförbundet Stor",
        "members": [{"name": "Försäkringskassan", "kind": "state"},
                    {"name": "Region", "kind": "region"}]
        + [{"name": k, "kind": "kommun", "population": {"2021-11-01": 50000 + i}}
           for i, k in enumerate(kommuner)],
        "target_groups": [{"name": f"Grupp {i}"} for i in range(5)],
        "interventions": [{
            "slug": f"insats-{i}", "name": f"Insats {i}", "kind": "individual",
            "start": "2020-01-01", "run_by": kommuner[i % 10],
            "municipalities": kommuner[: 1 + i % 10], "target_groups": [f"Grupp {i % 5}"],
            "goals": [{"name": f"Mål {j}", "metric": "participants_new", "target": "100",
                       "unit": "count", "year": 2022} for j in range(5)],
        } for i in range(n_interventions)],
        "plans": [{"year": 2022, "focus_areas": [
            {"name": f"Målområde {a}", "goals": [
                {"name": f"Mål {a}.{g}", "activities": [{"name": f"Aktivitet {x}"}
                                                        for x in range(5)]}
                for g in range(4)]} for a in range(4)]}],
    }


@pytest.mark.django_db
def test_setup_association_of_a_large_file(benchmark, tmp_path):
    path = tmp_path / "stor.json"
    path.write_text(json.dumps(big_association_file(), ensure_ascii=False), encoding="utf-8")
    call_command("setup_association", path, "--format", "json")
    # The second run is the common case: a förbund re-applies its file and nothing changes.
    benchmark(call_command, "setup_association", path, "--format", "json")


@pytest.fixture
def world_with_many_interventions(db):
    world = make_world("alfa")
    for i in range(40):
        intervention = Intervention.objects.create(
            association=world.association, slug=f"insats-{i}", name=f"Insats {i}",
            kind="individual", start=dt.date(2021, 1, 1), run_by=world.members["kommun"],
        )
        intervention.municipalities.set([world.members["kommun"]])
        intervention.target_groups.set([world.target_group])
        Goal.objects.bulk_create(
            Goal(intervention=intervention, name=f"Mål {j}", metric="participants_new",
                 target=Decimal(100), unit="count", year=2022) for j in range(5)
        )
    return world


def test_the_plan_page_with_40_interventions(benchmark, world_with_many_interventions):
    world = world_with_many_interventions
    client = Client()
    client.force_login(world.users["board"])
    url = reverse("plan_detail", args=[world.association.slug, 2022])
    response = benchmark(client.get, url)
    assert response.status_code == 200


def test_the_interventions_report_as_xlsx(benchmark, world_with_many_interventions):
    world = world_with_many_interventions
    kind = get_kind("interventions")
    assert kind is not None
    data = benchmark(lambda: to_xlsx(build_report(kind, Scope.system(world.association), 2022)))
    assert data[:2] == b"PK"
