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
iteration one, a milp node `NODE_WORK`).

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

Plain values only (no ORM); the solvers are HiGHS's simplex and scipy.optimize.milp (HiGHS).
"""

import logging
import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, Literal, TypeVar

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import block_array, csc_array, csr_array

try:
    # HiGHS as scipy ships it (the module scipy's own milp and linprog call): one instance kept
    # per group, so that a bound changed is solved again from the last basis in a few pivots.
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - another scipy: every check goes to milp
    _highs = None

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
class _Work:
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
        known: set[K] = set()
        rows = [dict(t) for t, _rhs in self.rows]
        changed = True
        while changed:
            changed = False
            for terms in rows:
                unknown = [k for k in terms if k not in known]
                if len(unknown) == 1:
                    known.add(unknown[0])
                    changed = True
        return known

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


class _Relaxation:
    """A group's linear relaxation in one HiGHS instance, solved again after each change of
    bounds from the basis of the last solve: a few pivots, where a new integer program
    presolves and solves the whole group again.

    It decides most checks alone: a relaxation with no solution proves that the integer
    program has none (an integer solution is a solution), and an optimal vertex that is
    integral and satisfies every equation exactly is a witness. Anything else (a fractional
    vertex, a status short of those two) is left to milp.

    Its objective is the distance to the true counts (|x - true|, by x - p + q = true with p
    and q at least 0): the vertex found changes few cells, by whole steps along the
    equations (more often integral), and a witness that keeps most cells at their true
    counts still fits when one of them is shown again."""

    def __init__(self, matrix: csr_array, rhs: Sequence[int], lower: np.ndarray,
                 upper: np.ndarray, truth: np.ndarray) -> None:
        m, n = matrix.shape
        identity = csr_array((np.ones(n), (np.arange(n), np.arange(n))), shape=(n, n))
        csc = csc_array(block_array([[matrix, None, None], [identity, -identity, identity]]))
        lp = _highs.HighsLp()
        lp.num_col_, lp.num_row_ = 3 * n, m + n
        lp.col_cost_ = np.zeros(3 * n)
        lp.col_lower_ = np.concatenate([lower, np.zeros(2 * n)])
        lp.col_upper_ = np.concatenate([upper, np.full(2 * n, np.inf)])
        lp.row_lower_ = lp.row_upper_ = np.concatenate([np.asarray(rhs, dtype=float), truth])
        lp.a_matrix_.format_ = _highs.MatrixFormat.kColwise
        lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = 3 * n, m + n
        lp.a_matrix_.start_ = csc.indptr
        lp.a_matrix_.index_ = csc.indices
        lp.a_matrix_.value_ = csc.data.astype(float)
        self.highs = _highs._Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("simplex_iteration_limit", RELAXATION_ITERATIONS)
        self.highs.passModel(lp)
        self.columns = np.arange(n, dtype=np.int32)
        self.aux = np.arange(n, 3 * n, dtype=np.int32)
        self.n = n
        self.distance = False

    def solve(self, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray,
              deadline: float, work: _Work) -> np.ndarray | Literal[False] | None:
        """The vertex found (the cells' values), False when there is none, None when the
        relaxation cannot say. `cost` weighs the cells. Any vertex is tried first (the
        fewest pivots from the last basis); a fractional one is replaced by the one nearest
        the true counts."""
        self.highs.changeColsBounds(self.n, self.columns, lower, upper)
        self.highs.changeColsCost(self.n, self.columns, cost)
        found = self._run(deadline, work, distance=False)
        if isinstance(found, np.ndarray) and not _integral(found):
            found = self._run(deadline, work, distance=True)
        return found

    def _run(self, deadline: float, work: _Work,
             distance: bool) -> np.ndarray | Literal[False] | None:
        if distance != self.distance:
            self.highs.changeColsCost(2 * self.n, self.aux,
                                      np.full(2 * self.n, 1.0 if distance else 0.0))
            self.distance = distance
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        # The deadline only (the work limit decides the check). HiGHS's clock runs on over
        # every solve of the instance: the limit is on its total.
        self.highs.setOptionValue("time_limit", self.highs.getRunTime() + left)
        self.highs.run()
        work.done += self.highs.getInfo().simplex_iteration_count
        status = self.highs.getModelStatus()
        if status == _highs.HighsModelStatus.kTimeLimit:
            raise TimeoutError
        if status == _highs.HighsModelStatus.kInfeasible:
            return False
        if status != _highs.HighsModelStatus.kOptimal:
            return None
        return np.asarray(self.highs.getSolution().col_value[:self.n])


def _integral(x: np.ndarray) -> bool:
    return bool(np.abs(x - np.round(x)).max(initial=0.0) <= 1e-6)


@dataclass
class _Witness(Generic[K]):
    """A solution found: the value of each cell of its group, and the sensitive cells it
    shows able to be 0 and the threshold or more. Cells of no group keep their true counts."""

    values: dict[K, float]
    low: frozenset[K]
    high: frozenset[K]

    def fits(self, shown: K, value: int) -> bool:
        """Still a solution once `shown` is shown at its true count."""
        return abs(self.values.get(shown, value) - value) < 0.5


class _Group(Generic[K]):
    """One group of equations tied by hidden cells, as an integer program over them.

    `low_ok`, `high_ok`: cells already shown able to be 0, or the threshold or more, by a
    solution found (a witness), shared by every group and round and updated with every solution
    found. A witness stays one when more cells are hidden (they keep their true counts in it),
    so each side of each cell needs proving once."""

    def __init__(self, rows: list[tuple[dict[K, int], int]], sensitive: set[K],
                 threshold: int, cap: int, deadline: float, low_ok: set[K],
                 high_ok: set[K], truth: Mapping[K, int], work: _Work,
                 pool: list[_Witness[K]] | None = None) -> None:
        self.pool, self.work = pool, work
        self.variables = sorted({k for terms, _rhs in rows for k in terms}, key=repr)
        self.index = {k: i for i, k in enumerate(self.variables)}
        self.watched = [k for k in self.variables if k in sensitive]
        self.threshold, self.deadline = threshold, deadline
        self.low_ok, self.high_ok = low_ok, high_ok
        n = self.n = len(self.variables)
        data, row_ix, col_ix, rhs = [], [], [], []
        for r, (terms, b) in enumerate(rows):
            for k, c in terms.items():
                data.append(c)
                row_ix.append(r)
                col_ix.append(self.index[k])
            rhs.append(b)
        self.matrix = csr_array((data, (row_ix, col_ix)), shape=(len(rows), n))
        self.rhs = rhs
        self.equations = LinearConstraint(self.matrix, rhs, rhs)
        self.lower, self.upper = np.zeros(n), np.full(n, float(cap))
        self._relaxation: _Relaxation | None = None
        self.truth = np.array([truth[k] for k in self.variables], dtype=float)
        self.rhs_array = np.asarray(rhs, dtype=np.int64)

    def open(self) -> list[K]:
        return [k for k in self.watched if not (k in self.low_ok and k in self.high_ok)]

    def _witness(self, x: np.ndarray) -> None:
        low = frozenset(k for k in self.watched if x[self.index[k]] <= 0.5)
        high = frozenset(k for k in self.watched if x[self.index[k]] >= self.threshold - 0.5)
        self.low_ok |= low
        self.high_ok |= high
        if self.pool is not None:
            self.pool.append(_Witness(dict(zip(self.variables, x.tolist(), strict=True)),
                                      low, high))

    def _exact(self, x: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray | None:
        """The vertex as integers, when it is an integer solution exactly (checked in integer
        arithmetic: the relaxation's tolerances prove nothing)."""
        if not _integral(x):
            return None
        rounded = np.round(x)
        values = rounded.astype(np.int64)
        if (values < lower).any() or (values > upper).any():
            return None
        if not np.array_equal(self.matrix.astype(np.int64) @ values, self.rhs_array):
            return None
        return rounded

    def _relaxed(self, c: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> bool | None:
        """The check by the linear relaxation: True with a witness found, False proven
        impossible, None undecided (milp decides)."""
        if _highs is None:
            return None
        if self._relaxation is None:
            self._relaxation = _Relaxation(self.matrix, self.rhs, self.lower, self.upper,
                                           self.truth)
        found = self._relaxation.solve(c, lower, upper, self.deadline, self.work)
        if not isinstance(found, np.ndarray):
            return found  # False (no solution) or None (cannot say)
        exact = self._exact(found, lower, upper)
        if exact is None:
            return None
        self._witness(exact)
        return True

    def _solve(self, c: np.ndarray, lower: np.ndarray, upper: np.ndarray,
               constraints: list[LinearConstraint]) -> bool:
        """Solves; a solution found is a witness. False when there is none, or when none was
        found within `SOLVE_NODES` (the check then counts as failed: one more cell hidden,
        never one fewer)."""
        if len(c) == self.n:
            relaxed = self._relaxed(c, lower, upper)
            if relaxed is not None:
                return relaxed
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        # The node limit decides the check; the time limit is the deadline only.
        result = milp(c, integrality=np.ones(len(c)), bounds=Bounds(lower, upper),
                      constraints=constraints,
                      options={"node_limit": SOLVE_NODES, "time_limit": left,
                               "presolve": True})
        self.work.done += NODE_WORK * max(1, getattr(result, "mip_node_count", 1) or 1)
        if result.status == 1:
            # Stopped by its time limit, which is the deadline: what it found by then depends
            # on the machine, so none of it is used.
            raise TimeoutError
        if result.x is None:
            return False
        exact = self._exact(result.x[:self.n], lower[:self.n], upper[:self.n])
        if exact is None:  # within the solver's tolerances only: no proof
            return False
        self._witness(exact)
        return True

    def sweep(self) -> None:
        """One program that puts every open cell as low as it can, one that puts each as near
        the threshold as it can: most cells are shown protected by these two."""
        n, index = self.n, self.index
        lows = [k for k in self.open() if k not in self.low_ok]
        if len(lows) > 1:
            c = np.zeros(n)
            c[[index[k] for k in lows]] = 1
            self._solve(c, self.lower, self.upper, [self.equations])
        highs = [k for k in self.open() if k not in self.high_ok]
        if len(highs) > 1:
            m = len(highs)
            self._solve(np.concatenate([np.zeros(n), -np.ones(m)]),
                        np.concatenate([self.lower, np.zeros(m)]),
                        np.concatenate([self.upper, np.full(m, float(self.threshold))]),
                        _with_z(self.matrix, self.rhs, n, highs, index))

    def fails(self, k: K) -> list[str]:
        """The sides of the protection range the cell cannot reach."""
        i = self.index[k]
        failing = []
        if k not in self.low_ok:
            upper = self.upper.copy()
            upper[i] = 0
            if not self._solve(np.zeros(self.n), self.lower, upper, [self.equations]):
                failing.append(LOW)
        if k not in self.high_ok:
            lower = self.lower.copy()
            lower[i] = self.threshold
            if not self._solve(np.zeros(self.n), lower, self.upper, [self.equations]):
                failing.append(HIGH)
        return failing


def _with_z(matrix: csr_array, rhs: list[int], n: int, targets: Sequence[K],
            index: Mapping[K, int]) -> list[LinearConstraint]:
    """The equations over x and z, with z_k <= x_k for each sensitive cell k (z is at most the
    threshold by its bounds): maximising the sum of z raises each cell towards the threshold."""
    m = len(targets)
    wide = csr_array((matrix.data, matrix.indices, matrix.indptr),
                     shape=(matrix.shape[0], n + m))
    rows, cols, data = [], [], []
    for j, k in enumerate(targets):
        rows += [j, j]
        cols += [n + j, index[k]]
        data += [1, -1]
    link = csr_array((data, (rows, cols)), shape=(m, n + m))
    return [LinearConstraint(wide, rhs, rhs), LinearConstraint(link, -np.inf, 0)]


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


def _protected(system: "_System[K]", values: Mapping[K, int], cells: set[K],
               sensitive: set[K], threshold: int, cap: int, deadline: float,
               pool: list[_Witness[K]], shown: K, work: _Work) -> bool:
    """With `shown` shown at its true count `value`, every sensitive cell of the groups
    holding any of `cells` is still protected: by a solution found before that fits the new
    system, or by one found now."""
    if system.given_away() & sensitive:
        return False
    fitting = [w for w in pool if w.fits(shown, values[shown])]
    low_ok: set[K] = set().union(*(w.low for w in fitting))
    high_ok: set[K] = set().union(*(w.high for w in fitting))
    for group in system.groups():
        rows = [system.rows[i] for i in group]
        if not any(k in terms for terms, _rhs in rows for k in cells):
            continue
        checker = _Group(rows, sensitive, threshold, cap, deadline, low_ok, high_ok, values,
                         work, pool)
        if not checker.open():
            continue
        checker.sweep()
        if any(checker.fails(k) for k in checker.open()):
            return False
    return True


def _shown_again(values: Mapping[K, int], equations: Sequence[Mapping[K, int]],
                 members: Mapping[K, list[int]], hidden: set[K], sensitive: set[K],
                 never: set[K], totals: set[K], order: Mapping[K, int], threshold: int,
                 cap: int, deadline: float, pool: list[_Witness[K]], work: _Work,
                 budget: int) -> tuple[set[K], bool]:
    """The hidden cells that can be shown after all, the most informative first (totals, then
    large counts): the partners were chosen one at a time, and a later one often makes an
    earlier one needless. A cell is shown only where every count of its groups is still
    shown protected, by a solution in which it keeps its true count. When `budget` work has
    been done, the rest stay hidden (the same cells on any machine); when the deadline is
    reached, too, and the second value says so."""
    hidden = set(hidden)
    until = work.done + budget
    # Ties in the cells' order, not the set's: a set of strings iterates in an order that
    # changes with each process's hash seed, and so would the cells shown.
    for k in sorted(hidden - sensitive - never,
                    key=lambda k: (k not in totals, -values[k], order[k])):
        if work.done >= until:
            break
        trial = hidden - {k}
        near = {m for r in members.get(k, ()) for m in equations[r] if m in trial}
        try:
            if _protected(_System(values, equations, trial), values, near, sensitive,
                          threshold, cap, deadline, pool, k, work):
                hidden = trial
                pool[:] = [w for w in pool if w.fits(k, values[k])]
        except TimeoutError:
            return hidden, True
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
    pool: list[_Witness[K]] = []
    work = _Work()
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
                checker = _Group(rows, sensitive, threshold, cap, deadline, low_ok, high_ok,
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
        hidden_now, cut = _shown_again(values, equations, members, hidden_now, sensitive,
                                       keep, is_total, order, threshold, cap, deadline,
                                       pool, work, tidy_work)
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
