"""The Word file's contents are a real table of contents: a TOC field over headings 1-3 whose
cached result is the list of sections (each a link to its heading), and a setting that has
Word and LibreOffice update the field, page numbers and all, when the file is opened."""

import datetime as dt
import io
import re
import zipfile

from docx import Document
from docx.oxml.ns import qn

from samsyn.reports.document import Report, Section
from samsyn.reports.render import to_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _report(**kwargs) -> Report:
    return Report(kind="annual-report", title="Årsredovisning 2022", association="x",
                  association_name="Samordningsförbundet X", period_start=dt.date(2022, 1, 1),
                  period_end=dt.date(2022, 12, 31),
                  outline=[Section("1", "Förvaltningsberättelse"),
                           Section("1.1", "Översikt", level=2),
                           Section("1.1.1", "Ekonomi", level=3),
                           Section("2", "Resultaträkning")],
                  **kwargs)


def _xml(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def _toc_paragraphs(data: bytes) -> list:
    """The paragraphs from the TOC field's begin to its end."""
    body = Document(io.BytesIO(data)).element.body
    paragraphs = body.findall(qn("w:p"))
    begin = next(n for n, p in enumerate(paragraphs)
                 if "TOC" in "".join(t.text or "" for t in p.iter(qn("w:instrText"))))
    end = next(n for n, p in enumerate(paragraphs) if n >= begin and any(
        c.get(qn("w:fldCharType")) == "end" for c in p.iter(qn("w:fldChar"))))
    return paragraphs[begin:end + 1]


def test_the_contents_are_a_toc_field_over_headings_one_to_three_with_links():
    data = to_docx(_report(checks=["En kontroll."]))
    document = _xml(data, "word/document.xml")
    instruction = "".join(re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", document))
    assert 'TOC \\o "1-3" \\h' in instruction
    kinds = [c.get(qn("w:fldCharType")) for p in _toc_paragraphs(data)
             for c in p.iter(qn("w:fldChar"))]
    assert kinds == ["begin", "separate", "end"]


def test_the_fields_cached_result_lists_every_section_and_links_to_its_heading():
    data = to_docx(_report(checks=["En kontroll."]))
    entries = [(p, "".join(t.text or "" for t in p.iter(qn("w:t"))).strip())
               for p in _toc_paragraphs(data)]
    entries = [(p, text) for p, text in entries if text]
    assert [text for _p, text in entries] == [
        "1 Förvaltningsberättelse", "1.1 Översikt", "1.1.1 Ekonomi", "2 Resultaträkning",
        "Bilaga: Kansliets kontroller"]
    styles = [p.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val")) for p, _t in entries]
    assert styles == ["toc1", "toc2", "toc3", "toc1", "toc1"]
    # Word's own TOC styles, which an update of the field lays the entries out in again.
    toc = Document(io.BytesIO(data)).styles["toc 1"].element
    assert toc.get(qn("w:customStyle")) is None
    body = Document(io.BytesIO(data)).element.body
    bookmarks = {b.get(qn("w:name")): b.getparent() for b in body.iter(qn("w:bookmarkStart"))}
    for paragraph, text in entries:
        anchor = paragraph.find(qn("w:hyperlink")).get(qn("w:anchor"))
        heading = bookmarks[anchor]
        style = heading.find(qn("w:pPr")).find(qn("w:pStyle")).get(qn("w:val"))
        assert style.startswith("Heading")
        assert "".join(t.text or "" for t in heading.iter(qn("w:t"))) == text


def test_word_is_told_to_update_the_fields_when_the_file_opens():
    settings = Document(io.BytesIO(to_docx(_report()))).settings.element
    names = [child.tag.removeprefix(W) for child in settings]
    update = settings.find(qn("w:updateFields"))
    assert update is not None and update.get(qn("w:val")) == "true"
    # The schema's order: updateFields comes before compat, or Word calls the file damaged.
    assert names.index("updateFields") < names.index("compat")


def test_the_contents_heading_is_not_a_heading_the_toc_would_list():
    document = Document(io.BytesIO(to_docx(_report())))
    heading = next(p for p in document.paragraphs if p.text == "Innehåll")
    assert heading.style.name == "TOC Heading"


def test_a_report_without_an_outline_has_no_toc_field():
    report = _report()
    report.outline = []
    assert "TOC" not in "".join(re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>",
                                            _xml(to_docx(report), "word/document.xml")))
