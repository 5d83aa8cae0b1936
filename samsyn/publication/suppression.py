"""Publication suppression: small counts hidden, and enough others that none can be worked out.

Counts from 1 to threshold − 1 are hidden (primary suppression). A table's lines are linear
constraints: the cells of a row add up to the row's total, the cells of a column to the
column's, and a total shared by two tables is one cell in both. If a constraint has exactly one
hidden cell, the visible others give it away, so another cell of that constraint is hidden too
(complementary suppression), until every constraint hides none or at least two.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

# The one mark of a hidden cell, whatever it hides: a small count, a larger one hidden to
# protect it, or a zero. "<5" would say the cell is small, which a partner is not, and would
# tell the reader where the small counts are.
HIDDEN = "x"


def primary(values: Mapping[K, int], threshold: int) -> set[K]:
    return {k for k, v in values.items() if 0 < v < threshold}


def suppress(values: Mapping[K, int], constraints: Sequence[Sequence[K]], threshold: int,
             totals: Iterable[K] = ()) -> set[K]:
    """The keys to hide. Every key named in a constraint must have a value."""
    if threshold < 1:
        raise ValueError("the threshold must be at least 1")
    is_total = set(totals)
    hidden = primary(values, threshold)
    order = {k: i for i, k in enumerate(values)}
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            members = list(dict.fromkeys(constraint))
            if sum(1 for k in members if k in hidden) != 1:
                continue
            visible = [k for k in members if k not in hidden]
            if not visible:
                continue
            # Hide the least informative partner: a cell before a total, a small count before
            # a large one, a non-zero before a zero (a hidden zero next to a hidden count still
            # leaves their sum, but a zero is often known to be zero).
            partner = min(visible, key=lambda k: (k in is_total, values[k] == 0, values[k],
                                                  order[k]))
            hidden.add(partner)
            changed = True
    return hidden


def grid_constraints(rows: Sequence[Hashable], columns: Sequence[Hashable],
                     cell: Callable[[Hashable, Hashable], Hashable],
                     row_total: Callable[[Hashable], Hashable],
                     column_total: Callable[[Hashable], Hashable],
                     grand: Hashable) -> list[list[Hashable]]:
    """The constraints of a table with margins: each row, each column, and the margins."""
    constraints: list[list[Hashable]] = []
    for r in rows:
        constraints.append([cell(r, c) for c in columns] + [row_total(r)])
    for c in columns:
        constraints.append([cell(r, c) for r in rows] + [column_total(c)])
    constraints.append([row_total(r) for r in rows] + [grand])
    constraints.append([column_total(c) for c in columns] + [grand])
    return constraints


def mask(value: int, hidden: bool) -> int | str:
    return HIDDEN if hidden else value
