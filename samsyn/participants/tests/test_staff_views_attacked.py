"""A staff member's published views attacked from outside (issue 24, review of staff24).

Each test is an attack that found, or could find, a staff view showing more than the
förbund's rows of the staff member's own insatser (snapshots.published): a row, name or goal
of another insats, a cell other than the board's same cell, or an answer that depends on who
asked first.
"""

import datetime as dt
import itertools
import json
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from samsyn.associations.access import Scope
from samsyn.associations.models import Membership, Role
from samsyn.associations.writes import Actor
from samsyn.interventions.models import Intervention
from samsyn.participants.models import Participant, Participation
from samsyn.participants.services import save_participation
from samsyn.participants.tests.attack import worlds
from samsyn.periods.models import SignedPeriod
from samsyn.testing import log_in_verified, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def after_the_year(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))


def _staff(world, name: str, insatser) -> Membership:
    user = make_user(f"{world.association.slug}-{name}")
    membership = Membership.objects.create(user=user, association=world.association,
                                           role=Role.STAFF)
    membership.interventions.set(insatser)
    world.users[name] = user
    return membership


def _get(world, role: str, **query):
    client = log_in_verified(Client(), world.users[role])
    url = reverse("report_view", args=[world.association.slug, "participants"])
    return client.get(url, {"year": 2022, **query})


def _json(world, role: str, **query) -> dict:
    response = _get(world, role, format="json", **query)
    assert response.status_code == 200, (role, query, response.status_code)
    return json.loads(response.content)


def test_a_staff_view_of_an_insats_made_after_the_snapshot_shows_no_other_insats(
        alfa, after_the_year):
    """The snapshot has a view filtered to each insats that existed when it was made; one
    made later fell back to the förbund's unfiltered view, every insats's rows and names."""
    made = worlds.generate(alfa, seed=71, insatser=3, most=20, backdated=False)
    membership = _staff(alfa, "staff-a", made[:1])
    listed = {e["intervention"] for e in _json(alfa, "board")["interventions"]}
    assert listed - {made[0].slug}, "the world must list an insats outside the scope"
    _json(alfa, "staff-a")  # the year's snapshot is made now
    new = Intervention.objects.create(association=alfa.association, slug="ny-insats",
                                      name="Ny insats", kind="individual",
                                      start=dt.date(2023, 1, 15))
    membership.interventions.add(new)
    data = _json(alfa, "staff-a", intervention="ny-insats")
    assert data["interventions"] == []
    assert data["total"] == _json(alfa, "board")["total"]
    page = _get(alfa, "staff-a", intervention="ny-insats").content.decode()
    for other in made[1:]:
        if other.slug in listed:
            assert other.name not in page
    for fmt in ("html", "xlsx", "docx"):
        body = _get(alfa, "staff-a", intervention="ny-insats", format=fmt).content
        assert b"Insats 1" not in body and b"Insats 2" not in body, fmt


def test_a_staff_view_names_no_change_made_to_another_insats_after_sign_off(
        alfa, after_the_year):
    """A participation written into a signed-off period is logged as a later change, and
    every report of the period says so, naming the insats and the participation. The
    förbund's view says it of every insats; a staff member's must not say it of another's."""
    made = worlds.generate(alfa, seed=72, insatser=3, most=20, backdated=True)
    changed = [m for m in made if m.participations.filter(start_date=dt.date(2022, 3, 14))
               .exists()]
    assert changed
    mine = [m for m in made if m not in changed][:1]
    assert mine, "the world must have an insats without the later change"
    _staff(alfa, "staff-a", mine)
    board = _get(alfa, "board", format="html").content.decode()
    assert changed[0].name in board  # the förbund's view names it: the attack can find it
    for fmt in ("html", "docx", "xlsx"):
        body = _get(alfa, "staff-a", format=fmt).content
        at = body.find(changed[0].name.encode())
        assert at < 0, (fmt, body[max(0, at - 300):at + 100])
    page = _get(alfa, "staff-a").content.decode()
    assert changed[0].name not in page


def test_what_each_role_is_shown_does_not_depend_on_who_asked_first(alfa, after_the_year):
    """Two staff members whose insatser overlap and the board, asking in every order with the
    cache warm from the others: each is shown the same bytes every time (JSON unfiltered and
    filtered to the shared insats, the page, the start page of 2022)."""
    made = worlds.generate(alfa, seed=73, insatser=3, most=20, backdated=False)
    _staff(alfa, "staff-a", made[:2])
    _staff(alfa, "staff-b", made[1:])
    shared = made[1].slug
    home = reverse("association_home", args=[alfa.association.slug])

    def answers(role: str) -> tuple[bytes, ...]:
        client = log_in_verified(Client(), alfa.users[role])
        url = reverse("report_view", args=[alfa.association.slug, "participants"])
        return (client.get(url, {"year": 2022, "format": "json"}).content,
                client.get(url, {"year": 2022, "format": "json", "intervention": shared}).content,
                client.get(url, {"year": 2022, "format": "html"}).content,
                client.get(home, {"year": 2022}).content)

    roles = ("staff-a", "staff-b", "board")
    cache.clear()
    alone = {}
    for role in roles:
        cache.clear()
        alone[role] = answers(role)
    assert alone["staff-a"][0] != alone["board"][0] != alone["staff-b"][0]
    assert alone["staff-a"][1] == alone["staff-b"][1] == alone["board"][1]
    assert any(c.isdigit() for found in _figures(alone["staff-a"][3]) for c in found)
    for order in itertools.permutations(roles):
        cache.clear()
        for role in order:
            got = answers(role)
            assert got[:3] == alone[role][:3], (order, role)
            assert _figures(got[3]) == _figures(alone[role][3]), (order, role)


def _figures(page: bytes) -> list[str]:
    """The start page's numbers (its CSRF token and the like differ between requests)."""
    return re.findall(r">\s*([\d\s\u00a0,–x]+)\s*<", page.decode())


def test_the_boards_published_view_prints_no_participants_pseudonym(alfa, after_the_year):
    """A participation an administrator writes into a signed-off half-year is logged as a
    later change with what was written (`<insats>: D-<pseudonym> <start>`), and every
    published report of the year prints that line (outcome_report, late_change_notes): the
    board, who may read no record, is shown which person started which insats on which day.
    Not cut away by the staff view either: it names the insats by its slug."""
    made = worlds.generate(alfa, seed=74, insatser=2, most=12, backdated=False)
    SignedPeriod.objects.create(association=alfa.association, kind="half-year",
                                start=dt.date(2022, 1, 1), end=dt.date(2022, 6, 30),
                                signed_by_name="kansli")
    actor = Actor(Scope.system(alfa.association), user=alfa.users["admin"])
    template = Participation.objects.filter(intervention=made[0]).first()
    assert template is not None
    save_participation(actor, Participation(
        intervention=made[0], gender="kvinna", birth_year=1990,
        municipality=template.municipality, referrer="af",
        start_date=dt.date(2022, 3, 14), support_at_start="forsorjningsstod"),
        pseudonym="abcdef1234567890", reason="Efterregistrering")
    person = Participant.objects.get(association=alfa.association,
                                     pseudonym="abcdef1234567890")
    page = _get(alfa, "board", format="html").content.decode()
    assert person.short not in page
