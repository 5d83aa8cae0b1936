"""The förbund's own participant figures for a year, for the start page to show beside the
register's.

A document states figures the register cannot carry (002's 779 active, where the register
holds 292): the annual report's "year in figures" gives the förbund's stated figure where there
is one, and the board adopts it. The start page shows the register's counts; without the
stated ones beside, a board member who reads both takes one for wrong. The figures are made as
the annual report makes them (documents/builders.py, `_stated_rows`: the same publication rules
for a published reader), and a test holds the two equal on the demo.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from samsyn.associations.models import Association
from samsyn.participants import queries
from samsyn.participants.metrics import Period, share
from samsyn.publication.periods import stated_count, stated_work

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Stated:
    """A count is an int, HIDDEN ("<5") in a published view, or None where not stated."""

    new: int | str | None
    active: int | str | None
    exited: int | str | None
    work_share: Decimal | None  # per cent, as the start page shows the register's


def stated_for_year(association: Association, year: int, publish: bool) -> Stated | None:
    """The förbund's stated totals for the whole year, or None where it stated none."""
    totals = queries.stated_totals(association, Period(dt.date(year, 1, 1),
                                                       dt.date(year, 12, 31)))
    if not totals:
        return None
    threshold = association.suppression_threshold
    exits = totals.get("exit")
    work = stated_work(exits, totals.get("work_or_studies"), threshold, publish)
    # A small count to work or studies is hidden, and the share would tell it (4 % of 50).
    if publish and work is not None and 0 < work < threshold:
        work = None
    fraction = share(work, exits) if work is not None and exits else None
    return Stated(new=stated_count(totals.get("new"), threshold, publish),
                  active=stated_count(totals.get("active"), threshold, publish),
                  exited=stated_count(exits, threshold, publish),
                  work_share=None if fraction is None else fraction * HUNDRED)
