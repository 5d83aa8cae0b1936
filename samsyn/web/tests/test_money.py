from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samsyn.web.formatting import NBSP
from samsyn.web.money import (
    MINUS,
    KronorField,
    MoneyError,
    MoneyField,
    format_money,
    parse_money,
)

THIN = "\u2009"


@pytest.mark.parametrize("text, value", [
    ("2 752 184", Decimal(2752184)),
    ("2 752 184,50", Decimal("2752184.50")),
    ("2752184", Decimal(2752184)),
    ("2752184.50", Decimal("2752184.50")),
    ("−12 771", Decimal(-12771)),
    ("-12 771", Decimal(-12771)),
    (f"2{NBSP}752{NBSP}184", Decimal(2752184)),
    (f"2{THIN}752{THIN}184", Decimal(2752184)),
    ("  16 500 000 kr ", Decimal(16500000)),
])
def test_amounts_are_read_as_people_type_them(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["", "tolv", "1,2,3", "12-3", "--5", "1 000,", "1e6", "0x10"])
def test_anything_else_is_refused(text):
    with pytest.raises(MoneyError):
        parse_money(text)


def test_amounts_are_shown_grouped_with_the_minus_sign_and_without_zero_öre():
    assert format_money(Decimal("2752184.00")) == f"2{NBSP}752{NBSP}184"
    assert format_money(Decimal("-12771.00")) == f"{MINUS}12{NBSP}771"
    assert format_money(Decimal("2752184.5")) == f"2{NBSP}752{NBSP}184,50"
    assert format_money(None) == ""


@given(st.decimals(min_value=Decimal("-999999999999.99"), max_value=Decimal("999999999999.99"),
                   places=2, allow_nan=False, allow_infinity=False))
def test_format_then_parse_gives_the_amount_back(amount):
    assert parse_money(format_money(amount)) == amount


@given(st.integers(min_value=-10**13, max_value=10**13))
def test_whole_kronor_survive_format_and_parse(amount):
    assert parse_money(format_money(amount)) == amount


def test_the_field_takes_swedish_input_and_says_what_is_wrong_in_swedish():
    field = MoneyField()
    assert field.clean("2 752 184,50") == Decimal("2752184.50")
    with pytest.raises(Exception) as refused:
        field.clean("två miljoner")
    assert "Skriv ett belopp i kronor" in str(refused.value)
    with pytest.raises(Exception) as refused:
        field.clean("1,234")
    assert "högst två decimaler" in str(refused.value)


def test_the_widget_shows_an_amount_as_a_page_does():
    assert MoneyField().widget.format_value(Decimal("2752184.00")) == f"2{NBSP}752{NBSP}184"
    html = MoneyField().widget.render("amount", Decimal("-12771"))
    assert f'value="{MINUS}12{NBSP}771"' in html and 'inputmode="decimal"' in html
    assert 'type="text"' in html


def test_whole_kronor_come_back_as_an_int_and_öre_are_refused():
    field = KronorField(min_value=0)
    assert field.clean("16 500 000") == 16_500_000
    with pytest.raises(Exception) as refused:
        field.clean("100,50")
    assert "hela kronor" in str(refused.value)
