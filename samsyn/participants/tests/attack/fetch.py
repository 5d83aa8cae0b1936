"""Every participants view a role may ask for, downloaded as that role through the test client.

For each period the report page offers (the year, its halves, its tertials and January–August,
its months: a period the förbund does not publish is refused and skipped) and for the report
unfiltered and filtered to each insats (`?intervention=`): the JSON (`?format=json`) and, for
the tables by kommun and age group that the JSON leaves out, the Excel file (`?format=xlsx`).
"""

import io
import json
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from samsyn.participants.codes import ExitReason, Gender, Referrer
from samsyn.participants.tests.attack.cells import TOTAL, View

GRID_TITLES = {
    "kref": "New participants by referrer and kommun",
    "kexit": "Finished participations by exit reason and kommun",
    "age": "New participants by age group",
}


def periods_of(year: int) -> list[str]:
    return [str(year), f"{year}H1", f"{year}H2", f"{year}T1-2", f"{year}T1", f"{year}T2",
            f"{year}T3", *(f"{year}-{m:02d}" for m in range(1, 13))]


def _labels() -> tuple[dict[str, str], dict[str, str]]:
    """The grids' printed titles and column labels (as the Swedish pages print them) → keys."""
    with translation.override("sv"):
        titles = {str(translation.gettext(t)): name for name, t in GRID_TITLES.items()}
        columns = {str(label): code for choices in (Referrer, ExitReason, Gender)
                   for code, label in choices.choices}
        columns[str(translation.gettext("Total"))] = "total"
        total_row = str(translation.gettext("Total"))
    columns["__total_row__"] = total_row
    return titles, columns


def grids_of(xlsx: bytes) -> dict[str, dict[tuple[str, str], object]]:
    """The kommun and age tables of a report's Excel file: (row label, column code) → cell.
    A hidden cell is whatever is not a number (text, or an empty cell in a count column)."""
    titles, columns = _labels()
    total_row = columns["__total_row__"]
    book = load_workbook(io.BytesIO(xlsx))
    found: dict[str, dict[tuple[str, str], object]] = {}
    for sheet in book.worksheets:
        name = titles.get(str(sheet["A1"].value or ""))
        if name is None:
            continue
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        header_at = next(i for i, r in enumerate(rows) if r and r[-1] == total_row)
        header = rows[header_at]
        cells: dict[tuple[str, str], object] = {}
        for row in rows[header_at + 1:]:
            if not row or row[0] is None:
                break
            label = TOTAL if row[0] == total_row else str(row[0])
            for head, value in zip(header[1:], row[1:], strict=True):
                cells[(label, columns[str(head)])] = value
        found[name] = cells
    return found


def views(client: Any, association: str, year: int, interventions: Iterable[str] = (),
          periods: Iterable[str] | None = None, xlsx: bool = True) -> list[View]:
    """Every view the logged-in client may download; refused ones (400, 409) are skipped."""
    url = reverse("report_view", args=[association, "participants"])
    found: list[View] = []
    for period in (periods_of(year) if periods is None else periods):
        for slug in [None, *interventions]:
            query: dict[str, Any] = {"year": year, "period": period, "format": "json"}
            if slug is not None:
                query["intervention"] = slug
            response = client.get(url, query)
            if response.status_code in (400, 409):
                continue
            if response.status_code != 200:
                raise AssertionError(f"{period} {slug}: {response.status_code}")
            data = json.loads(response.content)
            grids = {}
            if xlsx:
                sheet = client.get(url, {**query, "format": "xlsx"})
                grids = grids_of(sheet.content)
            found.append(View(period, slug, data, grids))
    return found
