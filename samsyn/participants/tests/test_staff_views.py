"""A staff member's published figures are the förbund's (issue 24).

Insats staff read the förbund's snapshot: their insatser's rows, the förbund's total rows and
its kommun and age tables, never a total of their insatser alone (snapshots.published). With
staff totals of their own, three staff scopes and the board's views let an attacker narrow 4
hidden counts to [2, 7] (true 4), and the board's cells alone gave the certificate: staff-a's
new of the second half = (the board's new of the year less insats 2's) less (its new of the
first half less insats 2's) >= 7 - 5 (docs/participants.md, "A staff member's views are the
förbund's"). Each test here could fail: the attack on the same world as then, every staff
cell against the board's, no staff snapshot, nothing moved by a later change.
"""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.associations.models import Membership, Role
from samsyn.participants import snapshots
from samsyn.participants.models import Participation, PublishedSnapshot
from samsyn.participants.reports import MAKER
from samsyn.participants.tests.attack import cells, worlds
from samsyn.participants.tests.truth import attacked, narrowed_in
from samsyn.testing import log_in_verified, make_user

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5


@pytest.fixture
def after_the_year(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))


def _staff(world, name: str, insatser) -> set[str]:
    user = make_user(f"{world.association.slug}-{name}")
    membership = Membership.objects.create(user=user, association=world.association,
                                           role=Role.STAFF)
    membership.interventions.set(insatser)
    world.users[name] = user
    world.memberships[name] = membership
    return {i.slug for i in insatser}


def _read(world, role: str, slugs, memo: dict | None = None) -> tuple[cells.Published, dict]:
    """What `role` reads of 2022 as cells, and their true counts (`memo`: truth.exact_views',
    for roles read one after another of the same register)."""
    views, exact = attacked(world, role, sorted(slugs), memo=memo)
    published = cells.published(views)
    assert not published.conflicts, published.conflicts[:5]
    return published, published.truth(cells.published(exact).known)


def _as_the_boards(board: cells.Published, board_truth: dict, staffs) -> tuple[
        cells.Published, dict]:
    """The board's cells and every staff member's as one system: what a staff view means now
    (the förbund's figures). A staff cell the board has is the board's cell: an equation ties
    the two, so a staff view printing anything else makes the system infeasible, and a staff
    cell the board has not is attacked as its own unknown.

    Where the staff cell is the board's in every way the attack can tell (printed with the
    same count, or hidden in both, and the same true count), it is written as the board's
    cell itself rather than as a second unknown tied to it by that equation; so is a staff
    slack whose part and whole are the board's (it is then whole less part, the board's
    slack). Substituting along an equation changes no feasible solution, so every interval
    is the one the tied copies had, and the system holds one unknown and two integer
    programs fewer per copy; every other staff cell stays its own unknown, tied as before."""
    pub = cells.Published()
    pub.known = {("board", k): v for k, v in board.known.items()}
    pub.hidden = {("board", k) for k in board.hidden}
    truth: dict = {("board", k): v for k, v in board_truth.items()}
    equations = [{("board", k): c for k, c in e.items()} for e in board.equations]
    seen = {frozenset(e.items()) for e in equations}
    for role, p, t, _mine in staffs:
        names = {k: _same_or_own(role, k, p, t, board, board_truth) for k in p.known}
        names |= {k: _same_or_own(role, k, p, t, board, board_truth) for k in p.hidden
                  if k[0] != "slack"}
        for slack, (part, whole) in p.rests.items():
            same = (slack in board.rests and names[part][0] == names[whole][0] == "board"
                    and t.get(slack) == board_truth.get(slack))
            names[slack] = ("board", slack) if same else (role, slack)
        for k, name in names.items():
            if name[0] == "board":
                continue
            if k in p.known:
                pub.known[name] = p.known[k]
            else:
                pub.hidden.add(name)
            if k in t:
                truth[name] = t[k]
            if board.has(k) and k[0] != "slack":
                equations.append({name: 1, ("board", k): -1})
        for e in p.equations:
            mapped = {names[k]: c for k, c in e.items()}
            if frozenset(mapped.items()) not in seen:
                seen.add(frozenset(mapped.items()))
                equations.append(mapped)
    pub.equations = equations
    return pub, truth


def _same_or_own(role: str, k, p: cells.Published, t: dict, board: cells.Published,
                 board_truth: dict) -> tuple:
    """("board", k) where the staff cell k is the board's in print and in truth, else
    (role, k)."""
    printed_alike = (p.known[k] == board.known.get(k) if k in p.known
                     else k in board.hidden)
    if printed_alike and t.get(k) == board_truth.get(k):
        return ("board", k)
    return (role, k)


def _json(world, role: str, **query) -> dict:
    client = log_in_verified(Client(), world.users[role])
    url = reverse("report_view", args=[world.association.slug, "participants"])
    response = client.get(url, {"year": 2022, "format": "json", **query})
    assert response.status_code == 200, (role, query, response.status_code)
    return json.loads(response.content)


def test_staff_scopes_that_overlap_or_not_and_the_board_narrow_no_small_count(
        alfa, after_the_year):
    """The world and scopes in which staff totals lost 4 counts (seed 61, three insatser)."""
    made = worlds.generate(alfa, seed=61, insatser=3, most=10, backdated=False)
    slugs = [m.slug for m in made]
    roles = {"staff-a": _staff(alfa, "staff-a", made[:2]),
             "staff-b": _staff(alfa, "staff-b", made[1:]),
             "staff-c": _staff(alfa, "staff-c", made[2:])}
    memo: dict = {}
    board, board_truth = _read(alfa, "board", slugs, memo)
    staffs = [(name, *_read(alfa, name, mine, memo), mine) for name, mine in roles.items()]
    pub, truth = _as_the_boards(board, board_truth, staffs)
    assert narrowed_in(pub, truth, T) == []
    # Every cell a staff member is shown, the board is shown with the same count.
    for name, p, _truth, _mine in staffs:
        assert p.known, name
        assert all(board.known.get(k) == v for k, v in p.known.items()), name
    assert set(PublishedSnapshot.objects.values_list("scope_key", flat=True)) == {
        snapshots.WHOLE}


def test_a_staff_view_is_the_förbunds_rows_of_their_insatser(alfa, after_the_year):
    made = worlds.generate(alfa, seed=62, insatser=3, most=20, backdated=False)
    board = _json(alfa, "board")
    listed = [e["intervention"] for e in board["interventions"]]
    assert len(listed) >= 2, "the world must have an insats outside the scope"
    mine = _staff(alfa, "staff-a", [m for m in made if m.slug == listed[0]])
    staff = _json(alfa, "staff-a")
    assert {e["intervention"] for e in staff["interventions"]} == (
        {e["intervention"] for e in board["interventions"]} & mine)
    assert staff["partial"] is True and "partial" not in board
    # The total is the förbund's, and each insats entry is the board's, byte for byte.
    assert staff["total"] == board["total"]
    by_slug = {e["intervention"]: e for e in board["interventions"]}
    assert all(e == by_slug[e["intervention"]] for e in staff["interventions"])
    # Filtered to one of their insatser, the board's same view.
    for slug in sorted(mine):
        assert _json(alfa, "staff-a", intervention=slug) == _json(
            alfa, "board", intervention=slug)


def test_a_staff_page_names_no_other_insats_and_says_whose_total_it_is(
        alfa, after_the_year):
    made = worlds.generate(alfa, seed=63, insatser=3, most=20, backdated=False)
    _staff(alfa, "staff-a", made[:1])
    client = log_in_verified(Client(), alfa.users["staff-a"])
    url = reverse("report_view", args=[alfa.association.slug, "participants"])
    page = client.get(url, {"year": 2022}).content.decode()
    assert made[0].name in page
    for other in made[1:]:
        assert other.name not in page
    assert "En summa för bara dina insatser publiceras inte" in page
    assert "Förbundet" in page


def test_a_later_change_moves_nothing_a_staff_member_sees_until_the_revision(
        alfa, after_the_year):
    made = worlds.generate(alfa, seed=64, insatser=3, most=20, backdated=False)
    _staff(alfa, "staff-a", made[:2])
    before = _json(alfa, "staff-a")
    first = Participation.objects.filter(intervention=made[0]).first()
    Participation.objects.create(
        intervention=made[0], participant=first.participant, gender="kvinna",
        birth_year=1990, municipality=first.municipality, referrer="x",
        referrer_category="fk", start_date=dt.date(2022, 3, 14),
        support_at_start="forsorjningsstod")
    assert _json(alfa, "staff-a") == before
    snapshots.revise(alfa.association, 2022, "Efterregistrering", alfa.users["office"],
                     MAKER)
    after = _json(alfa, "staff-a")
    assert after != before
    assert after["total"] == _json(alfa, "board")["total"]
