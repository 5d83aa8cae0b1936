"""The fast path through a participations file accepts exactly what the careful one does."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samsyn.participants.participation_file import (
    Context,
    Faults,
    _row,
    header_map,
    read_rows,
)
from samsyn.participants.pseudonym import PseudonymError, hasher, pseudonym

KEY = b"k" * 32
HEADER = ["insats", "deltagare", "kön", "födelseår", "kommun", "anvisare", "startdatum",
          "försörjning", "slutdatum", "avslutsorsak", "tid i offentlig försörjning",
          "samtycke", "sysselsättning vid start", "sysselsättning vid avslut",
          "försörjning vid avslut", "uppföljningsdatum", "sysselsättning vid uppföljning",
          "försörjning vid uppföljning"]
DAYS = ["", "2020-01-31", "2020-03-01", "2019-12-31", " 2021-06-30 ", "2020-02-30",
        "1899-12-31", "2020-1-5", "31/01/2020", "２０２０-01-01", "2101-01-01"]
CELLS = [
    ["samverkan", "Vägen vidare", "SAMVERKAN ", "okänd", ""],
    ["LOK-1", "lok-1", "19800101-1230", "x y", "", "1234", dt.date(2020, 1, 1)],
    ["kvinna", "Man", "", "m a n", "annat", 1],
    ["1980", "1899", "2999", "80", "1980 ", "１９８０", 1980.0],
    ["", "Alfa kommun", "alfa  kommun", "Beta"],
    ["fk", "FK", "af", "nej", ""],
    [*DAYS, dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 12)],
    ["", "forsorjningsstod", "lon", "okänt"],
    DAYS,
    ["", "arbete", "studier", "okänd"],
    ["", "<1", "1-3", "10"],
    DAYS,
    ["", "arbetssokande", "Arbete", "fel"],
    ["", "arbete", "fel"],
    ["", "lon", "fel"],
    DAYS,
    ["", "studier", "fel"],
    ["", "lon", "fel"],
]


def context() -> Context:
    return Context(interventions={"samverkan": "samverkan", "vägen vidare": "vagen-vidare"},
                   municipalities={"alfa kommun": "Alfa kommun"},
                   referrers={"fk": ("fk", "fk"), "af": ("af", "af")},
                   pseudonymise=hasher(KEY), this_year=2026)


rows = st.lists(st.tuples(*[st.sampled_from(choices) for choices in CELLS]).map(list),
                max_size=12)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(rows=rows, width=st.integers(min_value=7, max_value=len(HEADER)))
def test_the_fast_path_reads_every_row_as_the_careful_one_does(rows, width):
    header = HEADER[:width]
    table = [(1, header)] + [(n, cells[:width]) for n, cells in enumerate(rows, start=2)]
    faults = Faults()
    read = list(read_rows(table, context(), faults))

    columns, names = header_map(header)
    careful = Faults()
    expected = [row for n, cells in table[1:]
                if any(str(c).strip() for c in cells)
                and (row := _row(n, cells, columns, names, context(), careful)) is not None]
    assert read == expected
    assert (faults.count, faults.listed) == (careful.count, careful.listed)


@given(value=st.sampled_from(["LOK-1", " lok-2", "19800101-1230", "800101-1230",
                              "198001011230", "19800161-1238", "x y", "", "ÅÄÖ-1"]))
def test_one_key_copied_gives_the_same_pseudonyms_as_a_key_each_time(value):
    try:
        expected = pseudonym(KEY, value)
    except PseudonymError:
        expected = None
    try:
        got = hasher(KEY)(value)
    except PseudonymError:
        got = None
    assert got == expected


values = st.one_of(
    st.text(alphabet="0123456789-+ ", max_size=14),
    st.text(alphabet="abcXYZåÖ019_.- \t", max_size=42),
    st.sampled_from(["19800101-1230", "800101+1230", "19800161-1238", "LOK-1", "lok-1"]),
)


@given(key=st.binary(max_size=100), value=values)
def test_the_prepared_hash_is_hmac_sha256_for_any_key_and_any_value(key, value):
    # Keys longer than SHA-256's block (64 bytes) are hashed first, as RFC 2104 says.
    try:
        expected = pseudonym(key, value)
    except PseudonymError:
        expected = None
    try:
        got = hasher(key)(value)
    except PseudonymError:
        got = None
    assert got == expected


ENDED = ["samverkan", "LOK-1", "kvinna", "1980", "Alfa kommun", "fk", "2020-01-31",
         "forsorjningsstod", "2020-03-01", "arbete", "1-3", "2019-12-31", "arbetssokande",
         "arbete", "lon", "2021-06-30", "studier", "lon"]
OPEN = ["samverkan", "LOK-1", "man", "1980", "", "fk", "2020-03-01", "", "", "", "", "", "",
        "", "", "", "", ""]


def test_every_single_cell_changed_in_a_good_row_is_read_as_the_careful_path_reads_it():
    table: list[tuple[int, list[object]]] = [(1, HEADER)]
    for base in (ENDED, OPEN):
        for column, choices in enumerate(CELLS):
            for value in choices:
                table.append((len(table) + 1, [*base[:column], value, *base[column + 1:]]))
    faults = Faults()
    read = list(read_rows(table, context(), faults))

    columns, names = header_map(HEADER)
    careful = Faults()
    expected = [row for n, cells in table[1:]
                if (row := _row(n, cells, columns, names, context(), careful)) is not None]
    assert len(expected) > 50  # most single changes keep the row good
    assert read == expected
    assert (faults.count, faults.listed) == (careful.count, careful.listed)
