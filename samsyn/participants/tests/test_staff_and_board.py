"""A staff member's views and the board's, published at different moments, audited as one
system (issue 24).

In November a staff member reads the closed first half of their insatser; after the year has
ended the board reads the whole förbund's year and both halves. The attacker holds both
logins: every view of both roles at both moments, each insats row of the staff scope the same
count as the board's, each total of the staff scope at most the board's. No count from 1 to 4
may be narrowed below the protection range, and the first half stays as published.
"""

import datetime as dt

import pytest

from samsyn.participants import snapshots
from samsyn.participants.models import PublishedSnapshot
from samsyn.participants.tests.attack import worlds
from samsyn.participants.tests.truth import attacked, narrowed_with_staff

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]
T = 5


def _today(monkeypatch, day: dt.date) -> None:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def test_a_staff_login_from_november_and_the_boards_year_narrow_no_small_count(
        alfa, monkeypatch):
    _today(monkeypatch, dt.date(2022, 11, 20))
    made = worlds.generate(alfa, seed=41, insatser=4, most=20, backdated=False)
    alfa.memberships["staff"].interventions.set(made[:2])
    mine = {m.slug for m in made[:2]}
    slugs = [m.slug for m in made]
    staff_running, staff_running_exact = attacked(alfa, "staff", sorted(mine), ["2022H1"])
    board_running, board_running_exact = attacked(alfa, "board", slugs, ["2022H1"])
    _today(monkeypatch, dt.date(2023, 1, 10))
    board_ended, board_ended_exact = attacked(alfa, "board", slugs)
    staff_ended, staff_ended_exact = attacked(alfa, "staff", sorted(mine))
    assert {v.period for v in board_ended} == {"2022", "2022H1", "2022H2"}
    # The first half as the staff member read it in November is the same view in January.
    assert [v.data for v in staff_ended if v.period == "2022H1"] == [
        v.data for v in staff_running]
    narrowed, published = narrowed_with_staff(
        [*staff_running, *staff_ended], [*staff_running_exact, *staff_ended_exact],
        [*board_running, *board_ended], [*board_running_exact, *board_ended_exact],
        mine, T)
    assert narrowed == []
    # The board's second half was published, not withheld whole.
    assert any(k[0] == "b" and k[1][1] == "2022H2" and v > 0
               for k, v in published.known.items())
    assert set(PublishedSnapshot.objects.filter(year=2022).values_list(
        "scope_key", "through")) >= {(snapshots.WHOLE, dt.date(2022, 12, 31))}
