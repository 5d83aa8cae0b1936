"""Turning a Report into JSON, HTML or XLSX. Figures are formatted here and nowhere else."""

import datetime as dt
import io
import json
import re
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from samsyn.reports.charts import bar_svg
from samsyn.reports.document import Cell, Chart, Column, Report, Table
from samsyn.web.formatting import format_number, format_percent


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(report: Report) -> str:
    return json.dumps(report.data, default=_json_default, ensure_ascii=False, indent=2)


def format_cell(value: Cell, kind: str, decimals: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if kind == "money":
        return format_number(value, 0)
    if kind == "percent":
        return format_percent(value, 1 if decimals is None else decimals)
    if kind == "decimal":
        return format_number(value, 2 if decimals is None else decimals)
    return format_number(value)


def _rows(table: Table) -> list[list[tuple[str, bool]]]:
    lines = [dict(r) for r in table.rows]
    if table.total is not None:
        lines.append(table.total)
    return [
        [(format_cell(row.get(c.key), c.kind, c.decimals), c.kind != "text")
         for c in table.columns]
        for row in lines
    ]


def html_context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "tables": [table_context(t) for t in report.tables],
        "charts": [bar_svg(c) for c in report.charts],
    }


def table_context(table: Table) -> dict[str, Any]:
    """One table with its cells formatted, for reports/tables.html and pages that show one."""
    return {"table": table, "rows": _rows(table), "has_total": table.total is not None}


def to_html(report: Report) -> str:
    """A standalone, printable document."""
    return render_to_string("reports/document.html", html_context(report))


def to_pdf(report: Report) -> bytes:
    """The printable document as PDF, with page numbers and embedded fonts."""
    # Imported here: WeasyPrint needs the system's Pango, which only PDF output requires.
    from weasyprint import HTML

    return bytes(HTML(string=to_html(report)).write_pdf())


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:28] or _("Table")
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:25]} ({n})"
        n += 1
    used.add(name.lower())
    return name


_FORMATS = {"int": "#,##0", "money": "#,##0", "decimal": "#,##0.00", "percent": "0.0%"}


def _chart_sheet(workbook: Workbook, chart: Chart, used: set[str]) -> None:
    """The chart's figures as numbers, with Excel's own bar chart drawn from them."""
    from openpyxl.chart import BarChart, Reference

    sheet = workbook.create_sheet(_sheet_title(chart.title, used))
    sheet.append([chart.title])
    sheet["A1"].font = Font(bold=True)
    for label, value in zip(chart.labels, chart.values, strict=True):
        number = value / 100 if value is not None and chart.unit == "percent" else value
        sheet.append([label, number])
        if chart.unit == "percent":
            sheet.cell(row=sheet.max_row, column=2).number_format = "0.0%"
    bars = BarChart()
    bars.type = "bar"
    bars.title = chart.title
    bars.legend = None
    rows = len(chart.labels)
    bars.add_data(Reference(sheet, min_col=2, min_row=2, max_row=rows + 1), titles_from_data=False)
    bars.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=rows + 1))
    sheet.add_chart(bars, "D2")


def _number_format(column: Column) -> str:
    if column.decimals and column.kind in ("percent", "decimal"):
        whole, _dot, _places = _FORMATS[column.kind].partition(".")
        suffix = "%" if column.kind == "percent" else ""
        return f"{whole.rstrip('%')}.{'0' * column.decimals}{suffix}"
    return _FORMATS[column.kind]


def _xlsx_value(value: Cell, column: Column) -> Any:
    if isinstance(value, Decimal) and column.kind == "percent":
        return value / 100
    return value


def to_xlsx(report: Report) -> bytes:
    """One sheet per table; figures are numbers with a number format, never text."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for table in report.tables or [Table(report.title, [], [])]:
        sheet = workbook.create_sheet(_sheet_title(table.title, used))
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append([c.label for c in table.columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        lines = list(table.rows) + ([table.total] if table.total is not None else [])
        for row in lines:
            sheet.append([_xlsx_value(row.get(c.key), c) for c in table.columns])
            for index, column in enumerate(table.columns, start=1):
                if column.kind in _FORMATS:
                    sheet.cell(row=sheet.max_row, column=index).number_format = _number_format(
                        column
                    )
        if table.total is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        for index, column in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(
                12, min(50, len(str(column.label)) + 4)
            )
    for chart in report.charts:
        _chart_sheet(workbook, chart, used)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_docx(report: Report) -> bytes:
    """A Word document of the same tables, for the parts a kansli edits further."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = Document()
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.association_name} · {report.period_start:%Y-%m-%d} – "
                           f"{report.period_end:%Y-%m-%d}")
    if report.counts_people:
        document.add_paragraph(_published_notice(report))
    for heading, text in report.texts:
        document.add_heading(heading, level=1)
        for paragraph in text.split("\n\n"):
            document.add_paragraph(paragraph)
    for warning in report.warnings:
        document.add_paragraph(warning, style="Intense Quote")
    section = ""
    for table in report.tables:
        if table.section and table.section != section:
            section = table.section
            document.add_heading(section, level=1)
        document.add_heading(table.title, level=2)
        rows = _rows(table)
        grid = document.add_table(rows=1 + len(rows), cols=len(table.columns))
        grid.style = "Table Grid"
        for index, column in enumerate(table.columns):
            grid.rows[0].cells[index].text = column.label
        for r, row in enumerate(rows, start=1):
            for c, (text, numeric) in enumerate(row):
                cell = grid.rows[r].cells[c]
                cell.text = text
                if numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if table.note:
            document.add_paragraph(table.note)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _published_notice(report: Report) -> str:
    if report.published:
        return _("Published version: counts below %(n)s are shown as “<%(n)s”.") % {
            "n": report.threshold}
    return _("Office version with exact counts: not for publication.")
