"""Excel sheet names: every sheet has a name made from its table's title, cut at a word where
no abbreviation brings it under Excel's 31 characters, a number where two would be alike;
never "Tabell 35", which says nothing about the table."""

import datetime as dt
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from samsyn.reports.document import Column, Report, Table
from samsyn.reports.render import to_xlsx
from samsyn.reports.sheet_names import LIMIT, sheet_name

# The demo's 2022 annual report: titles no abbreviation brings under the limit.
STATED = [
    "Samverkansteam för unga vuxna: nya deltagare 2022 efter anvisande part",
    "Samverkansteam för unga vuxna: avslutade deltagare 2022 efter avslutsorsak",
    "Samverkansteam för unga vuxna: siffror som förbundet uppgett 2022",
    "Samverkansteam för unga vuxna: nya deltagare 2022 efter förbundets egna anvisande parter",
    "MIA Vidare Östra Södertörn: Avslutade under projekttiden, 1 juni 2020–31 december 2022",
    "MIA Vidare Östra Södertörn: Delprojektets deltagare under projekttiden, "
    "1 juni 2020–31 december 2022",
    "MIA Vidare Östra Södertörn: Avslutade deltagare 2022 uppdelade på kommun och "
    "avslutsorsaker",
    "MIA Vidare Östra Södertörn: Nya deltagare 2022 per kommun",
    "Hela MIA Vidare (länets åtta samordningsförbund): Deltagare anvisade från, "
    "1 juni 2020–31 december 2022",
    "SamMA-projektet: Antal deltagare i projektet totalt, 1 mars 2020–31 oktober 2022",
    "Vuxteamet i Tyresö: Andel som avslutade till arbete eller studier 2022",
    "NNS Chefer i styr- och beredningsgrupper 2022",
    "Insatser som pågår under perioden",
]

_WEAK_ENDINGS = ("och", "&", "e.", "efter", "i", "av", "för", "som", "till", "per", "på",
                 "under", "från", ",", "-", "–")


def _report(*tables: Table) -> Report:
    return Report(kind="test", title="Årsredovisning 2022", association="alfa",
                  association_name="Samordningsförbundet Alfa",
                  period_start=dt.date(2022, 1, 1), period_end=dt.date(2022, 12, 31),
                  tables=list(tables))


def _table(title: str, section: str = "") -> Table:
    return Table(title=title, columns=[Column("a", "A")], rows=[{"a": "x"}], section=section)


def _words(text: str) -> list[str]:
    for mark in ",:()":
        text = text.replace(mark, " ")
    return text.split()


def test_a_title_too_long_for_any_abbreviation_is_cut_after_a_whole_word():
    used: set[str] = set()
    names = [sheet_name(title, used, n, f"Tabell {n}") for n, title in enumerate(STATED, 1)]
    assert not [n for n in names if n.startswith("Tabell")]
    assert all(len(n) <= LIMIT for n in names), names
    assert len({n.lower() for n in names}) == len(names)
    for name, title in zip(names, STATED, strict=True):
        base = name.removesuffix(f" ({name.rsplit('(', 1)[-1]}") if name.endswith(")") else name
        # every word of the name is a whole word of the title or one of its abbreviations
        assert not base.endswith(_WEAK_ENDINGS), name
        assert _words(base)[0] == _words(title)[0], (name, title)
    assert names[-1] == "Insatser som pågår"


def test_an_insats_table_keeps_the_insats_and_what_the_table_counts():
    used: set[str] = set()
    first = sheet_name(STATED[0], used, 1, "Tabell 1")
    second = sheet_name(STATED[1], used, 2, "Tabell 2")
    assert first.startswith("Samverkansteam") and "nya" in first.lower()
    assert second.startswith("Samverkansteam") and "avsl" in second.lower()


def test_a_comparison_is_abbreviated_before_a_word_is_cut():
    used: set[str] = set()
    assert sheet_name("Ekonomin jämfört med tidigare år (kr)", used, 1, "Tabell 1") == (
        "Ekonomin jmf. tidigare år")


def test_two_titles_cut_alike_are_numbered_within_the_limit():
    used: set[str] = set()
    title = "Samverkansteam för unga vuxna: nya deltagare 2022 efter anvisande part"
    names = [sheet_name(title, used, n, f"Tabell {n}") for n in range(1, 12)]
    assert len({n.lower() for n in names}) == 11
    assert names[1].endswith(" (2)") and names[10].endswith(" (11)")
    assert all(len(n) <= LIMIT for n in names)
    assert not [n for n in names if n.startswith("Tabell")]


def test_an_untitled_table_is_named_after_its_part():
    book = load_workbook(io.BytesIO(to_xlsx(_report(
        _table("", "3 Budget mot utfall"), _table("", "6 Indikatorenkäter"), _table("")))))
    assert book.sheetnames[1:] == ["Budget mot utfall", "Indikatorenkäter", "Tabell 3"]


def test_the_workbook_keeps_each_full_title_on_its_sheet_and_in_the_contents():
    book = load_workbook(io.BytesIO(to_xlsx(_report(*[_table(t) for t in STATED]))))
    contents = {row[0]: row[2] for row in book["Innehåll"].iter_rows(values_only=True)
                if row[0] in book.sheetnames}
    for sheet, title in zip(book.worksheets[1:], STATED, strict=True):
        assert sheet["A1"].value == title
        assert contents[sheet.title] == title
        assert not sheet.title.startswith("Tabell")


words = st.sampled_from(["Nya", "deltagare", "efter", "och", "MIA", "Vidare:", "(kr)", "2022,",
                         "1 juni 2020–31 december 2022", "'", "[x]", "styr-", "avslutsorsak",
                         "Samverkansteamförungavuxnaihaninge", ":", "Not 7.", "i", ""])


@given(st.lists(st.lists(words, max_size=14).map(" ".join), max_size=12))
def test_any_titles_get_names_excel_takes_unique_without_regard_to_case(titles):
    used: set[str] = set()
    names = [sheet_name(title, used, n, f"Tabell {n}") for n, title in enumerate(titles, 1)]
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert 0 < len(name) <= LIMIT, name
        assert not set(name) & set("[]:*?/\\"), name
        assert not name.startswith("'") and not name.endswith("'"), name
        assert name == name.strip(), name
