"""The state walk (state_walk.py) of a förbund looking ahead: the office has entered next
year's business plan, budget and contributions, nothing else of that year exists; and a year
far ahead (+5) of which nothing exists."""

import datetime as dt

import pytest

from samsyn.web.tests.state_walk import (
    ROLES,
    State,
    assert_walks,
    built,
    plan_next_year,
    world_tenant,
)

# Every page as every role, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 12, 6)
STATES = [State("next-year-planned-default-year", TODAY),
          State("next-year-planned", TODAY, 2027),
          State("far-future-year", TODAY, TODAY.year + 5)]


def _build():
    tenant = world_tenant("framat")
    plan_next_year(tenant, 2027)
    return tenant


@pytest.fixture(scope="module")
def tenant(django_db_setup, django_db_blocker):
    with built(django_db_blocker, TODAY, _build) as found:
        yield found


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
def test_every_page_works_for_the_role_in_the_state(tenant, state, role, db):
    assert_walks(tenant, state, role)


def test_the_plan_was_entered_and_is_in_the_walked_documents(tenant, db):
    from samsyn.finance.models import ContributionYear
    from samsyn.interventions.models import PlanYear

    assert PlanYear.objects.filter(association=tenant.association, year=2027).exists()
    assert ContributionYear.objects.filter(association=tenant.association, year=2027).exists()
