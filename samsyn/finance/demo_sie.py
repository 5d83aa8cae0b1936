"""Writes the demo's SIE 4 files from the figures of Östra Södertörn's årsredovisning 2022 (002).

Run `python -m samsyn.finance.demo_sie` to rebuild demo/sie/*.se; see demo/sie/README.md
for where each figure comes from. Each year's result accounts are booked in summary vouchers
against the bank; one last voucher moves every other balance account from its opening to its
closing balance, so the bank ends where the balansräkning says it does.
"""

from pathlib import Path

OUT = Path(__file__).resolve().parent / "demo" / "sie"

ACCOUNTS = {
    "1220": "Inventarier", "1229": "Ackumulerade avskrivningar på inventarier",
    "1510": "Kundfordringar", "1650": "Momsfordran", "1680": "Andra kortfristiga fordringar",
    "1710": "Utgiftsförskott", "1790": "Upplupna intäkter", "1930": "Bank",
    "2091": "Balanserat resultat", "2440": "Leverantörsskulder",
    "2514": "Skuld särskild löneskatt", "2710": "Upplupen preliminär skatt lön",
    "2920": "Semesterlöneskuld", "2940": "Upplupna arbetsgivaravgifter",
    "2990": "Upplupna kostnader och förutbetalda intäkter",
    "3010": "Driftbidrag från staten", "3011": "Driftbidrag från Haninge kommun",
    "3012": "Driftbidrag från Nynäshamns kommun", "3013": "Driftbidrag från Tyresö kommun",
    "3014": "Driftbidrag från Region Stockholm", "3020": "EU-medel och andra bidrag",
    "4010": "Individinriktade insatser", "4020": "Strukturella insatser",
    "4030": "Information och kommunikation", "5010": "Lokalkostnader",
    "6420": "Räkenskapsrevision", "6990": "Övriga kostnader",
    "7010": "Personalkostnader kansli", "7020": "Arvoden och kostnader styrelse",
    "7832": "Avskrivningar inventarier", "8310": "Finansiella intäkter",
    "8410": "Finansiella kostnader",
}
OBJECTS = [
    ("1", "K", "Kansli"), ("1", "S", "Styrelse"), ("1", "EU", "EU-medel och andra bidrag"),
    ("1", "F", "Finansiella intäkter/kostnader"), ("1", "NNS", "NNS"), ("1", "GDPR", "GDPR"),
    ("1", "INS", "Verktyg (Insurvey)"), ("1", "INFO", "Informationsinsatser"),
    ("1", "KAT", "Insatskatalogen"), ("1", "FRU", "Frukostmöten/seminarier"),
    ("6", "P1", "Ungdomsteamet"), ("6", "P2", "Ung i Tyresö"), ("6", "P3", "Ung i Nynäshamn"),
    ("6", "P4", "Vuxteam Haninge"), ("6", "P5", "Vuxteam Tyresö"), ("6", "P6", "Resursrådet"),
    ("6", "P7", "MIA Vidare"), ("6", "P8", "MIA Vidare förlängning"), ("6", "P9", "SamMA"),
    ("6", "P10", "SamMA förlängning"),
]

Row = tuple[str, str, int]  # account, object list ("" or "1 K"), amount as the books sign it

# 002 section 4 and Notes 5–7; 2021's opening balances follow from section 5 (see README).
OPENING_2021 = {"1680": 3_852_455, "1930": 6_769_927, "2091": -2_487_687, "2440": -8_134_695}
CLOSING_2021 = {
    "1220": 389_453, "1229": -63_226, "1680": 186_106, "1650": 753_491, "1710": 152_231,
    "1790": 4_640_552, "1930": 4_837_550, "2091": -2_487_687, "2440": -5_436_568,
    "2710": -187_656, "2920": -221_295, "2940": -204_725, "2514": -434_194, "2990": -1_659_535,
}
# The year's result is not booked to equity within the year (no #VER on 2099), so equity's
# closing balance is its opening one; the next year opens with the result carried to 2091.
OPENING_2022 = {**CLOSING_2021, "2091": -2_752_184}
CLOSING_2022 = {
    "1220": 389_453, "1229": -126_452, "1510": 106_445, "1650": 255_823, "1710": 245_058,
    "1790": 1_701_773, "1930": 7_667_846, "2091": -2_752_184, "2440": -3_800_572,
    "2710": -150_112, "2920": -217_922, "2940": -158_067, "2514": -375_413, "2990": -1_535_629,
}

CONTRIBUTIONS_2022: list[Row] = [
    ("3010", "", -8_158_000), ("3011", "", -2_222_774), ("3012", "", -689_677),
    ("3013", "", -1_166_549), ("3014", "", -4_079_000), ("3020", "1 EU", -15_063_624),
]
INTERVENTIONS_2022: list[Row] = [
    ("4010", "6 P1", 1_156_412), ("4010", "6 P2", 930_602), ("4010", "6 P3", 682_072),
    ("4010", "6 P4", 160_055), ("4010", "6 P5", 306_804), ("4010", "6 P6", 1_317_446),
    ("4010", "6 P7", 10_485_683), ("4010", "6 P8", 1_936_697), ("4010", "6 P9", 3_180_190),
    ("4010", "6 P10", 5_223_200), ("4020", "1 NNS", 49_419), ("4020", "1 GDPR", 69_000),
    ("4020", "1 INS", 5_000), ("4030", "1 INFO", 266_522), ("4030", "1 KAT", 72_000),
    ("4030", "1 FRU", 10_929),
]
OFFICE_2022: list[Row] = [
    ("7010", "1 K", 2_937_847), ("7020", "1 S", 140_175), ("5010", "1 K", 608_924),
    ("6420", "1 K", 40_000), ("6990", "1 K", 532_504),
]
FINANCIAL_2022: list[Row] = [("8310", "1 F", -53_040), ("8410", "1 F", 7_910)]

CONTRIBUTIONS_2021: list[Row] = [
    ("3010", "", -8_158_000), ("3011", "", -2_213_856), ("3012", "", -693_227),
    ("3013", "", -1_171_917), ("3014", "", -4_079_000), ("3020", "1 EU", -19_664_191),
]
# 002 gives 2021's costs only by kind (Not 3), so they are held as totals.
COSTS_2021: list[Row] = [
    ("4010", "", 31_377_175), ("7010", "1 K", 3_027_918), ("5010", "1 K", 608_924),
    ("6420", "1 K", 40_000), ("6990", "1 K", 589_287),
]
FINANCIAL_2021: list[Row] = [("8310", "1 F", -2_212), ("8410", "1 F", 11_376)]


def _vouchers(year: int, summaries: list[tuple[str, list[Row]]], opening: dict[str, int],
              closing: dict[str, int], extra: list[tuple[str, list[Row]]]) -> list[str]:
    """Summary vouchers against the bank, then the balance changes; each one balances."""
    lines: list[str] = []
    balances = dict(opening)
    number = 0

    def voucher(text: str, rows: list[Row], month: int) -> None:
        nonlocal number
        number += 1
        date = f"{year}{month:02d}28"
        lines.append(f'#VER A {number} {date} "{text}"')
        lines.append("{")
        for account, objects, amount in rows:
            lines.append(f'   #TRANS {account} {{{objects}}} {amount}')
            if account[0] in "12":
                balances[account] = balances.get(account, 0) + amount
        lines.append("}")

    for month, (text, rows) in enumerate(summaries, start=1):
        bank = -sum(amount for _a, _o, amount in rows)
        voucher(text, [*rows, ("1930", "", bank)], month)
    for text, rows in extra:
        voucher(text, rows, 12)
    changes = [(account, "", closing.get(account, 0) - balances.get(account, 0))
               for account in sorted(set(closing) | set(balances)) if account != "1930"]
    changes = [row for row in changes if row[2]]
    bank = -sum(amount for _a, _o, amount in changes)
    voucher("Förändring av fordringar och skulder", [*changes, ("1930", "", bank)], 12)
    assert balances["1930"] == closing["1930"], (year, balances["1930"], closing["1930"])
    return lines


def _result(rows: list[Row]) -> dict[str, int]:
    sums: dict[str, int] = {}
    for account, _objects, amount in rows:
        if account[0] not in "12":
            sums[account] = sums.get(account, 0) + amount
    return sums


def _file(year: int, vouchers: list[str], balances: list[tuple[int, dict[str, int],
                                                                  dict[str, int]]],
          results: list[tuple[int, dict[str, int]]]) -> str:
    head = [
        "#FLAGGA 0", '#PROGRAM "Samsyn demo (byggd ur årsredovisningen 2022)" 1',
        "#FORMAT PC8", f"#GEN {year + 1}0322", "#SIETYP 4",
        '#FNAMN "Samordningsförbundet Östra Södertörn"', "#KPTYP BAS2014",
        f"#RAR 0 {year}0101 {year}1231",
    ]
    if any(index == -1 for index, _o, _c in balances):
        head.append(f"#RAR -1 {year - 1}0101 {year - 1}1231")
    head.extend(f'#KONTO {account} "{name}"' for account, name in ACCOUNTS.items())
    head.extend(['#DIM 1 "Kostnadsställe"', '#DIM 6 "Projekt"'])
    head.extend(f'#OBJEKT {dim} {code} "{name}"' for dim, code, name in OBJECTS)
    for index, opening, closing in balances:
        head.extend(f"#IB {index} {a} {v}" for a, v in sorted(opening.items()) if v)
        head.extend(f"#UB {index} {a} {v}" for a, v in sorted(closing.items()) if v)
    for index, result in results:
        head.extend(f"#RES {index} {a} {v}" for a, v in sorted(result.items()) if v)
    return "\r\n".join([*head, *vouchers]) + "\r\n"


def build() -> dict[str, str]:
    investment: list[Row] = [("1220", "", 389_453), ("1930", "", -389_453)]
    depreciation: list[Row] = [("7832", "1 K", 63_226), ("1229", "", -63_226)]
    rows_2021 = [*CONTRIBUTIONS_2021, *COSTS_2021, *FINANCIAL_2021, *depreciation]
    rows_2022 = [*CONTRIBUTIONS_2022, *INTERVENTIONS_2022, *OFFICE_2022, *FINANCIAL_2022,
                 *depreciation]
    v2021 = _vouchers(2021, [("Driftbidrag och EU-medel", CONTRIBUTIONS_2021),
                             ("Verksamhetens kostnader", COSTS_2021),
                             ("Finansiella poster", FINANCIAL_2021)],
                      OPENING_2021, CLOSING_2021,
                      [("Inköp av inventarier", investment),
                       ("Årets avskrivningar", depreciation)])
    v2022 = _vouchers(2022, [("Driftbidrag och EU-medel", CONTRIBUTIONS_2022),
                             ("Insatser", INTERVENTIONS_2022),
                             ("Kansli och styrelse", OFFICE_2022),
                             ("Finansiella poster", FINANCIAL_2022)],
                      OPENING_2022, CLOSING_2022, [("Årets avskrivningar", depreciation)])
    return {
        "ostra-sodertorn-2021.se": _file(2021, v2021, [(0, OPENING_2021, CLOSING_2021)],
                                         [(0, _result(rows_2021))]),
        "ostra-sodertorn-2022.se": _file(
            2022, v2022, [(0, OPENING_2022, CLOSING_2022), (-1, OPENING_2021, CLOSING_2021)],
            [(0, _result(rows_2022)), (-1, _result(rows_2021))]),
    }


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, text in build().items():
        (OUT / name).write_bytes(text.encode("cp437"))


if __name__ == "__main__":
    main()
