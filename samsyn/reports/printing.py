"""A report as tagged PDF (PDF/UA-1) by WeasyPrint, at as little CPU as the same document allows.

The only module of the reports that imports WeasyPrint; `render.to_pdf` loads it by its dotted
path (`render.PDF_WRITER`) on the first PDF, so a process that never prints one does not load
WeasyPrint and Pango. Three things here make the same PDF cheaper (docs/benchmarks.md, rounds 17
and 21):

- Python's cyclic garbage collector is paused while a document is made. WeasyPrint makes some
  hundred thousand objects a document (boxes, styles, text layouts), and every full collection
  that this sets off walks every object of the process, Django's and matplotlib's included:
  about a fifth of the document's CPU. Afterwards the youngest generation, which holds all that
  the document made, is collected at once, so its garbage is freed before we return.
- WeasyPrint's own user-agent style sheet gives every element of the document six
  pseudo-elements (`::marker` and five kinds of footnote and note marks), each with a computed
  style. Only a list item draws a marker, and our documents have no footnotes or notes, so the
  sheet used here asks for markers on list items alone and leaves the notes' rules out.
- WeasyPrint's HTML parser (tinyhtml5) finds the patterns it has made before (`CharacterRuns`).
"""

import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tinyhtml5 import inputstream
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE, UA_FORM_STYLESHEET

from samsyn.reports.document import Report
from samsyn.reports.render import to_html

# Each pair: a rule of WeasyPrint's sheet as it is written there, and what we print instead.
UA_CHANGES = (
    ("\n::marker {", "\nli::marker, summary::marker {"),
    ('\n::footnote-call { content: counter(footnote); vertical-align: super; font-size: '
     'smaller; line-height: inherit }', ""),
    ('\n::footnote-marker { content: counter(footnote) ". " }', ""),
    ("\n::note-call { content: counter(note); vertical-align: super; font-size: smaller; "
     "line-height: inherit }", ""),
    ('\n::note-marker { content: counter(note) ". " }', ""),
    ('\n::note-callback { content: "\u202f↩" }', ""),
)


def user_agent_sheet(text: str) -> str:
    """WeasyPrint's sheet with our changes; a rule another WeasyPrint no longer has is left as
    it is (the document stays right, only dearer; a test says so first)."""
    for rule, ours in UA_CHANGES:
        text = text.replace(rule, ours, 1)
    return text


UA_STYLESHEET = CSS(string=user_agent_sheet(UA), counter_style=UA_COUNTER_STYLE)


class PrintedHTML(HTML):
    """WeasyPrint's HTML document with our user-agent sheet (module docstring)."""

    def _ua_stylesheets(self, forms: bool = False) -> list[Any]:
        return [UA_STYLESHEET, UA_FORM_STYLESHEET] if forms else [UA_STYLESHEET]


class CharacterRuns(dict[tuple[Any, bool], re.Pattern[str]]):
    """The regular expressions of tinyhtml5's `chars_until`, made once per set of characters.

    tinyhtml5 2.1 (WeasyPrint's HTML parser) keeps each one in a dict, but its chained
    assignment (`characters = cache[(characters, opposite)] = regex`) rebinds `characters`
    first and so stores it under the regex itself: the lookup never finds it, and every
    attribute name, value and text run joins the characters into a new pattern. Found here
    instead, the parse of a document takes about half the time (docs/benchmarks.md, round
    21); the patterns are the ones tinyhtml5 makes.
    """

    def __missing__(self, key: tuple[Any, bool]) -> re.Pattern[str]:
        characters, opposite = key
        listed = "".join(f"\\x{ord(character):02x}" for character in characters)
        found = self[key] = re.compile(f"[{listed}]+" if opposite else f"[^{listed}]+")
        return found


inputstream.characters_until_regex = CharacterRuns()


class _Pause:
    """How many threads are inside `collector_paused`, and whether the collector was on when the
    first of them came in: the collector is one per process."""

    lock = threading.Lock()
    inside = 0
    resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block; on again when the last of several
    threads in such a block leaves it, if it was on when the first came in."""
    with _Pause.lock:
        if _Pause.inside == 0:
            _Pause.resume = gc.isenabled()
            gc.disable()
        _Pause.inside += 1
    try:
        yield
    finally:
        with _Pause.lock:
            _Pause.inside -= 1
            if _Pause.inside == 0 and _Pause.resume:
                gc.enable()
                # What the block made is all in the youngest generation: its cycles are
                # freed now, at the cost of walking those objects once, not the whole heap.
                gc.collect(0)


def html_to_pdf(html: str) -> bytes:
    # The document's language comes from <html lang>; PDF/UA also wants the title shown.
    return bytes(PrintedHTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True))


def to_pdf(report: Report) -> bytes:
    """The printable document as tagged PDF (PDF/UA-1), A4, page numbers, fonts embedded."""
    with collector_paused():
        return html_to_pdf(to_html(report))
