"""The state walk (state_walk.py) of a förbund looking back: a past year with records, and
a past year without any."""

import datetime as dt

import pytest

from samsyn.web.tests.state_walk import ROLES, State, assert_walks, built, world_tenant

# Every page as every role, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 12, 6)
STATES = [State("past-year-with-records", TODAY, 2022), State("past-year-empty", TODAY, 2019)]


@pytest.fixture(scope="module")
def tenant(django_db_setup, django_db_blocker):
    with built(django_db_blocker, TODAY, lambda: world_tenant("forr")) as found:
        yield found


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
def test_every_page_works_for_the_role_in_the_state(tenant, state, role, db):
    assert_walks(tenant, state, role)
