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
count stays protected (`tidy_seconds` of the time at most); and a cell an equation gives away
anyway is shown, its mark would hide nothing.

**Time.** The audit is bounded (`seconds`). If it runs out, every cell tied by any equation to
a count not yet shown protected is hidden: a set of cells hidden whole, with no visible cell in
any of its equations, holds 0 and every multiple of the true counts, so it is protected
without a proof, and nothing is published unaudited.

**Solving.** A check is put first to the group's linear relaxation (HiGHS, kept per group and
solved again from its last basis): no solution proves the check fails, an integral vertex that
satisfies every equation exactly is a witness; the rest goes to milp, bounded by
`SOLVE_SECONDS`, and a check left undecided counts as failed (one more cell hidden).

Plain values only (no ORM); the solvers are HiGHS's simplex and scipy.optimize.milp (HiGHS).
"""

import time
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

try:
    # HiGHS as scipy ships it (the module scipy's own milp and linprog call): one instance kept
    # per group, so that a bound changed is solved again from the last basis in a few pivots.
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - another scipy: every check goes to milp
    _highs = None

K = TypeVar("K", bound=Hashable)
LOW, HIGH = "low", "high"
# The longest one integer program may run. A sweep stopped by it keeps the best solution it
# had; a check stopped by it counts as failed, so an undecided cell costs one more hidden
# cell, never a count published unprotected.
SOLVE_SECONDS = 2.0


@dataclass
class Audit(Generic[K]):
    """The cells to hide, and how the audit went."""

    hidden: set[K]
    complete: bool = True       # False: time ran out and whole sets were hidden unaudited
    rounds: int = 0
    added: int = 0              # cells the audit hid beyond the pattern it was given
    seconds: float = 0.0
    failing: list[tuple[K, str]] = field(default_factory=list)


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


def _integral(x: np.ndarray) -> bool:
    return bool(np.abs(x - np.round(x)).max(initial=0.0) <= 1e-6)


@dataclass
class _Failure:
    """A check that failed, and what the relaxation's proof of it says: `weights` are the
    cells' coefficients in the combination of equations that pins the cell (A^T y for its
    certificate of infeasibility y, oriented so that its largest value over the bounds falls
    short of 0 by `gap`); None where no certificate was read (milp's answer, an undecided
    check)."""

    weights: np.ndarray | None = None
    gap: float = 0.0


class _Model(Generic[K]):
    """The linear relaxation of every equation over the hidden cells, kept in one HiGHS
    instance for the whole audit. A hidden cell is a column from 0 to `cap`; a visible one is
    its true count, folded into the right-hand sides, and joins as a column only when it is
    hidden (a column added, the rows' sides moved by its count); shown again, its column is
    fixed at its count. A check changes one bound. Each is solved again from the last basis
    in a few pivots, where building a group's program again for every round solved the whole
    group from scratch.

    A relaxation with no solution proves the check fails (an integer solution would be a
    solution of it), and its certificate of infeasibility names the equations that pin the
    cell; an optimal vertex that is integral and satisfies every equation exactly (checked in
    integer arithmetic over every cell: the solver's tolerances prove nothing) is a witness.
    A fractional vertex is replaced by the one nearest the true counts (|x - true| least, by
    x - p + q = true with p and q at least 0); what is still undecided goes to milp over the
    cell's component (the hidden cells tied to it), bounded by `SOLVE_SECONDS`."""

    def __init__(self, values: Mapping[K, int], equations: Sequence[Mapping[K, int]],
                 hidden: set[K], threshold: int, cap: int, deadline: float) -> None:
        self.cells = list(dict.fromkeys(k for e in equations for k in e))
        self.index = {k: i for i, k in enumerate(self.cells)}
        self.threshold, self.cap, self.deadline = threshold, cap, deadline
        n = self.n = len(self.cells)
        data, rows, cols = [], [], []
        for r, e in enumerate(equations):
            for k, c in e.items():
                data.append(c)
                rows.append(r)
                cols.append(self.index[k])
        m = self.m = len(equations)
        self.matrix = csr_array((np.asarray(data, dtype=np.int64), (rows, cols)), shape=(m, n))
        self.by_column = csr_array(self.matrix.T)  # a cell's equations
        self.truth = np.array([values[k] for k in self.cells], dtype=np.int64)
        self.hidden = np.zeros(n, dtype=bool)
        self.lower = self.truth.astype(float)
        self.upper = self.truth.astype(float)
        # HiGHS's column of each cell (-1: none yet) and its row of each equation.
        self.column = np.full(n, -1, dtype=np.int64)
        self.row = np.full(m, -1, dtype=np.int64)
        self.equation_of: list[int] = []   # by HiGHS row: the equation (-1: a distance row)
        self.cell_of: list[int] = []       # by HiGHS column: the cell (-1: p or q)
        self.rhs = np.zeros(m)
        self.aux: list[int] = []
        self.distance = False
        self.costed = np.zeros(0, dtype=np.int32)
        self.highs: Any = None
        if _highs is not None:
            self.highs = _highs._Highs()
            self.highs.setOptionValue("output_flag", False)
            # Presolve would solve a reduced model, whose certificate is not over these
            # rows; the basis kept from solve to solve does its work.
            self.highs.setOptionValue("presolve", "off")
        for i in sorted(self.index[k] for k in hidden if k in self.index):
            self._free(i)

    def _equations(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        start, end = self.by_column.indptr[i], self.by_column.indptr[i + 1]
        return self.by_column.indices[start:end], self.by_column.data[start:end]

    def _free(self, i: int) -> None:
        """Cell i as a column from 0 to `cap`."""
        self.hidden[i] = True
        self.lower[i], self.upper[i] = 0.0, float(self.cap)
        if self.column[i] >= 0:
            self.highs.changeColBounds(int(self.column[i]), 0.0, float(self.cap))
            return
        rows, coefficients = self._equations(i)
        if self.highs is None:
            return
        h = self.highs
        # Its true count leaves the right-hand side of each of its equations.
        new = [r for r in rows.tolist() if self.row[r] < 0]
        for r in new:
            self.row[r] = h.getNumRow()
            self.equation_of.append(r)
            h.addRow(0.0, 0.0, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
        self.rhs[rows] += coefficients * self.truth[i]
        for r in rows.tolist():
            h.changeRowBounds(int(self.row[r]), self.rhs[r], self.rhs[r])
        column = h.getNumCol()
        self.column[i] = column
        self.cell_of.append(i)
        h.addCol(0.0, 0.0, float(self.cap), len(rows), self.row[rows].astype(np.int32),
                 coefficients.astype(float))
        weight = 1.0 if self.distance else 0.0
        for _ in range(2):
            self.aux.append(h.getNumCol())
            self.cell_of.append(-1)
            h.addCol(weight, 0.0, np.inf, 0, np.zeros(0, dtype=np.int32), np.zeros(0))
        self.equation_of.append(-1)
        truth = float(self.truth[i])
        h.addRow(truth, truth, 3, np.array([column, column + 1, column + 2], dtype=np.int32),
                 np.array([1.0, -1.0, 1.0]))

    def set_bounds(self, i: int, lower: float, upper: float) -> None:
        self.lower[i], self.upper[i] = lower, upper
        if self.highs is not None:
            self.highs.changeColBounds(int(self.column[i]), lower, upper)

    def hide(self, k: K) -> None:
        self._free(self.index[k])

    def show(self, k: K) -> None:
        i = self.index[k]
        self.hidden[i] = False
        truth = float(self.truth[i])
        if self.column[i] >= 0:
            self.set_bounds(i, truth, truth)
        else:
            self.lower[i] = self.upper[i] = truth

    def exact(self, x: np.ndarray) -> np.ndarray | None:
        """The vertex as integers, when it is an integer solution exactly."""
        if not _integral(x):
            return None
        values = np.round(x).astype(np.int64)
        if (values < self.lower).any() or (values > self.upper).any():
            return None
        if (self.matrix @ values).any():
            return None
        return values

    def check(self, i: int, side: str) -> np.ndarray | _Failure:
        """A witness that cell i can reach this side of the protection range, or the failure
        (with its certificate where the relaxation gave one)."""
        lower, upper = self.lower[i], self.upper[i]
        if side == LOW:
            self.set_bounds(i, lower, 0.0)
        else:
            self.set_bounds(i, float(self.threshold), upper)
        try:
            found = self.solve(np.zeros(0, dtype=np.int32), np.zeros(0))
            if isinstance(found, np.ndarray):
                return found
            if isinstance(found, _Failure) and found.weights is not None:
                return found
            return self._milp(i)
        finally:
            self.set_bounds(i, lower, upper)

    def solve(self, cells: np.ndarray, cost: np.ndarray) -> np.ndarray | _Failure | None:
        """The relaxation with this cost on these (hidden) cells: a witness, a failure, or
        None (a vertex that is no integer solution)."""
        if self.highs is None:
            return None
        if len(self.costed):
            self.highs.changeColsCost(len(self.costed), self.costed,
                                      np.zeros(len(self.costed)))
        self.costed = self.column[cells].astype(np.int32)
        self.highs.changeColsCost(len(self.costed), self.costed, np.asarray(cost, dtype=float))
        found = self._run(distance=False)
        if isinstance(found, np.ndarray):
            exact = self.exact(found)
            if exact is not None:
                return exact
            found = self._run(distance=True)
            if isinstance(found, np.ndarray):
                return self.exact(found)
        return found

    def _run(self, distance: bool) -> np.ndarray | _Failure | None:
        assert self.highs is not None
        if distance != self.distance:
            aux = np.asarray(self.aux, dtype=np.int32)
            self.highs.changeColsCost(len(aux), aux,
                                      np.full(len(aux), 1.0 if distance else 0.0))
            self.distance = distance
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        # HiGHS's clock runs on over every solve of the instance: the limit is on its total.
        self.highs.setOptionValue("time_limit", self.highs.getRunTime() + left)
        self.highs.run()
        status = self.highs.getModelStatus()
        if status == _highs.HighsModelStatus.kInfeasible:
            return self._certificate()
        if status != _highs.HighsModelStatus.kOptimal:
            if time.monotonic() >= self.deadline:
                raise TimeoutError
            return None
        columns = np.asarray(self.highs.getSolution().col_value)
        x = self.truth.astype(float)
        placed = self.column >= 0
        x[placed] = columns[self.column[placed]]
        return x

    def _certificate(self) -> _Failure:
        """The failure, with the combination of equations that proves it where the solver
        gives one and it proves the failure in the current bounds (checked here over every
        cell, visible ones at their counts: the solver's sign conventions are not relied
        on)."""
        assert self.highs is not None
        _status, has_ray, ray = self.highs.getDualRay()
        if not has_ray:
            return _Failure()
        ray = np.asarray(ray)
        of = np.asarray(self.equation_of)
        if np.abs(ray[of < 0]).max(initial=0.0) > 1e-9:
            return _Failure()  # it leans on the distance rows: no proof over the cells alone
        y = np.zeros(self.m)
        y[of[of >= 0]] = ray[of >= 0]
        weights = self.matrix.T @ y
        weights[np.abs(weights) < 1e-9] = 0.0
        for oriented in (weights, -weights):
            best = float(np.where(oriented > 0, oriented * self.upper,
                                  oriented * self.lower).sum())
            if best < -1e-6:
                return _Failure(oriented, -best)
        return _Failure()

    def _milp(self, i: int) -> np.ndarray | _Failure:
        """The check as an integer program over the cell's component: the hidden cells tied
        to it by equations, the visible ones constants."""
        hidden = self.hidden.copy()
        hidden[i] = True
        seen = np.zeros(self.n, dtype=bool)
        seen[i] = True
        todo = [i]
        seen_rows = np.zeros(self.m, dtype=bool)
        while todo:
            j = todo.pop()
            for r in self.by_column.indices[self.by_column.indptr[j]:self.by_column.indptr[j + 1]]:
                if seen_rows[r]:
                    continue
                seen_rows[r] = True
                for c in self.matrix.indices[self.matrix.indptr[r]:self.matrix.indptr[r + 1]]:
                    if hidden[c] and not seen[c]:
                        seen[c] = True
                        todo.append(c)
        columns = np.flatnonzero(seen)
        rows = np.flatnonzero(seen_rows)
        sub = self.matrix[rows]
        fixed = ~seen
        rhs = -(sub[:, fixed] @ self.truth[fixed])
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        result = milp(np.zeros(len(columns)), integrality=np.ones(len(columns)),
                      bounds=Bounds(self.lower[columns], self.upper[columns]),
                      constraints=[LinearConstraint(sub[:, columns], rhs, rhs)],
                      options={"time_limit": min(left, SOLVE_SECONDS), "presolve": True})
        if result.x is None:
            if result.status == 1 and time.monotonic() >= self.deadline:
                raise TimeoutError
            return _Failure()
        x = self.truth.astype(float)
        x[columns] = result.x
        exact = self.exact(x)
        return exact if exact is not None else _Failure()


class _Witnesses(Generic[K]):
    """The solutions found, and for each small count how many of them show it able to be 0,
    and the threshold or more. A witness moves hidden cells only, so it stays one when more
    are hidden; showing a cell again voids the witnesses that move it."""

    def __init__(self, model: _Model[K], sensitive: set[K]) -> None:
        self.model = model
        self.watched = np.array([k in sensitive for k in model.cells], dtype=bool)
        self.low = np.zeros(model.n, dtype=np.int64)
        self.high = np.zeros(model.n, dtype=np.int64)
        self.found: list[tuple[np.ndarray, np.ndarray, np.ndarray] | None] = []
        self.moving: dict[int, list[int]] = defaultdict(list)

    def add(self, x: np.ndarray) -> None:
        moved = np.flatnonzero(x != self.model.truth)
        low = np.flatnonzero(self.watched & (x == 0))
        high = np.flatnonzero(self.watched & (x >= self.model.threshold))
        self.low[low] += 1
        self.high[high] += 1
        w = len(self.found)
        self.found.append((moved, low, high))
        for i in moved.tolist():
            self.moving[i].append(w)

    def proven(self, i: int, side: str) -> bool:
        return bool((self.low if side == LOW else self.high)[i] > 0)

    def void(self, i: int) -> list[int]:
        """Takes out the witnesses that move cell i; returns them (to put back with `restore`)."""
        voided = [w for w in self.moving.get(i, []) if self.found[w] is not None]
        for w in voided:
            found = self.found[w]
            assert found is not None
            self.low[found[1]] -= 1
            self.high[found[2]] -= 1
        return voided

    def restore(self, voided: list[int]) -> None:
        for w in voided:
            found = self.found[w]
            assert found is not None
            self.low[found[1]] += 1
            self.high[found[2]] += 1

    def forget(self, voided: list[int]) -> None:
        for w in voided:
            self.found[w] = None


def _certified_partner(failure: _Failure, model: _Model[K], values: Mapping[K, int],
                       totals: set[K], order: Mapping[K, int]) -> K | None:
    """The cheapest visible cell whose hiding breaks the failure's proof (the cost rule, on
    the equations that pin the count rather than on the nearest ones): freed from its true
    count to anything from 0 to `cap`, it lifts the combination's largest value by its weight
    times the room it has in the weight's direction; one that lifts it by the whole gap comes
    first. None without a certificate."""
    weights = failure.weights
    if weights is None:
        return None
    candidates = np.flatnonzero((weights != 0) & ~model.hidden)
    if not len(candidates):
        return None
    w = weights[candidates]
    truth = model.truth[candidates]
    lift = np.where(w > 0, w * (model.cap - truth), -w * truth)
    best: K | None = None
    best_key: tuple[Any, ...] | None = None
    for i, room in zip(candidates.tolist(), lift.tolist(), strict=True):
        if room <= 1e-9:
            continue
        k = model.cells[i]
        key = (k in totals, room < failure.gap - 1e-6, values[k] == 0, values[k],
               order.get(k, 0))
        if best_key is None or key < best_key:
            best, best_key = k, key
    return best


def _partner(cell: K, side: str, values: Mapping[K, int], hidden: set[K],
             members: Mapping[K, list[int]], equations: Sequence[Mapping[K, int]],
             totals: set[K], order: Mapping[K, int], threshold: int) -> K | None:
    """The cheapest visible cell of the equations nearest to `cell` (the cost rule, where no
    certificate names the equations that pin it)."""
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


def _sweep(model: _Model[K], witnesses: _Witnesses[K], cells: Sequence[int]) -> None:
    """One relaxation that puts every open count as low as it can, one that puts each as
    high as it can: a witness from either proves many sides at once."""
    for side, sign in ((LOW, 1.0), (HIGH, -1.0)):
        open_ = np.array([i for i in cells if not witnesses.proven(i, side)], dtype=np.int32)
        if len(open_) > 1:
            found = model.solve(open_, np.full(len(open_), sign))
            if isinstance(found, np.ndarray):
                witnesses.add(found)
    model.solve(np.zeros(0, dtype=np.int32), np.zeros(0))


def _shown_again(model: _Model[K], witnesses: _Witnesses[K], values: Mapping[K, int],
                 hidden: set[K], sensitive: set[K], never: set[K], totals: set[K],
                 deadline: float) -> set[K]:
    """The hidden cells that can be shown after all, the most informative first (totals, then
    large counts): the partners were chosen one at a time, and a later one often makes an
    earlier one needless. A cell is shown only where every small count is still shown
    protected: by a witness that keeps it at its true count, or by one found now; out of
    time, the rest stay hidden."""
    hidden = set(hidden)
    model.deadline = deadline
    for k in sorted(hidden - sensitive - never, key=lambda k: (k not in totals, -values[k])):
        if time.monotonic() > deadline:
            break
        i = model.index.get(k)
        if i is None:  # in no equation: its mark protects nothing
            hidden.discard(k)
            continue
        voided = witnesses.void(i)
        model.show(k)
        try:
            held = _still_protected(model, witnesses, voided)
        except TimeoutError:
            held = False
        if held:
            hidden.discard(k)
            witnesses.forget(voided)
        else:
            model.hide(k)
            witnesses.restore(voided)
    return hidden


def _still_protected(model: _Model[K], witnesses: _Witnesses[K], voided: list[int]) -> bool:
    """Every side of every count that the voided witnesses proved is proven again."""
    lost: set[tuple[int, str]] = set()
    for w in voided:
        found = witnesses.found[w]
        assert found is not None
        lost.update((i, LOW) for i in found[1].tolist())
        lost.update((i, HIGH) for i in found[2].tolist())
    for i, side in sorted(lost):
        if witnesses.proven(i, side):
            continue
        checked = model.check(i, side)
        if not isinstance(checked, np.ndarray):
            return False
        witnesses.add(checked)
    return True


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
          tidy_seconds: float = 30.0, pairs: Iterable[tuple[K, K]] = ()) -> Audit[K]:
    """The cells to hide so that no count from 1 to threshold − 1 can be narrowed below the
    protection range by any combination of the equations.

    `values`: every cell's true count. `lines`: the equations, each a line whose last member
    is the sum of the others. `hidden`: the pattern to start from (the per-line rules'; every
    small count is added to it). `unpublished`: cells no view prints (always unknowns, and
    protected when small). `totals`: cells to hide last. `seconds`: the time the audit may
    take; `tidy_seconds`: of it, the time it may spend showing again cells hidden needlessly.
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
    result: Audit[K] = Audit(hidden_now)
    model = _Model(values, equations, hidden_now, threshold, cap, deadline)
    witnesses = _Witnesses(model, sensitive)
    # A small count in no equation is an unknown no figure bounds: protected as it stands.
    watched = sorted(model.index[k] for k in sensitive if k in model.index)

    def proven(i: int) -> bool:
        return witnesses.proven(i, LOW) and witnesses.proven(i, HIGH)

    try:
        _sweep(model, witnesses, watched)
        # One count at a time, each to the end: a partner hidden is one column freed in the
        # same relaxation, and the count is checked again at once; a count proven stays
        # proven as more is hidden, so one pass over the counts is the whole audit.
        for i in watched:
            while not proven(i):
                result.rounds += 1
                side = LOW if not witnesses.proven(i, LOW) else HIGH
                found = model.check(i, side)
                if isinstance(found, np.ndarray):
                    witnesses.add(found)
                    continue
                k = model.cells[i]
                result.failing.append((k, side))
                partner = _certified_partner(found, model, values, is_total, order)
                if partner is None:
                    partner = _partner(k, side, values, hidden_now, members, equations,
                                       is_total, order, threshold)
                if partner is None:
                    # Every cell tied to it is hidden already and the check still fails
                    # (within a solver's limits): as out of time.
                    raise TimeoutError
                hidden_now.add(partner)
                model.hide(partner)
    except TimeoutError:
        # Out of time: hide whole every set of cells tied to a count not shown protected.
        open_cells = {model.cells[i] for i in watched if not proven(i)}
        hidden_now |= _closure(open_cells, members, equations)
        result.complete = False
    result.failing = [(k, side) for k, side in result.failing
                      if not proven(model.index[k])]
    # A hidden cell that an equation gives away anyway (the only hidden one of a line whose
    # other cells show) tells the reader nothing by its "x": shown, it takes nothing from the
    # protection of any count, and no line is left with a single hidden cell.
    if result.complete:
        # Nested counts whose difference is small stay as the per-line rules hid them.
        paired = {k for big, small in pairs if 0 < values[big] - values[small] < threshold
                  for k in (big, small)}
        keep = never | (paired & hidden_now)
        for k in _System(values, equations, hidden_now).given_away() - sensitive - keep:
            hidden_now.discard(k)
            model.show(k)
        tidy_until = min(deadline, time.monotonic() + tidy_seconds)
        hidden_now = _shown_again(model, witnesses, values, hidden_now, sensitive, keep,
                                  is_total, tidy_until)
    result.hidden = hidden_now
    result.added = len(hidden_now) - given
    result.seconds = time.monotonic() - started
    return result
