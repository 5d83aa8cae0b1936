"""The attacker against the real pages: every participants view a role may download, on
generated registers. No count from 1 to 4 may be worked out, exactly or narrowed below its
protection range (0 … 5), from all of them together."""

import datetime as dt
from types import SimpleNamespace

import pytest

from samsyn.associations.models import Association, Membership, Role
from samsyn.participants.tests.attack import cells, fetch, solve, worlds
from samsyn.participants.tests.truth import exact_views
from samsyn.testing import log_in_verified

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

T = 5


@pytest.fixture
def after_the_year(monkeypatch):
    """Early 2023: every standard period of 2022 has ended and is published."""
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))




def _attack(client, world, role, slugs, periods=None, **meaning):
    """What the role's views give away: (narrowed small counts, hidden cells, views)."""
    views = fetch.views(log_in_verified(client, world.users[role]), world.association.slug,
                        2022, slugs, periods)
    published = cells.published(views, **meaning)
    assert not published.conflicts, published.conflicts[:5]
    truth = published.truth(cells.published(exact_views(world, role, views)).known)
    small = {k for k in published.variables() if 0 < truth.get(k, 0) < T}
    found = solve.intervals(published, only=small)
    # The attacker's equations hold: every interval holds the true count.
    assert all(i.low <= truth[k] <= i.high for k, i in found.items())
    return solve.narrowed(found, truth, T), published, views


def test_the_board_works_out_no_small_count_from_every_half_year_view(alfa, client,
                                                                      after_the_year):
    made = worlds.generate(alfa, seed=1)
    narrowed, published, views = _attack(client, alfa, "board", [m.slug for m in made])
    assert {v.period for v in views} == {"2022", "2022H1", "2022H2"}
    assert {v.intervention for v in views} >= {None, *(m.slug for m in made)} - {
        m.slug for m in made if not m.participations.exists()}
    assert len(published.variables()) > 100
    assert narrowed == []


def test_the_board_works_out_no_small_count_with_months_published(alfa, client,
                                                                   after_the_year):
    alfa.association.published_periods = "month"
    alfa.association.save()
    made = worlds.generate(alfa, seed=2, insatser=3, most=25)
    narrowed, published, views = _attack(client, alfa, "board", [m.slug for m in made])
    assert len({v.period for v in views}) == 15
    assert len(published.variables()) > 100
    assert narrowed == []


def test_the_board_works_out_no_small_count_with_tertials_published(alfa, client,
                                                                     after_the_year):
    """A förbund that follows up per tertial: the year, January–August and the three
    tertials, every view of each (issue 27)."""
    alfa.association.published_periods = "tertial"
    alfa.association.save()
    made = worlds.generate(alfa, seed=4, signed_months=8)
    narrowed, published, views = _attack(client, alfa, "board", [m.slug for m in made])
    assert {v.period for v in views} == {"2022", "2022T1-2", "2022T1", "2022T2", "2022T3"}
    assert len(published.variables()) > 100
    assert narrowed == []


def test_insats_staff_work_out_no_small_count_of_their_insatser(alfa, client, after_the_year):
    made = worlds.generate(alfa, seed=3)
    staff = alfa.memberships["staff"]
    staff.interventions.set(made[:2])
    narrowed, published, views = _attack(client, alfa, "staff", [m.slug for m in made[:2]])
    assert {e["intervention"] for v in views for e in v.data["interventions"]} <= {
        m.slug for m in made[:2]}
    assert published.variables()
    assert narrowed == []


def test_the_board_works_out_no_small_count_of_the_demo_year(demo, client, after_the_year):
    """Östra Södertörn 2022 as its annual report gives it: each insats's counts of the whole
    year, so its halves hold nothing and the year is not their sum (no links over time)."""
    from samsyn.testing import make_user

    association = Association.objects.get(slug="ostra-sodertorn")
    board = Membership.objects.create(user=make_user("attack-board"), association=association,
                                      role=Role.BOARD)
    world = SimpleNamespace(association=association, users={"board": board.user},
                            memberships={"board": board})
    slugs = list(association.interventions.values_list("slug", flat=True))
    narrowed, published, views = _attack(client, world, "board", slugs,
                                         outcomes_are_main_exits=False, time_links=False)
    assert {v.period for v in views} == {"2022", "2022H1", "2022H2"}
    assert len(published.variables()) > 20
    assert narrowed == []
