"""The audit: after it, no small count can be narrowed below its protection range by any
combination of the equations, as the attacker of participants/tests/attack/ finds them."""

import random
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samsyn.participants.tests.attack import cells as attack_cells
from samsyn.participants.tests.attack import solve
from samsyn.publication.audit import WORK_CELLS, as_equation, audit, weighted
from samsyn.publication.suppression import suppress
from samsyn.publication.tests.grids import grid

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

T = 5


def _attack(values, lines, hidden, unpublished=()):
    """The attacker's intervals of every hidden cell, given the visible ones and the lines."""
    pub = attack_cells.Published(
        known={k: v for k, v in values.items() if k not in hidden and k not in unpublished},
        hidden=set(hidden) | set(unpublished),
        equations=[as_equation(line) for line in lines])
    return solve.intervals(pub)


def _unprotected(values, lines, hidden, unpublished=()):
    found = _attack(values, lines, hidden, unpublished)
    return [(k, values[k], i) for k, i in found.items()
            if 0 < values[k] < T and not i.protects(T)]


def _table(cells):
    values, lines = grid(cells)
    return values, lines, [k for k in values if k[0] != "c"]


def test_a_small_count_beside_a_visible_total_takes_a_partner_that_can_give_it_room():
    # 3 + 1 + 20 = 24: the per-line rules hide 3 and 1, whose sum 4 then shows by the total.
    values = {"a": 3, "b": 1, "c": 20, "t": 24}
    lines = [["a", "b", "c", "t"]]
    result = audit(values, lines, {"a", "b"}, T, totals=["t"])
    assert result.complete and "c" in result.hidden and "t" not in result.hidden
    assert not _unprotected(values, lines, result.hidden)


def test_lines_that_each_hide_two_cells_can_still_pin_a_count_and_the_audit_finds_it():
    # Two tables sharing their row totals: each line hides two cells, yet the rows of one and
    # the columns of the other leave the small count with no room to reach 5.
    values, lines, totals = _table([[2, 9, 30], [7, 1, 40], [12, 11, 50]])
    hidden = suppress(values, lines, T, totals)
    before = _unprotected(values, lines, hidden)
    result = audit(values, lines, hidden, T, totals=totals)
    assert before, "the per-line rules alone leave a count narrowed here"
    assert result.complete and result.added > 0
    assert not _unprotected(values, lines, result.hidden)


def test_a_count_never_printed_is_protected_too():
    # exited 12, of whom 10 to work: the 2 who went elsewhere are a count no table prints.
    values = {"work": 10, "rest": 2, "exited": 12}
    result = audit(values, [["work", "rest", "exited"]], set(), T, unpublished={"rest"})
    assert {"work", "rest"} <= result.hidden or "exited" in result.hidden
    assert not _unprotected(values, [["work", "rest", "exited"]], result.hidden,
                            unpublished={"rest"})


def test_out_of_time_it_hides_every_cell_tied_to_a_small_count_and_publishes_nothing_unaudited():
    values, lines, totals = _table([[2, 9, 30], [7, 1, 40], [12, 11, 50]])
    result = audit(values, lines, suppress(values, lines, T, totals), T, totals=totals,
                   seconds=0)
    assert not result.complete
    assert set(values) <= result.hidden


def test_zeros_are_no_small_counts():
    values, lines, totals = _table([[0, 9, 30], [7, 0, 40]])
    result = audit(values, lines, set(), T, totals=totals)
    assert result.hidden == set()


@settings(max_examples=30)
@given(st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=4), min_size=2,
                max_size=4).filter(lambda t: len({len(r) for r in t}) == 1))
def test_after_the_audit_no_small_count_of_a_table_is_narrowed(cells):
    values, lines, totals = _table(cells)
    result = audit(values, lines, suppress(values, lines, T, totals), T, totals=totals)
    assert result.complete
    assert not _unprotected(values, lines, result.hidden)


def test_after_the_audit_no_small_count_of_linked_tables_is_narrowed():
    """Three tables sharing margins two by two (as new by gender, by referrer and by kommun
    share the new participants), random counts."""
    rng = random.Random(7)
    for _round in range(6):
        values: dict = {}
        lines: list = []
        for name in ("gender", "referrer", "kommun"):
            for r in range(3):
                parts = [rng.choice([0, 1, 2, 3, 6, 9, 14]) for _c in range(3)]
                for c, v in enumerate(parts):
                    values[(name, r, c)] = v
                values[(name, r)] = sum(parts)
        # the rows of the three tables are the same insatser: their totals must agree
        for r in range(3):
            total = values[("gender", r)]
            for name in ("referrer", "kommun"):
                diff = total - values[(name, r)]
                values[(name, r, 0)] += diff if values[(name, r, 0)] + diff >= 0 else 0
                values[(name, r)] = sum(values[(name, r, c)] for c in range(3))
        agreeing = [r for r in range(3)
                    if values[("gender", r)] == values[("referrer", r)] == values[("kommun", r)]]
        for name in ("gender", "referrer", "kommun"):
            for r in range(3):
                lines.append([(name, r, c) for c in range(3)] + [(name, r)])
        for r in agreeing:
            lines += [[("gender", r), ("referrer", r)], [("gender", r), ("kommun", r)]]
        totals = [k for k in values if len(k) == 2]
        result = audit(values, lines, suppress(values, lines, T, totals), T, totals=totals)
        assert result.complete
        assert not _unprotected(values, lines, result.hidden)


def test_showing_needless_partners_again_never_hides_more_nor_unprotects():
    values, lines, totals = _table([[2, 9, 30, 4], [7, 1, 40, 3], [12, 11, 50, 1]])
    start = suppress(values, lines, T, totals)
    untidy = audit(values, lines, start, T, totals=totals, tidy_work=0)
    tidy = audit(values, lines, start, T, totals=totals)
    assert len(tidy.hidden) <= len(untidy.hidden)
    assert not _unprotected(values, lines, tidy.hidden)


def test_milp_alone_protects_the_same_tables_as_the_relaxation_first(monkeypatch):
    values, lines, totals = _table([[2, 9, 30, 4], [7, 1, 40, 3], [12, 11, 50, 1]])
    start = suppress(values, lines, T, totals)
    relaxed = audit(values, lines, start, T, totals=totals)
    monkeypatch.setattr("samsyn.publication.solver._highs", None)
    alone = audit(values, lines, start, T, totals=totals)
    assert relaxed.complete and alone.complete
    assert not _unprotected(values, lines, relaxed.hidden)
    assert not _unprotected(values, lines, alone.hidden)


def test_a_check_milp_leaves_undecided_counts_as_failed_never_as_protected(monkeypatch):
    # No relaxation, and milp stopped by its node limit every time with no solution: nothing
    # is proven, so partners are hidden until time runs out, and no count is left narrowed
    # (the per-line pattern alone leaves one here).
    monkeypatch.setattr("samsyn.publication.solver._highs", None)
    monkeypatch.setattr("samsyn.publication.solver.milp",
                        lambda *args, **kwargs: SimpleNamespace(x=None, status=4))
    values, lines, totals = _table([[2, 9, 30], [7, 1, 40], [12, 11, 50]])
    start = suppress(values, lines, T, totals)
    result = audit(values, lines, start, T, totals=totals, seconds=1)
    assert _unprotected(values, lines, start)
    assert not _unprotected(values, lines, result.hidden)


def test_work_in_a_group_beyond_work_cells_counts_by_its_size_and_below_it_as_before():
    assert weighted(7, 1) == weighted(7, WORK_CELLS) == 7
    assert weighted(7, 3 * WORK_CELLS) == 21
    assert weighted(1, WORK_CELLS + WORK_CELLS // 2) == 1  # whole units, rounded down
