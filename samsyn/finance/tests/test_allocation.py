"""The förbundsordning split: the seed documents' figures, and properties for any förbund."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samsyn.finance.allocation import (
    AllocationError,
    Payer,
    Shares,
    allocate,
    largest_remainder,
    to_thousands,
)


def amounts(allocations):
    return {a.name: a.amount for a in allocations}


def test_stockholms_stad_2022_is_split_in_halves_and_quarters():
    result = allocate(16_316_000, [Payer("Försäkringskassan", "state"),
                                   Payer("Region Stockholm", "region"),
                                   Payer("Stockholms stad", "kommun", 975_000)])
    assert amounts(result) == {"Försäkringskassan": 8_158_000, "Region Stockholm": 4_079_000,
                               "Stockholms stad": 4_079_000}


def test_ostra_sodertorn_2017_kommuner_share_their_quarter_exactly():
    populations = {"Haninge": 84_000, "Nynäshamn": 27_000, "Tyresö": 46_000}
    payers = [Payer("FK", "state"), Payer("Region Stockholm", "region")] + [
        Payer(name, "kommun", count) for name, count in populations.items()
    ]
    result = amounts(allocate(18_064_868, payers))
    assert result["FK"] == 9_032_434
    assert result["Region Stockholm"] == 4_516_217
    kommuner = {name: result[name] for name in populations}
    # 003 typed 4 518 217 for these three; a quarter of 18 064 868 is 4 516 217.
    assert sum(kommuner.values()) == 4_516_217
    for name, count in populations.items():
        exact = Fraction(18_064_868, 4) * Fraction(count, sum(populations.values()))
        assert abs(kommuner[name] - exact) < 1
    # Exact: 2 416 320,3 / 776 674,1 / 1 323 222,6; the one krona left goes to Tyresö's ,6.
    assert kommuner == {"Haninge": 2_416_320, "Nynäshamn": 776_674, "Tyresö": 1_323_223}


def test_largest_remainder_gives_the_leftover_kronor_to_the_largest_remainders():
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert largest_remainder(100, [Decimal("0.333"), Decimal("0.667")]) == [33, 67]
    assert largest_remainder(0, [0, 0]) == [0, 0]
    # A tie is settled by key, not by position.
    assert largest_remainder(1, [1, 1], keys=["b", "a"]) == [0, 1]


@pytest.mark.parametrize(("total", "payers", "shares", "message"), [
    (-1, [Payer("FK", "state")], Shares(Decimal(1), Decimal(0), Decimal(0)), "negative"),
    (10, [Payer("FK", "state"), Payer("R", "region")], Shares(), "kommun"),
    (10, [Payer("FK", "state"), Payer("R", "region"), Payer("K", "kommun")], Shares(),
     "K has no population"),
    (10, [Payer("FK", "state"), Payer("FK", "state")],
     Shares(Decimal(1), Decimal(0), Decimal(0)), "FK is listed twice"),
    (10, [Payer("FK", "state")], Shares(Decimal("0.5"), Decimal("0.25"), Decimal("0.2")),
     "add up to 0.95"),
])
def test_bad_input_is_refused_with_the_payer_named(total, payers, shares, message):
    with pytest.raises(AllocationError, match=message):
        allocate(total, payers, shares)


def test_largest_remainder_refuses_what_cannot_be_split():
    with pytest.raises(AllocationError, match="every weight is zero"):
        largest_remainder(5, [0, 0])
    with pytest.raises(AllocationError, match="negative"):
        largest_remainder(5, [1, -1])


# Properties

kommun_lists = st.lists(
    st.tuples(st.integers(min_value=1, max_value=1_000_000)), min_size=1, max_size=12,
).map(lambda rows: [Payer(f"Kommun {i}", "kommun", p) for i, (p,) in enumerate(rows)])
share_sets = st.sampled_from([
    Shares(), Shares(Decimal("0.5"), Decimal("0.2"), Decimal("0.3")),
    Shares(Decimal("0.4"), Decimal("0.3"), Decimal("0.3")),
])
totals = st.integers(min_value=0, max_value=10**10)


def payers_of(kommuner, states=1):
    return ([Payer(f"Staten {i}", "state") for i in range(states)]
            + [Payer("Regionen", "region")] + kommuner)


@given(totals, kommun_lists, share_sets, st.integers(min_value=1, max_value=2))
def test_the_amounts_add_up_to_the_total_and_stay_within_a_krona(total, kommuner, shares,
                                                                  states):
    result = allocate(total, payers_of(kommuner, states), shares)
    assert sum(a.amount for a in result) == total
    assert all(abs(a.amount - a.exact) < 1 for a in result)
    assert all(a.amount >= 0 for a in result)


@given(totals, kommun_lists)
def test_a_larger_population_never_gets_less(total, kommuner):
    result = [a for a in allocate(total, payers_of(kommuner)) if a.kind == "kommun"]
    population = {p.name: p.population for p in kommuner}
    for a in result:
        for b in result:
            if population[a.name] > population[b.name]:
                assert a.amount >= b.amount


@given(totals, kommun_lists, st.randoms(use_true_random=False))
def test_the_order_of_the_members_does_not_matter(total, kommuner, rnd):
    payers = payers_of(kommuner)
    shuffled = list(payers)
    rnd.shuffle(shuffled)
    assert amounts(allocate(total, payers)) == amounts(allocate(total, shuffled))


@given(st.lists(st.integers(min_value=-10**9, max_value=10**9), max_size=20))
def test_the_tkr_view_adds_up_and_each_figure_is_within_one_thousand(values):
    thousands = to_thousands(values)
    expected_total = (Decimal(sum(values)) / 1000).quantize(Decimal(1), "ROUND_HALF_UP")
    assert sum(thousands) == expected_total
    assert all(abs(t - Fraction(v, 1000)) < 1 for t, v in zip(thousands, values, strict=True))
