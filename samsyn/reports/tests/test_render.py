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
    assert sheet["A2"].value == "Kansliets version: inte för publicering"
    assert [c.value for c in sheet[3]] == ["Post", "Budget", "Förbrukat", "Deltagare"]
    assert sheet["B4"].value == 16316000 and sheet["B4"].number_format == "#,##0"
    assert abs(sheet["C4"].value - 0.7398) < 1e-9 and sheet["C4"].number_format == "0.0%"
    assert sheet["D5"].value == "<5"
    assert sheet["A6"].value == "Summa" and sheet["A6"].font.bold


def test_sheet_names_are_valid_and_unique():
    report = sample_report()
    report.tables.append(Table(title="Budget mot utfall 2022", columns=[], rows=[]))
    report.tables.append(Table(title="Kostnad/intäkt [tkr]: fördelning per insats", columns=[],
                               rows=[]))
    names = load_workbook(io.BytesIO(to_xlsx(report))).sheetnames
    assert names[0] == "Innehåll" and len({n.lower() for n in names}) == 4
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)


def test_pdf_has_the_figures_and_page_numbers(tmp_path):
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(to_pdf(sample_report()))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Provrapport" in text and "MIA Vidare" in text
    assert "16 316 000" in text.replace("\u00a0", " ")
    assert "Sida 2 / 2" in text and "Kansliets version: inte för publicering" in text
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


# Print layout, charts and the office formats

from docx import Document  # noqa: E402
from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from samsyn.reports.charts import alternative, figure_html, grouped, svg  # noqa: E402
from samsyn.reports.document import Chart  # noqa: E402
from samsyn.reports.render import (  # noqa: E402
    LINE_CHARS,
    column_groups,
    neutralise,
    table_context,
    to_docx,
)


def wide_table(years=range(2012, 2027)):
    return Table(title="Medlemsbidrag per medlem och år (kr)",
                 columns=[Column("member", "Medlem")]
                 + [Column(f"y{y}", str(y), "money") for y in years],
                 rows=[{"member": "Försäkringskassan",
                        **{f"y{y}": Decimal(9_032_435) for y in years}}])


def test_a_table_wider_than_the_page_is_split_into_column_groups_with_the_row_labels():
    groups = column_groups(wide_table())
    assert len(groups) > 1
    assert all(g[0].key == "member" for g in groups)
    assert [c.key for g in groups for c in g[1:]] == [f"y{y}" for y in range(2012, 2027)]


@given(st.lists(st.tuples(st.sampled_from(["text", "int", "money", "percent"]),
                          st.text(min_size=1, max_size=60)), min_size=1, max_size=30))
def test_column_groups_keep_every_column_once_and_in_order(specs):
    table = Table(title="t", columns=[Column(f"c{i}", label, kind)
                                      for i, (kind, label) in enumerate(specs)], rows=[])
    groups = column_groups(table)
    keys = [c.key for c in groups[0]] + [c.key for g in groups[1:] for c in g[1:]]
    assert keys == [c.key for c in table.columns]
    assert all(g[0] is table.columns[0] for g in groups)


def test_the_column_groups_put_together_give_every_cell_of_the_row_in_order():
    shared = Column("same", "Samma rubrik i flera kolumner", "int")
    years = range(2012, 2027)
    table = Table(title="t", columns=[Column("member", "Medlem")] + [
        shared if y % 2 else Column(f"y{y}", str(y), "money") for y in years],
        rows=[{"member": "FK", "same": 7, **{f"y{y}": Decimal(y) for y in years}}])
    context = table_context(table)
    assert len(context["groups"]) > 1
    row = context["rows"][0]
    joined = [row[0]] + [cell for g in context["groups"] for cell in g["rows"][0][1:]]
    assert joined == row
    assert all(g["rows"][0][0] == row[0] for g in context["groups"])


def test_the_wide_table_prints_every_year_on_a4(tmp_path):
    report = sample_report()
    report.tables = [wide_table()]
    pdf = tmp_path / "wide.pdf"
    pdf.write_bytes(to_pdf(report))
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert all(str(y) in text for y in range(2012, 2027))
    assert text.count("Försäkringskassan") == len(column_groups(wide_table()))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "595.276 x 841.89" in info and "Tagged:          yes" in info
    assert LINE_CHARS < 100


@given(st.text())
def test_no_text_cell_can_start_a_formula(text):
    safe = neutralise(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert safe.removeprefix("'") == text or safe == text


def test_excel_opens_on_a_contents_sheet_and_runs_no_formula_from_a_text():
    report = sample_report()
    report.tables[0].rows[0]["line"] = "=HYPERLINK(\"http://x\")"
    report.tables.append(Table(title="Avslutade deltaganden efter avslutsorsak och kommun",
                               columns=[Column("k", "Kommun")], rows=[{"k": "@SUM(A1)"}]))
    book = load_workbook(io.BytesIO(to_xlsx(report)))
    assert book.sheetnames[0] == "Contents" or book.sheetnames[0] == "Innehåll"
    contents = book.worksheets[0]
    assert contents["A1"].value == "Provrapport"
    assert any("not for publication" in str(c.value) or "inte för publicering" in str(c.value)
               for c in contents["A"])
    assert all(len(n) <= 31 for n in book.sheetnames)
    # A title too long for a sheet name is not cut: the sheet's name is the title with
    # abbreviations (sheet_names.py), and its first cell and the contents sheet hold the
    # whole title.
    assert not [n for n in book.sheetnames if "…" in n]
    long = book["Avsl. delt. e. orsak & kommun"]
    assert long["A1"].value == "Avslutade deltaganden efter avslutsorsak och kommun"
    values = [c.value for s in book.worksheets for r in s.iter_rows() for c in r
              if isinstance(c.value, str)]
    assert not [v for v in values if v.startswith(("=", "@"))]
    assert "'=HYPERLINK(\"http://x\")" in values


def test_word_files_are_a4_with_the_charts():
    report = sample_report()
    report.charts = [Chart("Andel till arbete eller studier", ["Unga i Nynäs"],
                           [Decimal("65.3")], "percent")]
    document = Document(io.BytesIO(to_docx(report)))
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert len(document.inline_shapes) == 1


def test_a_chart_has_its_title_full_labels_a_legend_and_a_text_alternative():
    question = "Har ni rutiner för att samarbeta med andra aktörer i arbetet?"
    chart = grouped("Andel positiva svar", [(question, [("2021", Decimal(45)),
                                                        ("2022", Decimal("52.5"))])],
                    unit="percent")
    html = str(figure_html(chart))
    assert "<figcaption>Andel positiva svar</figcaption>" in html
    assert "<svg" in html and 'role="img"' in html
    words = alternative(chart)
    assert "<title id=" in html and "Har ni rutiner för att samarbeta" in html
    assert question in words and "2022: 52,5\u00a0%" in words and "2021: 45,0\u00a0%" in words
    assert chart.series == ["2021", "2022"] and chart.rows() == [[Decimal(45), Decimal("52.5")]]


def test_a_chart_on_a_page_uses_no_inline_style_the_pages_policy_would_block():
    # style-src 'self' drops style="…" attributes: the bars must keep their colour without.
    html = str(figure_html(Chart(title="Andel", labels=["A", "B"],
                                 values=[Decimal(40), None], unit="percent")))
    assert " style=" not in html
    assert 'fill="#1f5f8b"' in html
    # Nor a <style> element: the policy blocks that too (a console error for every chart).
    assert "<style" not in html and 'stroke-linejoin="round"' in html


def test_a_chart_reaches_the_pdf_without_matplotlibs_id_only_groups_or_its_metadata():
    # WeasyPrint styles and draws every element: the slimmed drawing has the same bars and
    # words in about half the elements (issue 29).
    chart = grouped("Budget och utfall", [("Lön", [("Budget", Decimal(120)),
                                                   ("Utfall", Decimal(-15))])])
    drawing = svg(chart)
    assert "<metadata" not in drawing and "<g id=" not in drawing
    assert drawing.count("<g") == drawing.count("</g>")
    assert 'fill="#1f5f8b"' in drawing and 'fill="#e69f00"' in drawing
    assert ">Lön</text>" in drawing and "clip-path=" in drawing  # a negative bar stays clipped
