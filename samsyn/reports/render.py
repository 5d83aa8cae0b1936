"""Turning a Report into JSON, HTML, PDF, XLSX or DOCX. Figures are formatted here only.

One format table (`FORMATS`) and one notice (`notice`) serve every format, so a download says
the same thing whichever a reader picks.
"""

import datetime as dt
import hashlib
import io
import json
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samsyn.publication.suppression import HIDDEN
from samsyn.reports import charts as drawing
from samsyn.reports import glyphs
from samsyn.reports.document import Cell, Chart, Column, Report, Section, Table
from samsyn.web.formatting import format_number, format_percent


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def to_json(report: Report) -> str:
    return json.dumps(report.data, default=_json_default, ensure_ascii=False, indent=2)


def drawn(report: Report) -> list[Chart]:
    """The charts with something to draw: one whose every value is no figure would be empty
    axes, which a reader takes for zeros, so it is left out (its tables say why)."""
    return [c for c in report.charts if c.has_values]


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


def _rows(table: Table, columns: list[Column] | None = None) -> list[list[tuple[str, bool]]]:
    lines = [dict(r) for r in table.rows]
    if table.total is not None:
        lines.append(table.total)
    lines.extend(table.footer)
    return [
        [(format_cell(row.get(c.key), c.kind, c.decimals), c.kind != "text")
         for c in (columns or table.columns)]
        for row in lines
    ]


# What fits across an A4 page in portrait (180 mm of 9 pt DejaVu Sans), in characters. A
# table wider than that is printed in column groups, each with the row labels repeated, so
# no column is ever cut at the page's edge.
LINE_CHARS = 92
TEXT_COLUMN_CHARS = 28
LABEL_COLUMN_CHARS = 20


def _longest_word(text: str) -> int:
    return max((len(w) for w in text.split()), default=0)


def _figure_width(text: str) -> float:
    """A figure's width in average characters: a digit 1.15, a space 0.6 (DejaVu Sans)."""
    return sum(1.15 if c.isdigit() else 0.6 if c in " \u00a0" else 1.0 for c in text)


def _column_width(column: Column, texts: list[str], first: bool) -> int:
    """The characters a column needs: numbers never wrap, text wraps between words."""
    header = str(column.label)
    if column.kind != "text":
        # Digits are wider than the average letter and the thousands' spaces narrower; a header
        # wraps between words only, never hyphenated ("Ne-ga-tivt"), so its longest word (in
        # bold) must fit whole.
        figures = max([_figure_width(t) for t in texts] + [4 * 1.15])
        return round(max(figures, _longest_word(header) * 1.05)) + 2
    cap = LABEL_COLUMN_CHARS if first else TEXT_COLUMN_CHARS
    widest = max([len(t) for t in texts] + [len(header), 4])
    words = max([_longest_word(t) for t in texts] + [_longest_word(header)])
    return max(min(widest, cap), words) + 2


def column_groups(table: Table,
                  rows: list[list[tuple[str, bool]]] | None = None) -> list[list[Column]]:
    """The table's columns in groups that fit the page, the first column starting each and
    the others in their order, each in one group.
    `rows`: the table's formatted rows (_rows), where the caller has them already."""
    if len(table.columns) < 3:
        return [list(table.columns)]
    rows = _rows(table) if rows is None else rows
    widths = [_column_width(c, [r[i][0] for r in rows], i == 0)
              for i, c in enumerate(table.columns)]
    label, rest = table.columns[0], list(enumerate(table.columns))[1:]
    groups: list[list[Column]] = []
    current: list[Column] = []
    used = widths[0]
    for index, column in rest:
        if current and used + widths[index] > LINE_CHARS:
            groups.append([label, *current])
            current, used = [], widths[0]
        current.append(column)
        used += widths[index]
    groups.append([label, *current])
    return groups


def hidden_note(table: Table) -> str:
    """The line under a table with hidden cells that says what their mark means."""
    lines = [*table.rows, *([table.total] if table.total is not None else [])]
    numeric = [c.key for c in table.columns if c.kind != "text"]
    if any(row.get(key) == HIDDEN for row in lines for key in numeric):
        return _("%(mark)s = hidden to protect individuals") % {"mark": HIDDEN}
    return ""


def notice(report: Report) -> str:
    """Whom the figures are for: said once on the cover, and in every page's footer."""
    if not report.counts_people:
        return ""
    if report.published:
        return _("Published version: counts from 1 to %(n)s are hidden, and enough other "
                 "cells that none of them can be worked out from everything published; a "
                 "hidden cell is marked “%(mark)s”.") % {"n": report.threshold - 1,
                                                         "mark": HIDDEN}
    return _("Office version with exact counts: not for publication.")


def short_notice(report: Report) -> str:
    if not report.counts_people:
        return ""
    if report.published:
        return _("Published version")
    return _("Office version: not for publication")


def html_context(report: Report) -> dict[str, Any]:
    """The report for reports/tables.html: its parts in order, each with its tables, then the
    charts that belong to it (a chart of no part comes after every table)."""
    # A numbered document shows its tables through its outline alone (outline.html).
    tables = [] if report.outline else [table_context(t) for t in report.tables]
    parts: list[dict[str, Any]] = []
    for t in tables:
        if not parts or t["table"].section:
            parts.append({"section": t["table"].section, "tables": [], "charts": []})
        parts[-1]["tables"].append(t)
    if not parts:
        parts.append({"section": "", "tables": [], "charts": []})
    homes = {p["section"]: p for p in parts if p["section"]}
    if not report.outline:
        for chart in drawn(report):
            homes.get(chart.section, parts[-1])["charts"].append(drawing.figure_html(chart))
    return {
        "report": report,
        "notice": notice(report),
        "short_notice": short_notice(report),
        "tables": tables,
        "parts": parts,
        "outline": outline_context(report),
        "show_checks": shows_checks(report),
        "rounding_text": rounding_sentence(len(report.rounding)) if report.rounding else "",
    }


# Part of the key of a cached rendering: raised when the tables' templates or their
# formatting change, so no rendering of an earlier markup is served.
TABLES_REVISION = 5


def tables_html(report: Report) -> SafeString:
    """reports/tables.html for the report, kept in the cache under the report's own content.

    The markup is a function of the report alone (and the language and the templates' revision),
    so the key is a hash of the report as pickled: a report that has not changed since it was
    last shown, in any process, is not formatted, drawn or rendered again, and a changed one
    has another key. Nothing needs to be made stale.
    """
    what = hashlib.sha256(_shown_by(report) if _drawn(report)
                          else pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
                          ).hexdigest()
    key = f"samsyn-report-tables:{TABLES_REVISION}:{translation.get_language()}:{what}"
    found = cache.get(key)
    if found is None:
        found = render_to_string("reports/tables.html", html_context(report))
        cache.set(key, found, TABLES_SECONDS)
    return mark_safe(found)  # noqa: S308 - our own template's output, escaped by it


TABLES_SECONDS = 24 * 3600


def _drawn(report: Report) -> bool:
    return bool(report.outline) and any(isinstance(t, DrawnTable) for t in report.tables)


def _shown_by(report: Report) -> bytes:
    """What reports/tables.html shows of a numbered document of drawn tables, as bytes to
    hash: its sections with their tables' markup, not the document's data (the parts'
    figures for JSON, which pickle slowly and are not on the page)."""
    return _pickled((
        report.warnings, report.checks, report.rounding, report.published, report.adopted,
        report.decision,
        [(s.number, str(s.title), s.level, s.text, s.missing, s.signatures,
          [(str(t.title), t.alone, t.repeating) if isinstance(t, DrawnTable) else t
           for t in s.tables], s.charts) for s in report.outline]))


def shows_checks(report: Report) -> bool:
    """The kansli's checks are printed in the office version before the board adopts it:
    never in a published version, nor once a version is frozen as adopted."""
    return bool(report.checks or report.rounding) and not report.published \
        and not report.adopted


def outline_context(report: Report) -> list[dict[str, Any]]:
    """The numbered sections, each with its tables formatted and its charts drawn; a table's
    caption is hidden where it only repeats its section's heading."""
    return [{"section": section, "body": section_body(section)} for section in report.outline]


@dataclass
class DrawnTable(Table):
    """A table as a page shows it, drawn when its part of a document was built: its markup
    standing alone and under a section heading that it repeats (section_body), not its rows.
    A page keeps a document's parts drawn (documents.builders._document), so the first view
    after a write joins the parts it did not build again from markup, rather than reading
    their rows back and formatting and hashing them. Nothing but that page's markup reads
    one: it has no figures."""

    # What reports/_table.html gives for the table, with repeats_heading false and true.
    alone: str = ""
    repeating: str = field(default="", repr=False)


def drawn_table(table: Table) -> DrawnTable:
    """The table drawn, once for each way a section can show it; the markup kept in the
    cache under a hash of the table (as section_body keeps a section's), so a part built
    again with the same figures is not formatted again."""
    what = hashlib.sha256(_pickled(table)).hexdigest()
    key = f"samsyn-report-table:{TABLES_REVISION}:{translation.get_language()}:{what}"
    found = cache.get(key)
    if found is None:
        context = table_context(table)
        alone = render_to_string("reports/_table.html",
                                 {"t": {**context, "repeats_heading": False}})
        # A table of several column groups always keeps its caption (section_body).
        found = (alone, render_to_string("reports/_table.html",
                                         {"t": {**context, "repeats_heading": True}})
                 if len(context["groups"]) == 1 else alone)
        cache.set(key, found, TABLES_SECONDS)
    return DrawnTable(title=table.title, columns=table.columns, rows=[], note=table.note,
                      section=table.section, key=table.key, alone=found[0],
                      repeating=found[1])


def section_body(section: Section) -> SafeString:
    """A section's tables and charts as reports/_section_body.html renders them, kept in the
    cache under a hash of what they show (as tables_html keeps a whole report): after a write
    only the sections whose figures changed are formatted and drawn again. A section of
    drawn tables is joined from their markup."""
    if section.tables and all(isinstance(t, DrawnTable) for t in section.tables):
        return _joined(section)
    what = hashlib.sha256(_pickled((str(section.title), section.tables, section.charts))
                          ).hexdigest()
    key = f"samsyn-report-section:{TABLES_REVISION}:{translation.get_language()}:{what}"
    found = cache.get(key)
    if found is None:
        tables = []
        for table in section.tables:
            context = table_context(table)
            context["repeats_heading"] = (str(table.title) == str(section.title)
                                          and len(context["groups"]) == 1)
            tables.append(context)
        found = render_to_string("reports/_section_body.html", {
            "tables": tables,
            "charts": [drawing.figure_html(c) for c in section.charts if c.has_values]})
        cache.set(key, found, TABLES_SECONDS)
    return mark_safe(found)  # noqa: S308 - our own template's output, escaped by it


def _joined(section: Section) -> SafeString:
    # As reports/_section_body.html lays them out: the tables, a line, the charts, a line.
    tables = "".join(t.repeating if str(t.title) == str(section.title) else t.alone
                     for t in section.tables if isinstance(t, DrawnTable))
    charts = "".join(drawing.figure_html(c) for c in section.charts if c.has_values)
    return mark_safe(f"{tables}\n{charts}\n")  # noqa: S308 - our own templates' output


def _pickled(value: Any) -> bytes:
    # Without the memo: with it a string met twice is written as a reference, so the same
    # values read back from the cache would pickle, and hash, apart (round 12).
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(value)
    return buffer.getvalue()


def table_context(table: Table) -> dict[str, Any]:
    """One table with its cells formatted, for reports/tables.html and pages that show one.

    `groups` holds the column groups a wide table is split into, each with its rows.
    """
    every = _rows(table)
    groups = column_groups(table, every)
    has_total = table.total is not None
    parts = []
    first = 1  # each group is the label column and the next columns in order
    for i, g in enumerate(groups):
        picked = [0, *range(first, first + len(g) - 1)]
        first += len(g) - 1
        rows = every if len(g) == len(table.columns) else [[r[k] for k in picked]
                                                            for r in every]
        total_at = len(rows) - 1 - len(table.footer) if has_total else -1
        parts.append({"columns": g, "rows": rows, "part": i + 1, "parts": len(groups),
                      "shares": column_shares(g, rows, total_at),
                      "html": [_row_html(r, n == total_at, n, len(rows))
                               for n, r in enumerate(rows)]})
    return {"table": table, "rows": every, "has_total": has_total, "groups": parts,
            "hidden_note": hidden_note(table)}


# A printed table's width, 180 mm of A4 in 9 pt type, and each cell's padding (.35em a side),
# in em (document.html).
TABLE_EMS = 180 / 25.4 * 72 / 9
CELL_PADDING_EMS = 0.7
# What a column is given beyond its texts' widths summed from the font: Pango's setting
# (hinting, rounding to its units) comes out a little wider, and a cell a hair too narrow
# breaks its last digit onto a line of its own ("202" / "2").
SLACK_EMS = 0.25
# A line breaks at a space, not at a no-break space: "1 250 047 kr" keeps its figure whole.
_SPACES = re.compile(r"[ \t\r\n\f]+")


def _column_range(column: Column, cells: list[tuple[str, bool]]) -> tuple[float, float]:
    """A column's least and greatest width in em, padding included, as the automatic table
    layout measures them: its longest word (a figure whole: it never wraps) and its widest
    text on one line. `cells`: each text and whether it is set in bold."""
    header = str(column.label)
    words = [glyphs.width(w, bold=True) for w in _SPACES.split(header)]
    if column.kind == "text":
        words += [glyphs.width(w, bold) for text, bold in cells for w in _SPACES.split(text)]
    else:
        words += [glyphs.width(text, bold) for text, bold in cells]
    widest = max([glyphs.width(header, bold=True)]
                 + [glyphs.width(text, bold) for text, bold in cells])
    extra = CELL_PADDING_EMS + SLACK_EMS
    return max(words) + extra, widest + extra


def column_shares(columns: list[Column], rows: list[list[tuple[str, bool]]],
                  total_at: int = -1) -> list[int]:
    """Each column's share of the table's width, in tenths of a per cent, as the print sheet
    sets it (`<col class="w…">` and its rule, `to_html`): the page's width shared out as the
    automatic table layout does (CSS tables 3's width distribution), with the texts' widths
    taken from the font's character widths (glyphs.py) rather than set. Given them, WeasyPrint
    lays a table out at once (`table-layout: fixed`) instead of setting every cell's text twice
    more to measure it (docs/benchmarks.md, round 32). The row labels and the total row are
    bold; `total_at`: the total row's index, -1 for none."""
    ranges = [_column_range(c, [(r[i][0], i == 0 or n == total_at) for n, r in enumerate(rows)])
              for i, c in enumerate(columns)]
    least = sum(low for low, _high in ranges)
    most = sum(high for _low, high in ranges)
    if most <= TABLE_EMS or most == least:
        # Every text fits on its line: the room left is shared in proportion to the widths.
        widths = [high for _low, high in ranges]
    else:
        # Each column from its longest word towards one line, by the same part of the way.
        part = max(0.0, (TABLE_EMS - least) / (most - least))
        widths = [low + (high - low) * part for low, high in ranges]
    return _per_mille(widths)


def _per_mille(widths: list[float]) -> list[int]:
    """The widths as tenths of a per cent that add up to the whole table (the largest
    remainders rounded up): a tenth of a per cent is 0.06 em of the page, within the spare
    room every column is given."""
    total = sum(widths)
    exact = [1000 * w / total for w in widths]
    shares = [int(e) for e in exact]
    for i in sorted(range(len(exact)), key=lambda i: shares[i] - exact[i])[:1000 - sum(shares)]:
        shares[i] += 1
    return shares


# A table's first rows stay with its header and caption, and its last two together: a page
# never ends with a table's header and a row or two, nor starts with its last row alone.
KEEP_FIRST = 3
# A text cell this short is a name or a category ("Individinriktad", "Region Stockholm"), not
# prose: like a row label it wraps at spaces, never mid-word ("Individinrik-tad").
NAME_CHARS = 24


def _row_html(cells: list[tuple[str, bool]], total: bool, index: int = 0,
              count: int = 0) -> SafeString:
    """One row as the table template writes it; made here, not in the template, because a
    document has thousands of cells and the template language takes ten times as long."""
    keep = index < min(KEEP_FIRST, count) - 1 or index == count - 2
    classes = " ".join(c for c, on in (("total", total), ("keep", keep)) if on)
    html = [f'<tr class="{classes}">' if classes else "<tr>"]
    for n, (text, numeric) in enumerate(cells):
        shown = conditional_escape(text)
        html.append(f'<th scope="row">{shown}</th>' if n == 0
                    else f'<td class="num">{shown}</td>' if numeric
                    else f'<td class="name">{shown}</td>' if len(text) <= NAME_CHARS
                    else f"<td>{shown}</td>")
    html.append("</tr>")
    return mark_safe("".join(html))  # noqa: S308 - every text escaped above


# A column's share as a class, not a style attribute: the pages' Content-Security-Policy
# allows no inline style, and the same table markup is shown on screen (where no rule is given
# for the classes) and printed.
SHARE_CLASS = re.compile(r'<col class="w(\d+)">')
SHARE_RULES = "/* column shares */"


def to_html(report: Report) -> str:
    """A standalone, printable document, with a print rule for each column share it uses."""
    html = render_to_string("reports/document.html", html_context(report))
    used = sorted({int(n) for n in SHARE_CLASS.findall(html)})
    rules = "".join(f"col.w{n} {{ width: {n / 10}%; }} " for n in used)
    return html.replace(SHARE_RULES, rules, 1)


# The PDF writer, loaded by its dotted path on the first PDF: it imports WeasyPrint (and Pango).
PDF_WRITER = "samsyn.reports.printing.to_pdf"


def to_pdf(report: Report) -> bytes:
    """The printable document as tagged PDF (PDF/UA-1), A4, page numbers, fonts embedded."""
    return bytes(import_string(PDF_WRITER)(report))


# Excel, LibreOffice and Google Sheets run a cell that starts like this as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A text a spreadsheet shows as text, never runs (CSV/formula injection)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


# The XLSX writer and openpyxl with it (0.2 s and 20 MB to import, numpy and Pillow among
# them), imported on the first workbook as Django loads a backend: most processes never write one.
XLSX_WRITER = "samsyn.reports.xlsx.to_xlsx"


def to_xlsx(report: Report) -> bytes:
    """A contents sheet, then one sheet per table (samsyn/reports/xlsx.py)."""
    return bytes(import_string(XLSX_WRITER)(report))


# What follows updateFields in a Word settings part (CT_Settings in ECMA-376 part 1).
_AFTER_UPDATE_FIELDS = frozenset({
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr",
    "attachedSchema", "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures", "forceUpgrade", "captions", "readModeInkLockDown",
    "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol",
    "listSeparator"})


def to_docx(report: Report) -> bytes:
    """A Word document in A4 of the same sections, texts, tables and charts, for a kansli to
    edit: page numbers in the footer, a table's header row repeated on every page."""
    from docx import Document  # noqa: PLC0415 - start-up cost, and WeasyPrint needs Pango
    from docx.enum.style import WD_STYLE_TYPE  # noqa: PLC0415 - start-up cost, and WeasyPrint needs Pango
    from docx.enum.text import (  # noqa: PLC0415 - start-up cost, and WeasyPrint needs Pango
        WD_ALIGN_PARAGRAPH,
        WD_BREAK,
        WD_TAB_ALIGNMENT,
        WD_TAB_LEADER,
    )
    from docx.oxml import OxmlElement  # noqa: PLC0415 - start-up cost, and WeasyPrint needs Pango
    from docx.oxml.ns import qn  # noqa: PLC0415 - start-up cost, and WeasyPrint needs Pango
    from docx.shared import Mm  # noqa: PLC0415 - start-up cost, and WeasyPrint needs Pango

    document = Document()

    def field(paragraph: Any, code: str) -> None:
        """A Word field (PAGE, NUMPAGES) that Word fills in as it lays out the pages."""
        run = paragraph.add_run()
        for kind, text in (("begin", ""), ("", code), ("end", "")):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = f" {text} "
            run._r.append(element)

    for part in document.sections:
        part.page_width, part.page_height = Mm(210), Mm(297)
        part.left_margin = part.right_margin = Mm(20)
        part.top_margin = part.bottom_margin = Mm(20)
        footer = part.footer.paragraphs[0]
        footer.text = " · ".join(p for p in (f"{report.association_name} – {report.title}",
                                            short_notice(report)) if p) + " · "
        footer.add_run(_("Page") + " ")
        field(footer, "PAGE")
        footer.add_run(" / ")
        field(footer, "NUMPAGES")
    document.core_properties.title = report.title
    document.core_properties.language = translation.get_language() or "sv"
    document.add_heading(report.title, level=0)
    document.add_paragraph(f"{report.association_name} · {report.period_start:%Y-%m-%d} – "
                           f"{report.period_end:%Y-%m-%d}")
    if notice(report):
        document.add_paragraph(notice(report))
    for warning in report.warnings:
        document.add_paragraph(warning, style="Intense Quote")

    def add_text(text: str) -> None:
        for paragraph in text.split("\n\n"):
            document.add_paragraph(paragraph)

    def add_chart(chart: Chart) -> None:
        document.add_picture(io.BytesIO(drawing.png(chart)), width=Mm(165))
        document.add_paragraph(drawing.alternative(chart), style="Caption")

    def add_table(table: Table, heading: bool = True) -> None:
        if heading and table.title:
            document.add_heading(table.title, level=4 if report.outline else 2)
        # A table with no columns has no figure to show, only its note saying why.
        if table.columns:
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
            count = len(grid.rows)
            for n, row in enumerate(grid.rows):
                # As in the PDF (KEEP_FIRST): the header and the first rows stay on one page,
                # and so do the last two rows; Word keeps a row with the next one when its
                # paragraphs are "keep with next".
                if n < min(KEEP_FIRST + 1, count) - 1 or n == count - 2:
                    for cell in row.cells:
                        for paragraph in cell.paragraphs:
                            paragraph.paragraph_format.keep_with_next = True
                properties = row._tr.get_or_add_trPr()
                # The header row repeats on every page; no row is split across two.
                for name in (("w:tblHeader", "w:cantSplit") if n == 0 else ("w:cantSplit",)):
                    element = OxmlElement(name)
                    element.set(qn("w:val"), "true")
                    properties.append(element)
        if table.note:
            document.add_paragraph(table.note)
        if hidden_note(table):
            document.add_paragraph(hidden_note(table))

    def add_decision() -> None:
        assert report.decision is not None
        if report.decision["statement"]:
            document.add_paragraph(report.decision["statement"])
        document.add_paragraph(", ".join(p for p in (report.decision["place"],
                                                     report.decision["decided_text"]) if p))
        for name, role in report.decision["signatories"]:
            document.add_paragraph("\n\n" + "_" * 40)
            document.add_paragraph(f"{name}, {role}" if role else name)

    def page_break() -> None:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def bookmarked(paragraph: Any, name: str) -> None:
        """A bookmark over the heading, which its entry in the contents links to."""
        number = str(len(anchors))
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), number)
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), number)
        paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
        paragraph._p.append(end)
        anchors.append(name)

    def contents(entries: list[tuple[int, str, str]]) -> None:
        """Word's own table of contents: a TOC field over headings 1-3 whose cached result is
        the list of entries, each a link to its heading; the page numbers are not known here,
        where no page is laid out. Word, told to by updateFields, offers to update the field
        as it opens the file; LibreOffice (7.4) reads the field as its own table of contents
        and shows the cached entries until the reader updates it (Tools, Update), which then
        gives the page numbers."""
        for level in (1, 2, 3):
            if f"toc {level}" not in document.styles:
                style = document.styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
                # Word's own "toc 1" (its TOC field lays entries out in it), not one of ours.
                style.element.attrib.pop(qn("w:customStyle"), None)
                style.base_style = document.styles["Normal"]
                style.paragraph_format.left_indent = Mm(5 * (level - 1))
                style.paragraph_format.space_after = Mm(1)
                style.paragraph_format.tab_stops.add_tab_stop(
                    Mm(170), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        document.add_paragraph(_("Contents"), style="TOC Heading")
        for n, (level, text, anchor) in enumerate(entries):
            paragraph = document.add_paragraph(style=f"toc {level}")
            if n == 0:
                field_part(paragraph, "begin")
                field_part(paragraph, ' TOC \\o "1-3" \\h \\z \\u ')
                field_part(paragraph, "separate")
            link = OxmlElement("w:hyperlink")
            link.set(qn("w:anchor"), anchor)
            link.set(qn("w:history"), "1")
            run, label = OxmlElement("w:r"), OxmlElement("w:t")
            label.text = text
            run.append(label)
            link.append(run)
            paragraph._p.append(link)
            if n == len(entries) - 1:
                field_part(paragraph, "end")
        # Word asks whether to update the document's fields as it opens the file; the element
        # stands where the schema puts it (before compat), or Word calls the file damaged.
        settings = document.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        later = next((child for child in settings
                      if child.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS), None)
        if later is None:
            settings.append(update)
        else:
            later.addprevious(update)

    def field_part(paragraph: Any, part: str) -> None:
        run = OxmlElement("w:r")
        if part in ("begin", "separate", "end"):
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), part)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = part
        run.append(element)
        paragraph._p.append(run)

    anchors: list[str] = []
    if report.outline:
        entries = [(min(section.level, 3), section.heading, f"_TocSamsyn{n}")
                   for n, section in enumerate(report.outline, start=1)]
        # The PDF's contents end with the office version's appendix; so do Word's.
        if shows_checks(report):
            entries.append((1, _("Appendix: the kansli's checks"), "_TocSamsynChecks"))
        contents(entries)
        for section, entry in zip(report.outline, entries, strict=False):
            if section.level == 1:
                page_break()
            bookmarked(document.add_heading(section.heading, level=min(section.level, 3)),
                       entry[2])
            if section.text:
                add_text(section.text)
            if section.missing:
                document.add_paragraph().add_run(section.missing).italic = True
            for table in section.tables:
                add_table(table, heading=str(table.title) != str(section.title))
            for chart in section.charts:
                if chart.has_values:
                    add_chart(chart)
            if section.signatures and report.decision:
                add_decision()
    else:
        for heading, text in report.texts:
            document.add_heading(heading, level=1)
            add_text(text)
        sections = list(dict.fromkeys(t.section for t in report.tables))
        last_of_section = {t.section: i for i, t in enumerate(report.tables)}
        section_name = ""
        for position, table in enumerate(report.tables):
            if table.section and table.section != section_name:
                section_name = table.section
                document.add_heading(section_name, level=1)
            add_table(table)
            if last_of_section.get(table.section) == position:
                for chart in drawn(report):
                    if chart.section == table.section and table.section:
                        add_chart(chart)
        for chart in drawn(report):
            if not chart.section or chart.section not in sections:
                add_chart(chart)
        for heading, text in report.closing_texts:
            document.add_heading(heading, level=1)
            add_text(text)
        if report.decision:
            page_break()
            document.add_heading(_("The board's decision"), level=1)
            add_decision()
    if shows_checks(report):
        page_break()
        appendix = document.add_heading(_("Appendix: the kansli's checks"), level=1)
        if report.outline:
            bookmarked(appendix, "_TocSamsynChecks")
        # As the PDF's appendix (_checks.html) says it: what it is, and that no version the
        # board adopts or publishes prints it.
        document.add_paragraph(_(
            "Only in the office version, before the board adopts the document: what the kansli "
            "checks first. Neither the published nor the adopted version prints it."))
        if not report.checks:
            document.add_paragraph(_("No differences between typed figures and the records."))
        for check in report.checks:
            document.add_paragraph(check, style="List Bullet")
        if report.rounding:
            document.add_paragraph(rounding_sentence(len(report.rounding)))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rounding_sentence(n: int) -> str:
    return ngettext(
        "%(n)s difference comes only from rounding (at most 1 kr, or below 1 000 kr against a "
        "figure in whole tkr) and is no error.",
        "%(n)s differences come only from rounding (at most 1 kr, or below 1 000 kr against a "
        "figure in whole tkr) and are no errors.", n) % {"n": n}


@dataclass(frozen=True)
class Format:
    extension: str
    content_type: str
    render: Callable[[Report], bytes | str]
    download: bool


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FORMATS: dict[str, Format] = {
    "json": Format("json", "application/json", to_json, False),
    "html": Format("html", "text/html; charset=utf-8", to_html, False),
    "pdf": Format("pdf", "application/pdf", to_pdf, True),
    "xlsx": Format("xlsx", XLSX, to_xlsx, True),
    "docx": Format("docx", DOCX, to_docx, True),
}


def file_name(kind_title: object, report: Report, extension: str) -> str:
    """The Swedish name a download is saved under: årsredovisning-2022-ostra-sodertorn.pdf."""
    with translation.override("sv"):
        what = slugify(str(kind_title), allow_unicode=True)
    period = (f"{report.period_start.year}" if report.period_start.year == report.period_end.year
              else f"{report.period_start.year}-{report.period_end.year}")
    return f"{what}-{period}-{report.association}.{extension}"


