"""The attacker of participants/tests/attack/ on more worlds than test_staff_views.py: four
and five insatser with 0 to 40 participations, half-year and tertial settings, a change
registered after sign-off, and staff scopes that overlap, nest and stand alone, all beside the
board (issue 24, review of staff24). Every staff cell must be the board's same cell and no
count from 1 to 4 may be narrowed inside the protection range."""

import datetime as dt

import pytest

from samsyn.participants.tests.attack import worlds
from samsyn.participants.tests.test_staff_views import _as_the_boards, _read, _staff
from samsyn.participants.tests.truth import narrowed_in

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5


@pytest.fixture
def after_the_year(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate",
                        lambda *args, **kwargs: dt.date(2023, 2, 1))


@pytest.mark.parametrize(("seed", "insatser", "setting", "scopes"), [
    (81, 5, "half", [(0, 1), (1, 2, 3), (4,), (0, 4)]),
    (82, 4, "tertial", [(0,), (0, 1, 2), (2, 3)]),
])
def test_staff_scopes_beside_the_board_narrow_no_small_count(
        alfa, after_the_year, seed, insatser, setting, scopes):
    alfa.association.published_periods = setting
    alfa.association.save()
    made = worlds.generate(alfa, seed=seed, insatser=insatser, most=40, backdated=True,
                           signed_months=6 if setting == "half" else 8)
    slugs = [m.slug for m in made]
    # Nothing is recorded between the roles' reads: the förbund's exact views are built once.
    memo: dict = {}
    board, board_truth = _read(alfa, "board", slugs, memo)
    assert any(0 < v < T for k, v in board_truth.items() if k in board.hidden), \
        "the world must have small counts for the attacker to look for"
    staffs = []
    for n, scope in enumerate(scopes):
        name = f"staff-{n}"
        mine = _staff(alfa, name, [made[i] for i in scope])
        staffs.append((name, *_read(alfa, name, mine, memo), mine))
    for name, p, _truth, _mine in staffs:
        assert p.known, name
        differs = {k: (v, board.known.get(k)) for k, v in p.known.items()
                   if board.known.get(k) != v}
        assert differs == {}, name
        assert not (p.hidden - board.hidden - set(board.known)), name
    pub, truth = _as_the_boards(board, board_truth, staffs)
    assert narrowed_in(pub, truth, T) == []
