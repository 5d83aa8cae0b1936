"""The Word file has the PDF's sections in the PDF's order (issue 26): its contents list ends
with the office version's appendix of the kansli's checks, as the PDF's contents do, and the
appendix says what it is, as the PDF's does."""

import datetime as dt
import io
import re

from docx import Document

from samsyn.reports.document import Report, Section
from samsyn.reports.render import to_docx, to_html


def _report(**kwargs) -> Report:
    return Report(kind="half-year", title="Halvårsrapport 2022", association="x",
                  association_name="Samordningsförbundet X", period_start=dt.date(2022, 1, 1),
                  period_end=dt.date(2022, 6, 30),
                  outline=[Section("1", "Halvåret i siffror"), Section("2", "Måluppfyllelse")],
                  **kwargs)


def _contents(report: Report) -> list[str]:
    """The Word file's contents: the lines between its heading and the first section's."""
    paragraphs = Document(io.BytesIO(to_docx(report))).paragraphs
    start = next(n for n, p in enumerate(paragraphs) if p.text == "Innehåll") + 1
    lines = []
    for paragraph in paragraphs[start:]:
        if paragraph.style.name.startswith("Heading"):
            break
        if paragraph.text.strip():
            lines.append(paragraph.text.strip())
    return lines


def _pdf_contents(report: Report) -> list[str]:
    html = to_html(report)
    toc = html[html.index('class="toc"'):html.index("</nav>")]
    return [" ".join(re.sub(r"<[^>]+>", " ", item).split())
            for item in re.findall(r"<li[^>]*>(.*?)</li>", toc)]


def test_the_word_contents_end_with_the_checks_appendix_as_the_pdfs_do():
    report = _report(checks=["Årets resultat 2021: dokumentet anger 264 479 kr."])
    assert _contents(report) == _pdf_contents(report) == [
        "1 Halvåret i siffror", "2 Måluppfyllelse", "Bilaga: Kansliets kontroller"]


def test_a_published_word_file_lists_no_checks_appendix():
    report = _report(checks=["En kontroll."], published=True)
    assert _contents(report) == ["1 Halvåret i siffror", "2 Måluppfyllelse"]


def test_the_word_appendix_says_what_it_is_as_the_pdfs_does():
    report = _report(rounding=["1 kr"])
    paragraphs = Document(io.BytesIO(to_docx(report))).paragraphs
    heading = next(n for n, p in enumerate(paragraphs) if p.style.name.startswith("Heading")
                   and p.text == "Bilaga: Kansliets kontroller")
    after = [p.text for p in paragraphs[heading:]]
    assert after[1].startswith("Bara i kansliets version, innan styrelsen fastställer")
    assert "Inga skillnader mellan inskrivna siffror och underlagen." in after
