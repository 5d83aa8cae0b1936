"""The accessibility statement's known shortcomings, each held by a test that knows it.

Each test below shows that its shortcoming is still there. When one fails, the shortcoming has
been put right: remove its entry from samsyn/home/known_shortcomings.toml (and this test),
and move `assessed` to the day of the review, so the statement never lists a fault that is
gone. A new shortcoming gets an entry and a test here in the same way.
"""

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from django.conf import settings

from samsyn.home.accessibility import known
from samsyn.reports.document import Column, Report, Table
from samsyn.reports.render import to_docx

APP_JS = Path(settings.BASE_DIR) / "samsyn" / "web" / "static" / "samsyn" / "app.js"


def test_every_known_shortcoming_names_a_test_here_that_holds_it():
    here = sys.modules[__name__]
    entries = known().shortcomings
    assert entries, "the statement lists shortcomings; the file was not read"
    for entry in entries:
        assert callable(getattr(here, entry.test, None)), (
            f"{entry.id}: no test {entry.test} in {__name__}")
        assert entry.sv.strip() and entry.en.strip() and entry.criterion
    assert len({e.id for e in entries}) == len(entries)
    assert known().assessed <= dt.date.today()


def test_a_signed_in_session_still_ends_without_a_warning():
    # Fixed when the pages warn before the idle limit and let the user extend it.
    assert 0 < settings.SESSION_COOKIE_AGE <= 24 * 3600
    script = APP_JS.read_text(encoding="utf-8").lower()
    assert "session" not in script and "expire" not in script, (
        "app.js now handles the session's end: if it warns and extends, remove "
        "'session-timeout' from known_shortcomings.toml")


def test_tables_in_word_files_mark_their_header_row():
    # Once a known shortcoming (WCAG 1.3.1), fixed: kept so that it cannot come back.
    report = Report(kind="test", title="Test", association="alfa", association_name="Alfa",
                    period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                    tables=[Table("Tabell", [Column("name", "Namn"), Column("n", "Antal", "int")],
                                  [{"name": "A", "n": 1}])])
    with zipfile.ZipFile(io.BytesIO(to_docx(report))) as docx:
        body = docx.read("word/document.xml").decode()
    assert "<w:tbl>" in body and "tblHeader" in body

