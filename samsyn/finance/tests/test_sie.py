"""SIE 4 reading: every real export in tests/sie, and small files made to break it."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samsyn.finance.sie import (
    SieError,
    SieFile,
    declared_result_by_account,
    parse,
    result_by_account,
    unbalanced_vouchers,
)

SAMPLES = Path(__file__).resolve().parent / "sie"
FILES = sorted(p for p in SAMPLES.glob("*") if p.suffix.lower() == ".se")
D = Decimal
SWEDISH = "åäöÅÄÖ"


def test_the_samples_are_there():
    assert SAMPLES.is_dir(), f"no folder {SAMPLES}"
    assert len(FILES) >= 5, f"expected at least 5 SIE samples in {SAMPLES}"


def read(name: str) -> SieFile:
    return parse((SAMPLES / name).read_bytes())


# Every real sample

# file: (encoding, company, an account, its exact name, vouchers)
KNOWN = {
    "MAMUT_SIE4_EXPORT.SE": ("cp437", "Mamut_SIE", "1247", "Båtar", 168),
    "SIE4_Exempelfil_med_underdim.SE": (
        "utf-8", "\ufffdvningsbolaget AB", "1060", "Hyresr\ufffdtt", 295),
    "Sie4.se": ("cp437", "Demoföretaget AB", "8999", "Årets resultat", 70),
    "transaktioner_ovnbolag.se": (
        "cp437", "Övningsbolaget AB (Ekonomi 60)", "1050", "Varumärken", 163),
    "transaktioner_ovnbolag-bad-balance.se": (
        "cp437", "Övningsbolaget AB (Ekonomi 60)", "1050", "Varumärken", 163),
}
# The Visma export's bytes hold U+FFFD (EF BF BD) wherever a Swedish letter stood: the letters
# were lost before the file was written, so there is no å, ä or ö in it to decode.
LETTERS_LOST = {"SIE4_Exempelfil_med_underdim.SE"}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_sample_is_read(path):
    assert path.name in KNOWN, f"new sample {path.name}: add what it holds to KNOWN"
    encoding, company, account, name, vouchers = KNOWN[path.name]
    sie = parse(path.read_bytes())
    assert sie.company and sie.fiscal_years and sie.accounts
    assert 0 in sie.fiscal_years and sie.sie_type == "4" and sie.declared_format == "PC8"
    assert (sie.encoding, sie.company, sie.accounts[account]) == (encoding, company, name)
    assert len(sie.vouchers) == vouchers
    assert all(row.account for voucher in sie.vouchers for row in voucher.transactions)
    texts = [sie.company, *sie.accounts.values()]
    if path.name in LETTERS_LOST:
        assert not any(letter in text for text in texts for letter in SWEDISH)
        assert "\ufffd" in sie.company
    else:
        assert any(letter in text for text in texts for letter in SWEDISH)
        assert not any("\ufffd" in text for text in texts)


def test_the_letters_lost_in_the_visma_export_are_lost_in_its_bytes():
    data = (SAMPLES / "SIE4_Exempelfil_med_underdim.SE").read_bytes()
    assert b'#KONTO 1060 Hyresr\xef\xbf\xbdtt' in data
    sie = parse(data)
    messages = [w.message for w in sie.warnings]
    assert "declared PC8 (cp437) but written in utf-8" in messages
    assert any("replacement characters" in m for m in messages)


def test_dimensions_objects_and_sub_dimensions_of_a_sample():
    sie = read("SIE4_Exempelfil_med_underdim.SE")
    assert sie.dimensions["61"] == "Kubernetesdrift"  # an #UNDERDIM
    assert sie.objects[("1", "Nord")] == "Kontor Nord"
    rows = [t for v in sie.vouchers for t in v.transactions if t.account == "3041"]
    assert (("1", "Nord"), ("6", "0001")) in {t.objects for t in rows}
    assert read("Sie4.se").dimensions["1"] == "Kostnadsställe"
    mamut = read("MAMUT_SIE4_EXPORT.SE")
    # Mamut writes object lists with tabs between unquoted dimensions and quoted objects.
    assert mamut.vouchers[0].transactions[0].objects == (("1", "2"), ("10", "12"))
    assert mamut.objects[("8", "30023")] == "Åke Berg & Son"


def test_the_samples_without_faults_read_without_warnings():
    for name in ("MAMUT_SIE4_EXPORT.SE", "transaktioner_ovnbolag.se"):
        assert read(name).warnings == []


# The vouchers against the file's own #RES

# What #RES 0 says minus what the vouchers of year 0 add up to, per account, where they differ.
# Sie4.se (SoftOne) holds one supplier invoice in its #RES and #UB that has no #VER in the
# file: 48 000.00 on 4010, 12 000.00 of input VAT on 2640 (25 %), 60 000.00 on 2440 supplier
# debts; test_sie4_se_misses_one_supplier_invoice shows the balance side of it.
RES_DIFFERENCES = {"Sie4.se": {"4010": D("48000.00")}}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_the_vouchers_give_the_declared_result(path):
    sie = parse(path.read_bytes())
    declared, computed = declared_result_by_account(sie, 0), result_by_account(sie, 0)
    assert declared and sie.vouchers, "every sample has #RES 0 lines and vouchers"
    differences = {account: declared.get(account, D(0)) - computed.get(account, D(0))
                   for account in set(declared) | set(computed)
                   if declared.get(account, D(0)) != computed.get(account, D(0))}
    assert differences == RES_DIFFERENCES.get(path.name, {})
    if path.name not in RES_DIFFERENCES:
        assert computed == declared


def test_sie4_se_misses_one_supplier_invoice():
    sie = read("Sie4.se")
    moved: dict[str, Decimal] = defaultdict(Decimal)
    for voucher in sie.vouchers:
        for row in voucher.booked():
            moved[row.account] += row.amount
    balance_accounts = {account for _year, account in sie.closing_balances}
    missing = {account: sie.closing_balances[(0, account)]
               - sie.opening_balances.get((0, account), D(0)) - moved[account]
               for account in balance_accounts}
    assert {a: m for a, m in missing.items() if m} == {
        "2440": D("-60000.00"), "2640": D("12000.00")}
    assert D("48000.00") + D("12000.00") + D("-60000.00") == 0
    # The vouchers themselves all balance; they only cover January 2014 of the year.
    assert unbalanced_vouchers(sie) == []
    assert {v.date.month for v in sie.vouchers} == {1}


def test_sie4_se_warns_about_what_it_gets_wrong():
    messages = {(w.line, w.message) for w in read("Sie4.se").warnings}
    assert (721, "account FEL is used but not in the chart of accounts (#KONTO)") in messages
    # Long texts cut off without their closing quote, and a #KTYP with no type.
    assert {line for line, m in messages if m == "a quoted text is not closed"} == {
        1041, 1042, 1043}
    assert (593, "#KTYP with fields missing is skipped") in messages


# The unbalanced twin


def test_the_bad_balance_sample_names_its_voucher_and_line():
    bad = read("transaktioner_ovnbolag-bad-balance.se")
    found = unbalanced_vouchers(bad)
    # Line 3907 books -12 899.00 on 1910 where the good twin books -128.00.
    assert [(v.series, v.number, v.line, v.balance()) for v in found] == [
        ("B", "1", 3905, D("-12771.00"))]
    assert [row.line for row in found[0].transactions] == [3907, 3908, 3909]
    good = read("transaktioner_ovnbolag.se")
    assert unbalanced_vouchers(good) == []
    assert next(v for v in good.vouchers if v.line == 3905).balance() == 0


# Small files made to test one rule each

HEAD = "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20220101 20221231\n"  # lines 1-4


def sie_text(body: str, encoding: str = "cp437") -> bytes:
    return (HEAD + body).encode(encoding)


def voucher(*rows: str) -> str:
    """A voucher on lines 5 ({ on 6), its rows from line 7 on."""
    return '#VER A 1 20220110 "x"\n{\n' + "".join(f"{row}\n" for row in rows) + "}\n"


def test_an_rtrans_followed_by_its_trans_counts_once():
    sie = parse(sie_text(voucher("#TRANS 1930 {} -100.00", "#RTRANS 6110 {1 2} 100.00",
                                 "#TRANS 6110 {1 2} 100.00")))
    assert result_by_account(sie) == {"6110": D("100.00")}
    assert [row.kind for row in sie.vouchers[0].booked()] == ["trans", "trans"]
    assert unbalanced_vouchers(sie) == [] and sie.warnings == []


def test_an_rtrans_alone_counts_and_warns():
    sie = parse(sie_text(voucher("#TRANS 1930 {} -100.00", "#RTRANS 6110 {} 100.00")))
    assert result_by_account(sie) == {"6110": D("100.00")}
    assert unbalanced_vouchers(sie) == []
    assert [w.line for w in sie.warnings] == [8]


def test_an_rtrans_followed_by_another_row_counts_with_it():
    sie = parse(sie_text(voucher("#TRANS 1930 {} -150.00", "#RTRANS 6110 {} 100.00",
                                 "#TRANS 6110 {} 50.00")))
    assert result_by_account(sie) == {"6110": D("150.00")}
    assert [w.line for w in sie.warnings] == [8]


def test_a_btrans_is_a_removed_row_and_does_not_count():
    sie = parse(sie_text(voucher("#TRANS 1930 {} -100.00", "#BTRANS 6110 {} 100.00",
                                 "#TRANS 6120 {} 100.00")))
    assert result_by_account(sie) == {"6120": D("100.00")}
    assert len(sie.vouchers[0].transactions) == 3
    assert unbalanced_vouchers(sie) == []


def test_quoted_texts_keep_escaped_quotes_and_spaces():
    sie = parse(sie_text('#KONTO 3010 "Försäljning \\"bra\\" varor"\n'
                         '#VER "" "" 20220110 "text med  mellanrum"\n{\n'
                         '#TRANS 3010 {} -1.00 "" "rad \\"ett\\""\n#TRANS 1930 {} 1.00\n}\n'))
    assert sie.accounts["3010"] == 'Försäljning "bra" varor'
    ver = sie.vouchers[0]
    assert (ver.series, ver.number, ver.text) == ("", "", "text med  mellanrum")
    assert ver.transactions[0].text == 'rad "ett"' and ver.transactions[0].date is None


def test_tabs_separate_fields():
    sie = parse(sie_text('#KONTO\t3010\t"Försäljning"\n#VER\t"A"\t"1"\t20220110\t"t"\n{\n'
                         '\t#TRANS\t3010\t{}\t-50.50\t20220111\n \t#TRANS \t1930\t{}\t50.50\n}\n'))
    assert sie.accounts["3010"] == "Försäljning"
    first, second = sie.vouchers[0].transactions
    assert (first.amount, first.date.isoformat(), second.amount) == (
        D("-50.50"), "2022-01-11", D("50.50"))


def test_object_lists_may_hold_spaces():
    sie = parse(sie_text(voucher('#TRANS 3010 {"1" "Nord" 6 "P 1"} -5.00',
                                 "#TRANS 3011 { 1  100 } -5.00", "#TRANS 1930 { } 10.00")))
    rows = sie.vouchers[0].transactions
    assert [row.objects for row in rows] == [
        (("1", "Nord"), ("6", "P 1")), (("1", "100"),), ()]


def test_a_decimal_comma_is_read_with_a_warning():
    sie = parse(sie_text(voucher("#TRANS 3010 {} -12,50", "#TRANS 1930 {} 12.50")))
    assert result_by_account(sie) == {"3010": D("-12.50")}
    assert [(w.line, w.message) for w in sie.warnings] == [
        (7, "the amount -12,50 has a decimal comma")]


def test_labels_this_reader_does_not_use_are_skipped():
    sie = parse(sie_text(
        "#KSUMMA\n#OIB 0 3010 {1 2} 5.00\n#OUB 0 3010 {1 2} 6.00\n"
        "#PSALDO 0 202201 3010 {1 \"2\"} -100.00\n#PBUDGET 0 202201 3010 {} -90.00\n"
        "#FUTURE {unclosed \"and odd\n#BALANCE 1\n#__INIT__\n#NEED\n"
        + voucher("#TRANS 3010 {} -1.00", "#NEWROW whatever", "#TRANS 1930 {} 1.00")
        + "#KSUMMA 1234567\n"))
    assert result_by_account(sie) == {"3010": D("-1.00")}
    assert sie.warnings == []


def test_the_header_is_read():
    sie = parse(sie_text('#PROGRAM "Visma Administration" 2022.2\n#FNAMN "Förbundet"\n'
                         "#ORGNR 222000-0000\n#VALUTA EUR\n#RAR -1 20210101 20211231\n"
                         "#KTYP 3010 i\n#DIM 1 Resultatenhet\n#UNDERDIM 21 Team 1\n"
                         '#OBJEKT 1 "A 1" "Avdelning ett"\n#IB 0 1930 100.00 3\n'
                         "#UB 0 1930 90.50\n#RES 0 3010 -9.50\n#RES -1 3010 -8\n"))
    assert (sie.program, sie.declared_format, sie.sie_type) == (
        "Visma Administration", "PC8", "4")
    assert (sie.company, sie.org_number, sie.currency) == ("Förbundet", "222000-0000", "EUR")
    assert sorted(sie.fiscal_years) == [-1, 0]
    assert sie.account_types == {"3010": "I"}
    assert sie.dimensions == {"1": "Resultatenhet", "21": "Team"}
    assert sie.objects == {("1", "A 1"): "Avdelning ett"}
    assert sie.opening_balances == {(0, "1930"): D("100.00")}
    assert sie.closing_balances == {(0, "1930"): D("90.50")}
    assert declared_result_by_account(sie, -1) == {"3010": D("-8")}
    assert parse(sie_text("")).currency == "SEK"


NO_BRACE = "#VER must be followed by a line holding {"
UNCLOSED = "the voucher opened here is never closed with }"


@pytest.mark.parametrize(("body", "line", "message"), [
    (voucher("#TRANS 3010 {} -12,x"), 7, "'-12,x' is not an amount"),
    (voucher("#TRANS 3010 {} 1e3"), 7, "'1e3' is not an amount"),
    (voucher("#TRANS 3010 {} 1_000"), 7, "'1_000' is not an amount"),
    ("#UB 0 1930 12.5.0\n", 5, "'12.5.0' is not an amount"),
    ('#VER A 1 2022011 "x"\n{\n}\n', 5, "'2022011' is not a date (YYYYMMDD)"),
    ('#VER A 1 20221310 "x"\n{\n}\n', 5, "'20221310' is not a date"),
    ('#VER A 1 20220110 "x" 2022-01-10\n{\n}\n', 5, "'2022-01-10' is not a date (YYYYMMDD)"),
    (voucher("#TRANS 3010 {} 1.00 20220230"), 7, "'20220230' is not a date"),
    ("#RAR -1 20210101 2021123\n", 5, "'2021123' is not a date (YYYYMMDD)"),
    ("#RAR -1 20211231 20210101\n", 5, "#RAR ends before it starts"),
    ("#TRANS 3010 {} 1.00\n", 5, "#TRANS outside a voucher"),
    ("#BTRANS 3010 {} 1.00\n", 5, "#BTRANS outside a voucher"),
    ('#VER A 1 20220110 "x"\n#TRANS 3010 {} 1.00\n', 5, NO_BRACE),
    ('#VER A 1 20220110 "x"\n', 5, NO_BRACE),
    ('#VER A 1 20220110 "x"\n{\n#TRANS 3010 {} 1.00\n', 6, UNCLOSED),
    ('#VER A 1 20220110 "x"\n{\n#TRANS 1930 {} 1.00\n#VER A 2 20220111\n{\n}\n', 8,
     "#VER inside the voucher of line 5: is its } missing?"),
    ("}\n", 5, "} without an open {"),
    ("{\n}\n", 5, "{ without a #VER before it"),
    (voucher("#TRANS 3010 {1 2 3} 1.00"), 7, "an object list holds pairs of dimension and object"),
    (voucher("#TRANS 3010 {1 2 1.00"), 7, "an object list opened with { is not closed"),
    (voucher('#TRANS 3010 {1 "2} 1.00'), 7, "a quoted text is not closed"),
    (voucher("#TRANS 3010 7 1.00"), 7, "expected an object list in braces"),
    (voucher("#TRANS 3010 {}"), 7, "#TRANS needs at least 3 fields"),
    ("#IB x 1930 1.00\n", 5, "'x' is not a year index"),
])
def test_a_broken_file_names_its_line(body, line, message):
    with pytest.raises(SieError) as caught:
        parse(sie_text(body))
    assert (caught.value.line, caught.value.message) == (line, message)
    assert str(caught.value) == f"line {line}: {message}"


def test_a_file_without_flagga_or_sietyp_is_not_sie():
    with pytest.raises(SieError) as caught:
        parse(b'#FORMAT PC8\n#KONTO 3010 "F\x94rs\x84ljning"\n')
    assert caught.value.line == 1
    assert str(caught.value) == "line 1: not a SIE file: no #FLAGGA or #SIETYP line"
    with pytest.raises(SieError, match="not a SIE file"):
        parse((SAMPLES / "LICENSE-jsisie").read_bytes())


def test_an_error_without_a_line_is_just_its_message():
    assert str(SieError("broken")) == "broken" and SieError("broken").line is None


# Encodings

NAMES = '#FNAMN "Förbundet Åbo"\n#KONTO 3010 "Försäljning"\n'


@pytest.mark.parametrize("encoding", ["utf-8", "iso-8859-15"])
def test_programs_that_declare_pc8_but_write_otherwise_are_read(encoding):
    sie = parse(sie_text(NAMES, encoding))
    assert sie.encoding == encoding
    assert (sie.accounts["3010"], sie.company) == ("Försäljning", "Förbundet Åbo")
    assert [w.message for w in sie.warnings] == [
        f"declared PC8 (cp437) but written in {encoding}"]


def test_cp437_bytes_are_read_as_cp437():
    data = (b'#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#FNAMN "\x8fbo \x99vre"\r\n'
            b'#KONTO 3010 "F\x94rs\x84ljning av v\x84rmepump, caf\x82"\r\n')
    sie = parse(data)
    assert sie.encoding == "cp437" and sie.warnings == []
    assert sie.accounts["3010"] == "Försäljning av värmepump, café"
    assert sie.company == "Åbo Övre"


def test_a_utf8_byte_order_mark_is_dropped():
    sie = parse(b"\xef\xbb\xbf" + sie_text(NAMES, "utf-8"))
    assert (sie.encoding, sie.accounts["3010"]) == ("utf-8", "Försäljning")
    assert parse(b"\xef\xbb\xbf" + sie_text("")).encoding == "utf-8"


def test_a_file_without_letters_is_cp437_as_declared():
    sie = parse(sie_text('#KONTO 3010 "Sales"\n'))
    assert sie.encoding == "cp437" and sie.warnings == []


def test_a_format_sie_4_does_not_know_is_warned_about():
    sie = parse(b"#FLAGGA 0\n#SIETYP 4\n#FORMAT UTF8\n" + NAMES.encode())
    assert [w.message for w in sie.warnings] == [
        "#FORMAT UTF8 is not a SIE 4 format; read as utf-8"]


# Dates and years


def test_a_voucher_outside_the_fiscal_years_is_kept_with_a_warning():
    sie = parse(sie_text('#VER A 7 20230110 "x"\n{\n#TRANS 3010 {} -1.00\n'
                         "#TRANS 1930 {} 1.00\n}\n"))
    assert len(sie.vouchers) == 1 and result_by_account(sie) == {}
    assert [(w.line, w.message) for w in sie.warnings] == [
        (5, "voucher A 7 is dated 2023-01-10, outside every fiscal year")]


def test_the_result_takes_the_vouchers_of_the_asked_year_and_result_accounts_only():
    sie = parse(sie_text(
        "#RAR -1 20210101 20211231\n"
        '#VER A 1 20211231 ""\n{\n#TRANS 3010 {} -7.00\n#TRANS 1930 {} 7.00\n}\n'
        '#VER A 2 20220101 ""\n{\n#TRANS 3010 {} -5.00\n#TRANS 2999 {} 1.00\n'
        "#TRANS 9000 {} 1.00\n#TRANS 4010 {} 3.00\n#TRANS 6110 {} 0.00\n}\n"))
    assert result_by_account(sie, 0) == {"3010": D("-5.00"), "4010": D("3.00")}
    assert list(result_by_account(sie, 0)) == ["3010", "4010"]
    assert result_by_account(sie, -1) == {"3010": D("-7.00")}
    assert result_by_account(sie, -2) == {}


# Property: what is written is read back

cents = st.integers(min_value=-10**11, max_value=10**11).map(lambda c: D(c).scaleb(-2))
accounts = st.integers(min_value=1000, max_value=8999)
texts = st.text(alphabet='abc åäöÅÄÖé"{}#01', max_size=12)
# Each voucher: rows of (account, amount), then the account that takes the balancing row.
vouchers = st.tuples(st.lists(st.tuples(accounts, cents), min_size=1, max_size=6), accounts,
                     texts)


def quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def render(generated: list[tuple[list[tuple[int, Decimal]], int, str]], blank: str) -> bytes:
    lines = [HEAD]
    for number, (rows, balancing, text) in enumerate(generated, start=1):
        lines.append(blank.join(["#VER", "A", str(number), f"202206{number % 28 + 1:02d}",
                                 quoted(text)]) + "\n{\n")
        for account, amount in balancing_rows(rows, balancing):
            lines.append(blank.join(["#TRANS", str(account), "{}", str(amount), '""',
                                     quoted(text)]) + "\n")
        lines.append("}\n")
    return "".join(lines).encode("cp437")


def balancing_rows(rows: list[tuple[int, Decimal]], account: int) -> list[tuple[int, Decimal]]:
    return [*rows, (account, -sum((amount for _account, amount in rows), D(0)))]


@settings(deadline=None, max_examples=150)
@given(st.lists(vouchers, min_size=1, max_size=12), st.sampled_from([" ", "\t", "  \t"]))
def test_balanced_vouchers_round_trip(generated, blank):
    sie = parse(render(generated, blank))
    expected: dict[str, Decimal] = defaultdict(Decimal)
    assert len(sie.vouchers) == len(generated)
    for parsed, (rows, balancing, text) in zip(sie.vouchers, generated, strict=True):
        written = balancing_rows(rows, balancing)
        read_back = [(int(t.account), t.amount) for t in parsed.transactions]
        assert read_back == written
        assert [str(t.amount) for t in parsed.transactions] == [str(a) for _n, a in written]
        assert parsed.text == text and all(t.text == text for t in parsed.transactions)
        for account, amount in written:
            if 3000 <= account <= 8999:
                expected[str(account)] += amount
    assert unbalanced_vouchers(sie) == []
    assert result_by_account(sie) == {a: expected[a] for a in sorted(expected) if expected[a]}
