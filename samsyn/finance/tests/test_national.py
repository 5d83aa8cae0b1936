"""The national allocation model: a worked example, the cap, the CSV, and properties."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from samsyn.finance.national import (
    Area,
    AreaResult,
    ModelParameters,
    NationalModelError,
    allocate_nationally,
    cap_floor,
    model_shares,
    read_areas_csv,
)

D = Decimal


def by_name(results):
    return {r.name: r for r in results}


def allocations(results):
    return {r.name: r.state_allocation for r in results}


# Worked examples, checked by hand

# 10 Mkr over three areas: 3 × 400 000 in bases leaves 8,8 Mkr to split by weight.
# HE 500 / 300 / 200 of 1 000, population 25 000 / 25 000 / 50 000 of 100 000.
THREE = [Area("A", D(500), 25_000), Area("B", D(300), 25_000), Area("C", D(200), 50_000)]


def test_a_worked_example():
    result = by_name(allocate_nationally(ModelParameters(national_sum=10_000_000), THREE))
    # A: 400 000 + 8 800 000 × (0,75 × 0,5 + 0,25 × 0,25) = 400 000 + 3 850 000.
    # B: 400 000 + 8 800 000 × (0,75 × 0,3 + 0,25 × 0,25) = 400 000 + 2 530 000.
    # C: 400 000 + 8 800 000 × (0,75 × 0,2 + 0,25 × 0,5)  = 400 000 + 2 420 000.
    assert result == {
        "A": AreaResult("A", 4_250_000, 8_500_000, False, None, None),
        "B": AreaResult("B", 2_930_000, 5_860_000, False, None, None),
        "C": AreaResult("C", 2_820_000, 5_640_000, False, None, None),
    }


def test_a_worked_example_with_öre_to_round():
    # 1 000 001 kr, base 100 000: 700 001 by weight, all by HE 1:1:1 → 233 333,67 each above
    # the base. The floors leave 2 kr; the remainders tie, so the first two names get them.
    params = ModelParameters(national_sum=1_000_001, base=100_000, he_weight=D(1),
                             population_weight=D(0))
    areas = [Area(n, D(7), 0) for n in ("C", "A", "B")]
    assert allocations(allocate_nationally(params, areas)) == {
        "A": 333_334, "B": 333_334, "C": 333_333,
    }


def test_the_model_share_is_exact():
    params = ModelParameters(national_sum=10_000_000)
    assert model_shares(params, THREE) == [4_250_000, 2_930_000, 2_820_000]
    odd = model_shares(ModelParameters(national_sum=1_000_000, base=0),
                       [Area("A", D(1), 1), Area("B", D(2), 2)])
    assert odd == [Fraction(1_000_000, 3), Fraction(2_000_000, 3)]


def test_with_no_he_anywhere_the_population_carries_all_the_weight():
    params = ModelParameters(national_sum=2_000_000)
    result = allocations(allocate_nationally(params, [Area("A", D(0), 3_000),
                                                      Area("B", D(0), 1_000)]))
    # 1,2 Mkr above the bases, 3:1 by population.
    assert result == {"A": 1_300_000, "B": 700_000}


def test_the_gap_between_requested_and_largest_budget():
    # Stockholms stad's plan: it "kan äska maximalt 58,5 mkr", twice a state allocation of
    # 29,25 Mkr. Asking for 60 Mkr is 1,5 Mkr more than it can get.
    params = ModelParameters(national_sum=29_250_000)
    result = allocate_nationally(params, [Area("Stockholms stad", D(1), 1,
                                               requested_budget=60_000_000)])
    assert result == [AreaResult(name="Stockholms stad", state_allocation=29_250_000,
                                 max_total_budget=58_500_000, capped=False,
                                 requested_budget=60_000_000, gap=1_500_000)]


def test_a_modest_request_has_a_negative_gap():
    params = ModelParameters(national_sum=29_250_000)
    [result] = allocate_nationally(params, [Area("S", D(1), 1, requested_budget=50_000_000)])
    assert result.gap == -8_500_000


# The cap on the yearly decrease

CAP = ModelParameters(national_sum=10_000_000, max_decrease=D("0.10"))


def test_the_cap_lifts_a_losing_förbund_and_the_others_pay_for_it():
    areas = [Area("A", D(500), 25_000, previous_allocation=5_000_000),
             Area("B", D(300), 25_000, previous_allocation=2_500_000),
             Area("C", D(200), 50_000, previous_allocation=2_500_000)]
    result = by_name(allocate_nationally(CAP, areas))
    # A's model 4 250 000 is 15 % below last year; the cap keeps 4 500 000. The 250 000 comes
    # from B and C in proportion to 2 530 000 and 2 420 000 above the base:
    # B 2 930 000 − 250 000 × 253/495 = 2 802 222,22; C 2 820 000 − 250 000 × 242/495
    # = 2 697 777,78. The one krona the floors leave goes to C's larger remainder.
    assert allocations(result.values()) == {"A": 4_500_000, "B": 2_802_222, "C": 2_697_778}
    assert [r.capped for r in result.values()] == [True, False, False]
    assert result["A"].max_total_budget == 9_000_000


def test_the_cap_is_applied_again_when_paying_for_it_breaches_another():
    areas = [Area("A", D(500), 25_000, previous_allocation=5_000_000),
             Area("B", D(300), 25_000, previous_allocation=3_200_000),
             Area("C", D(200), 50_000)]
    result = by_name(allocate_nationally(CAP, areas))
    # The first round gives B 2 802 222,22, below its floor of 2 880 000, so B is capped too
    # and C, with no previous figure, gives up the rest.
    assert allocations(result.values()) == {"A": 4_500_000, "B": 2_880_000, "C": 2_620_000}
    assert [r.capped for r in result.values()] == [True, True, False]


def test_no_cap_when_nobody_falls_that_far():
    areas = [Area("A", D(500), 25_000, previous_allocation=4_500_000), *THREE[1:]]
    result = allocate_nationally(CAP, areas)
    assert allocations(result) == {"A": 4_250_000, "B": 2_930_000, "C": 2_820_000}
    assert not any(r.capped for r in result)


def test_the_floor_rounds_up_to_a_whole_krona():
    assert cap_floor(1_000_005, D("0.10")) == 900_005
    assert cap_floor(999_999, D("0.10")) == 900_000     # 899 999,1
    assert cap_floor(1_000, D(0)) == 1_000


# Refused input, each error naming what is wrong

M = ModelParameters(national_sum=10**7)


@pytest.mark.parametrize(("params", "areas", "message"), [
    (ModelParameters(national_sum=1_000_000), [Area(n, D(1), 1) for n in "ABC"],
     "the bases of 3 förbund (1200000) exceed the national sum (1000000)"),
    (ModelParameters(national_sum=10**7, he_weight=D("0.7")), [Area("A", D(1), 1)],
     "the weights add up to 0.95, not 1 (100 %)"),
    (ModelParameters(national_sum=10**7, he_weight=D("1.25"), population_weight=D("-0.25")),
     [Area("A", D(1), 1)], "the weights cannot be negative"),
    (ModelParameters(national_sum=-1, base=0), [Area("A", D(1), 1)],
     "the national sum and the base cannot be negative"),
    (ModelParameters(national_sum=10**7, base=-1), [Area("A", D(1), 1)],
     "the national sum and the base cannot be negative"),
    (ModelParameters(national_sum=10**7, he_weight=0.75, population_weight=0.25),
     [Area("A", D(1), 1)], "the HE weight must be a Decimal or a whole number, not 0.75"),
    (ModelParameters(national_sum=10.0**7), [Area("A", D(1), 1)],
     "the national sum must be a whole number, not 10000000.0"),
    (ModelParameters(national_sum=10**7, max_decrease=D(1)), [Area("A", D(1), 1)],
     "the largest decrease must be at least 0 and below 100 %"),
    (ModelParameters(national_sum=10**7, max_decrease=D("-0.1")), [Area("A", D(1), 1)],
     "the largest decrease must be at least 0 and below 100 %"),
    (M, [], "no förbund to allocate to"),
    (M, [Area("A", D(1), 1), Area("A", D(1), 1)], "A is listed twice"),
    (M, [Area("Sollentuna", D(-1), 1)],
     "Sollentuna: försörjningsmått and population cannot be negative"),
    (M, [Area("Sollentuna", D(1), -1)],
     "Sollentuna: försörjningsmått and population cannot be negative"),
    (M, [Area("Sollentuna", 1.5, 1)],
     "Sollentuna: försörjningsmått must be a Decimal or a whole number, not 1.5"),
    (M, [Area("Sollentuna", D("NaN"), 1)],
     "Sollentuna: försörjningsmått must be a finite number, not NaN"),
    (M, [Area("Sollentuna", D(1), 1, previous_allocation=-1)],
     "Sollentuna: last year's allocation cannot be negative"),
    (M, [Area("Sollentuna", D(1), 1, requested_budget=-1)],
     "Sollentuna: the requested budget cannot be negative"),
    (M, [Area("A", D(0), 0), Area("B", D(0), 0)],
     "every förbund has zero försörjningsmått and population"),
    (ModelParameters(national_sum=10**7, max_decrease=D("0.1")),
     [Area("A", D(1), 1, previous_allocation=10**8)],
     "the national sum 10000000 cannot keep every förbund within the cap on its decrease: "
     "that needs 90000000"),
    (ModelParameters(national_sum=10**7, max_decrease=D("0.1")),
     [Area("A", D(1), 1, previous_allocation=10_800_000), Area("B", D(1), 1)],
     "the national sum cannot keep every förbund within the cap on its decrease and still "
     "give the others their base"),
])
def test_bad_input_is_refused(params, areas, message):
    with pytest.raises(NationalModelError, match=f"^{re.escape(message)}$"):
        allocate_nationally(params, areas)


def test_a_national_model_error_is_a_value_error():
    assert issubclass(NationalModelError, ValueError)


# Properties

area_rows = st.lists(
    st.tuples(st.integers(0, 10**5), st.integers(0, 2),   # HE, tenths or hundredths of it
              st.integers(0, 10**6),                       # population 16–64
              # Last year's allocation, in per mille of an even share of the national sum:
              # scaled like that, the cap binds often without being out of reach.
              st.one_of(st.none(), st.integers(0, 1_600))),
    min_size=1, max_size=15,
).filter(lambda rows: any(he or pop for he, _, pop, _prev in rows))
caps = st.sampled_from([None, D("0.10"), D("0.05"), D("0.25")])


def areas_of(rows, national=10**8):
    return [Area(f"F{i}", D(he).scaleb(-places), pop,
                 previous_allocation=national * prev // (1000 * len(rows))
                 if prev is not None else None)
            for i, (he, places, pop, prev) in enumerate(rows)]


def allocate_or_skip(params, areas):
    try:
        return allocate_nationally(params, areas)
    except NationalModelError as exc:
        # Only the cap can make otherwise valid input impossible to meet.
        assert "cap" in str(exc)
        assume(False)
        raise


@given(area_rows, st.integers(min_value=10**7, max_value=10**9), caps)
def test_every_krona_is_allocated_and_no_förbund_falls_below_base_or_cap(rows, national, cap):
    areas = areas_of(rows, national)
    params = ModelParameters(national_sum=national, max_decrease=cap)
    result = allocate_or_skip(params, areas)
    assert sum(r.state_allocation for r in result) == national
    for area, r in zip(areas, result, strict=True):
        assert r.name == area.name
        assert r.state_allocation >= params.base
        assert r.max_total_budget == 2 * r.state_allocation
        assert r.gap is None and r.requested_budget is None
        if cap is not None and area.previous_allocation is not None:
            # Within a krona of the cap, as promised; in fact never below it.
            assert r.state_allocation >= area.previous_allocation * (1 - cap) - 1
            assert r.state_allocation >= area.previous_allocation * (1 - cap)
        if r.capped:
            assert r.state_allocation == cap_floor(area.previous_allocation, cap)


@given(area_rows, st.integers(min_value=10**7, max_value=10**9))
def test_without_a_cap_each_area_is_within_a_krona_of_its_model_share(rows, national):
    areas = areas_of(rows, national)
    params = ModelParameters(national_sum=national)
    result = allocate_nationally(params, areas)
    for exact, r in zip(model_shares(params, areas), result, strict=True):
        assert abs(r.state_allocation - exact) < 1
        assert not r.capped


@given(area_rows, st.integers(min_value=10**7, max_value=10**9), caps)
def test_the_areas_the_cap_does_not_hold_keep_their_order_by_model_share(rows, national, cap):
    areas = areas_of(rows, national)
    params = ModelParameters(national_sum=national, max_decrease=cap)
    result = allocate_or_skip(params, areas)
    model = model_shares(params, areas)
    free = [i for i, r in enumerate(result) if not r.capped]
    for i in free:
        for j in free:
            if model[i] > model[j]:
                assert result[i].state_allocation >= result[j].state_allocation


@given(area_rows, st.integers(min_value=10**7, max_value=10**9),
       st.sampled_from([D("0.10"), D("0.05")]))
def test_paying_for_the_cap_never_raises_an_area_it_does_not_hold(rows, national, cap):
    # A capped area may end below its model share too: one lifted in a later round is held
    # at its floor, which can lie under its model (B in the two-round example above).
    areas = areas_of(rows, national)
    uncapped = allocate_nationally(ModelParameters(national_sum=national), areas)
    capped = allocate_or_skip(ModelParameters(national_sum=national, max_decrease=cap), areas)
    for before, after in zip(uncapped, capped, strict=True):
        if not after.capped:
            assert after.state_allocation <= before.state_allocation + 1


@given(area_rows, st.integers(min_value=10**7, max_value=10**9), caps,
       st.randoms(use_true_random=False))
def test_the_order_of_the_areas_does_not_matter(rows, national, cap, rnd):
    areas = areas_of(rows, national)
    params = ModelParameters(national_sum=national, max_decrease=cap)
    result = allocate_or_skip(params, areas)
    shuffled = list(areas)
    rnd.shuffle(shuffled)
    assert by_name(allocate_nationally(params, shuffled)) == by_name(result)


# Reading the areas from a CSV export


def test_the_csv_reads_swedish_labels_and_numbers():
    text = ("\ufeffFörbund;Försörjningsmått;Befolkning 16–64;Fjolårets tilldelning;"
            "Äskad budget\r\n"
            "Samsund;1 234,5;95\u00a0000;2\u202f500\u00a0000;\r\n"
            "Östra Södertörn;2 000;120 000;;17 000 000\r\n"
            ";;;;\r\n")
    assert read_areas_csv(text) == [
        Area("Samsund", D("1234.5"), 95_000, 2_500_000, None),
        Area("Östra Södertörn", D(2000), 120_000, None, 17_000_000),
    ]


def test_the_csv_reads_plain_comma_separated_columns_in_any_order():
    text = ("population_16_64 , NAME,HE,requested_budget\n"
            "100,A,10.5,1000\n"
            '"2 000",B,"3,25",\n')
    assert read_areas_csv(text) == [
        Area("A", D("10.5"), 100, None, 1_000),
        Area("B", D("3.25"), 2_000, None, None),
    ]


def test_the_csv_labels_are_case_and_space_insensitive():
    text = "FÖRBUND;  helårsekvivalenter ;BEFOLKNING  16-64 ÅR\nA;1;2\n"
    assert read_areas_csv(text) == [Area("A", D(1), 2)]


def test_the_csv_lists_every_faulty_row_and_column():
    text = ("förbund;he;population_16_64;previous_allocation\n"
            "A;12,x;100;\n"
            "B;1 2;100;\n"
            ";3;1,5;\n"
            "D;;100;−5\n"
            "E;1;100;1 000\n"
            "A;1e3;1.234;\n")
    with pytest.raises(NationalModelError) as caught:
        read_areas_csv(text)
    assert str(caught.value).split("; ") == [
        "rad 2, kolumn he: '12,x' är inget tal",
        "rad 3, kolumn he: '1 2' är inget tal",
        "rad 4, kolumn förbund: tom",
        "rad 4, kolumn population_16_64: '1,5' är inget heltal",
        "rad 5, kolumn he: tom",
        "rad 5, kolumn previous_allocation: '−5' kan inte vara negativt",
        "rad 7, kolumn he: '1e3' är inget tal",
        "rad 7, kolumn population_16_64: '1.234' är inget heltal",
        "rad 7, kolumn förbund: 'A' finns också på rad 2",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("", "filen är tom"),
    ("\ufeff\n", "filen är tom"),
    ("förbund;befolkning 16-64\nA;1\n", "rad 1: kolumnen he saknas"),
    ("x,y\n1,2\n", "rad 1: kolumnen name, he, population_16_64 saknas"),
    ("förbund;he;försörjningsmått;befolkning 16-64\n",
     "rad 1: kolumnen försörjningsmått finns två gånger"),
    ("förbund;he;befolkning 16-64\n\n", "filen har inga förbund under rubrikraden"),
])
def test_a_csv_without_what_it_needs_is_refused(text, message):
    with pytest.raises(NationalModelError, match=f"^{re.escape(message)}$"):
        read_areas_csv(text)


def swedish(value):
    """A Decimal as a Swedish spreadsheet writes it: "1 234 567,89" with no-break spaces."""
    whole, _, fraction = f"{value:f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = "\u00a0".join([whole, *groups])
    return f"{text},{fraction}" if fraction else text


@given(area_rows, st.sampled_from([";", ","]), st.booleans())
def test_areas_written_as_a_swedish_csv_read_back_the_same(rows, delimiter, bom):
    areas = areas_of(rows)
    lines = [delimiter.join(["Förbund", "Försörjningsmått", "Befolkning 16-64",
                             "Fjolårets tilldelning"])]
    for a in areas:
        previous = swedish(D(a.previous_allocation)) if a.previous_allocation is not None else ""
        cells = [a.name, swedish(a.he), swedish(D(a.population_16_64)), previous]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
    text = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    assert read_areas_csv(text) == areas


def test_a_csv_feeds_the_model():
    text = ("förbund;försörjningsmått;befolkning 16-64;äskad budget\n"
            "A;500;25 000;9 000 000\nB;300;25 000;\nC;200;50 000;\n")
    result = by_name(allocate_nationally(ModelParameters(national_sum=10_000_000),
                                         read_areas_csv(text)))
    assert result["A"].state_allocation == 4_250_000
    assert result["A"].gap == 500_000
    assert result["B"].gap is None
