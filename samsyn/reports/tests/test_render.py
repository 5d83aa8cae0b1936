import datetime as dt
import io
import json
import subprocess
from decimal import Decimal

from django.core.management import call_command
from openpyxl import load_workbook

from samsyn.reports.document import Column, Report, Table
from samsyn.reports.render import to_html, to_json, to_pdf, to_xlsx


def sample_report():
    table = Table(
        title="Budget mot utfall 2022",
        columns=[Column("line", "Post"), Column("budget", "Budget", "money"),
                 Column("share", "Förbrukat", "percent"), Column("n", "Deltagare", "int")],
        rows=[{"line": "MIA Vidare", "budget": Decimal("16316000"), "share": Decimal("73.98"),
               "n": 81},
              {"line": "SamMA", "budget": Decimal("1200000.40"), "share": None, "n": "<5"}],
        total={"line": "Summa", "budget": Decimal("17516000.40"), "share": Decimal("70.1"),
               "n": 84},
    )
    return Report(kind="test", title="Provrapport", association="alfa",
                  association_name="Samordningsförbundet Alfa",
                  period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31),
                  tables=[table], data={"total": Decimal("17516000.40"),
                                        "day": dt.date(2022, 3, 1)})


def test_json_keeps_decimals_exact_as_strings():
    data = json.loads(to_json(sample_report()))
    assert data == {"total": "17516000.40", "day": "2022-03-01"}


def test_html_formats_figures_the_swedish_way():
    html = to_html(sample_report())
    assert "16\u00a0316\u00a0000" in html
    assert "73,9\u00a0%" in html or "74,0\u00a0%" in html
    assert "&lt;5" in html
    assert '<th scope="row">Summa</th>' in html


def test_xlsx_cells_are_numbers_with_number_formats_not_text():
    book = load_workbook(io.BytesIO(to_xlsx(sample_report())))
    sheet = book["Budget mot utfall 2022"]
    assert [c.value for c in sheet[2]] == ["Post", "Budget", "Förbrukat", "Deltagare"]
    assert sheet["B3"].value == 16316000 and sheet["B3"].number_format == "#,##0"
    assert abs(sheet["C3"].value - 0.7398) < 1e-9 and sheet["C3"].number_format == "0.0%"
    assert sheet["D4"].value == "<5"
    assert sheet["A5"].value == "Summa" and sheet["A5"].font.bold


def test_sheet_names_are_valid_and_unique():
    report = sample_report()
    report.tables.append(Table(title="Budget mot utfall 2022", columns=[], rows=[]))
    report.tables.append(Table(title="Kostnad/intäkt [tkr]: fördelning per insats", columns=[],
                               rows=[]))
    names = load_workbook(io.BytesIO(to_xlsx(report))).sheetnames
    assert len({n.lower() for n in names}) == 3
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_pdf_has_the_figures_and_page_numbers(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(to_pdf(sample_report()))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Provrapport" in text and "MIA Vidare" in text
    assert "16 316 000" in text.replace("\u00a0", " ")
    assert "Sida 1 / 1" in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_the_command_writes_every_format(alfa, tmp_path, capsys):
    slug = alfa.association.slug
    call_command("report", "interventions", "--association", slug, "--year", "2022")
    data = json.loads(capsys.readouterr().out)
    assert [i["intervention"] for i in data["interventions"]] == ["vagen-vidare", "samverkan"]
    for fmt in ("html", "pdf", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        call_command("report", "interventions", "--association", slug, "--year", "2022",
                     "--format", fmt, "--output", str(out))
        assert out.stat().st_size > 500
