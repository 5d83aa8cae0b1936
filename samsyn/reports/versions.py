"""Frozen reports: the figures as decided, and what has changed in the records since."""

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from samsyn.reports.document import Report
from samsyn.reports.render import format_cell


def figures_of(report: Report) -> dict[str, str]:
    """Every cell of every table, formatted, under "table › row › column"."""
    found: dict[str, str] = {}
    for table in report.tables:
        lines = list(table.rows) + ([table.total] if table.total is not None else [])
        first = table.columns[0].key if table.columns else ""
        for index, row in enumerate(lines):
            label = str(row.get(first) or index)
            for column in table.columns[1:]:
                value = format_cell(row.get(column.key), column.kind, column.decimals)
                found[f"{table.title} › {label} › {column.label}"] = value
    return found


@dataclass(frozen=True)
class Change:
    where: str
    then: str
    now: str


def changes(frozen: dict[str, Any], report: Report) -> list[Change]:
    now = figures_of(report)
    keys = list(dict.fromkeys([*frozen, *now]))
    return [Change(k, str(frozen.get(k, "")), now.get(k, "")) for k in keys
            if str(frozen.get(k, "")) != now.get(k, "")]


def frozen_json(report: Report) -> str:
    return json.dumps(figures_of(report), ensure_ascii=False)


def swedish_date(day: dt.date) -> str:
    """"22 mars 2023", as Swedish prose writes a date."""
    months = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december")
    return f"{day.day} {months[day.month - 1]} {day.year}"
