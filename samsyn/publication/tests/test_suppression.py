"""Publication suppression, tested on its own and against an attacker with the totals."""

from itertools import product

from hypothesis import given
from hypothesis import strategies as st

from samsyn.publication.suppression import suppress
from samsyn.publication.tests.grids import grid

T = 5


def table(cells: list[list[int]]):
    """Values and constraints of a table with row, column and grand totals (the shared
    builder), and the totals the suppression is told are totals."""
    values, constraints = grid(cells)
    totals = [k for k in values if k[0] != "c"]
    return values, constraints, totals


def derivable_by_one_line(values, constraints, hidden):
    """Cells an attacker gets from one line: its total minus its visible cells."""
    found = set()
    for line in constraints:
        unknown = [k for k in dict.fromkeys(line) if k in hidden]
        if len(unknown) == 1:
            found.add(unknown[0])
    return found


def test_small_counts_are_hidden_and_a_partner_with_them():
    values, constraints, totals = table([[3, 10, 12], [8, 9, 20]])
    hidden = suppress(values, constraints, T, totals)
    assert ("c", 0, 0) in hidden
    # Row 0 and column 0 each need a second hidden cell, and the one at their crossing
    # (row 1, column 1 or similar) keeps the rectangle closed.
    assert not derivable_by_one_line(values, constraints, hidden)
    assert len(hidden) >= 4


def test_zero_and_counts_at_the_threshold_are_shown():
    values, constraints, totals = table([[0, 5, 12], [8, 9, 20]])
    assert suppress(values, constraints, T, totals) == set()


def test_a_small_total_is_hidden_too():
    values, constraints, totals = table([[1, 2], [0, 0]])
    hidden = suppress(values, constraints, T, totals)
    assert {("c", 0, 0), ("c", 0, 1), ("r", 0), ("k", 0), ("k", 1), "g"} <= hidden


def test_a_lone_small_cell_in_a_one_row_table_takes_its_neighbour():
    # exits by reason for one insats: 3 arbete, 20 studier, total 23
    values = {"arbete": 3, "studier": 20, "total": 23}
    hidden = suppress(values, [["arbete", "studier", "total"]], T, ["total"])
    assert hidden == {"arbete", "studier"}


def test_shared_totals_tie_two_tables_together():
    # New by gender and new by referrer share their row total; hiding in one must hold in both.
    values = {"kvinna": 12, "man": 9, "total": 21, "af": 2, "fk": 19}
    constraints = [["kvinna", "man", "total"], ["af", "fk", "total"]]
    hidden = suppress(values, constraints, T, ["total"])
    assert {"af", "fk"} <= hidden
    assert not derivable_by_one_line(values, constraints, hidden)


def exhaustive_unique(values, constraints, hidden, limit=12):
    """Hidden cells that only one assignment of 0..limit fits: found by trying them all."""
    keys = sorted(hidden, key=repr)
    fits = []
    for guess in product(range(limit + 1), repeat=len(keys)):
        trial = dict(values) | dict(zip(keys, guess, strict=True))
        if all(_line_holds(trial, line) for line in constraints):
            fits.append(guess)
    return {k for i, k in enumerate(keys) if len({f[i] for f in fits}) == 1}


def _line_holds(values, line):
    *parts, total = line
    return sum(values[p] for p in parts) == values[total]


def test_no_hidden_cell_of_a_small_table_is_pinned_down_by_all_its_totals_together():
    # The rectangle rule defeats one line at a time; here every assignment is tried.
    values, constraints, totals = table([[3, 6], [7, 2]])
    hidden = suppress(values, constraints, T, totals)
    interior = {k for k in hidden if k[0] == "c"}
    visible_totals = {k: values[k] for k in values if k not in hidden}
    assert not exhaustive_unique(visible_totals | dict.fromkeys(hidden, 0), constraints,
                                 hidden, limit=12) & interior


tables = st.integers(1, 4).flatmap(
    lambda cols: st.lists(st.lists(st.integers(0, 30), min_size=cols, max_size=cols),
                          min_size=1, max_size=5))


@given(tables, st.integers(3, 6))
def test_no_hidden_count_can_be_worked_out_from_a_total_and_the_visible_cells(cells, threshold):
    values, constraints, totals = table(cells)
    hidden = suppress(values, constraints, threshold, totals)
    for key, value in values.items():
        if 0 < value < threshold:
            assert key in hidden
    assert not derivable_by_one_line(values, constraints, hidden)
    for line in constraints:
        assert sum(1 for k in dict.fromkeys(line) if k in hidden) != 1
