"""A printed table's columns share the page as render.column_shares says (table-layout: fixed):
a figure whole, a label on one line where the automatic layout would keep it so."""

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st

from samsyn.reports import glyphs
from samsyn.reports.document import Column, Report, Table
from samsyn.reports.render import (
    CELL_PADDING_EMS,
    TABLE_EMS,
    table_context,
    to_html,
    to_pdf,
)

LABEL = "Finansiella intäkter/kostnader, netto (som kostnad)"


def budget_table() -> Table:
    columns = [Column("line", "Rad"), Column("budget", "Budget 2025", "money"),
               Column("outcome", "Utfall 2025", "money"), Column("diff", "Differens", "money")]
    rows = [{"line": "Medlemsbidrag", "budget": Decimal(6_736_750), "outcome": Decimal(0),
             "diff": Decimal(6_736_750)},
            {"line": LABEL, "budget": Decimal(0), "outcome": Decimal(0), "diff": Decimal(0)}]
    return Table(title="Sammanställning av budget och utfall", columns=columns, rows=rows,
                 total={"line": "Årets resultat", "budget": Decimal(-1_867_842),
                        "outcome": Decimal(-7_872_840), "diff": Decimal(-6_004_998)})


def report(table: Table) -> Report:
    return Report(kind="test", title="Provrapport", association="alfa",
                  association_name="Samordningsförbundet Alfa",
                  period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 12, 31),
                  tables=[table])


def test_the_shares_follow_the_texts_and_make_the_whole_width():
    group = table_context(budget_table())["groups"][0]
    shares = group["shares"]
    assert sum(shares) == 1000  # tenths of a per cent: the whole width, no more
    # The long label takes the room the figures leave, not a quarter of the page.
    assert shares[0] > 400


@given(st.lists(st.integers(min_value=-10**9, max_value=10**9), min_size=1, max_size=8),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö ", min_size=1, max_size=80))
def test_every_figure_fits_its_column_whole(figures, label):
    columns = [Column("label", "Rad")] + [Column(f"c{i}", f"Kolumn {i}", "money")
                                          for i in range(len(figures))]
    table = Table(title="t", columns=columns,
                  rows=[{"label": label, **{f"c{i}": Decimal(v) for i, v in enumerate(figures)}}])
    context = table_context(table)
    for group in context["groups"]:
        for share, column, text in zip(group["shares"], group["columns"], group["rows"][0],
                                       strict=True):
            if column.kind != "text":
                room = share / 1000 * TABLE_EMS - CELL_PADDING_EMS
                assert glyphs.width(text[0]) <= room + 0.01


def test_the_markup_gives_each_column_its_share():
    html = to_html(report(budget_table()))
    shares = table_context(budget_table())["groups"][0]["shares"]
    assert "<colgroup>" + "".join(f'<col class="w{s}">' for s in shares) \
        + "</colgroup>" in html
    # The print sheet has a rule for each share used, and no style attribute (the pages'
    # Content-Security-Policy allows none).
    for s in shares:
        assert f"col.w{s} {{ width: {s / 10}%; }}" in html
    assert "table-layout: fixed" in html
    assert "--share" not in html and "/* column shares */" not in html


def test_the_printed_label_stays_on_one_line_and_the_figures_whole(tmp_path):
    pdf = tmp_path / "shares.pdf"
    pdf.write_bytes(to_pdf(report(budget_table())))
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    row = next(line for line in lines if "Finansiella" in line)
    assert LABEL in " ".join(row.split())
    total = next(line for line in lines if "Årets resultat" in line)
    assert all(figure in total for figure in ("-1 867 842", "-7 872 840", "-6 004 998"))


FONTS = Path("/usr/share/fonts/truetype/dejavu")


def test_the_character_widths_are_the_fonts():
    for bold, name in ((False, "DejaVuSans.ttf"), (True, "DejaVuSans-Bold.ttf")):
        font = TTFont(FONTS / name)
        cmap, metrics = font.getBestCmap(), font["hmtx"]
        text = "Årets resultat −1 867 842 (kr) Försörjningsstöd 33,5 % – é"
        units = sum(metrics[cmap[ord(c)]][0] for c in text)
        assert glyphs.width(text, bold) == pytest.approx(units / 2048)


def test_a_figure_in_a_text_cell_keeps_its_no_break_spaces_whole():
    columns = [Column("goal", "Mål"), Column("measure", "Mått och målvärde"),
               Column("outcome", "Utfall"), Column("met", "Uppnått")]
    rows = [{"goal": "Verksamheten bedrivs inom den budget som styrelsen har beslutat " * 2,
             "measure": "Kostnader i procent av budget: högst 100 %" * 2,
             "outcome": "1\u00a0250\u00a0047 kr", "met": "ja"}]
    group = table_context(Table(title="t", columns=columns, rows=rows))["groups"][0]
    room = group["shares"][2] / 1000 * TABLE_EMS - CELL_PADDING_EMS
    assert glyphs.width("1\u00a0250\u00a0047") <= room
