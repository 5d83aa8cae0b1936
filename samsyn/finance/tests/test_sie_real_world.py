"""SIE files as bookkeeping programs really write them, read right."""

from collections import defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given, settings
from hypothesis import strategies as st

from samsyn.finance import sie, sie_import
from samsyn.finance.models import SieImport

D = Decimal


def text(*lines: str, encoding: str = "cp437") -> bytes:
    return "\r\n".join(lines).encode(encoding)


VOUCHERS_4I = ['#VER L 1 20220125 "Lön januari"', "{", "#TRANS 7010 {} 30000.00",
               "#TRANS 2710 {} -30000.00", "}"]


def test_a_sie_4i_file_without_rar_takes_its_year_from_the_vouchers(alfa):
    data = text("#FLAGGA 0", "#SIETYP 4I", '#PROGRAM "Lönesystemet" 1', *VOUCHERS_4I)
    preview = sie_import.read(alfa.association, data, "lon.si")
    assert (preview.year, str(preview.start), str(preview.end)) == (2022, "2022-01-01",
                                                                    "2022-12-31")
    assert [(b.account, b.amount) for b in preview.booked] == [("7010", D("30000.00"))]


def test_a_sie_4i_file_spanning_two_years_needs_the_year_and_then_takes_that_year(alfa,
                                                                                  tmp_path):
    data = text("#FLAGGA 0", "#SIETYP 4I", *VOUCHERS_4I, '#VER L 2 20230125 "Lön"', "{",
                "#TRANS 7010 {} 1.00", "#TRANS 2710 {} -1.00", "}")
    with pytest.raises(sie_import.SieImportError, match="daterade 2022–2023: ange vilket år"):
        sie_import.read(alfa.association, data, "lon.si")
    path = tmp_path / "lon.si"
    path.write_bytes(data)
    call_command("import_sie", str(path), "--association", "alfa", "--year", "2023",
                 stdout=StringIO())
    record = SieImport.objects.get(association=alfa.association, year=2023)
    assert [(a.account, a.amount) for a in record.amounts.all()] == [("7010", D("1.00"))]


def test_a_year_that_contradicts_the_files_rar_is_refused(alfa):
    data = text("#FLAGGA 0", "#SIETYP 4", "#RAR 0 20220101 20221231")
    with pytest.raises(sie_import.SieImportError, match="inte 2021"):
        sie_import.read(alfa.association, data, "fil.se", 2021)


def test_the_trans_copy_of_an_rtrans_counts_once_even_with_another_date_and_text():
    parsed = sie.parse(text(
        "#FLAGGA 0", "#SIETYP 4", "#RAR 0 20220101 20221231", '#VER A 1 20220110 "x"', "{",
        "#TRANS 1930 {} -100.00", '#RTRANS 6110 {} 100.00 20220301 "Rättad av Anna"',
        '#TRANS 6110 {} 100.00 20220110 "x"', "}"))
    assert sie.result_by_account(parsed) == {"6110": D("100.00")}
    assert sie.unbalanced_vouchers(parsed) == [] and parsed.warnings == []


def test_pc8_declared_but_written_in_utf8_or_latin9_is_read_right():
    for encoding in ("utf-8", "iso-8859-15"):
        parsed = sie.parse(text("#FLAGGA 0", "#FORMAT PC8", "#SIETYP 4",
                                '#FNAMN "Samordningsförbundet Östra Södertörn"',
                                encoding=encoding))
        assert parsed.company == "Samordningsförbundet Östra Södertörn"
        assert parsed.encoding == encoding


def test_a_sie_1_file_gives_the_outcome_from_its_res_lines(alfa):
    data = text("#FLAGGA 0", "#SIETYP 1", "#RAR 0 20220101 20221231", '#KONTO 3010 "Bidrag"',
                "#UB 0 1930 500.00", "#RES 0 3010 -500.00", "#RES 0 4010 0")
    preview = sie_import.read(alfa.association, data, "saldo.se")
    assert preview.result_source == "res"
    assert [(b.account, b.amount) for b in preview.booked] == [("3010", D("-500.00"))]
    assert any("inga verifikationer (SIE typ 1)" in w for w in preview.warnings)
    record = sie_import.store(alfa.association, preview)
    assert record.result_source == "res" and record.balances.get(account="1930").closing == 500


def test_html_and_sie_5_are_refused_in_one_line_saying_what_they_are(alfa):
    with pytest.raises(sie_import.SieImportError, match="webbsida"):
        sie_import.read(alfa.association, b"<html><body>Logga in</body></html>", "x.se")
    with pytest.raises(sie_import.SieImportError, match="SIE 5-fil"):
        sie_import.read(alfa.association, b'<?xml version="1.0"?><Sie xmlns="x"/>', "x.se")


def test_a_file_of_another_organisation_is_warned_about_before_import(alfa, tmp_path):
    alfa.association.org_number = "222000-1234"
    alfa.association.save()
    data = text("#FLAGGA 0", "#SIETYP 4", "#ORGNR 556677-8899", '#FNAMN "Ett annat AB"',
                "#RAR 0 20220101 20221231")
    preview = sie_import.read(alfa.association, data, "annan.se")
    assert "556677-8899 (#ORGNR), inte 222000-1234" in preview.identity[0]
    assert "Ett annat AB (#FNAMN)" in preview.identity[1]
    path = tmp_path / "annan.se"
    path.write_bytes(data)
    err = StringIO()
    call_command("import_sie", str(path), "--association", "alfa", "--dry-run",
                 stdout=StringIO(), stderr=err)
    assert "556677-8899" in err.getvalue()
    assert not SieImport.objects.filter(filename="annan.se").exists()
    # Imported only with the second confirmation, which the error names.
    with pytest.raises(CommandError, match=r"556677-8899.*--accept-other"):
        call_command("import_sie", str(path), "--association", "alfa", stdout=StringIO(),
                     stderr=StringIO())
    assert not SieImport.objects.filter(filename="annan.se").exists()
    call_command("import_sie", str(path), "--association", "alfa", "--accept-other",
                 stdout=StringIO(), stderr=StringIO())
    assert SieImport.objects.filter(filename="annan.se").exists()


def test_a_res_that_differs_from_the_vouchers_is_explained(alfa):
    data = text("#FLAGGA 0", "#SIETYP 4", "#RAR 0 20220101 20221231", "#RES 0 3010 -150.00",
                '#VER A 1 20220110 "x"', "{", "#TRANS 1930 {} 100.00",
                "#TRANS 3010 {} -100.00", "}")
    preview = sie_import.read(alfa.association, data, "fil.se")
    # Amounts as a Swedish reader writes them (minus sign, no decimals for whole kronor).
    assert any("3010" in w and "ger −100," in w and "anger −150" in w for w in preview.warnings)
    assert any("bokningar utanför filens verifikationer" in w for w in preview.warnings)


def test_reader_messages_are_swedish_and_name_their_line(alfa, tmp_path):
    path = tmp_path / "fel.se"
    path.write_bytes(text("#FLAGGA 0", "#SIETYP 4", "#RAR 0 20220101 20221231",
                          '#VER A 1 20221301 "x"', "{", "}"))
    with pytest.raises(CommandError, match=r"fel.se: rad 4: '20221301' är inget datum"):
        call_command("import_sie", str(path), "--association", "alfa", stdout=StringIO())
    assert not SieImport.objects.filter(filename="fel.se").exists()


rows = st.lists(st.tuples(st.sampled_from(["1930", "2440", "3010", "3020", "4010", "5010",
                                           "7010", "8310", "8410"]),
                          st.decimals(min_value=-10**6, max_value=10**6, places=2),
                          st.sampled_from(["TRANS", "RTRANS", "BTRANS"])),
                min_size=1, max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), rows), max_size=10))
def test_each_accounts_result_equals_an_independent_sum_of_the_vouchers(vouchers):
    lines = ["#FLAGGA 0", "#SIETYP 4", "#RAR 0 20220101 20221231"]
    expected: dict[str, Decimal] = defaultdict(Decimal)
    for number, (month, voucher_rows) in enumerate(vouchers, start=1):
        lines += [f'#VER A {number} 2022{month:02d}15 "v"', "{"]
        for account, amount, kind in voucher_rows:
            lines.append(f"#{kind} {account} {{}} {amount}")
            if kind == "RTRANS":
                # Written again as #TRANS for older readers: one booking, not two.
                lines.append(f'#TRANS {account} {{}} {amount} 20220101 "kopia"')
            if kind != "BTRANS" and account[0] in "345678":
                expected[account] += amount
        lines.append("}")
    parsed = sie.parse(text(*lines))
    assert sie.result_by_account(parsed) == {a: v for a, v in sorted(expected.items()) if v}
