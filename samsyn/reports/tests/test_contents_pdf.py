"""The printed table of contents: one link per heading with the page the heading is on, the
dots drawn as a picture rather than as text (docs/benchmarks.md, round 11)."""

import datetime as dt
import re
import subprocess
from pathlib import Path

from samsyn.reports.document import Report, Section
from samsyn.reports.render import to_pdf

LONG = ("Verksamhetens ekonomi jämförd med budget, med tidigare år och med de mål som "
        "medlemmarna satte när förbundet bildades")


def numbered_report() -> Report:
    filler = "\n\n".join(["Förbundet arbetade med samverkan mellan myndigheterna. " * 12] * 6)
    outline = [Section("", "Förord", text="Ett år av samverkan."),
               Section("1", "Sammanfattning", text=filler),
               Section("1.1", "Resultat i siffror", level=2, text=filler),
               Section("1.1.1", "Deltagarna", level=3, text=filler),
               Section("2", LONG, text=filler),
               Section("Bilaga 1", "Insatser", text="Se tabellerna.")]
    return Report(kind="annual-report", title="Årsredovisning 2022", association="alfa",
                  association_name="Samordningsförbundet Alfa",
                  period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31),
                  outline=outline)


def _run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _contents_items(pdf: Path) -> list[str]:
    """The structure tree's list items of the contents, each as its lines."""
    tree = _run("pdfinfo", "-struct-text", "-f", "2", "-l", "2", str(pdf))
    contents = tree[tree.index('"Innehåll"'):]
    contents = contents[:contents.index("Sect")]
    return re.split(r"\n\s*LI \(block\)", contents)[1:]


def _page_of(pdf: Path, heading: str, pages: int) -> int:
    squeezed = " ".join(heading.split())
    for number in range(3, pages + 1):
        text = _run("pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-")
        if squeezed in " ".join(text.split()):
            return number
    raise AssertionError(f"{heading!r} is on no page")


def test_every_contents_entry_is_a_link_with_its_title_and_the_page_its_heading_is_on(tmp_path):
    report = numbered_report()
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(to_pdf(report))
    pages = int(re.search(r"Pages:\s+(\d+)", _run("pdfinfo", str(pdf)))[1])
    items = _contents_items(pdf)
    assert len(items) == len(report.outline)
    for section, item in zip(report.outline, items, strict=True):
        # The entry is a Link with its annotation (an object reference), and holds the
        # title and the page number as text.
        assert re.search(r"Link \(inline\)\s+Object \d+ 0", item), section.heading
        texts = re.findall(r'"([^"]*)"', item)
        assert " ".join(" ".join(texts).split()).endswith(
            f"{section.title} {_page_of(pdf, section.heading, pages)}"), (section.heading, texts)
        # The dots are drawn, not read out: no full stop is a text of the entry.
        assert "." not in texts


def test_a_wrapped_title_keeps_its_page_number_on_its_last_line_at_the_right_margin(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(to_pdf(numbered_report()))
    words = [(float(x_max), float(y_max), word) for x_max, y_max, word in re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        _run("pdftotext", "-bbox", "-f", "2", "-l", "2", str(pdf), "-"))]
    footer = next(y for _x, y, word in words if word == "Samordningsförbundet")
    lines: dict[float, list[tuple[float, str]]] = {}
    for x_max, y_max, word in words:
        if y_max < footer:
            lines.setdefault(round(y_max, 1), []).append((x_max, word))
    last_words = [max(line) for _y, line in sorted(lines.items())]
    numbers = [(x, word) for x, word in last_words if word.isdigit()]
    # One number per entry, each ending at the same x, the long title's too.
    assert len(numbers) == len(numbered_report().outline)
    assert max(x for x, _w in numbers) - min(x for x, _w in numbers) < 0.5
    first, last = (max(line)[1] for line in lines.values()
                   if any(w in ("Verksamhetens", "bildades") for _x, w in line))
    assert not first.isdigit() and last == "8"  # the number is on the last line only
