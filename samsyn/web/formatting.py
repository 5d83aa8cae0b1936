"""Swedish number formatting for pages and reports.

Thousands are grouped with a non-breaking space and decimals follow a comma, so a figure
never breaks over two lines: "16 316 000", "51,7 %".
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

NBSP = "\u00a0"
# What a page shows where there is no figure: the same dash the reports publish.
NO_FIGURE = "–"


def swedish_digits(digits: str) -> str:
    """Plain digits with an optional decimal point ("2752184.5") as Swedish writes them: the
    thousands apart by non-breaking spaces, a decimal comma ("2 752 184,5")."""
    whole, _sep, fraction = digits.partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = NBSP.join(groups)
    return f"{text},{fraction}" if fraction else text


def format_number(value: Decimal | int, decimals: int | None = None) -> str:
    """Group thousands; round half up to `decimals`, or drop trailing zeros when None.

    NaN and infinity are no figure ("–"): a broken computation must show as missing, never
    take the page down with it.
    """
    number = Decimal(value)
    if not number.is_finite():
        return NO_FIGURE
    try:
        if decimals is not None:
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        elif number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        else:
            number = number.normalize()
    except InvalidOperation:
        return NO_FIGURE  # more digits than any amount has (the context's 28)
    sign = "-" if number < 0 else ""
    digits = f"{abs(number):f}"
    text = swedish_digits(digits)
    if sign and text.strip("0,\u00a0"):
        text = sign + text
    return text


def format_percent(value: Decimal | int, decimals: int | None = None) -> str:
    """A value already in per cent (51.7, not 0.517)."""
    if not Decimal(value).is_finite():
        return NO_FIGURE
    return f"{format_number(value, decimals)}{NBSP}%"


def format_target(target: Decimal, unit: str, comparison: str) -> str:
    """A goal's target as a person reads it: "minst 65 %", "högst 200"."""
    amount = format_percent(target) if unit == "percent" else format_number(target)
    if comparison == "at_most":
        return _("at most %(amount)s") % {"amount": amount}
    return _("at least %(amount)s") % {"amount": amount}


def as_figure(value: object) -> Decimal | None:
    """A value a page or report may hold where a figure goes, as a Decimal; None when it is
    no number (None, "", "–", "<5", "x", any other text or object)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            return None
    return None
