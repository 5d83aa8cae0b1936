"""Insats staff read the participants report of their own insatser only, everywhere."""

import json

import pytest
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.participants.models import MonthlyCount
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

pytestmark = pytest.mark.django_db


def _with_figures_in_both_insatser(world):
    # extend_world gives the staff's insats a participation in 2022 and the other insats a
    # monthly count: both insatser have figures that year.
    MonthlyCount.objects.create(intervention=world.other_intervention, month="2022-05-01",
                                kind="new", gender="kvinna", referrer_category="fk", count=7)


def test_staff_see_only_their_insats_in_the_report_page(alfa, login):
    _with_figures_in_both_insatser(alfa)
    client = login(alfa.users["staff"])
    url = reverse("report_view", args=[alfa.association.slug, "participants"])
    data = json.loads(client.get(url, {"year": 2022, "format": "json"}).content)
    assert [e["intervention"] for e in data["interventions"]] == [alfa.intervention.slug]
    page = client.get(url, {"year": 2022}).content.decode()
    assert alfa.other_intervention.name not in page


def test_staff_see_only_their_insats_in_the_api(alfa, client):
    _with_figures_in_both_insatser(alfa)
    client.force_login(alfa.users["staff"])
    url = reverse("api_report", args=[alfa.association.slug, "participants"])
    data = client.get(url, {"year": 2022}).json()
    assert [e["intervention"] for e in data["interventions"]] == [alfa.intervention.slug]


def test_the_office_sees_every_insats(alfa, login):
    _with_figures_in_both_insatser(alfa)
    client = login(alfa.users["office"])
    url = reverse("report_view", args=[alfa.association.slug, "participants"])
    data = json.loads(client.get(url, {"year": 2022, "format": "json"}).content)
    assert {e["intervention"] for e in data["interventions"]} == {
        alfa.intervention.slug, alfa.other_intervention.slug}


def test_a_report_refuses_an_insats_outside_its_scope(alfa):
    kind = get_kind("participants")
    narrow = Scope(alfa.association, frozenset({alfa.intervention.pk}))
    with pytest.raises(ValueError):
        build_report(kind, narrow, 2022, intervention=alfa.other_intervention)


def test_a_staff_scope_holds_only_their_insatser(alfa):
    from samsyn.associations.access import Access

    access = Access(alfa.association, alfa.memberships["staff"])
    assert access.scope().intervention_ids == frozenset({alfa.intervention.pk})
    assert not access.scope().whole
    assert Access(alfa.association, alfa.memberships["office"]).scope().whole
