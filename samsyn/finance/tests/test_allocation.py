"""The förbundsordning split: the seed documents' figures, and properties for any förbund."""

import re
from decimal import ROUND_HALF_UP, Decimal
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

D = Decimal


def amounts(allocations):
    return {a.name: a.amount for a in allocations}


def exact_by_hand(total, payers, shares):
    """The unrounded kronor, worked out independently of the module."""
    count = {kind: sum(1 for p in payers if p.kind == kind) for kind in ("state", "region")}
    population = sum(p.population for p in payers if p.kind == "kommun")
    result = {}
    for p in payers:
        if p.kind == "kommun":
            result[p.name] = total * Fraction(shares.municipal) * Fraction(p.population,
                                                                           population)
        else:
            share = shares.state if p.kind == "state" else shares.region
            result[p.name] = total * Fraction(share) / count[p.kind]
    return result


# The seed documents


def test_stockholms_stad_2022_is_split_in_halves_and_quarters():
    result = allocate(16_316_000, [Payer("Försäkringskassan", "state"),
                                   Payer("Region Stockholm", "region"),
                                   Payer("Stockholms stad", "kommun", 975_000)])
    assert [(a.name, a.kind, a.amount, a.exact) for a in result] == [
        ("Försäkringskassan", "state", 8_158_000, D(8_158_000)),
        ("Region Stockholm", "region", 4_079_000, D(4_079_000)),
        ("Stockholms stad", "kommun", 4_079_000, D(4_079_000)),
    ]


def test_ostra_sodertorn_2017_kommuner_share_their_quarter_exactly():
    populations = {"Haninge": 84_000, "Nynäshamn": 27_000, "Tyresö": 46_000}
    payers = [Payer("FK", "state"), Payer("Region Stockholm", "region")] + [
        Payer(name, "kommun", count) for name, count in populations.items()
    ]
    result = amounts(allocate(18_064_868, payers))
    assert result["FK"] == 9_032_434
    assert result["Region Stockholm"] == 4_516_217
    kommuner = {name: result[name] for name in populations}
    # The plan typed 4 518 217 for these three; a quarter of 18 064 868 is 4 516 217.
    assert sum(kommuner.values()) == 4_516_217
    quarter = Fraction(18_064_868, 4)
    exact = {name: quarter * Fraction(count, 157_000) for name, count in populations.items()}
    assert exact == {"Haninge": Fraction(379_362_228, 157),
                     "Nynäshamn": Fraction(121_937_859, 157),
                     "Tyresö": Fraction(207_745_982, 157)}
    # 2 416 319 145/157 + 776 674 41/157 + 1 323 222 128/157: the floors add to 4 516 215,
    # and the two kronor left go to the largest remainders, Haninge's and Tyresö's.
    assert kommuner == {"Haninge": 2_416_320, "Nynäshamn": 776_674, "Tyresö": 1_323_223}
    assert all(abs(kommuner[n] - exact[n]) < 1 for n in populations)


def test_the_exact_share_is_reported_unrounded():
    result = allocate(10, [Payer("FK", "state"), Payer("R", "region"),
                           Payer("K1", "kommun", 1), Payer("K2", "kommun", 2)])
    exact = {a.name: a.exact for a in result}
    assert exact["FK"] == D(5) and exact["R"] == D("2.5")
    assert abs(exact["K1"] - D("0.8333333333333333333333333333")) < D("1e-27")
    assert sum(a.amount for a in result) == 10


def test_several_state_payers_share_the_state_part_equally():
    result = amounts(allocate(1_000_001, [Payer("FK", "state"), Payer("AF", "state"),
                                          Payer("R", "region"), Payer("K", "kommun", 10)]))
    # 250 000,25 each for FK and AF; R and K get 250 000,25 too. One krona is left over, and
    # with every remainder and weight tied it goes to the first name in sort order: AF.
    assert result == {"AF": 250_001, "FK": 250_000, "R": 250_000, "K": 250_000}


def test_a_share_of_zero_needs_no_payer_of_its_kind():
    shares = Shares(D("0.5"), D("0.5"), D(0))
    assert amounts(allocate(101, [Payer("FK", "state"), Payer("R", "region")], shares)) == {
        "FK": 51, "R": 50,
    }


# largest_remainder


def test_largest_remainder_gives_the_leftover_kronor_to_the_largest_remainders():
    assert largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
    assert largest_remainder(100, [D("0.333"), D("0.667")]) == [33, 67]
    assert largest_remainder(0, [0, 0]) == [0, 0]
    assert largest_remainder(0, []) == []
    assert largest_remainder(7, [0, 3]) == [0, 7]


def test_largest_remainder_breaks_ties_by_weight_then_key_not_position():
    # 0,75 / 0,75 / 1,5: the floors leave two kronor for the two largest remainders.
    assert largest_remainder(3, [1, 1, 2]) == [1, 1, 1]
    # 0,5 / 1,5: equal remainders, so the larger weight gets the krona.
    assert largest_remainder(2, [1, 3]) == [0, 2]
    assert largest_remainder(2, [3, 1]) == [2, 0]
    # Full tie: the smaller key wins, wherever it stands.
    assert largest_remainder(1, [1, 1], keys=["b", "a"]) == [0, 1]
    assert largest_remainder(1, [1, 1], keys=["a", "b"]) == [1, 0]
    assert largest_remainder(1, [1, 1]) == [1, 0]


@pytest.mark.parametrize(("total", "weights", "keys", "message"), [
    (5, [0, 0], None, "every weight is zero, so nothing can be split"),
    (5, [], None, "every weight is zero, so nothing can be split"),
    (5, [1, -1], None, "a weight cannot be negative"),
    (-1, [1], None, "the total cannot be negative (-1)"),
    (5, [0.5, 0.5], None, "a weight must be a Decimal or a whole number, not 0.5"),
    (5.0, [1], None, "the total must be whole kronor (an int), not 5.0"),
    (5, [D("NaN")], None, "a weight must be a finite number, not NaN"),
    (5, [1, 1], ["a"], "1 keys given for 2 weights"),
])
def test_largest_remainder_refuses_what_cannot_be_split(total, weights, keys, message):
    with pytest.raises(AllocationError, match=f"^{re.escape(message)}$"):
        largest_remainder(total, weights, keys)


def test_an_allocation_error_is_a_value_error():
    assert issubclass(AllocationError, ValueError)


# Errors of allocate, each naming what is wrong

FK, R = Payer("FK", "state"), Payer("Region Sörmland", "region")
STATE_ONLY = Shares(D(1), D(0), D(0))


@pytest.mark.parametrize(("total", "payers", "shares", "message"), [
    (-1, [FK], STATE_ONLY, "the total cannot be negative (-1)"),
    (10.0, [FK], STATE_ONLY, "the total must be whole kronor (an int), not 10.0"),
    (D(10), [FK], STATE_ONLY, "the total must be whole kronor (an int), not Decimal('10')"),
    (10, [FK, R], Shares(), "the kommun share is 0.25 but no payer is of kind 'kommun'"),
    (10, [R, Payer("Nyköping", "kommun", 1)], Shares(),
     "the state share is 0.5 but no payer is of kind 'state'"),
    (10, [FK, Payer("Nyköping", "kommun", 1)], Shares(),
     "the region share is 0.25 but no payer is of kind 'region'"),
    (10, [FK, R, Payer("Nyköping", "kommun")], Shares(),
     "Nyköping has no population figure above zero"),
    (10, [FK, R, Payer("Nyköping", "kommun", 0)], Shares(),
     "Nyköping has no population figure above zero"),
    (10, [FK, R, Payer("Nyköping", "kommun", -5)], Shares(),
     "Nyköping has a negative population (-5)"),
    (10, [FK, R, Payer("Nyköping", "kommun", 5.5)], Shares(),
     "Nyköping's population must be whole kronor (an int), not 5.5"),
    (10, [FK, FK], STATE_ONLY, "FK is listed twice"),
    (10, [FK, Payer("Samhall", "company")], STATE_ONLY, "Samhall: unknown kind 'company'"),
    (10, [FK], Shares(D("0.5"), D("0.25"), D("0.2")), "the shares add up to 0.95, not 1"),
    (10, [FK], Shares(D("1.5"), D("-0.25"), D("-0.25")),
     "the region share cannot be negative (-0.25)"),
    (10, [FK], Shares(0.5, 0.25, 0.25),
     "the state share must be a Decimal or a whole number, not 0.5"),
])
def test_bad_input_is_refused_with_the_payer_named(total, payers, shares, message):
    with pytest.raises(AllocationError, match=f"^{re.escape(message)}$"):
        allocate(total, payers, shares)


# Properties of allocate

populations = st.integers(min_value=1, max_value=2_000_000)
kommun_lists = st.lists(populations, min_size=1, max_size=12).map(
    lambda counts: [Payer(f"Kommun {i}", "kommun", p) for i, p in enumerate(counts)]
)
share_sets = st.sampled_from([
    Shares(), Shares(D("0.5"), D("0.2"), D("0.3")), Shares(D("0.4"), D("0.3"), D("0.3")),
    Shares(D("0.333"), D("0.333"), D("0.334")),
])
totals = st.integers(min_value=0, max_value=10**10)


def payers_of(kommuner, states=1, regions=1):
    return ([Payer(f"Staten {i}", "state") for i in range(states)]
            + [Payer(f"Regionen {i}", "region") for i in range(regions)] + kommuner)


@given(totals, kommun_lists, share_sets, st.integers(1, 3), st.integers(1, 2))
def test_the_amounts_add_up_to_the_total_and_stay_within_a_krona(total, kommuner, shares,
                                                                  states, regions):
    payers = payers_of(kommuner, states, regions)
    result = allocate(total, payers, shares)
    exact = exact_by_hand(total, payers, shares)
    assert [a.name for a in result] == [p.name for p in payers]
    assert sum(a.amount for a in result) == total
    assert all(isinstance(a.amount, int) and a.amount >= 0 for a in result)
    assert all(abs(a.amount - exact[a.name]) < 1 for a in result)
    assert all(abs(a.exact - D(exact[a.name].numerator) / D(exact[a.name].denominator))
               < D("1e-12") for a in result)


@given(totals, kommun_lists, share_sets)
def test_a_larger_population_never_gets_less(total, kommuner, shares):
    result = [a for a in allocate(total, payers_of(kommuner), shares) if a.kind == "kommun"]
    population = {p.name: p.population for p in kommuner}
    for a in result:
        for b in result:
            if population[a.name] > population[b.name]:
                assert a.amount >= b.amount
            if population[a.name] == population[b.name]:
                assert abs(a.amount - b.amount) <= 1


@given(totals, kommun_lists, st.data())
def test_a_kommun_that_grows_never_pays_less_itself(total, kommuner, data):
    # Only its own amount is promised: the others' can move either way by a krona, since the
    # left-over kronor are dealt out again.
    grown = data.draw(st.integers(0, len(kommuner) - 1))
    more = data.draw(st.integers(1, 1_000_000))
    before = amounts(allocate(total, payers_of(kommuner)))
    bigger = list(kommuner)
    old = bigger[grown]
    bigger[grown] = Payer(old.name, "kommun", old.population + more)
    after = amounts(allocate(total, payers_of(bigger)))
    assert after[old.name] >= before[old.name]


@given(totals, kommun_lists, share_sets, st.randoms(use_true_random=False))
def test_the_order_of_the_members_does_not_matter(total, kommuner, shares, rnd):
    payers = payers_of(kommuner, states=2)
    shuffled = list(payers)
    rnd.shuffle(shuffled)
    assert amounts(allocate(total, payers, shares)) == amounts(allocate(total, shuffled, shares))


@given(st.integers(0, 10**9), st.lists(st.integers(0, 10**6), min_size=1, max_size=10),
       st.randoms(use_true_random=False))
def test_largest_remainder_with_keys_ignores_the_order(total, weights, rnd):
    if not any(weights):
        weights = [*weights[:-1], 1]
    keys = [f"k{i}" for i in range(len(weights))]
    parts = largest_remainder(total, weights, keys)
    assert sum(parts) == total
    for part, w in zip(parts, weights, strict=True):
        share = Fraction(total * w, sum(weights))
        assert share - 1 < part < share + 1
    order = list(range(len(weights)))
    rnd.shuffle(order)
    shuffled = largest_remainder(total, [weights[i] for i in order], [keys[i] for i in order])
    assert dict(zip(keys, parts, strict=True)) == {keys[i]: p for i, p
                                                   in zip(order, shuffled, strict=True)}


# The tkr view


def half_up_thousands(value):
    return int((D(value) / 1000).quantize(D(1), rounding=ROUND_HALF_UP))


def test_the_tkr_view_of_the_seed_split():
    thousands = to_thousands([9_032_434, 4_516_217, 2_416_320, 776_674, 1_323_223])
    # 9 032,434 / 4 516,217 / 2 416,320 / 776,674 / 1 323,223 → floors add to 18 063; the total
    # 18 064,868 rounds to 18 065, so the two largest remainders (,674 and ,434) go up.
    assert thousands == [9_033, 4_516, 2_416, 777, 1_323]
    assert sum(thousands) == 18_065


def test_the_tkr_view_rounds_halves_away_from_zero_on_either_side():
    assert to_thousands([1_500]) == [2]
    assert to_thousands([-1_500]) == [-2]
    assert to_thousands([499, -499]) == [0, 0]
    # Budget lines: 2 100 income, −1 400 cost → 0,7 tkr in all. The floors 2 and −2 add to
    # 0, and the larger remainder (−1,4 is 0,6 above −2) takes the thousand: 2 and −1.
    assert to_thousands([2_100, -1_400]) == [2, -1]
    # Tied remainders (2,4 and −1,6 are both 0,4 above their floors): the larger amount wins.
    assert to_thousands([2_400, -1_600]) == [3, -2]
    assert to_thousands([]) == []


def test_the_tkr_view_breaks_ties_by_size_then_key():
    # Two halves and one thousand to deal: the larger amount gets it.
    assert to_thousands([500, 1_500]) == [0, 2]
    assert to_thousands([-500, -1_500]) == [0, -2]
    # Equal amounts: the smaller key, wherever it stands, is rounded away from zero.
    assert to_thousands([500, 500, 500], ["c", "a", "b"]) == [0, 1, 1]
    assert to_thousands([-500, -500, -500], ["c", "a", "b"]) == [0, -1, -1]


@pytest.mark.parametrize(("values", "keys", "message"), [
    ([1.5], None, "an amount must be whole kronor (an int), not 1.5"),
    ([D(1)], None, "an amount must be whole kronor (an int), not Decimal('1')"),
    ([1, 2], ["a"], "1 keys given for 2 amounts"),
])
def test_the_tkr_view_refuses_what_is_not_whole_kronor(values, keys, message):
    with pytest.raises(AllocationError, match=f"^{re.escape(message)}$"):
        to_thousands(values, keys)


budget_lines = st.lists(st.integers(min_value=-10**9, max_value=10**9), max_size=20)


@given(budget_lines)
def test_the_tkr_view_adds_up_and_each_figure_is_within_one_thousand(values):
    thousands = to_thousands(values)
    assert sum(thousands) == half_up_thousands(sum(values))
    assert all(abs(t - Fraction(v, 1000)) < 1 for t, v in zip(thousands, values, strict=True))


@given(budget_lines)
def test_the_tkr_view_of_the_negated_lines_is_the_negated_view(values):
    keys = [f"line {i}" for i in range(len(values))]
    assert to_thousands([-v for v in values], keys) == [-t for t in to_thousands(values, keys)]


@given(budget_lines, st.randoms(use_true_random=False))
def test_the_tkr_view_with_keys_ignores_the_order(values, rnd):
    keys = [f"line {i}" for i in range(len(values))]
    order = list(range(len(values)))
    rnd.shuffle(order)
    shuffled = to_thousands([values[i] for i in order], [keys[i] for i in order])
    assert dict(zip(keys, to_thousands(values, keys), strict=True)) == {
        keys[i]: t for i, t in zip(order, shuffled, strict=True)
    }
