"""A report as an XLSX workbook: a contents sheet, then one sheet per table.

The only module of the reports that imports openpyxl; `render.to_xlsx` loads it by its dotted
path (`render.XLSX_WRITER`) on the first workbook, so a process that never writes one (every
command, most requests) does not import openpyxl, numpy and Pillow.
"""

import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import Cell, Chart, Column, Report, Table
from samsyn.reports.render import (
    drawn,
    hidden_note,
    neutralise,
    notice,
    rounding_sentence,
    short_notice,
    shows_checks,
)
from samsyn.reports.sheet_names import sheet_name


def _sheet_title(title: str, used: set[str], number: int = 0, part: str = "") -> str:
    """A sheet name Excel takes, unique in the workbook and never cut mid-word: the title,
    abbreviated or cut after a word where it is too long (sheet_names.py), an untitled
    table's part, else "Tabell 7", the table's place; the sheet's first cell and the contents
    sheet give the whole title."""
    return sheet_name(title, used, number or len(used) + 1,
                      _("Table %(n)s") % {"n": number or len(used) + 1}, part)


_FORMATS = {"int": "#,##0", "money": "#,##0", "decimal": "#,##0.00", "percent": "0.0%"}


def _number_format(column: Column) -> str:
    if column.decimals is not None and column.kind in ("percent", "decimal"):
        places = "." + "0" * column.decimals if column.decimals else ""
        return f"#,##0{places}" if column.kind == "decimal" else f"0{places}%"
    return _FORMATS[column.kind]


def _xlsx_value(value: Cell, column: Column) -> Any:
    if value == HIDDEN and column.kind != "text":
        return None  # an empty cell with a comment (to_xlsx), never text among numbers
    if isinstance(value, Decimal) and column.kind == "percent":
        return value / 100
    if isinstance(value, str):
        return neutralise(value)
    return value


def _text(value: object) -> str:
    return neutralise(str(value))


def _chart_on_sheet(sheet: Worksheet, chart: Chart, anchor_row: int) -> None:
    """The chart's figures as numbers under the table, and Excel's own bar chart from them."""
    series = chart.series or [chart.title]
    sheet.append([])
    sheet.append([_text(chart.title)])
    sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append(["", *[_text(s) for s in series]])
    first = sheet.max_row + 1
    for label, row in zip(chart.labels, chart.rows(), strict=True):
        sheet.append([_text(label), *[v / 100 if v is not None and chart.unit == "percent"
                                      else v for v in row]])
        if chart.unit == "percent":
            for c in range(2, len(series) + 2):
                sheet.cell(row=sheet.max_row, column=c).number_format = "0.0%"
    bars = BarChart()
    bars.type = "bar"
    bars.title = chart.title
    if len(series) == 1:
        bars.legend = None
    last = first + len(chart.labels) - 1
    bars.add_data(Reference(sheet, min_col=2, max_col=len(series) + 1, min_row=first - 1,
                            max_row=last), titles_from_data=True)
    bars.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    sheet.add_chart(bars, f"{get_column_letter(max(sheet.max_column, 2) + 2)}{anchor_row}")


def to_xlsx(report: Report) -> bytes:
    """A contents sheet, then one sheet per table; figures are numbers with a number format.

    A chart goes on the sheet of its part's last table, with its figures and an Excel chart.
    """
    workbook = Workbook()
    used: set[str] = set()
    contents = workbook.active
    contents.title = _sheet_title(_("Contents"), used)
    contents.append([_text(report.title)])
    contents["A1"].font = Font(bold=True, size=14)
    contents.append([_text(report.association_name)])
    contents.append([f"{report.period_start:%Y-%m-%d} – {report.period_end:%Y-%m-%d}"])
    if notice(report):
        contents.append([notice(report)])
        contents.cell(row=contents.max_row, column=1).font = Font(bold=True)
    for warning in report.warnings:
        contents.append([_text(warning)])
    if shows_checks(report):
        contents.append([_("Appendix: the kansli's checks")])
        contents.cell(row=contents.max_row, column=1).font = Font(bold=True)
        for check in report.checks:
            contents.append([_text(check)])
        if report.rounding:
            contents.append([rounding_sentence(len(report.rounding))])
    contents.append([])
    contents.append([_("Sheet"), _("Part"), _("Table")])
    for cell in contents[contents.max_row]:
        cell.font = Font(bold=True)
    contents.column_dimensions["A"].width = 34
    contents.column_dimensions["B"].width = 34
    contents.column_dimensions["C"].width = 60
    tables = report.tables or [Table(report.title, [], [])]
    last_of_section = {t.section: i for i, t in enumerate(tables)}
    for position, table in enumerate(tables):
        sheet = workbook.create_sheet(_sheet_title(table.title, used, position + 1, table.section))
        contents.append([sheet.title, _text(table.section), _text(table.title)])
        link = contents.cell(row=contents.max_row, column=1)
        link.hyperlink = f"#'{sheet.title}'!A1"
        link.style = "Hyperlink"
        sheet.append([_text(table.title)])
        sheet["A1"].font = Font(bold=True)
        if notice(report):
            sheet.append([short_notice(report)])
        sheet.append([_text(c.label) for c in table.columns])
        header = sheet.max_row
        for cell in sheet[header]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.freeze_panes = f"B{header + 1}"
        lines = list(table.rows) + ([table.total] if table.total is not None else [])
        for row in lines:
            sheet.append([_xlsx_value(row.get(c.key), c) for c in table.columns])
            for index, column in enumerate(table.columns, start=1):
                if row.get(column.key) == HIDDEN and column.kind != "text":
                    sheet.cell(row=sheet.max_row, column=index).comment = Comment(
                        hidden_note(table), "Samsyn")
                if column.kind in _FORMATS:
                    sheet.cell(row=sheet.max_row, column=index).number_format = _number_format(
                        column
                    )
        if table.total is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if table.note or hidden_note(table):
            sheet.append([])
        if table.note:
            sheet.append([_text(table.note)])
        if hidden_note(table):
            sheet.append([_text(hidden_note(table))])
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(
                12, min(40, len(str(column.label)) + 4)
            )
        if last_of_section.get(table.section) == position:
            for chart in drawn(report):
                if chart.section == table.section or (
                        position == len(tables) - 1 and chart.section not in last_of_section):
                    _chart_on_sheet(sheet, chart, header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
