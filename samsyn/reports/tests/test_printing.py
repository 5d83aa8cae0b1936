"""The PDF writer (reports/printing.py) makes the same tagged PDF as WeasyPrint's defaults, with
less work: its user-agent sheet, the collector paused while a document is made, and each chart
drawn once whatever number of documents shows it (issue 29)."""

import datetime as dt
import gc
import re
import subprocess
import threading
from decimal import Decimal
from pathlib import Path
from unittest import mock
from xml.etree import ElementTree

import tinyhtml5
from django.core.cache import cache
from PIL import Image, ImageChops
from tinyhtml5 import inputstream
from weasyprint import HTML
from weasyprint.html import UA

from samsyn.reports import charts, printing
from samsyn.reports.document import Chart, Report

LISTS = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Listor</title>
<style>body { font: 10pt "DejaVu Sans"; } .toc ol { list-style: none; }</style></head><body>
<h1>Listor</h1><ul><li>Första punkten</li><li>Andra punkten<ul><li>Inre</li></ul></li></ul>
<ol><li>Ett</li><li>Två</li></ol><nav class="toc"><ol><li>Utan markör</li></ol></nav>
<dl><dt>Term</dt><dd>Förklaring</dd></dl>
<p id="x">Text med <a href="#x">en länk</a>.</p></body></html>"""


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _drawn_page(pdf: bytes, folder: Path, name: str) -> Image.Image:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    _run("pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", str(path), str(folder / name))
    return Image.open(folder / f"{name}-1.png").convert("RGB")


def test_every_rule_we_change_is_in_weasyprints_own_sheet():
    ours = printing.user_agent_sheet(UA)
    for rule, replacement in printing.UA_CHANGES:
        assert rule in UA
        assert rule not in ours
        assert replacement in ours
    assert "\n::marker" not in ours and "::footnote-call" not in ours
    assert "li::marker" in ours


def test_lists_print_with_the_same_bullets_numbers_and_tags_as_with_weasyprints_sheet(tmp_path):
    theirs = bytes(HTML(string=LISTS).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))
    ours = printing.html_to_pdf(LISTS)
    before = _drawn_page(theirs, tmp_path, "theirs")
    after = _drawn_page(ours, tmp_path, "ours")
    assert ImageChops.difference(before, after).getbbox() is None
    structure = _run("pdfinfo", "-struct", str(tmp_path / "ours.pdf"))
    assert structure == _run("pdfinfo", "-struct", str(tmp_path / "theirs.pdf"))
    # A bullet or number is a label of its own; the list without markers has none.
    assert structure.count("Lbl (block)") == 5
    assert "Tagged:          yes" in _run("pdfinfo", str(tmp_path / "ours.pdf"))
    text = _run("pdftotext", "-layout", str(tmp_path / "ours.pdf"), "-")
    assert "•" in text and "2." in text


def test_the_collector_is_off_while_a_document_is_made_and_on_again_after():
    seen = []
    with mock.patch.object(printing, "html_to_pdf", lambda _html: seen.append(gc.isenabled())):
        printing.to_pdf(Report(kind="test", title="Prov", association="alfa",
                               association_name="Alfa", period_start=dt.date(2022, 1, 1),
                               period_end=dt.date(2022, 12, 31), tables=[]))
    assert seen == [False]
    assert gc.isenabled()


def test_the_collector_stays_off_until_the_last_of_two_threads_is_done():
    inside, leave = threading.Event(), threading.Event()
    seen = []

    def other() -> None:
        with printing.collector_paused():
            inside.set()
            leave.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with printing.collector_paused():
        pass
    seen.append(gc.isenabled())
    leave.set()
    thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_switched_off_before_is_left_off():
    gc.disable()
    try:
        with printing.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _with_chart(title: str) -> Report:
    chart = Chart(title="Deltagare per insats", labels=["MIA Vidare", "SamMA"],
                  values=[Decimal(12), Decimal(30)])
    return Report(kind="test", title=title, association="alfa", association_name="Alfa",
                  period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31),
                  tables=[], charts=[chart])


def test_two_documents_with_the_same_chart_draw_it_once(tmp_path, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "test-printing-charts"},
                       "drawings": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                    "LOCATION": "test-printing-drawings"}}
    with mock.patch.object(charts, "_figure", wraps=charts._figure) as drawing:
        first = printing.to_pdf(_with_chart("Årsredovisning"))
        second = printing.to_pdf(_with_chart("Halvårsrapport"))
    assert drawing.call_count == 1
    (tmp_path / "second.pdf").write_bytes(second)
    assert "MIA Vidare" in _run("pdftotext", str(tmp_path / "second.pdf"), "-")
    assert first != second


def test_a_drawing_outlives_the_page_cache_and_follows_its_figures(settings):
    """Emptying the page cache (as every write moves the pages' version past what they kept)
    leaves the drawings: the same chart is not drawn again, a chart with other figures is."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "test-printing-pages"},
                       "drawings": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                    "LOCATION": "test-printing-kept-drawings"}}
    chart = Chart(title="Deltagare per insats", labels=["MIA Vidare", "SamMA"],
                  values=[Decimal(12), Decimal(30)])
    other = Chart(title="Deltagare per insats", labels=["MIA Vidare", "SamMA"],
                  values=[Decimal(12), Decimal(31)])
    with mock.patch.object(charts, "_figure", wraps=charts._figure) as drawing:
        first = charts.figure_html(chart)
        cache.clear()
        again = charts.figure_html(chart)
        assert drawing.call_count == 1
        changed = charts.figure_html(other)
    assert drawing.call_count == 2
    assert again == first
    assert ">31<" in changed and ">31<" not in first


def _parsed(html: str) -> bytes:
    return ElementTree.tostring(tinyhtml5.parse(html))


def test_the_html_parser_makes_each_pattern_once_and_parses_as_before():
    """tinyhtml5 stores its patterns under keys it never looks up again (a test that fails
    once it no longer does: printing.CharacterRuns can go then); ours are found again, and
    the tree parsed is the one its own patterns give."""
    theirs: dict = {}
    with mock.patch.object(inputstream, "characters_until_regex", theirs):
        before = _parsed(LISTS)
    assert all(isinstance(characters, re.Pattern) for characters, _opposite in theirs)
    ours = printing.CharacterRuns()
    with mock.patch.object(inputstream, "characters_until_regex", ours):
        after = _parsed(LISTS)
        made = dict(ours)
        assert _parsed(LISTS) == after
    assert ours == made
    assert not any(isinstance(characters, re.Pattern) for characters, _opposite in ours)
    assert after == before
    assert isinstance(inputstream.characters_until_regex, printing.CharacterRuns)
