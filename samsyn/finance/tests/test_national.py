"""The national allocation model: a worked example, the cap, the CSV, and properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samsyn.finance.national import (
    Area,
    ModelParameters,
    NationalModelError,
    allocate_nationally,
    read_areas_csv,
)

D = Decimal


def by_name(results):
    return {r.name: r for r in results}


def test_a_worked_example():
    # 10 Mkr: 3 × 400 000 in bases, 8,8 Mkr by weight. A has half of all HE and a quarter of
    # the population: 400 000 + 8 800 000 × (0,75 × 1/2 + 0,25 × 1/4) = 4 250 000.
    params = ModelParameters(national_sum=10_000_000)
    areas = [Area("A", D(500), 25_000), Area("B", D(300), 25_000), Area("C", D(200), 50_000)]
    result = by_name(allocate_nationally(params, areas))
    assert result["A"].state_allocation == 4_250_000
    # B: 400 000 + 8 800 000 × (0,75 × 0,3 + 0,25 × 0,25) = 2 930 000.
    assert result["B"].state_allocation == 2_930_000
    # C: 400 000 + 8 800 000 × (0,75 × 0,2 + 0,25 × 0,5) = 2 820 000.
    assert result["C"].state_allocation == 2_820_000
    assert all(r.max_total_budget == 2 * r.state_allocation for r in result.values())
    assert not any(r.capped for r in result.values())


def test_the_gap_between_requested_and_largest_budget():
    # 000: Stockholms stad "kan äska maximalt 58,5 mkr"; asking 60 Mkr is 1,5 Mkr too much.
    params = ModelParameters(national_sum=29_250_000, base=0)
    result = allocate_nationally(params, [Area("Stockholms stad", D(1), 1,
                                               requested_budget=60_000_000)])
    assert result[0].state_allocation == 29_250_000
    assert result[0].max_total_budget == 58_500_000
    assert result[0].gap == 1_500_000


def test_the_cap_lifts_a_losing_förbund_and_the_others_pay_for_it():
    params = ModelParameters(national_sum=10_000_000, max_decrease=D("0.10"))
    areas = [Area("A", D(500), 25_000, previous_allocation=5_000_000),
             Area("B", D(300), 25_000, previous_allocation=2_500_000),
             Area("C", D(200), 50_000, previous_allocation=2_500_000)]
    result = by_name(allocate_nationally(params, areas))
    # Uncapped, A would get 4 250 000, 15 % less than last year; the cap keeps 4 500 000.
    assert result["A"].state_allocation == 4_500_000 and result["A"].capped
    assert sum(r.state_allocation for r in result.values()) == 10_000_000
    assert not result["B"].capped and not result["C"].capped
    # B and C give up the 250 000 in proportion to what they get above the base.
    assert result["B"].state_allocation < 2_930_000
    assert result["C"].state_allocation < 2_820_000
    assert result["B"].state_allocation > result["C"].state_allocation


@pytest.mark.parametrize(("params", "areas", "message"), [
    (ModelParameters(national_sum=1_000_000), [Area(n, D(1), 1) for n in "ABC"],
     "bases of 3 förbund exceed"),
    (ModelParameters(national_sum=10**7, he_weight=D("0.7")), [Area("A", D(1), 1)],
     "add up to 1"),
    (ModelParameters(national_sum=10**7), [Area("A", D(1), 1), Area("A", D(1), 1)],
     "A is listed twice"),
    (ModelParameters(national_sum=10**7), [Area("A", D(-1), 1)], "A: försörjningsmått"),
    (ModelParameters(national_sum=10**7), [Area("A", D(0), 0)], "zero"),
    (ModelParameters(national_sum=10**7, max_decrease=D("0.1")),
     [Area("A", D(1), 1, previous_allocation=10**8)], "cap"),
])
def test_bad_parameters_are_refused(params, areas, message):
    with pytest.raises(NationalModelError, match=message):
        allocate_nationally(params, areas)


def test_the_csv_reads_swedish_labels_and_numbers():
    text = ("\ufeffFörbund;Försörjningsmått;Befolkning 16-64;Fjolårets tilldelning;"
            "Äskad budget\n"
            "Samsund;1 234,5;95\u00a0000;2 500 000;\n"
            "Östra Södertörn;2 000;120 000;;17 000 000\n")
    areas = read_areas_csv(text)
    assert areas == [
        Area("Samsund", D("1234.5"), 95_000, 2_500_000, None),
        Area("Östra Södertörn", D(2000), 120_000, None, 17_000_000),
    ]
    plain = read_areas_csv("name,he,population_16_64\nA,10.5,100\n")
    assert plain == [Area("A", D("10.5"), 100)]


def test_the_csv_lists_every_faulty_row_and_column():
    text = ("förbund,he,population_16_64\n"
            "A,12,x,100\n"
            "B,12x,100\n"
            ",3,1.5\n")
    with pytest.raises(NationalModelError) as caught:
        read_areas_csv(text)
    message = str(caught.value)
    assert "row 3, column he: '12x' is not a number" in message
    assert "row 4, column name: empty" in message
    assert "row 4, column population_16_64: '1.5' is not a whole number" in message


def test_a_csv_without_a_required_column_is_refused():
    with pytest.raises(NationalModelError, match="row 1: missing column he"):
        read_areas_csv("förbund;befolkning 16-64\nA;1\n")


areas_strategy = st.lists(
    st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 5 * 10**7)),
    min_size=1, max_size=15,
).filter(lambda rows: any(he or pop for he, pop, _prev in rows))


@given(areas_strategy, st.integers(min_value=10**7, max_value=10**9),
       st.sampled_from([None, D("0.10"), D("0.05")]))
def test_every_krona_is_allocated_and_no_förbund_falls_below_base_or_cap(rows, national,
                                                                          cap):
    areas = [Area(f"F{i}", D(he), pop, previous_allocation=prev)
             for i, (he, pop, prev) in enumerate(rows)]
    params = ModelParameters(national_sum=national, max_decrease=cap)
    try:
        result = allocate_nationally(params, areas)
    except NationalModelError as exc:
        # Only refused when the floors cannot be met from the national sum.
        assert "cap" in str(exc)
        return
    assert sum(r.state_allocation for r in result) == national
    for area, r in zip(areas, result, strict=True):
        assert r.state_allocation >= params.base
        if cap is not None:
            assert r.state_allocation >= area.previous_allocation * (1 - cap) - 1
