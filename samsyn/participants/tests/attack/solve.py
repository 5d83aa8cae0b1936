"""The least and greatest value each hidden cell can take, given what was published.

Every hidden cell is a non-negative integer variable (at most `cap`), every visible cell a
constant, and each equation of cells.py a row of A x = b. For each hidden cell two integer
programs (scipy.optimize.milp, HiGHS) give its minimum and maximum. The equations are first
split into independent groups (hidden cells tied by an equation), and an equation left with
one hidden cell gives it away at once.
"""

from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from samsyn.participants.tests.attack.cells import Published

Key = Hashable
CAP = 100_000


@dataclass(frozen=True)
class Interval:
    low: int
    high: int

    def protects(self, threshold: int) -> bool:
        """The protection range: the cell could be 0 and could be the threshold or more."""
        return self.low <= 0 and self.high >= threshold


def _reduced(pub: Published) -> tuple[list[tuple[dict[Key, int], int]], dict[Key, int]]:
    """The equations over hidden cells only (terms, right-hand side), and the cells an
    equation with one hidden cell gives away (repeated until none is left)."""
    solved: dict[Key, int] = {}
    rows: list[tuple[dict[Key, int], int]] = []
    seen: set[frozenset[tuple[Key, int]]] = set()
    for equation in pub.equations:
        terms = {k: c for k, c in equation.items() if k not in pub.known and c}
        rhs = -sum(c * pub.known[k] for k, c in equation.items() if k in pub.known)
        marker = frozenset(terms.items()) | {("=", rhs)}
        if terms and marker not in seen:
            seen.add(marker)
            rows.append((terms, rhs))
    changed = True
    while changed:
        changed = False
        kept = []
        for terms, rhs in rows:
            rhs -= sum(c * solved[k] for k, c in terms.items() if k in solved)
            terms = {k: c for k, c in terms.items() if k not in solved}
            if len(terms) == 1:
                (k, c), = terms.items()
                # What was published must hold together: a count that is no whole
                # non-negative number, or an equation left false, is no solution at all
                # (as a group's milp without one), never a count given away.
                if rhs % c or rhs // c < 0:
                    raise RuntimeError(f"no solution for {k!r}: {c} × it = {rhs}")
                solved[k] = rhs // c
                changed = True
            elif terms:
                kept.append((terms, rhs))
            elif rhs:
                raise RuntimeError(f"no solution: the published figures give 0 = {rhs}")
        rows = kept
    return rows, solved


def _groups(rows: list[tuple[dict[Key, int], int]]) -> list[list[int]]:
    parent: dict[Key, Key] = {}

    def find(k: Key) -> Key:
        while parent.setdefault(k, k) != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for terms, _rhs in rows:
        first, *rest = terms
        for k in rest:
            parent[find(k)] = find(first)
    by_root: dict[Key, list[int]] = defaultdict(list)
    for i, (terms, _rhs) in enumerate(rows):
        by_root[find(next(iter(terms)))].append(i)
    return list(by_root.values())


def intervals(pub: Published, cap: int = CAP, time_limit: float = 20.0,
              only: Iterable[Key] | None = None) -> dict[Key, Interval]:
    """The feasible interval of every hidden cell (or of those in `only`)."""
    rows, solved = _reduced(pub)
    wanted = pub.variables() if only is None else set(only) & pub.variables()
    found = {k: Interval(v, v) for k, v in solved.items() if k in wanted}
    tied: set[Key] = set()
    for group in _groups(rows):
        part = [rows[i] for i in group]
        variables = sorted({k for terms, _rhs in part for k in terms}, key=repr)
        tied |= set(variables)
        targets = [k for k in variables if k in wanted]
        if targets:
            found |= _solve_group(part, variables, targets, cap, time_limit)
    # A hidden cell in no equation can be anything.
    found |= {k: Interval(0, cap) for k in wanted - tied - set(solved)}
    return found


def _solve_group(part: list[tuple[dict[Key, int], int]], variables: list[Key],
                 targets: list[Key], cap: int, time_limit: float) -> dict[Key, Interval]:
    index = {k: i for i, k in enumerate(variables)}
    data, row_ix, col_ix, rhs = [], [], [], []
    for r, (terms, b) in enumerate(part):
        for k, c in terms.items():
            data.append(c)
            row_ix.append(r)
            col_ix.append(index[k])
        rhs.append(b)
    matrix = csr_array((data, (row_ix, col_ix)), shape=(len(part), len(variables)))
    constraint = LinearConstraint(matrix, rhs, rhs)
    n = len(variables)
    options = {"time_limit": time_limit, "presolve": True}
    zero_seen = np.zeros(n, dtype=bool)
    found: dict[Key, Interval] = {}
    for k in targets:
        i = index[k]
        bounds = []
        for sign in (1, -1):
            if sign == 1 and zero_seen[i]:
                bounds.append(0)
                continue
            c = np.zeros(n)
            c[i] = sign
            result = milp(c, integrality=np.ones(n), bounds=Bounds(0, cap),
                          constraints=constraint, options=options)
            if result.x is None:
                raise RuntimeError(f"no solution for {k!r}: {result.message}")
            x = np.round(result.x)
            zero_seen |= x == 0
            # Stopped by the time limit, the bound is the solver's, not a proven optimum.
            bound = result.mip_dual_bound if result.status == 1 else result.fun
            bounds.append(int(np.ceil(sign * bound - 1e-6)) if sign == 1
                          else int(np.floor(-bound + 1e-6)))
        found[k] = Interval(bounds[0], bounds[1])
    return found


def narrowed(found: Mapping[Key, Interval], truth: Mapping[Key, int],
             threshold: int) -> list[tuple[Key, int, Interval]]:
    """The hidden cells whose true count is 1 … threshold − 1 and whose interval is narrower
    than the protection range."""
    return sorted(((k, truth[k], found[k]) for k in found
                   if 0 < truth.get(k, 0) < threshold and not found[k].protects(threshold)),
                  key=repr)


def exact(found: Mapping[Key, Interval], truth: Mapping[Key, int],
          threshold: int) -> list[tuple[Key, int]]:
    """The hidden cells worked out exactly whose true count is 1 … threshold − 1."""
    return sorted(((k, truth[k]) for k, i in found.items()
                   if i.low == i.high and 0 < truth.get(k, 0) < threshold), key=repr)
