"""The audit of a suppression: what an attacker with every published view could work out.

The per-line rules (suppression.py, publication.linked_suppress) look at one equation at a
time. A reader has them all at once: every cell of every view a role may obtain, and every
equation that holds between them. Given those equations, the hidden cells are integer unknowns
(at least 0), and an integer program gives the least and the greatest value each can take.

**Protection rule.** A hidden count from 1 to threshold − 1 is protected when its feasible
interval holds both 0 and the threshold: the figures are as consistent with nobody as with
threshold or more, which is what statistical agencies' protection intervals ask. A count
shown by no view (those who finished to anything but work, a shown count less another) is
always an unknown, and protected like the others when it is small.

**Cost rule.** Where a count is not protected, one more cell is hidden for it, from the
equations nearest to it (those it is in first, then those of the hidden cells tied to it):
a part before a total, a count above 0 before a zero (a zero can rise but never fall, so it
cannot stand in for a count that must be able to grow), the smallest count first (the least
information lost), and, for a count that cannot reach the threshold, a partner that can give
up the difference. Then the audit runs again, until every count is protected. Last, the
partners were chosen one at a time and a later one often makes an earlier one needless: the
hidden cells are tried one by one, totals and large counts first, and shown again where every
count stays protected (within `tidy_work`); and a cell an equation gives away anyway is shown,
its mark would hide nothing.

**Work, not time.** The answer must not depend on the machine's load: the same records give
the same hidden cells on a quiet machine and a busy one. So every limit that decides a check is
a count of solver work, which HiGHS does the same way every time: a solve of the relaxation
stops after `RELAXATION_ITERATIONS` simplex iterations, a milp after `SOLVE_NODES`
branch-and-bound nodes, and the showing-again pass after `tidy_work` units of work (a simplex
iteration one, a milp node `NODE_WORK`, each times the group's size in `WORK_CELLS` where it is
larger).

**Time, the safety net only.** The whole audit has a wall-clock deadline (`seconds`). If it is
reached, every cell tied by any equation to a count not yet shown protected is hidden: a set of
cells hidden whole, with no visible cell in any of its equations, holds 0 and every multiple of
the true counts, so it is protected without a proof, and nothing is published unaudited. The
audit then says it did not complete (`complete`; where the deadline falls in the
showing-again pass, the cells not yet tried stay hidden), and it is logged: this fallback is
the only part of the answer that depends on the machine's load.

**Solving.** A check is put first to the group's linear relaxation (HiGHS, kept per group and
solved again from its last basis): no solution proves the check fails, an integral vertex that
satisfies every equation exactly is a witness; the rest goes to milp, and a check left
undecided by its work limit counts as failed (one more cell hidden).

Plain values only (no ORM); the solvers are HiGHS's simplex and scipy.optimize.milp (HiGHS),
in `publication/solver.py`, loaded by its dotted path (`SOLVER`) on the first check, so that a
process that imports this module and never audits (every command, every web worker: the
report registry imports it at start) does not import scipy and numpy.
"""

import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Generic, Protocol, TypeVar

from django.utils.module_loading import import_string

K = TypeVar("K", bound=Hashable)
LOW, HIGH = "low", "high"
logger = logging.getLogger(__name__)

# The work limits (deterministic: the same on any machine at any load). A check stopped by one
# counts as failed, so an undecided cell costs one more hidden cell, never a count published
# unprotected; a sweep stopped by one keeps the best solution it had.
# Branch-and-bound nodes of one milp. Every milp of the demo and the bench worlds needs 1 (its
# presolve and root decide it); 2 s of a quiet machine, the time limit this replaces, are some
# 60 nodes of the largest month groups (3 000-5 000 cells, ~0.03 s CPU a node).
SOLVE_NODES = 100
# Simplex iterations of one solve of a group's relaxation (from the last basis). The most
# seen in the demo and the bench worlds is 1 720 (4 insatser of 0-40, months); a quiet
# machine does some 20 000 a second in these groups. Beyond it the check goes to milp.
RELAXATION_ITERATIONS = 50_000
# What one milp node counts for in `tidy_work` (a node solves the group's relaxation again,
# with presolve and cuts around it: about a thousand simplex iterations' time).
NODE_WORK = 1_000
# The showing-again pass's default budget: some 30 s of a quiet machine (it did ~15 000
# iterations a CPU second in the world of 4 insatser of 0-40 by half-years, which finishes it
# with ~125 000).
TIDY_WORK = 400_000
# The size of group the two figures above were set on. A pivot (and a milp node) of a larger
# group costs about as many times more as the group has more cells, so its work counts that
# many times: the pass over a group of 1 000 cells spends the budget's share of a quiet
# machine's seconds, not three to four times it (the 5 M installation's largest groups:
# docs/benchmarks.md round 28). Still a count, so the same cells on any machine; groups up to
# this size count as before.
WORK_CELLS = 300


def weighted(count: int, cells: int) -> int:
    """`count` simplex iterations or milp nodes of a group of `cells` cells, in work units."""
    return count * max(cells, WORK_CELLS) // WORK_CELLS


# The integer program behind the checks, imported on the first one (as Django loads a cache or
# e-mail backend): its scipy and numpy cost every process that never audits 0.4 s and 50 MB.
SOLVER = "samsyn.publication.solver.Group"


class Checker(Protocol[K]):
    """One group of equations tied by hidden cells: which of its sensitive cells are not yet
    shown protected, one pass that shows most of them, and the sides a cell cannot reach."""

    def open(self) -> list[K]: ...

    def sweep(self) -> None: ...

    def fails(self, k: K) -> list[str]: ...

    def proven(self, low_ok: set[K], high_ok: set[K]) -> None: ...

    def fix(self, k: K) -> None: ...

    def free(self, k: K) -> None: ...


@cache
def _solver() -> Any:
    return import_string(SOLVER)


def _checker(rows: list[tuple[dict[K, int], int]], sensitive: set[K], threshold: int,
             cap: int, deadline: float, low_ok: set[K], high_ok: set[K],
             truth: Mapping[K, int], work: "Work",
             pool: "list[Witness[K]] | None" = None) -> Checker[K]:
    """The group as `SOLVER` checks it (the arguments: `solver.Group`'s)."""
    checker: Checker[K] = _solver()(rows, sensitive, threshold, cap, deadline, low_ok,
                                     high_ok, truth, work, pool)
    return checker


@dataclass
class Audit(Generic[K]):
    """The cells to hide, and how the audit went."""

    hidden: set[K]
    complete: bool = True       # False: the deadline was reached (whole sets hidden unaudited)
    rounds: int = 0
    added: int = 0              # cells the audit hid beyond the pattern it was given
    seconds: float = 0.0
    failing: list[tuple[K, str]] = field(default_factory=list)


@dataclass
class Work:
    """Solver work done so far (simplex iterations, `NODE_WORK` a milp node): counted, not
    timed, so that a budget of it ends at the same check on any machine."""

    done: int = 0


class _System(Generic[K]):
    """The equations over the hidden cells: sum(coefficient × cell) = right-hand side."""

    def __init__(self, values: Mapping[K, int], equations: Sequence[Mapping[K, int]],
                 hidden: set[K]) -> None:
        self.rows: list[tuple[dict[K, int], int]] = []
        for equation in equations:
            terms = {k: c for k, c in equation.items() if k in hidden and c}
            if terms:
                rhs = -sum(c * values[k] for k, c in equation.items() if k not in hidden)
                self.rows.append((terms, rhs))

    def given_away(self) -> set[K]:
        """Cells an equation with one hidden cell gives away, repeated (a cell given away is
        known, and may leave another equation with one)."""
        return _given_away((terms for terms, _rhs in self.rows), set())

    def groups(self) -> list[list[int]]:
        parent: dict[K, K] = {}

        def find(k: K) -> K:
            while parent.setdefault(k, k) != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for terms, _rhs in self.rows:
            first, *rest = terms
            for k in rest:
                parent[find(k)] = find(first)
        by_root: dict[K, list[int]] = defaultdict(list)
        for i, (terms, _rhs) in enumerate(self.rows):
            by_root[find(next(iter(terms)))].append(i)
        return list(by_root.values())



@dataclass
class Witness(Generic[K]):
    """A solution found: the value of each cell of its group, and the sensitive cells it
    shows able to be 0 and the threshold or more. Cells of no group keep their true counts."""

    values: dict[K, float]
    low: frozenset[K]
    high: frozenset[K]

    def fits(self, shown: K, value: int) -> bool:
        """Still a solution once `shown` is shown at its true count."""
        return abs(self.values.get(shown, value) - value) < 0.5



def _partner(cell: K, side: str, values: Mapping[K, int], hidden: set[K],
             members: Mapping[K, list[int]], equations: Sequence[Mapping[K, int]],
             totals: set[K], order: Mapping[K, int], threshold: int) -> K | None:
    """The cheapest visible cell of the equations nearest to `cell` (the cost rule)."""
    need = threshold - values[cell]
    seen_cells = {cell}
    frontier = [cell]
    seen_rows: set[int] = set()
    while frontier:
        candidates: set[K] = set()
        reached: list[K] = []
        for k in frontier:
            for r in members.get(k, []):
                if r in seen_rows:
                    continue
                seen_rows.add(r)
                for m in equations[r]:
                    if m in seen_cells:
                        continue
                    seen_cells.add(m)
                    if m in hidden:
                        reached.append(m)
                    else:
                        candidates.add(m)
        if candidates:
            return min(candidates, key=lambda k: (
                k in totals, values[k] == 0, side == HIGH and values[k] < need, values[k],
                order.get(k, 0)))
        frontier = reached
    return None


def _closure(cells: Iterable[K], members: Mapping[K, list[int]],
             equations: Sequence[Mapping[K, int]]) -> set[K]:
    """Every cell tied to these by any chain of equations, visible or not."""
    found = set(cells)
    todo = list(found)
    seen_rows: set[int] = set()
    while todo:
        k = todo.pop()
        for r in members.get(k, []):
            if r in seen_rows:
                continue
            seen_rows.add(r)
            for m in equations[r]:
                if m not in found:
                    found.add(m)
                    todo.append(m)
    return found


def _given_away(rows: Iterable[Mapping[K, int]], known: set[K]) -> set[K]:
    """The cells these equations give away once `known` are known, repeated (a cell given
    away is known, and may leave another equation with one unknown)."""
    known = set(known)
    rows = list(rows)
    changed = True
    while changed:
        changed = False
        for terms in rows:
            unknown = [k for k in terms if k not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                changed = True
    return known


def _shown_again(values: Mapping[K, int], equations: Sequence[Mapping[K, int]],
                 hidden: set[K], sensitive: set[K], never: set[K], totals: set[K],
                 order: Mapping[K, int], threshold: int, cap: int, deadline: float,
                 pool: list[Witness[K]], work: Work, budget: int) -> tuple[set[K], bool]:
    """The hidden cells that can be shown after all, the most informative first (totals, then
    large counts): the partners were chosen one at a time, and a later one often makes an
    earlier one needless. A cell is shown only where every count of its group is still
    shown protected, by a solution in which it keeps its true count. When `budget` work has
    been done, the rest stay hidden (the same cells on any machine); when the deadline is
    reached, too, and the second value says so.

    Showing a cell changes only the group of hidden cells it is in (the others keep their
    equations), and in that group it is the same as fixing the cell at its true count: so the
    groups are found once, each checked by one checker for the whole pass, a cell tried fixed
    in it and freed again where it must stay hidden (the relaxation then starts from its last
    basis). Where showing a cell splits its group, the parts share no equation, so checking
    them together asks what checking each does. Before any trial no count is given away (the
    audit left none), so a trial gives one away only within the cell's group."""
    hidden = set(hidden)
    until = work.done + budget
    system = _System(values, equations, hidden)
    group_of: dict[K, int] = {}
    groups = system.groups()
    for g, group in enumerate(groups):
        for i in group:
            for k in system.rows[i][0]:
                group_of[k] = g
    checkers: dict[int, Checker[K]] = {}
    shown: dict[int, set[K]] = defaultdict(set)
    # Ties in the cells' order, not the set's: a set of strings iterates in an order that
    # changes with each process's hash seed, and so would the cells shown.
    for k in sorted(hidden - sensitive - never,
                    key=lambda k: (k not in totals, -values[k], order[k])):
        if work.done >= until:
            break
        found = group_of.get(k)
        if found is None:  # in no equation with another hidden cell: its "x" hides nothing
            hidden.discard(k)
            continue
        g = found
        rows = [system.rows[i] for i in groups[g]]
        if _given_away((terms for terms, _rhs in rows), shown[g] | {k}) & sensitive:
            continue
        fitting = [w for w in pool if w.fits(k, values[k])]
        checker = checkers.get(g)
        if checker is None:
            checker = checkers[g] = _checker(rows, sensitive, threshold, cap, deadline,
                                             set(), set(), values, work, pool)
        checker.proven(set().union(*(w.low for w in fitting)),
                       set().union(*(w.high for w in fitting)))
        checker.fix(k)
        try:
            if checker.open():
                checker.sweep()
            safe = not any(checker.fails(m) for m in checker.open())
        except TimeoutError:
            return hidden, True
        if safe:
            hidden.discard(k)
            shown[g].add(k)
            pool[:] = [w for w in pool if w.fits(k, values[k])]
        else:
            checker.free(k)
    return hidden, False


def as_equation(line: Sequence[K]) -> dict[K, int]:
    """A line whose last member is the sum of the others, as {cell: coefficient} = 0."""
    equation: dict[K, int] = defaultdict(int)
    for k in line[:-1]:
        equation[k] += 1
    equation[line[-1]] -= 1
    return {k: c for k, c in equation.items() if c}


def audit(values: Mapping[K, int], lines: Iterable[Sequence[K]], hidden: Iterable[K],
          threshold: int, *, unpublished: Iterable[K] = (), totals: Iterable[K] = (),
          seconds: float = 60.0, cap: int | None = None,
          tidy_work: int = TIDY_WORK, pairs: Iterable[tuple[K, K]] = ()) -> Audit[K]:
    """The cells to hide so that no count from 1 to threshold − 1 can be narrowed below the
    protection range by any combination of the equations.

    `values`: every cell's true count. `lines`: the equations, each a line whose last member
    is the sum of the others. `hidden`: the pattern to start from (the per-line rules'; every
    small count is added to it). `unpublished`: cells no view prints (always unknowns, and
    protected when small). `totals`: cells to hide last. `seconds`: the wall-clock deadline,
    the safety net only (see the module's docstring); `tidy_work`: the solver work it may
    spend showing again cells hidden needlessly (simplex iterations, `NODE_WORK` a milp node).
    `pairs`: (larger, smaller) counts of nested periods that no equation ties (unique
    participants): a cell is never shown again where it would show beside its pair a
    difference from 1 to threshold − 1.
    """
    started = time.monotonic()
    deadline = started + seconds
    never = set(unpublished)
    sensitive = {k for k, v in values.items() if 0 < v < threshold}
    hidden_now = set(hidden) | sensitive | never
    given = len(hidden_now)
    equations = [e for e in (as_equation(line) for line in lines) if e]
    members: dict[K, list[int]] = defaultdict(list)
    for i, e in enumerate(equations):
        for k in e:
            members[k].append(i)
    is_total = set(totals)
    order = {k: i for i, k in enumerate(values)}
    # Largest count any witness needs: beyond every true count by the threshold (an attacker
    # bounding cells less tightly finds every witness found here).
    cap = cap if cap is not None else 2 * max(values.values(), default=0) + 2 * threshold
    low_ok: set[K] = set()
    high_ok: set[K] = set()
    pool: list[Witness[K]] = []
    work = Work()
    result: Audit[K] = Audit(hidden_now)

    # One partner per neighbourhood a round: a partner often protects its neighbours too, so
    # a count whose equations a partner of this round touched waits for the next round (and is
    # then checked against every cell hidden so far).
    touched: set[int] = set()
    failing: list[tuple[K, str]] = []

    def neighbours(k: K) -> set[int]:
        return set(members.get(k, ()))

    def protect(k: K, side: str) -> None:
        failing.append((k, side))
        partner = _partner(k, side, values, hidden_now, members, equations, is_total, order,
                           threshold)
        if partner is not None:
            hidden_now.add(partner)
            touched.update(neighbours(partner) | neighbours(k))

    try:
        while True:
            result.rounds += 1
            system = _System(values, equations, hidden_now)
            touched.clear()
            failing.clear()
            waiting = False

            for k in sorted(system.given_away() & sensitive, key=order.__getitem__):
                if touched & neighbours(k):
                    waiting = True
                else:
                    protect(k, HIGH)
            for group in system.groups():
                rows = [system.rows[i] for i in group]
                # A group whose every count a witness already shows protected needs no
                # checker (its matrices and relaxation are the costly part).
                if not any(k in sensitive and not (k in low_ok and k in high_ok)
                           for terms, _rhs in rows for k in terms):
                    continue
                checker = _checker(rows, sensitive, threshold, cap, deadline, low_ok, high_ok,
                                 values, work, pool)
                if not checker.open():
                    continue
                checker.sweep()
                for k in checker.open():
                    if touched & neighbours(k):
                        waiting = True
                        continue
                    sides = checker.fails(k)
                    if sides:
                        protect(k, sides[-1])
            result.failing = list(failing)
            if not failing and not waiting:
                break
    except TimeoutError:
        # Out of time: hide whole every set of cells tied to a count not shown protected.
        open_cells = {k for k in sensitive if k in members
                      and not (k in low_ok and k in high_ok)}
        hidden_now |= _closure(open_cells, members, equations)
        result.complete = False
        logger.warning("Audit out of time after %.1f s (round %d): %d cells hidden whole, "
                       "%d counts not shown protected", time.monotonic() - started,
                       result.rounds, len(hidden_now), len(open_cells))
    # A hidden cell that an equation gives away anyway (the only hidden one of a line whose
    # other cells show) tells the reader nothing by its "x": shown, it takes nothing from the
    # protection of any count, and no line is left with a single hidden cell.
    if result.complete:
        # Nested counts whose difference is small stay as the per-line rules hid them.
        paired = {k for big, small in pairs if 0 < values[big] - values[small] < threshold
                  for k in (big, small)}
        keep = never | (paired & hidden_now)
        hidden_now -= _System(values, equations, hidden_now).given_away() - sensitive - keep
        hidden_now, cut = _shown_again(values, equations, hidden_now, sensitive, keep,
                                       is_total, order, threshold, cap, deadline, pool,
                                       work, tidy_work)
        if cut:
            # Every count is protected, but the cells the pass did not reach stay hidden by
            # the clock, not by the work budget: not the answer a quiet machine gives.
            result.complete = False
            logger.warning("Audit out of time after %.1f s while showing hidden cells "
                           "again: %d cells stay hidden", time.monotonic() - started,
                           len(hidden_now))
    result.hidden = hidden_now
    result.added = len(hidden_now) - given
    result.seconds = time.monotonic() - started
    return result
