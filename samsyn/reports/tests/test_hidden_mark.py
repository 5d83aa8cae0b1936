"""One neutral mark for a hidden cell: "x" with a line saying what it means, in every format;
in Excel an empty cell with a comment, never text in a column of numbers."""

import datetime as dt
import io

from django.utils import translation
from openpyxl import load_workbook

from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import Column, Report, Table
from samsyn.reports.render import hidden_note, table_context, to_docx, to_html, to_xlsx


def _report(hidden: bool = True) -> Report:
    table = Table(title="Nya deltagare", columns=[Column("name", "Insats"),
                                                  Column("kvinna", "Kvinna", "int"),
                                                  Column("man", "Man", "int")],
                  rows=[{"name": "Insats A", "kvinna": HIDDEN if hidden else 3, "man": 0},
                        {"name": "Insats B", "kvinna": HIDDEN if hidden else 49, "man": 12}])
    return Report(kind="participants", title="Deltagare", association="a",
                  association_name="Förbundet", period_start=dt.date(2022, 1, 1),
                  period_end=dt.date(2022, 12, 31), tables=[table], published=True)


def test_a_table_with_hidden_cells_says_once_what_the_mark_means():
    with translation.override("sv"):
        report = _report()
        assert hidden_note(report.tables[0]) == "x = dold för att skydda enskilda"
        html = to_html(report)
    assert html.count("x = dold för att skydda enskilda") == 1
    assert "&lt;5" not in html and "<5" not in html
    assert table_context(report.tables[0])["rows"][1][1] == ("x", True)


def test_a_table_without_hidden_cells_has_no_such_line_and_shows_its_zeros():
    report = _report(hidden=False)
    assert hidden_note(report.tables[0]) == ""
    assert table_context(report.tables[0])["rows"][0][2] == ("0", True)


def test_excel_leaves_a_hidden_count_empty_with_a_comment_never_text_among_numbers():
    with translation.override("sv"):
        book = load_workbook(io.BytesIO(to_xlsx(_report())))
    sheet = book.worksheets[1]
    rows = [list(r) for r in sheet.iter_rows(min_row=1)]
    body = [r for r in rows if r[0].value in ("Insats A", "Insats B")]
    assert [c.value for c in body[0]] == ["Insats A", None, 0]
    assert body[1][1].value is None and body[1][2].value == 12
    assert "dold för att skydda enskilda" in body[1][1].comment.text
    assert not any(isinstance(c.value, str) for r in body for c in r[1:])
    texts = [r[0].value for r in rows]
    assert "x = dold för att skydda enskilda" in texts


def test_word_says_what_the_mark_means_under_the_table():
    from docx import Document

    with translation.override("sv"):
        document = Document(io.BytesIO(to_docx(_report())))
    assert any(p.text == "x = dold för att skydda enskilda" for p in document.paragraphs)
