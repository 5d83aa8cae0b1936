"""Swedish number formatting for pages and reports.

Thousands are grouped with a non-breaking space and decimals follow a comma, so a figure
never breaks over two lines: "16 316 000", "51,7 %".
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

NBSP = "\u00a0"


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """Group thousands; round half up to `decimals`, or drop trailing zeros when None."""
    number = Decimal(value)
    if decimals is not None:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    elif number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    sign = "-" if number < 0 else ""
    digits = f"{abs(number):f}"
    whole, _, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups)
    if fraction:
        text = f"{text},{fraction}"
    if sign and text.strip("0,\u00a0"):
        text = sign + text
    return text


def format_percent(value: Decimal | int, decimals: int | None = None) -> str:
    """A value already in per cent (51.7, not 0.517)."""
    return f"{format_number(value, decimals)}{NBSP}%"


def format_target(target: Decimal, unit: str, comparison: str) -> str:
    """A goal's target as a person reads it: "minst 65 %", "högst 200"."""
    amount = format_percent(target) if unit == "percent" else format_number(target)
    if comparison == "at_most":
        return _("at most %(amount)s") % {"amount": amount}
    return _("at least %(amount)s") % {"amount": amount}
