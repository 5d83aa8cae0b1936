"""When a typed figure differs from the records only by rounding.

A document prints whole kronor where the books keep öre, and tkr where a decision keeps
kronor: a sum of printed figures then differs from the records' sum by a krona, or by less
than a thousand. That is no error of the document or of the records, and the kansli's
checks do not report it as one (docs/reports.md, "The kansli's checks").

The rule: the difference is below 1 000 kr where either figure is a whole number of tkr (not
0), and at most 1 kr otherwise. 001's "Totalt 9 017" against its rows' 9 016 tkr differs by
a whole 1 000 kr and stays an error.
"""

from decimal import Decimal

TKR = Decimal(1000)
KRONA = Decimal(1)


def _whole_tkr(value: Decimal) -> bool:
    return value != 0 and value % TKR == 0


def rounding_only(typed: Decimal, computed: Decimal) -> bool:
    """True when `typed` and `computed` differ, but only as rounding explains."""
    difference = abs(typed - computed)
    if difference == 0:
        return False
    if (_whole_tkr(typed) or _whole_tkr(computed)) and difference < TKR:
        return True
    return difference <= KRONA
