"""The state walk (state_walk.py) of förbund without registers: one whose only insats keeps
monthly counts (no participations), and a brand-new one with nothing at all.

The brand-new förbund has no insats, so it has no staff (a staff member is added for an
insats): its walk covers the other four roles.
"""

import datetime as dt

import pytest

from samsyn.web.tests.state_walk import (
    ROLES,
    State,
    add_people,
    aggregate_intervention,
    assert_walks,
    built,
    new_association,
)

# Every page as every role, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

TODAY = dt.date(2026, 9, 15)
COUNTED = [State("monthly-counts-only-default-year", TODAY),
           State("monthly-counts-only-running-year", TODAY, 2026),
           State("monthly-counts-only-past-year", TODAY, 2025)]
NEW = [State("new-forbund-default-year", TODAY), State("new-forbund-past-year", TODAY, 2025)]
MONTHS = [dt.date(2025, 10, 1), dt.date(2025, 11, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1),
          dt.date(2026, 4, 1)]
NEW_ROLES = tuple(r for r in ROLES if r != "staff")


def _counted(folder):
    tenant = new_association("raknat", folder)
    add_people(tenant, ("office",))
    aggregate_intervention(tenant, MONTHS)
    insats = tenant.association.interventions.get()
    add_people(tenant, ("analyst", "staff", "board"), staff_interventions=(insats.pk,))
    return tenant


def _new(folder):
    tenant = new_association("nystartat", folder)
    add_people(tenant, NEW_ROLES[1:])
    return tenant


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("counted")
    with built(django_db_blocker, TODAY, lambda: _counted(folder)) as found:
        yield found


@pytest.fixture(scope="module")
def new(counted, django_db_blocker, tmp_path_factory):
    # Built after `counted` and flushed with it: one flush at the end of the module.
    from samsyn.web.tests.state_walk import today

    folder = tmp_path_factory.mktemp("new")
    with django_db_blocker.unblock(), today(TODAY):
        return _new(folder)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", COUNTED, ids=[s.name for s in COUNTED])
def test_every_page_works_for_the_role_with_monthly_counts_only(counted, state, role, db):
    assert_walks(counted, state, role)


@pytest.mark.parametrize("role", NEW_ROLES)
@pytest.mark.parametrize("state", NEW, ids=[s.name for s in NEW])
def test_every_page_works_for_the_role_in_a_new_forbund(new, state, role, db):
    assert_walks(new, state, role)


def test_the_counted_forbund_holds_its_counts_and_no_participation(counted, db):
    from samsyn.participants.models import MonthlyCount, Participation

    counts = MonthlyCount.objects.filter(intervention__association=counted.association)
    assert {c.kind for c in counts} == {"new", "exit"}
    assert {c.month for c in counts} == set(MONTHS)
    assert not Participation.objects.filter(
        intervention__association=counted.association).exists()
