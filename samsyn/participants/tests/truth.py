"""The true figures the attack tests hold the attacker's intervals against: the same views the
role downloads, in the role's own scope, built unpublished. Apart from the attacker
(tests/attack/), which never sees them."""

import json

from django.test import Client

from samsyn.associations.access import Access, Scope
from samsyn.interventions.models import Intervention
from samsyn.participants.tests.attack import cells, fetch, solve
from samsyn.publication.periods import KINDS, standard_periods
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json, to_xlsx
from samsyn.reports.services import build_report
from samsyn.testing import log_in_verified


def exact_views(world, role, views, year=2022, memo: dict | None = None):
    """The views exact. Every role's published figures are the förbund's (a staff member's
    are its rows of their insatser and its total: snapshots.published), so their truth is
    the förbund's unpublished report, whoever asked; the role is checked to be one whose
    scope the förbund's covers. `memo`, for a caller reading several roles of one register
    unchanged, keeps each exact view built, so the förbund's same report is built once, not
    once a role."""
    kind = get_kind("participants")
    own = Access(world.association, world.memberships[role]).scope()
    assert own.association == world.association
    scope = Scope.system(world.association)
    found = []
    for view in views:
        if memo is not None and (year, view.period, view.intervention) in memo:
            found.append(memo[(year, view.period, view.intervention)])
            continue
        period = next(p for p in standard_periods(year, KINDS) if p.key == view.period)
        insats = (Intervention.objects.get(association=world.association,
                                           slug=view.intervention)
                  if view.intervention else None)
        report = build_report(kind, scope, year, intervention=insats, publish=False,
                              start=period.start, end=period.end)
        found.append(cells.View(view.period, view.intervention, json.loads(to_json(report)),
                                fetch.grids_of(to_xlsx(report))))
        if memo is not None:
            memo[(year, view.period, view.intervention)] = found[-1]
    return found


def attacked(world, role: str, slugs: list[str], periods: list[str] | None = None,
             memo: dict | None = None):
    """What `role` downloads of 2022 (the attacker's input) and the same views exact
    (`memo`: exact_views')."""
    client = log_in_verified(Client(), world.users[role])
    views = fetch.views(client, world.association.slug, 2022, slugs, periods)
    return views, exact_views(world, role, views, memo=memo)


def narrowed_by_attacker(views, exact, threshold: int) -> tuple[list, cells.Published]:
    """The small counts the attacker narrows below the protection range (and what it read);
    every interval it finds must hold the true count, or the attacker itself is wrong."""
    published = cells.published(views)
    assert not published.conflicts, published.conflicts[:5]
    truth = published.truth(cells.published(exact).known)
    small = {k for k in published.variables() if 0 < truth.get(k, 0) < threshold}
    assert small
    found = solve.intervals(published, only=small)
    assert all(i.low <= truth[k] <= i.high for k, i in found.items())
    return solve.narrowed(found, truth, threshold), published


def with_staff(staff: cells.Published, staff_truth: dict, board: cells.Published,
               board_truth: dict, mine: set[str]) -> tuple[cells.Published, dict]:
    """A staff member's published cells and the board's as one system, each role's cells its
    own unknowns: each insats row of the staff scope the same count as the board's, and each
    total, kommun and age cell of the staff scope at most the board's (the rest a count of the
    other insatser's people, attacked like the others)."""
    pub = cells.Published()
    for name, p in (("s", staff), ("b", board)):
        pub.known |= {(name, k): v for k, v in p.known.items()}
        pub.hidden |= {(name, k) for k in p.hidden}
        pub.equations += [{(name, k): c for k, c in e.items()} for e in p.equations]
    truth = {("s", k): v for k, v in staff_truth.items()} | {
        ("b", k): v for k, v in board_truth.items()}
    for k in set(staff.known) | staff.hidden:
        if not (board.has(k) and k[0] != "slack"):
            continue
        if k[0] in ("m", "o") and k[2] in mine:
            pub.equations.append({("s", k): 1, ("b", k): -1})
        elif k[0] == "g" or k[2] == cells.TOTAL:
            pub.at_most(("s", k), ("b", k))
            truth[("slack", ("s", k), ("b", k))] = board_truth[k] - staff_truth[k]
    return pub, truth


def narrowed_with_staff(staff_views, staff_exact, board_views, board_exact, mine: set[str],
                        threshold: int) -> tuple[list, cells.Published]:
    """`narrowed_by_attacker` for an attacker holding a staff login and the board's views
    (each role's views of any moments: a role's cells are the same cells in all of them)."""
    staff = cells.published(staff_views)
    board = cells.published(board_views)
    assert not staff.conflicts and not board.conflicts
    pub, truth = with_staff(staff, staff.truth(cells.published(staff_exact).known), board,
                            board.truth(cells.published(board_exact).known), mine)
    small = {k for k in pub.variables() if 0 < truth.get(k, 0) < threshold}
    assert any(k[0] == "s" for k in small)
    found = solve.intervals(pub, only=small)
    assert all(i.low <= truth[k] <= i.high for k, i in found.items())
    return solve.narrowed(found, truth, threshold), pub
def narrowed_in(pub: cells.Published, truth: dict, threshold: int) -> list:
    """The small counts of `pub` an attacker narrows below the protection range; every
    interval must hold the true count, or the attacker itself is wrong."""
    assert not pub.conflicts, pub.conflicts[:5]
    small = {k for k in pub.variables() if 0 < truth.get(k, 0) < threshold}
    assert small
    found = solve.intervals(pub, only=small)
    assert all(i.low <= truth[k] <= i.high for k, i in found.items()), [
        (k, truth[k], i) for k, i in found.items() if not i.low <= truth[k] <= i.high][:5]
    return solve.narrowed(found, truth, threshold)
