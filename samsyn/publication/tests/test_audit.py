"""The audit: after it, no small count can be narrowed below its protection range by any
combination of the equations, as the attacker of participants/tests/attack/ finds them."""

import random
import time
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samsyn.participants.tests.attack import cells as attack_cells
from samsyn.participants.tests.attack import solve
from samsyn.publication import audit as audit_module
from samsyn.publication.audit import as_equation, audit
from samsyn.publication.suppression import grid_constraints, suppress

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
    rows, cols = range(len(cells)), range(len(cells[0]))
    values = {("c", r, c): cells[r][c] for r in rows for c in cols}
    values |= {("r", r): sum(cells[r]) for r in rows}
    values |= {("k", c): sum(cells[r][c] for r in rows) for c in cols}
    values["g"] = sum(map(sum, cells))
    lines = grid_constraints(list(rows), list(cols), lambda r, c: ("c", r, c),
                             lambda r: ("r", r), lambda c: ("k", c), "g")
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
    untidy = audit(values, lines, start, T, totals=totals, tidy_seconds=0)
    tidy = audit(values, lines, start, T, totals=totals)
    assert len(tidy.hidden) <= len(untidy.hidden)
    assert not _unprotected(values, lines, tidy.hidden)


def test_milp_alone_protects_the_same_tables_as_the_relaxation_first(monkeypatch):
    values, lines, totals = _table([[2, 9, 30, 4], [7, 1, 40, 3], [12, 11, 50, 1]])
    start = suppress(values, lines, T, totals)
    relaxed = audit(values, lines, start, T, totals=totals)
    monkeypatch.setattr("samsyn.publication.audit._highs", None)
    alone = audit(values, lines, start, T, totals=totals)
    assert relaxed.complete and alone.complete
    assert not _unprotected(values, lines, relaxed.hidden)
    assert not _unprotected(values, lines, alone.hidden)


def test_a_check_milp_leaves_undecided_counts_as_failed_never_as_protected(monkeypatch):
    # No relaxation, and milp stopped by SOLVE_SECONDS every time with no solution: nothing
    # is proven, so partners are hidden until time runs out, and no count is left narrowed
    # (the per-line pattern alone leaves one here).
    monkeypatch.setattr("samsyn.publication.audit._highs", None)
    monkeypatch.setattr("samsyn.publication.audit.milp",
                        lambda *args, **kwargs: SimpleNamespace(x=None, status=1))
    values, lines, totals = _table([[2, 9, 30], [7, 1, 40], [12, 11, 50]])
    start = suppress(values, lines, T, totals)
    result = audit(values, lines, start, T, totals=totals, seconds=1)
    assert _unprotected(values, lines, start)
    assert not _unprotected(values, lines, result.hidden)


def _model(values, lines, hidden):
    equations = [as_equation(line) for line in lines]
    cap = 2 * max(values.values()) + 2 * T
    return audit_module._Model(values, equations, set(hidden), T, cap, time.monotonic() + 60)


def test_a_count_that_cannot_grow_fails_with_the_equation_that_pins_it_and_takes_its_partner():
    # 3 + 1 + 20 = 24 with 3 and 1 hidden: 1 cannot reach 5 (3 would be -1), and the line is
    # the proof; freeing 20 gives it room, freeing the total 24 too, but a part comes first.
    values = {"a": 3, "b": 1, "c": 20, "t": 24}
    model = _model(values, [["a", "b", "c", "t"]], {"a", "b"})
    failure = model.check(model.index["b"], audit_module.HIGH)
    assert isinstance(failure, audit_module._Failure) and failure.weights is not None
    assert failure.gap > 0
    order = {k: i for i, k in enumerate(values)}
    assert audit_module._certified_partner(failure, model, values, {"t"}, order) == "c"


def test_a_check_that_holds_gives_a_witness_in_integers_that_satisfies_every_line():
    values = {"a": 3, "b": 1, "c": 20, "t": 24}
    model = _model(values, [["a", "b", "c", "t"]], {"a", "b", "c"})
    found = model.check(model.index["b"], audit_module.HIGH)
    assert not isinstance(found, audit_module._Failure)
    x = dict(zip(model.cells, found.tolist(), strict=True))
    assert x["b"] >= T and x["a"] + x["b"] + x["c"] == x["t"] == 24


@settings(max_examples=25, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=2, max_size=4), min_size=2,
                max_size=4).filter(lambda t: len({len(r) for r in t}) == 1))
def test_a_certificate_proves_its_failure_and_its_partner_breaks_it(cells):
    """Every certificate read is a proof over the bounds (its combination of the lines cannot
    reach 0), and the partner chosen from it frees a cell that the combination weighs, in the
    direction that lets it reach 0."""
    values, lines, totals = _table(cells)
    hidden = suppress(values, lines, T, totals)
    model = _model(values, lines, hidden)
    order = {k: i for i, k in enumerate(values)}
    for k in sorted(hidden, key=order.__getitem__):
        if not 0 < values[k] < T or k not in model.index:
            continue
        for side in (audit_module.LOW, audit_module.HIGH):
            failure = model.check(model.index[k], side)
            if not isinstance(failure, audit_module._Failure) or failure.weights is None:
                continue
            lower, upper = model.lower.copy(), model.upper.copy()
            i = model.index[k]
            if side == audit_module.LOW:
                upper[i] = 0
            else:
                lower[i] = T
            w = failure.weights
            best = np.where(w > 0, w * upper, w * lower).sum()
            assert best == pytest.approx(-failure.gap) and failure.gap > 0
            partner = audit_module._certified_partner(failure, model, values, set(totals),
                                                      order)
            if partner is not None:
                j = model.index[partner]
                assert partner not in hidden and w[j] != 0
                assert (w[j] > 0 and values[partner] < model.cap) or (
                    w[j] < 0 and values[partner] > 0)
