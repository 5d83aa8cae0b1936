"""A kind of period withheld from a published year (issue 24, the staged fallback).

When the audit of a year with its months cannot complete in its time, the year is published
without them: the month cells are then in no view and in no equation, and the smaller problem
(the year and its halves or tertials) is audited instead (participants/snapshots.py). A month
view of such a year is refused with the reason, as any period a förbund does not publish is:
`Withheld` is a `NonStandardPeriod`, so every caller that refuses one (the API's 409, the
downloads, the command) refuses it with its own sentence.

Between the two stands a stage that keeps the months of the förbund's total row only
(`MONTH_DETAIL` withheld: each insats's months, the staff scopes' months, the month tables by
kommun and age and the month outcome tables): a month view then shows that row with one line
saying so, and a filtered month view is refused with the same line.
"""

import datetime as dt
from collections.abc import Collection

from django.utils.translation import gettext as _

from samsyn.publication.periods import MONTH, TERTIAL, NonStandardPeriod

# Stage 2 of a month year: what it withholds is not a kind of period but the months' detail
# (everything of a month view beyond the förbund's total row).
MONTH_DETAIL = "month-detail"


def withheld_line(year: int, kinds: Collection[str],
                  withheld: Collection[str] = (MONTH,)) -> str:
    """One sentence: which figures of the year are not published, why, and which stand."""
    if MONTH_DETAIL in withheld:
        return _("The monthly figures of %(year)s are published for the förbund as a whole "
                 "only: per insats, kommun and age group they could not be protected against "
                 "small counts being worked out.") % {"year": year}
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
        ValueError.__init__(self, withheld_line(year, kinds, self.withheld))
