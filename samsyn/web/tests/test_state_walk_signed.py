"""The state walk (state_walk.py) of a förbund that has reported: a year the office has
signed off (whole year, first half and the Uppföljning Finsam), and a later year signed off
and then opened again by an administrator for a correction."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samsyn.periods.models import SignedPeriod
from samsyn.testing import log_in_verified
from samsyn.web.tests.posting import saved
from samsyn.web.tests.state_walk import (
    ROLES,
    State,
    assert_walks,
    built,
    record_participations,
    world_tenant,
)

# Every page as every role, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 12, 6)
SIGNED, REOPENED = 2022, 2025
STATES = [State("signed-off-year", TODAY, SIGNED), State("reopened-year", TODAY, REOPENED),
          State("signed-and-reopened-default-year", TODAY)]
KINDS = (("annual-report", "year"), ("half-year", "h1"), ("uppfoljning-finsam", "year"))


def _build():
    tenant = world_tenant("signerat")
    record_participations(tenant, tenant.values["intervention_slug"], REOPENED,
                          tenant.values["member_id"])
    slug = tenant.association.slug
    office = log_in_verified(Client(), tenant.users["office"])
    for year in (SIGNED, REOPENED):
        for kind, half in KINDS:
            saved(office, reverse("period_sign", args=[slug]),
                  {"kind": kind, "year": year, "half": half})
    admin = log_in_verified(Client(), tenant.users["admin"])
    for period in SignedPeriod.objects.filter(association=tenant.association,
                                              start__year=REOPENED):
        saved(admin, reverse("period_reopen", args=[slug, period.pk]),
              {"reason": "Rättelse av ett slutdatum"})
    return tenant


@pytest.fixture(scope="module")
def tenant(django_db_setup, django_db_blocker):
    with built(django_db_blocker, TODAY, _build) as found:
        yield found


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
def test_every_page_works_for_the_role_in_the_state(tenant, state, role, db):
    assert_walks(tenant, state, role)


def test_one_year_is_signed_off_and_a_later_one_open_for_changes(tenant, db):
    periods = SignedPeriod.objects.filter(association=tenant.association)
    assert periods.filter(start__year=SIGNED, reopened_until__isnull=True).count() == 3
    assert periods.filter(start__year=REOPENED,
                          reopened_until__gt=timezone.now()).count() == 3
