"""Amounts in kronor as people in Sweden type and read them: "2 752 184", "2 752 184,50",
"−12 771".

`parse_money` and `format_money` are plain functions (format then parse gives the value
back); `MoneyField` and `MoneyInput` put them on every money field of the forms, so a
page neither shows "2752184.00" nor refuses the spaces a person types.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from samsyn.web.formatting import swedish_digits

MINUS = "\u2212"  # the minus sign a page shows; a hyphen is read as the same
# Spaces people and programs put between thousands: ordinary, non-breaking, thin,
# narrow non-breaking, figure space; apostrophes and dots are not accepted as groupings.
_SPACES = re.compile("[ \u00a0\u2009\u202f\u2007]+")
_MINUSES = ("\u2212", "\u2013", "-")
# After spaces are gone and the minus is a hyphen: digits, optionally a decimal comma or
# point and digits. "kr" after the figure is allowed.
_AMOUNT = re.compile(r"^(?P<sign>-?)(?P<whole>\d+)(?:[.,](?P<fraction>\d+))?$")
# Matched only against the end of a text already stripped: a pattern starting with \s* and
# searched through the whole text backtracks quadratically over a long run of spaces.
_KRONOR = re.compile(r"(kr|kronor|sek)\.?$", re.IGNORECASE)
# Far longer than any amount written out ("−12 345 678 901 234,50 kronor" is 29): a longer
# text is refused before any pattern reads it.
MAX_LENGTH = 64


class MoneyError(ValueError):
    pass


def parse_money(text: str) -> Decimal:
    """The amount of a text as people type it; MoneyError for anything else."""
    if len(text) > MAX_LENGTH:
        raise MoneyError(text[:MAX_LENGTH])
    value = _KRONOR.sub("", text.strip()).rstrip()
    value = _SPACES.sub("", value)
    for minus in _MINUSES:
        if value.startswith(minus):
            value = "-" + value[len(minus):]
            break
    match = _AMOUNT.match(value)
    if match is None:
        raise MoneyError(text)
    number = f"{match['sign']}{match['whole']}"
    if match["fraction"] is not None:
        number += f".{match['fraction']}"
    try:
        return Decimal(number)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only digits
        raise MoneyError(text) from exc


def format_money(value: Decimal | int | None) -> str:
    """Whole kronor grouped by thousands ("2 752 184"), öre only where there are some
    ("2 752 184,50"), the minus sign for a negative amount ("−12 771"); "" for None."""
    if value is None:
        return ""
    number = Decimal(value)
    if not number.is_finite():
        return ""
    # Precision for every digit the amount has: the default 28 makes quantize raise for a
    # longer one (typed into a form, it is shown back with the error, not a 500).
    with localcontext(prec=max(28, number.adjusted() + 4)):
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        else:
            number = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        digits = f"{abs(number):f}"
    text = swedish_digits(digits)
    if number < 0:
        text = MINUS + text
    return text


class MoneyInput(forms.TextInput):
    """A text box (not type=number, which refuses spaces and commas) showing the amount as a
    page does, with the numeric keyboard on a phone."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_money(value)
        if isinstance(value, str):
            try:
                return format_money(parse_money(value))
            except MoneyError:
                return value  # what the person typed, shown back with the error
        return super().format_value(value)


class MoneyField(forms.DecimalField):
    """An amount in kronor; a ModelForm takes it for a money column through
    `Meta.field_classes` (max_digits and decimal_places come from the column)."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": gettext_lazy(
            "Write an amount in kronor, such as 2 752 184, 2 752 184,50 or −12 771."),
        "max_decimal_places": gettext_lazy("Write at most two decimals (öre)."),
    }

    def __init__(self, *, max_digits: int | None = 14, decimal_places: int | None = 2,
                 **kwargs: Any) -> None:
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        # DecimalField sets step="any" etc. for a number input; a text box needs none.
        for name in ("step", "min", "max"):
            self.widget.attrs.pop(name, None)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        try:
            return parse_money(str(value))
        except MoneyError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}  # no min/max/step: those are for type=number


class KronorField(MoneyField):
    """Whole kronor as an int (totals that the contribution split takes as whole kronor)."""

    default_error_messages = {
        "max_decimal_places": gettext_lazy("Write whole kronor, without öre."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("decimal_places", 0)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        cleaned = super().clean(value)
        return None if cleaned is None else int(cleaned)
