from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samsyn.finance.outcome import (
    AccountRange,
    Booked,
    decode_objects,
    encode_objects,
    map_outcome,
    rule_for,
)

D = Decimal
PER_INTERVENTION = frozenset({"individual", "structural"})
RULES = [
    AccountRange(3000, 3999, "other_income", "income"),
    AccountRange(3010, 3010, "contribution", "income", "Haninge"),
    AccountRange(4000, 4999, "individual", "individual"),
    AccountRange(7000, 7699, "office_staff", "office"),
]


def test_the_narrowest_range_wins():
    assert rule_for("3010", RULES).category == "contribution"
    assert rule_for("3011", RULES).category == "other_income"
    assert rule_for("9000", RULES) is None
    assert rule_for("30x0", RULES) is None


def test_income_turns_positive_and_objects_pick_the_insats():
    booked = [
        Booked("3010", (), D("-2222774.00")),
        Booked("4010", (("1", "100"), ("6", "P1")), D("150000.50")),
        Booked("4010", (("6", "P9"),), D("1000")),
        Booked("7010", (("6", "P1"),), D("300")),
        Booked("8999", (), D("12")),
        Booked("5010", (), D("0")),
    ]
    mapped = map_outcome(booked, RULES, {("6", "P1"): "mia-vidare"}, PER_INTERVENTION)
    assert [(x.key, x.amount, x.intervention) for x in mapped.lines] == [
        ("contribution:Haninge", D("2222774.00"), None),
        ("individual:mia-vidare", D("150000.50"), "mia-vidare"),
        ("individual", D("1000"), None),
        # Staff costs are not booked per insats, whatever object the row carries.
        ("office_staff", D("300"), None),
    ]
    # An account no rule covers is reported; a zero sum is nothing to report.
    assert [b.account for b in mapped.unmapped] == ["8999"]


object_codes = st.text(alphabet="ABCP0123456789-_", min_size=1, max_size=8)


@given(st.lists(st.tuples(st.sampled_from(["1", "2", "6"]), object_codes), max_size=4))
def test_objects_survive_their_text_form(objects):
    assert decode_objects(encode_objects(objects)) == tuple(objects)


@given(st.lists(st.tuples(st.integers(3000, 7699), st.integers(-10**9, 10**9)), max_size=40))
def test_every_covered_krona_reaches_a_line_once(rows):
    booked = [Booked(str(account), (), D(amount)) for account, amount in rows]
    mapped = map_outcome(booked, RULES, {}, PER_INTERVENTION)
    mapped_total = sum(x.amount if not x.is_income else -x.amount for x in mapped.lines)
    unmapped_total = sum(b.amount for b in mapped.unmapped)
    assert mapped_total + unmapped_total == sum(D(a) for _acct, a in rows)
