from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from samsyn.web.formatting import NBSP, format_number, format_percent


def test_thousands_are_grouped_with_a_non_breaking_space():
    assert format_number(16316000) == f"16{NBSP}316{NBSP}000"
    assert format_number(999) == "999"
    assert format_number(-1234) == f"-1{NBSP}234"


def test_decimals_follow_a_comma():
    assert format_number(Decimal("1234.50"), 2) == f"1{NBSP}234,50"
    assert format_number(Decimal("62.50")) == "62,5"
    assert format_number(Decimal("65.00")) == "65"


def test_per_cent_has_a_space_before_the_sign():
    assert format_percent(Decimal("51.7"), 1) == f"51,7{NBSP}%"
    assert format_percent(Decimal("73.984"), 2) == f"73,98{NBSP}%"


def test_rounding_is_half_up_as_people_expect():
    assert format_number(Decimal("0.5"), 0) == "1"
    assert format_number(Decimal("2.45"), 1) == "2,5"


def test_a_negative_value_that_rounds_to_zero_has_no_sign():
    assert format_number(Decimal("-0.004"), 2) == "0,00"


@given(st.integers(min_value=-10**15, max_value=10**15))
def test_grouping_never_changes_the_value(n):
    text = format_number(n)
    assert int(text.replace(NBSP, "")) == n
    groups = text.lstrip("-").split(NBSP)
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@given(st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False))
def test_two_decimals_read_back_to_the_same_value(value):
    text = format_number(value, 2)
    assert Decimal(text.replace(NBSP, "").replace(",", ".")) == value


# The template filters: whatever a report may publish where a figure goes, a page shows.

from samsyn.web.formatting import NO_FIGURE  # noqa: E402
from samsyn.web.templatetags.samsyn import num, percent, share  # noqa: E402


def test_the_filters_show_published_text_as_it_is():
    for text in ("–", "x", "<5", "okänt", "ej tillämpligt"):
        assert num(text) == text
        assert percent(text, 1) == text
        assert share(text) == text


def test_the_filters_show_nothing_for_no_value():
    assert num(None) == num("") == percent(None) == share("") == ""


def test_a_figure_that_is_not_a_number_shows_as_no_figure():
    for broken in (Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"),
                   "NaN", float("nan"), float("inf")):
        assert num(broken) == NO_FIGURE
        assert percent(broken, 0) == NO_FIGURE
        assert share(broken) == NO_FIGURE
    assert format_number(Decimal("1e40")) == NO_FIGURE  # beyond the 28 digits of the context


def test_a_number_given_as_text_is_formatted_like_the_number():
    assert num("16316000") == f"16{NBSP}316{NBSP}000"
    assert num("51.7", 1) == "51,7"
    assert share("0.97") == f"97{NBSP}%"


def test_a_malformed_number_of_decimals_is_ignored():
    assert num(Decimal("2.5"), "x") == "2,5"


@given(st.one_of(
    st.none(), st.text(max_size=12), st.integers(), st.floats(),
    st.decimals(), st.booleans(), st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
    st.one_of(st.none(), st.integers(min_value=-5, max_value=40), st.text(max_size=3)))
def test_no_value_makes_a_filter_raise(value, decimals):
    for shown in (num(value, decimals), percent(value, decimals), share(value)):
        assert isinstance(shown, str)
