"""A kind of period withheld from a published year (issue 24, the staged fallback).

When the audit of a year with its months cannot complete in its time, the year is published
without them: the month cells are then in no view and in no equation, and the smaller problem
(the year and its halves or tertials) is audited instead (participants/snapshots.py). A month
view of such a year is refused with the reason, as any period a förbund does not publish is:
`Withheld` is a `NonStandardPeriod`, so every caller that refuses one (the API's 409, the
downloads, the command) refuses it with its own sentence.
"""

import datetime as dt
from collections.abc import Collection

from django.utils.translation import gettext as _

from samsyn.publication.periods import MONTH, TERTIAL, NonStandardPeriod


def withheld_line(year: int, kinds: Collection[str]) -> str:
    """One sentence: which figures of the year are not published, why, and which stand."""
    if TERTIAL in kinds:
        return _("The monthly figures of %(year)s are not published: they could not be "
                 "protected against small counts being worked out. The figures of the year, "
                 "January–August and the tertials stand.") % {"year": year}
    return _("The monthly figures of %(year)s are not published: they could not be protected "
             "against small counts being worked out. The figures of the year and the "
             "half-years stand.") % {"year": year}


class Withheld(NonStandardPeriod):
    """A published view of a period whose kind the year's snapshot withheld (its months)."""

    def __init__(self, year: int, kinds: Collection[str], withheld: Collection[str] = (MONTH,)
                 ) -> None:
        self.year, self.kinds, self.withheld = year, frozenset(kinds), frozenset(withheld)
        self.start, self.end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        ValueError.__init__(self, withheld_line(year, kinds))
