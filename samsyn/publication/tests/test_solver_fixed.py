"""The showing-again pass's shortcut: a cell tried is fixed at its true count in the checker
of its group, not a new system built without it. On random small tables the checker so fixed
(and freed again, cell after cell) says exactly what the attacker's integer programs say of
the system with that cell shown."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from samsyn.participants.tests.attack import cells as attack_cells
from samsyn.participants.tests.attack import solve
from samsyn.publication.audit import HIGH, LOW, Work, _System, as_equation
from samsyn.publication.solver import Group
from samsyn.publication.tests.grids import grid

T = 5
FAR = 1e9


def _table(cells):
    values, lines = grid(cells)
    return values, [as_equation(line) for line in lines]


def _attacked(values, equations, hidden):
    """The sides of the protection range each hidden small count cannot reach, as the
    attacker's integer programs find them."""
    pub = attack_cells.Published(known={k: v for k, v in values.items() if k not in hidden},
                                 hidden=set(hidden), equations=equations)
    return {k: {side for side, fails in ((LOW, i.low > 0), (HIGH, i.high < T)) if fails}
            for k, i in solve.intervals(pub).items() if 0 < values[k] < T}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=4), min_size=2,
                max_size=3).filter(lambda t: len({len(r) for r in t}) == 1),
       st.integers(0, 2**32 - 1))
def test_a_cell_fixed_in_its_group_is_checked_as_if_it_were_shown(cells, seed):
    values, equations = _table(cells)
    rng = random.Random(seed)
    sensitive = {k for k, v in values.items() if 0 < v < T}
    hidden = sensitive | {k for k in values if rng.random() < 0.5}
    system = _System(values, equations, hidden)
    for group in system.groups():
        rows = [system.rows[i] for i in group]
        checker = Group(rows, sensitive, T, solve.CAP, FAR, set(), set(), values, Work())
        for k in [k for k in checker.variables if k not in sensitive]:
            checker.proven(set(), set())
            checker.fix(k)
            found = {m: set(checker.fails(m)) for m in checker.watched}
            checker.free(k)
            truth = _attacked(values, equations, hidden - {k})
            assert found == {m: truth[m] for m in checker.watched}, k
