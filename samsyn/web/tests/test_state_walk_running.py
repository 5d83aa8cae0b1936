"""The state walk (state_walk.py) of a förbund in its running year, with participations begun
in it: before its first half has ended (nothing of the year is published yet) and after."""

import datetime as dt

import pytest

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

EARLY, LATE = dt.date(2026, 3, 16), dt.date(2026, 9, 15)
STATES = [State("running-year-first-half", EARLY, 2026),
          State("running-year-second-half", LATE, 2026),
          State("running-year-second-half-default-year", LATE)]


def _build():
    tenant = world_tenant("lopande")
    record_participations(tenant, tenant.values["intervention_slug"], 2026,
                          tenant.values["member_id"])
    return tenant


@pytest.fixture(scope="module")
def tenant(django_db_setup, django_db_blocker):
    with built(django_db_blocker, EARLY, _build) as found:
        yield found


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
def test_every_page_works_for_the_role_in_the_state(tenant, state, role, db):
    assert_walks(tenant, state, role)


def test_the_running_year_holds_the_participations_recorded_in_it(tenant, db):
    from samsyn.participants.models import Participation

    found = Participation.objects.filter(intervention__association=tenant.association,
                                         start_date__year=2026)
    assert found.count() == 8
    assert found.filter(end_date__isnull=False).count() == 3
