"""Frozen reports: the figures as decided, and what has changed in the records since.

A figure is kept under a stable key, "table key/row/column key": the table's key names its
part and place; the row its `_key` where a builder gives one, else (since format 3) its
`_row`, the insats, kommun, group or goal it is of, else its place in the table; the column
its key. Text columns are not figures and are not kept. A row of an insats keyed by its place
would meet another insats's row once the set of rows changes (an insats's first exit adds a
row), so rows carry `_row`; versions frozen under format 2 are still compared by place, as
they were kept. No translated label is part of a key, so a version frozen in Swedish compares
with the same document read in English and shows no differences. The labels a person reads
are kept beside the figures, to say where a difference is.
"""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from samsyn.reports.document import Report
from samsyn.reports.render import format_cell

FORMAT = 3
META = ("__format__", "__published__", "__labels__", "__texts__")


def _cells(report: Report, format_: int = FORMAT) -> list[tuple[str, str, str]]:
    """(stable key, where a person reads it, formatted value) for every figure of the report,
    keyed as versions of `format_` keep them."""
    found = []
    for position, table in enumerate(report.tables):
        table_key = table.key or f"t{position}"
        lines = list(table.rows) + ([table.total] if table.total is not None else [])
        total_at = len(lines) - 1 if table.total is not None else -1
        lines += table.footer
        first = table.columns[0].key if table.columns else ""
        for index, row in enumerate(lines):
            own = row.get("_key") or (row.get("_row") if format_ >= 3 else None)
            row_key = str(own or ("total" if index == total_at else f"#{index}"))
            label = str(row.get(first) or index)
            # Figures only: a text column (a goal's wording, "ja"/"yes") is read, not counted.
            for column in (c for c in table.columns[1:] if c.kind != "text"):
                found.append((f"{table_key}/{row_key}/{column.key}",
                              f"{table.title} › {label} › {column.label}",
                              format_cell(row.get(column.key), column.kind, column.decimals)))
    return found


def figures_of(report: Report) -> dict[str, Any]:
    """What a frozen version keeps: every figure by stable key, and where each is shown."""
    cells = _cells(report)
    # The texts a person wrote are kept with the version as they were when it was decided.
    return {"__format__": FORMAT, "__labels__": {k: where for k, where, _v in cells},
            "__texts__": [[h, t] for h, t in [*report.texts, *report.closing_texts]],
            **{k: value for k, _where, value in cells}}


def _legacy_figures(report: Report) -> dict[str, str]:
    """Versions frozen before keys were stable were kept under "table › row › column"."""
    return {where: value for _k, where, value in _cells(report)}


@dataclass(frozen=True)
class Change:
    where: str
    then: str
    now: str


def changes(frozen: dict[str, Any], report: Report) -> list[Change]:
    kept = frozen.get("__format__")
    if kept not in (2, FORMAT):
        now_legacy = _legacy_figures(report)
        old = {k: v for k, v in frozen.items() if k not in META}
        keys = list(dict.fromkeys([*old, *now_legacy]))
        return [Change(k, str(old.get(k, "")), now_legacy.get(k, "")) for k in keys
                if str(old.get(k, "")) != now_legacy.get(k, "")]
    cells = _cells(report, kept)
    now = {k: value for k, _w, value in cells}
    where = {**frozen.get("__labels__", {}), **{k: w for k, w, _v in cells}}
    old = {k: v for k, v in frozen.items() if k not in META}
    keys = list(dict.fromkeys([*old, *now]))
    return [Change(where.get(k, k), str(old.get(k, "")), now.get(k, "")) for k in keys
            if str(old.get(k, "")) != now.get(k, "")]


def frozen_json(report: Report) -> str:
    return json.dumps(figures_of(report), ensure_ascii=False)


def swedish_date(day: dt.date) -> str:
    """"22 mars 2023", as Swedish prose writes a date."""
    months = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december")
    return f"{day.day} {months[day.month - 1]} {day.year}"
