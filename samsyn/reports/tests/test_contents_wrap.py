"""A numbered entry of the contents that wraps (Samsund's plan 2024, 5.2: three team names)
goes on under its title's first word, as a typeset contents does, not under its number."""

import datetime as dt
import re
import subprocess

from samsyn.reports.document import Report, Section
from samsyn.reports.render import to_pdf

LONG = ("Myndighetsgemensamt team Järfälla, Myndighetsgemensamt team Sundbyberg, "
        "Myndighetsgemensamt team Upplands-Bro")


def _words(pdf: bytes, tmp_path, page: int) -> list[tuple[float, float, float, str]]:
    """The words of one page with their left edge, top and right edge, as pdftotext places
    them."""
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path),
                           "-"], capture_output=True, text=True, check=True).stdout
    return [(float(x), float(y), float(right), word) for x, y, right, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', html)]


def test_a_wrapped_numbered_entry_goes_on_under_its_titles_first_word(tmp_path):
    report = Report(
        kind="business-plan", title="Verksamhetsplan 2024", association="samsund",
        association_name="Samordningsförbundet Samsund", period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        outline=[Section("5", "Om insatserna"), Section("5.1", "ESF Lumena", level=2),
                 Section("5.2", LONG, level=2), Section("5.3", "ESF Conecto", level=2)])
    found = _words(to_pdf(report), tmp_path, 2)
    words = [(x, y, w) for x, y, _right, w in found]
    number = next((x, y) for x, y, w in words if w == "5.2")
    first = next(x for x, y, w in words if w == "Myndighetsgemensamt" and abs(y - number[1]) < 1)
    # The line below 5.2's that holds the rest of its title.
    below = [(x, y) for x, y, w in words if y > number[1] + 1 and w != "5.3"]
    top = min(y for _x, y in below)
    start = min(x for x, y in below if abs(y - top) < 1)
    assert any(w == "Upplands-Bro" and abs(y - top) < 1 for _x, y, w in words)
    assert abs(start - first) < 1, (start, first, number)
    assert start > number[0] + 5
    # And every entry's page number still ends at the right margin, the wrapped one's too.
    ends = [right for _x, y, right, w in found if w.isdigit() and right > 300 and y < 700]
    assert len(ends) == 4 and max(ends) - min(ends) < 1, ends
