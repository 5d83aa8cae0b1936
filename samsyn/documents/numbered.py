"""The business plan and the half-year report in numbered sections, as the annual report is.

000, 001 and 003 number their chapters 1, 2, 3 … and their parts 4.1, 4.2; so does this: the
foreword unnumbered, each written text and each part of the document a chapter, and where a
part holds several tables, each titled table a numbered part of its chapter, so the table of
contents names it. The board's decision, where one is recorded, is the last chapter.
"""

from django.utils.translation import gettext as _

from samsyn.reports.document import (
    Chart,
    Report,
    ReportParams,
    Section,
    Table,
    lay_out,
)
from samsyn.reports.models import ReportText


def _parts(tables: list[Table]) -> list[tuple[str, list[Table]]]:
    """The tables by the part of the document they begin or continue."""
    found: list[tuple[str, list[Table]]] = []
    for table in tables:
        if not found or table.section:
            found.append((table.section, []))
        found[-1][1].append(table)
    return found


def _chapter(number: str, heading: str, tables: list[Table],
             charts: list[Chart]) -> list[Section]:
    """A part as one chapter, or as a chapter of numbered parts when it holds several titled
    tables; a table with no title stays with the part before it."""
    titled = [t for t in tables if t.title and str(t.title) != str(heading)]
    if len(titled) < 2:
        return [Section(number, heading, tables=tables, charts=charts)]
    chapter = Section(number, heading)
    sections = [chapter]
    for table in tables:
        if table.title and str(table.title) != str(heading):
            sections.append(Section(f"{number}.{len(sections)}", str(table.title), 2,
                                    tables=[table]))
        else:
            sections[-1].tables.append(table)
    # A chart is drawn after the part's last table, as it is where the parts are unnumbered.
    sections[-1].charts.extend(charts)
    return sections


def arrange(report: Report, params: ReportParams, charts: dict[str, list[Chart]],
            text: ReportText | None) -> None:
    """Put the document's texts, tables and charts into numbered sections, in their order."""
    foreword = _("Foreword")
    sections: list[Section] = []
    number = 0

    def next_number() -> str:
        nonlocal number
        number += 1
        return str(number)

    for heading, body in report.texts:
        sections.append(Section("" if heading == foreword else next_number(), heading,
                                text=body))
    parts = _parts(report.tables)
    headings = {heading for heading, _tables in parts}
    # A chart of no part, or of a part with no table, is drawn at the end, as before.
    homeless = [c for c in report.charts if c.has_values and c.section not in headings]
    for index, (heading, tables) in enumerate(parts):
        own = [c for c in report.charts if c.has_values and c.section == heading]
        if index == len(parts) - 1:
            own += homeless
        if heading or not sections:
            sections.extend(_chapter(next_number(), heading, tables, own))
        else:
            # Tables under no heading of their own continue the section before them.
            sections[-1].tables.extend(tables)
            sections[-1].charts.extend(own)
    for heading, body in report.closing_texts:
        sections.append(Section(next_number(), heading, text=body))
    if report.decision is not None:
        sections.append(Section(next_number(), _("The board's decision"), signatures=True))
    outline = [s for s in sections if not s.empty or any(
        o.number.startswith(f"{s.number}.") for o in sections if s.number and not o.empty)]
    lay_out(report, outline)
