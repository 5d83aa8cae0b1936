"""What a published or adopted document leaves out of the kansli's comparisons.

A typed figure stands beside the books' in a column "enligt dokumentet" (docs/fidelity.md) so
that the kansli sees each difference before the board adopts the document. A difference that
only rounding explains (samsyn/finance/rounding.py) is no error, so once the document is
published or adopted such a pair would only be noise: the typed cell is left empty, and a
column left with no figure is left out. A typed figure that differs by more than rounding
stays where it is.
"""

from decimal import Decimal

from samsyn.finance.rounding import rounding_only
from samsyn.reports.document import Table

# A typed column and the computed column it stands beside: the statements' years
# (finance.reports._typed_column) and the costs by kind (builders.cost_split).
TYPED_BESIDE = {"typed_current": "current", "typed_previous": "previous", "typed": "amount"}


def _noise(typed: object, computed: object) -> bool:
    if not isinstance(typed, Decimal) or not isinstance(computed, Decimal):
        return typed is None
    return typed == computed or rounding_only(typed, computed)


def drop_rounding_only(tables: list[Table]) -> None:
    """Empty each typed cell that equals its computed one or differs only by rounding, and
    leave out a typed column with nothing left in it (in place: the document's sections hold
    the same tables)."""
    for table in tables:
        keys = [c.key for c in table.columns]
        lines = [*table.rows, *([table.total] if table.total is not None else [])]
        dropped = set()
        for typed_key, computed_key in TYPED_BESIDE.items():
            if typed_key not in keys or computed_key not in keys:
                continue
            if all(_noise(line.get(typed_key), line.get(computed_key)) for line in lines):
                dropped.add(typed_key)
                continue
            # New rows in a new list: the part's own report, kept for the build, shares them.
            table.rows = [{**line, typed_key: None}
                          if _noise(line.get(typed_key), line.get(computed_key)) else line
                          for line in table.rows]
            if table.total is not None and _noise(table.total.get(typed_key),
                                                  table.total.get(computed_key)):
                table.total = {**table.total, typed_key: None}
        if dropped:
            # A new list: the notes share one list of columns.
            table.columns = [c for c in table.columns if c.key not in dropped]
