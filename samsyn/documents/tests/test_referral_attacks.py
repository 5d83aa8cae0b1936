"""A published referral table cannot be solved for: the independent attacker
(participants/tests/attack, which shares no code with publication/) reads the printed grid,
takes its rows and columns as equations and finds the least and greatest value of each hidden
cell by integer programming. No count from 1 to N − 1 may come out narrower than 0 … N."""

import random

import pytest

from samsyn.associations.access import Scope
from samsyn.associations.models import Member
from samsyn.documents.referrals import referral_tables
from samsyn.participants.models import ReferralCount
from samsyn.participants.tests.attack import solve
from samsyn.participants.tests.attack.cells import Published
from samsyn.reports.document import ReportParams

# Integer programs over every view, minutes of CPU: not in make test-fast.
pytestmark = pytest.mark.slow

KOMMUNER = ("Ankeby", "Bodby", "Cederby", "Dalby")
GENDERS = ("kvinna", "man")


def _world(alfa, rng: random.Random) -> dict[tuple[str, str], int]:
    kommuner = [Member.objects.get_or_create(association=alfa.association, name=name,
                                             defaults={"kind": "kommun"})[0]
                for name in KOMMUNER]
    ReferralCount.objects.filter(intervention=alfa.intervention).delete()
    truth: dict[tuple[str, str], int] = {}
    for kommun in kommuner:
        for gender in GENDERS:
            count = rng.choice((0, 1, 2, 3, 4, 6, 9, 14))
            truth[(gender, kommun.name)] = count
            if count:
                ReferralCount.objects.create(
                    intervention=alfa.intervention, period_start="2022-01-01",
                    period_end="2022-12-31", municipality=kommun, gender=gender, count=count)
    return truth


def _read(table) -> tuple[Published, dict]:
    """The printed grid as the attacker sees it: a key per (row, column), the row and column
    sums as equations."""
    pub = Published()
    columns = [c.key for c in table.columns if c.key != "gender"]
    rows = [*table.rows, table.total]
    for r, row in enumerate(rows):
        for c in columns:
            pub.see((r, c), row[c])
    last_row, last_column = len(rows) - 1, columns[-1]
    for r in range(len(rows)):
        pub.equations.append({**{(r, c): 1 for c in columns[:-1]}, (r, last_column): -1})
    for c in columns:
        pub.equations.append({**{(r, c): 1 for r in range(last_row)}, (last_row, c): -1})
    return pub, {"columns": columns, "rows": rows}


@pytest.mark.parametrize("seed", range(8))
def test_no_small_referral_count_is_narrowed_by_the_rows_and_columns(alfa, seed):
    threshold = alfa.association.suppression_threshold
    truth = _world(alfa, random.Random(seed))
    params = ReportParams.for_year(Scope.system(alfa.association), 2022, publish=True)
    (table,) = referral_tables(params).tables
    pub, shape = _read(table)
    labels = [c.label for c in table.columns if c.key != "gender"]
    exact = {}
    for r, g in enumerate(GENDERS):
        for i, name in enumerate(labels[:-1]):
            exact[(r, shape["columns"][i])] = truth[(g, name)]
    assert pub.hidden, "a world with small counts hides some"
    found = solve.intervals(pub)
    assert solve.narrowed(found, exact, threshold) == []
