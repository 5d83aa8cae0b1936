"""A document shows no empty part as if it were content.

A table with no rows, or whose every figure is 0 or not known, becomes its title and one line
saying that nothing of it is recorded; a column with no figure in any row is left out (a
result column where nothing was measured, an invoiced column where nothing was invoiced).
"""

import dataclasses
from decimal import Decimal

from django.utils.translation import gettext as _

from samsyn.reports.document import NO_FIGURE, Cell, Chart, Table

BLANK: tuple[Cell, ...] = (None, "", NO_FIGURE)


def _blank(value: Cell) -> bool:
    return value in BLANK


def _nothing(value: Cell) -> bool:
    return value in BLANK or (isinstance(value, int | Decimal) and value == 0)


def tidy(table: Table, why: str = "") -> Table:
    """The table without its empty columns, or only its title and why, if nothing is in it.

    `why` says what is missing and why, where the caller knows better than "nothing of it is
    recorded for the period".
    """
    if not table.columns:
        return table
    lines = [*table.rows, *([table.total] if table.total is not None else []), *table.footer]
    others = table.columns[1:]
    figures = [c for c in others if c.kind != "text"]
    texts = [c for c in others if c.kind == "text"]
    empty_rows = not table.rows
    all_zero = bool(figures) and all(_nothing(line.get(c.key)) for line in lines
                                     for c in figures) and all(
        _blank(line.get(c.key)) for line in lines for c in texts)
    if empty_rows or all_zero:
        said = why or (_("Nothing of it is recorded for the period.") if empty_rows else _(
            "Every figure is 0 or not known: nothing of it is recorded for the period."))
        note = " ".join(p for p in (said, table.note) if p)
        return dataclasses.replace(table, columns=[], rows=[], total=None, footer=[],
                                   note=note)
    kept = [c for c in others if not all(_blank(line.get(c.key)) for line in lines)]
    if not kept or len(kept) == len(others):
        return table
    return dataclasses.replace(table, columns=[table.columns[0], *kept])


def trim(chart: Chart) -> Chart:
    """The chart without a series or a label that has no figure at all: bars of "no figure"
    for women and men where only totals are known read as a result."""
    width = max(len(chart.series), 1)
    rows = chart.rows()
    keep_series = [i for i in range(width) if any(r[i] is not None for r in rows)]
    keep_labels = [n for n, r in enumerate(rows) if any(r[i] is not None for i in keep_series)]
    if not chart.series and len(keep_labels) == 2 and rows[keep_labels[0]] == rows[keep_labels[1]]:
        # A split whose one known part is the whole ("gender not stated" and "all" alike)
        # tells nothing the total does not.
        keep_labels = keep_labels[1:]
    if len(keep_series) == width and len(keep_labels) == len(rows):
        return chart
    return dataclasses.replace(
        chart, labels=[chart.labels[n] for n in keep_labels],
        values=[rows[n][i] for n in keep_labels for i in keep_series],
        series=[chart.series[i] for i in keep_series] if chart.series else [])
