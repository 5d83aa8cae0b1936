"""A small table as the audit's tests give it: its cells, row, column and grand totals as
values, and the lines that tie them (suppression.grid_constraints)."""

from typing import Any

from samsyn.publication.suppression import grid_constraints


def grid(cells: list[list[int]]) -> tuple[dict[Any, int], list[Any]]:
    rows, cols = range(len(cells)), range(len(cells[0]))
    values = {("c", r, c): cells[r][c] for r in rows for c in cols}
    values |= {("r", r): sum(cells[r]) for r in rows}
    values |= {("k", c): sum(cells[r][c] for r in rows) for c in cols}
    values["g"] = sum(map(sum, cells))
    lines = grid_constraints(list(rows), list(cols), lambda r, c: ("c", r, c),
                             lambda r: ("r", r), lambda c: ("k", c), "g")
    return values, lines
