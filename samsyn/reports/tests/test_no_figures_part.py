"""A part with no figure (its title and the lines that say why) is never split with its title
alone at a page foot: the published annual report 2022 printed "Resultat för avslutade
deltaganden" at the foot of page 29 and its sentence on page 30."""

import datetime as dt
import subprocess

from samsyn.reports.document import Column, Report, Table
from samsyn.reports.render import to_pdf

TITLE = "Resultat för avslutade deltaganden"
NOTE = ("Registret har bara antal för perioden, inte varje deltagande, så resultaten för dem "
        "som avslutade kan inte anges: det finns ingen siffra, vilket inte är detsamma som 0. "
        "Förbundet har självt uppgett 414 avslutade deltaganden för perioden, varav 214 till "
        "arbete eller studier.")


def _pages_of(rows: int, tmp_path) -> list[str]:
    """What each page after the cover says of the part: T its title, N its sentence."""
    report = Report(kind="annual-report", title="Årsredovisning 2022", association="x",
                    association_name="Samordningsförbundet X", period_start=dt.date(2022, 1, 1),
                    period_end=dt.date(2022, 12, 31), tables=[
                        # Rows enough to bring the part to the first page's foot.
                        Table(title="Före", columns=[Column("a", "Rad")],
                              rows=[{"a": f"Rad {n}"} for n in range(rows)]),
                        Table(title=TITLE, columns=[], rows=[], note=NOTE)])
    path = tmp_path / "part.pdf"
    path.write_bytes(to_pdf(report))
    said = []
    for page in (2, 3):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
                              capture_output=True, text=True, check=True).stdout
        said.append(("T" if TITLE in text else "") + ("N" if "Registret har bara" in text
                                                      else ""))
    return said


def test_a_part_with_no_figure_keeps_its_title_with_its_sentence(tmp_path):
    # 37 rows left room for the title and not for the sentence's three lines.
    for rows in (36, 37, 38):
        assert _pages_of(rows, tmp_path) in (["TN", ""], ["", "TN"]), rows
