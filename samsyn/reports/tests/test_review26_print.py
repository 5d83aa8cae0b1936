"""Issue 26's "Print" read again on the demo's documents: a name in a narrow column is not
hyphenated, Word keeps a table's first rows with its header and its last two together, and an
Excel sheet's name is the title abbreviated from a table, never cut inside a word."""

import datetime as dt
import io
import subprocess

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from samsyn.reports.document import Column, Report, Table
from samsyn.reports.render import to_docx, to_pdf, to_xlsx
from samsyn.reports.sheet_names import LIMIT, shortened

# The titles of the 2022 annual report's tables that are longer than a sheet name.
LONG_TITLES = {
    "Medlemsbidrag 2022 enligt förbundsordningen": "Medl.bidr. 2022 enl. förb.ordn.",
    "Medlemsbidrag per medlem och år (kr)": "Medlemsbidrag per medlem och år",
    "Verksamhetens ekonomi i jämförelse med tidigare år": "Verks. ekonomi jmf. tidigare år",
    "Mål för god ekonomisk hushållning 2022": "Mål för god ek. hushålln. 2022",
    "Verksamhetsplanens mål och aktiviteter 2022": "Planens mål & aktiviteter 2022",
    "Sammanställning av budget och utfall 2022 (kr)": "Budget och utfall 2022",
    "Not 7. Kortfristiga skulder och förutbetalda intäkter": "Not 7",
    "Nya deltagare efter anvisande part": "Nya delt. efter anvisande part",
    "Avslutade deltaganden efter avslutsorsak": "Avslutade delt. efter orsak",
    "Andel avslutade deltaganden som gått till arbete eller studier":
        "Andel till arbete eller studier",
    "Nya deltagare efter anvisande part och kommun": "Nya delt. e. anv. part & kommun",
    "Avslutade deltaganden efter avslutsorsak och kommun": "Avsl. delt. e. orsak & kommun",
    "Resultat för avslutade deltaganden": "Resultat för avslutade delt.",
    "Resursrådet: anmälningar (inflöde) 2022": "Resursrådet anmälningar 2022",
}


def _report(*tables: Table) -> Report:
    return Report(kind="test", title="Verksamhetsplan 2022", association="alfa",
                  association_name="Samordningsförbundet Alfa",
                  period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31),
                  tables=list(tables))


def _interventions(count: int = 9) -> Table:
    """Stockholm's 2022 plan, section 4: a long name column squeezes "Typ" narrow."""
    return Table(
        title="Insatser som pågår under perioden",
        columns=[Column("name", "Insats"), Column("kind", "Typ"), Column("start", "Start"),
                 Column("end", "Slut"), Column("by", "Drivs av")],
        rows=[{"name": f"Integrering av IPS i psykosvården, del {n} av projektet med ESF-stöd",
               "kind": "Individinriktad", "start": "2022-01-01", "end": "2022-12-31",
               "by": "Region Stockholm"} for n in range(count)],
    )


def test_every_long_title_of_the_annual_report_gets_a_name_that_fits_and_is_not_cut():
    for title, name in LONG_TITLES.items():
        assert len(title) > LIMIT
        assert shortened(title) == name
        assert len(name) <= LIMIT and "…" not in name
        assert not set(name) & set("[]:*?/\\"), name  # what Excel refuses


def test_a_title_no_abbreviation_brings_under_the_limit_is_cut_after_a_word():
    title = "Samverkansteam för unga vuxna: nya deltagare 2022 efter anvisande part"
    assert shortened(title) is None
    book = load_workbook(io.BytesIO(to_xlsx(_report(
        Table(title=title, columns=[Column("a", "A")], rows=[{"a": "x"}]),
        Table(title="Nya deltagare efter anvisande part och kommun",
              columns=[Column("a", "A")], rows=[{"a": "y"}]),
        Table(title="Nya deltagare efter anvisande part och kommun",
              columns=[Column("a", "A")], rows=[{"a": "z"}]),
    ))))
    # The second table of one title has no room for " (2)": its name is cut after a word.
    assert book.sheetnames[1:] == ["Samverkansteam – nya delt. 2022",
                                   "Nya delt. e. anv. part & kommun", "Nya delt. e. anv. part (2)"]
    assert book["Samverkansteam – nya delt. 2022"]["A1"].value == title


def test_a_name_in_a_narrow_column_is_never_hyphenated_in_the_pdf(tmp_path):
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(to_pdf(_report(_interventions())))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Individinriktad" in text and "Stockholm" in text
    assert "Individinrik\u2010" not in text and "Individinrik-" not in text
    assert "Stock\u2010" not in text


def test_a_second_table_of_one_title_is_numbered_where_the_number_fits():
    tables = [Table(title="Nya deltagare", columns=[Column("a", "A")], rows=[{"a": "x"}])] * 2
    book = load_workbook(io.BytesIO(to_xlsx(_report(*tables))))
    assert book.sheetnames[1:] == ["Nya deltagare", "Nya deltagare (2)"]


def test_word_keeps_a_tables_header_and_first_rows_together_and_its_last_two_rows():
    document = Document(io.BytesIO(to_docx(_report(_interventions(9)))))
    table = document.tables[0]
    kept = [all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)
            for row in table.rows]
    # Header and three rows on one page; the second last row with the last.
    assert kept == [True, True, True, False, False, False, False, False, True, False]
    header = table.rows[0]._tr.trPr
    assert header.find(qn("w:tblHeader")) is not None
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
