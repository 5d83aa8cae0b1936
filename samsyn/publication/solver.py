"""The audit's solver: each group of equations as an integer program, solved by HiGHS.

`publication.audit` decides which cells to hide; this module answers its one question, whether
a count of a group can reach 0 and the threshold, with numpy, scipy's sparse matrices, HiGHS's
simplex and `scipy.optimize.milp`. It is the only module that imports them, and the audit
loads it by its dotted path (`audit.SOLVER`) on its first check: scipy and numpy cost some
0.4 s of CPU and 50 MB to import, and every command and web process imports `audit` through
the report registry, but only publishing and the reports that suppress ever solve anything.
"""

import time
from collections.abc import Mapping, Sequence
from typing import Generic, Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import block_array, csc_array, csr_array

from samsyn.publication.audit import (
    HIGH,
    LOW,
    NODE_WORK,
    RELAXATION_ITERATIONS,
    SOLVE_NODES,
    K,
    Witness,
    Work,
    weighted,
)

try:
    # HiGHS as scipy ships it (the module scipy's own milp and linprog call): one instance kept
    # per group, so that a bound changed is solved again from the last basis in a few pivots.
    from scipy.optimize._highspy import _core as _highs
except ImportError:  # pragma: no cover - another scipy: every check goes to milp
    _highs = None


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
        lp.col_cost_ = np.concatenate([np.zeros(n), np.ones(2 * n)])
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

    def solve(self, cost: np.ndarray, lower: np.ndarray, upper: np.ndarray,
              deadline: float, work: Work) -> np.ndarray | Literal[False] | None:
        """The vertex found (the cells' values), False when there is none, None when the
        relaxation cannot say. `cost` weighs the cells, beside the distance to the true
        counts, which stays in the objective: with the objective unchanged from one check to
        the next, the last basis stays dual feasible and a bound changed costs a few dual
        simplex pivots (trying any vertex first, and the nearest one where it was fractional,
        changed the objective twice a check and took some three times the pivots)."""
        self.highs.changeColsBounds(self.n, self.columns, lower, upper)
        self.highs.changeColsCost(self.n, self.columns, cost)
        return self._run(deadline, work)

    def _run(self, deadline: float, work: Work) -> np.ndarray | Literal[False] | None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        # The deadline only (the work limit decides the check). HiGHS's clock runs on over
        # every solve of the instance: the limit is on its total.
        self.highs.setOptionValue("time_limit", self.highs.getRunTime() + left)
        self.highs.run()
        work.done += weighted(self.highs.getInfo().simplex_iteration_count, self.n)
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

class Group(Generic[K]):
    """One group of equations tied by hidden cells, as an integer program over them.

    `low_ok`, `high_ok`: cells already shown able to be 0, or the threshold or more, by a
    solution found (a witness), shared by every group and round and updated with every solution
    found. A witness stays one when more cells are hidden (they keep their true counts in it),
    so each side of each cell needs proving once."""

    def __init__(self, rows: list[tuple[dict[K, int], int]], sensitive: set[K],
                 threshold: int, cap: int, deadline: float, low_ok: set[K],
                 high_ok: set[K], truth: Mapping[K, int], work: Work,
                 pool: list[Witness[K]] | None = None) -> None:
        self.pool, self.work = pool, work
        self.variables = sorted({k for terms, _rhs in rows for k in terms}, key=repr)
        self.index = {k: i for i, k in enumerate(self.variables)}
        self.watched = [k for k in self.variables if k in sensitive]
        self.threshold, self.deadline, self.cap = threshold, deadline, cap
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
            self.pool.append(Witness(dict(zip(self.variables, x.tolist(), strict=True)),
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
        self.work.done += weighted(
            NODE_WORK * max(1, getattr(result, "mip_node_count", 1) or 1), self.n)
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

    def proven(self, low_ok: set[K], high_ok: set[K]) -> None:
        """The cells shown able to reach each side so far (by the solutions that still fit)."""
        self.low_ok, self.high_ok = low_ok, high_ok

    def fix(self, k: K) -> None:
        """The cell shown at its true count: a constant of every check from now on."""
        i = self.index[k]
        self.lower[i] = self.upper[i] = self.truth[i]

    def free(self, k: K) -> None:
        """The cell hidden again: any count from 0 to the cap."""
        i = self.index[k]
        self.lower[i], self.upper[i] = 0.0, float(self.cap)

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
