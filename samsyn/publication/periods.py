"""Published figures that survive differencing: standard periods and linked suppression.

Two published reports whose periods differ by a day differ by exactly the people who started
or left that day. So published figures are given for standard periods only (calendar months,
half-years or tertials with January–August, the year; which of them a förbund publishes is
`kinds`), and all the published tables of one year are suppressed as one linked set: the year
is the sum of its halves (or its tertials), a half or a tertial the sum of its months, and for
counts of active participants
active(A ∪ B) = active(A) + new(B) for consecutive A, B. A cell hidden in one period is then
not given away by another period's figures.

Plain values only (no ORM), so the rule can be tested on its own.
"""

import calendar
import datetime as dt
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _

from samsyn.publication.suppression import HIDDEN, primary, suppress

MONTH, HALF, YEAR = "month", "half", "year"
# Tertials: January–April (T1), May–August (T2), September–December (T3), for förbund that
# follow up after 30 April and 31 August; TO_AUGUST is the cumulative January–August (T1–2)
# their delårsrapport covers.
TERTIAL, TO_AUGUST = "tertial", "to-august"
KINDS = (YEAR, HALF, TO_AUGUST, TERTIAL, MONTH)
# The first month of each tertial.
TERTIAL_STARTS = (1, 5, 9)
# Half-years and the year: what the förbund's board reports to its members. Months are
# small enough that most cells of a small insats would be hidden anyway.
DEFAULT_KINDS: frozenset[str] = frozenset({HALF, YEAR})

K = TypeVar("K", bound=Hashable)
# The key of a stated total among its parts (no gender code is empty).
TOTAL = ""


@dataclass(frozen=True, order=True)
class StandardPeriod:
    start: dt.date
    end: dt.date
    kind: str

    @property
    def key(self) -> str:
        """'2025', '2025H1', '2025T2', '2025T1-2' or '2025-03': the prefix of the period's
        cells, and the `?period=` of the report page."""
        if self.kind == YEAR:
            return f"{self.start.year}"
        if self.kind == HALF:
            return f"{self.start.year}H{1 if self.start.month == 1 else 2}"
        if self.kind == TERTIAL:
            return f"{self.start.year}T{tertial_number(self.start)}"
        if self.kind == TO_AUGUST:
            return f"{self.start.year}T1-2"
        return f"{self.start:%Y-%m}"


def tertial_number(day: dt.date) -> int:
    """1, 2 or 3: the tertial the day falls in."""
    return (day.month - 1) // 4 + 1


def label(period: StandardPeriod) -> str:
    """How a page names the period: 'The year 2025', 'January–June 2025', 'T1 January–April
    2025', 'January–August 2025', '2025-03'."""
    year = {"year": period.start.year}
    if period.kind == YEAR:
        return _("The year %(year)s") % year
    if period.kind == HALF:
        text = _("January–June %(year)s") if period.start.month == 1 else _(
            "July–December %(year)s")
        return text % year
    if period.kind == TERTIAL:
        return (_("T1 January–April %(year)s"), _("T2 May–August %(year)s"),
                _("T3 September–December %(year)s"))[tertial_number(period.start) - 1] % year
    if period.kind == TO_AUGUST:
        return _("January–August %(year)s") % year
    return period.key


def _month(year: int, month: int) -> StandardPeriod:
    last = calendar.monthrange(year, month)[1]
    return StandardPeriod(dt.date(year, month, 1), dt.date(year, month, last), MONTH)


def _tertial(year: int, n: int) -> StandardPeriod:
    first = TERTIAL_STARTS[n - 1]
    return StandardPeriod(dt.date(year, first, 1), _month(year, first + 3).end, TERTIAL)


def _all_periods(year: int) -> list[StandardPeriod]:
    return ([StandardPeriod(dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR),
             StandardPeriod(dt.date(year, 1, 1), dt.date(year, 6, 30), HALF),
             StandardPeriod(dt.date(year, 7, 1), dt.date(year, 12, 31), HALF),
             StandardPeriod(dt.date(year, 1, 1), dt.date(year, 8, 31), TO_AUGUST)]
            + [_tertial(year, n) for n in (1, 2, 3)]
            + [_month(year, m) for m in range(1, 13)])


def standard_periods(year: int, kinds: Collection[str] = DEFAULT_KINDS) -> list[StandardPeriod]:
    """The standard periods of `year` of the given kinds: the year, then halves, then
    January–August, then tertials, then months."""
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown kinds of period: {sorted(unknown)}")
    return [p for p in _all_periods(year) if p.kind in kinds]


def standard_period(start: dt.date, end: dt.date,
                    kinds: Collection[str] = DEFAULT_KINDS) -> StandardPeriod | None:
    for period in standard_periods(start.year, kinds):
        if (period.start, period.end) == (start, end):
            return period
    return None


def is_standard(start: dt.date, end: dt.date, kinds: Collection[str] = DEFAULT_KINDS) -> bool:
    return standard_period(start, end, kinds) is not None


def period_of_key(key: str, kinds: Collection[str]) -> StandardPeriod | None:
    """The standard period of the given kinds whose key is `key` ('2025T1', '2025H2' …);
    None for anything else."""
    year = key[:4]
    if not (year.isascii() and year.isdigit() and year[0] != "0"):
        return None
    return next((p for p in standard_periods(int(year), kinds) if p.key == key), None)


class NonStandardPeriod(ValueError):
    """A published report asked for a period that is not a standard one."""

    def __init__(self, start: dt.date, end: dt.date, kinds: Collection[str]) -> None:
        self.start, self.end, self.kinds = start, end, frozenset(kinds)
        super().__init__(_("Published figures are given for %(kinds)s only, not for "
                           "%(start)s–%(end)s.") % {"kinds": describe(kinds),
                                                     "start": start, "end": end})


def describe(kinds: Collection[str]) -> str:
    names = {YEAR: _("whole years"), HALF: _("half-years (January–June, July–December)"),
             TO_AUGUST: _("January–August"),
             TERTIAL: _("tertials (January–April, May–August, September–December)"),
             MONTH: _("calendar months")}
    named = [str(names[k]) for k in KINDS if k in kinds]
    return _(" and ").join([", ".join(named[:-1]), named[-1]] if len(named) > 2 else named)


def check_standard(start: dt.date, end: dt.date, kinds: Collection[str]) -> StandardPeriod:
    period = standard_period(start, end, kinds)
    if period is None:
        raise NonStandardPeriod(start, end, kinds)
    return period


class OpenPeriod(ValueError):
    """Published figures were asked for a period of which no standard part has ended yet."""

    def __init__(self, start: dt.date, end: dt.date, first: StandardPeriod | None) -> None:
        self.start, self.end, self.first = start, end, first
        text = _("No published figures yet for %(start)s–%(end)s: figures are published for "
                 "periods that have ended.") % {"start": start, "end": end}
        if first is not None:
            text += " " + _("The first are those of %(period)s, after %(day)s.") % {
                "period": label(first), "day": first.end}
        super().__init__(text)


def closed_part(start: dt.date, end: dt.date, kinds: Collection[str],
                today: dt.date) -> StandardPeriod | None:
    """What of a published period may be shown today: the period itself once it has ended;
    before that, the longest standard period that begins with it and has ended (the year as
    of its first half); None while there is none.

    A period still running would give tomorrow's figures less today's: who started or left
    today. Cut at the end of a closed standard period, the figures change only when a whole
    published period closes, and then by that period's own (suppressed) figures.
    """
    period = check_standard(start, end, kinds)
    if period.end < today:
        return period
    closed = [p for p in standard_periods(start.year, kinds)
              if p.start == period.start and p.end < today and p.end <= period.end]
    return max(closed, key=lambda p: p.end, default=None)


def linked_periods(own: StandardPeriod, kinds: Collection[str],
                   today: dt.date) -> list[StandardPeriod]:
    """The periods suppressed together with `own`: those of its year that have ended.

    A period still running is never in the set: its figures change every day, and through
    the links so would the hidden cells of the closed periods beside it.
    """
    return [p for p in standard_periods(own.start.year, kinds) if p.end < today or p == own]


def first_closed(start: dt.date, end: dt.date, kinds: Collection[str]) -> StandardPeriod | None:
    """The first standard period beginning with the given one, which closes first."""
    parts = [p for p in standard_periods(start.year, kinds) if p.start == start and p.end <= end]
    return min(parts, key=lambda p: p.end, default=None)


def partitions(period: StandardPeriod, kinds: Collection[str]) -> list[list[StandardPeriod]]:
    """Every way finer published periods make up `period`: the year its halves, its
    tertials, January–August and the third tertial, and its months; January–August the first
    two tertials and its months; a half or a tertial its months. Each partition is a line of
    its own: linking the year to its halves only would leave the year minus a month
    unguarded."""
    year = period.start.year
    found = []
    if period.kind == YEAR and HALF in kinds:
        found.append([p for p in _all_periods(year) if p.kind == HALF])
    if period.kind == YEAR and TERTIAL in kinds:
        found.append([_tertial(year, n) for n in (1, 2, 3)])
        if TO_AUGUST in kinds:
            found.append([p for p in _all_periods(year) if p.kind == TO_AUGUST]
                         + [_tertial(year, 3)])
    if period.kind == TO_AUGUST and TERTIAL in kinds:
        found.append([_tertial(year, 1), _tertial(year, 2)])
    if period.kind in (YEAR, HALF, TO_AUGUST, TERTIAL) and MONTH in kinds:
        found.append([_month(year, m) for m in range(period.start.month, period.end.month + 1)])
    return found


def links(periods: Sequence[StandardPeriod], kinds: Collection[str],
          additive: Iterable[K], active: Mapping[K, tuple[K, K]]) -> list[list[tuple[str, K]]]:
    """The equations that tie the periods' cells together; each one's last member is the sum
    of the others.

    `additive`: cells that add up over time (new, exited, by referrer …). `active`: each count
    of active participants → its (new, exited) counts. Whoever was active in a period was,
    for any one of its parts, active in that part, or left in an earlier part, or started in
    a later one: active(P) = exited(before) + active(part) + new(after).
    """
    keys = {p.key for p in periods}
    additive = list(additive)
    equations: list[list[tuple[str, K]]] = []
    for whole, pieces in ((w, ps) for w in periods for ps in partitions(w, kinds)):
        if not all(p.key in keys for p in pieces):
            continue
        for k in additive:
            equations.append([*((p.key, k) for p in pieces), (whole.key, k)])
        for k, (new, exited) in active.items():
            for j, piece in enumerate(pieces):
                equations.append([*((p.key, exited) for p in pieces[:j]), (piece.key, k),
                                  *((p.key, new) for p in pieces[j + 1:]), (whole.key, k)])
    return equations


def nested(periods: Sequence[StandardPeriod],
           keys: Iterable[K]) -> list[tuple[tuple[str, K], tuple[str, K]]]:
    """Each count of a period with the same count of every period inside it. A count takes
    everyone in the larger period that it takes in the smaller one, so the difference of the
    two is itself a count (of whoever the rest of the larger period adds)."""
    keys = list(keys)
    return [((big.key, k), (small.key, k)) for big in periods for small in periods
            if small != big and big.start <= small.start and small.end <= big.end
            for k in keys]


def linked_suppress(values: Mapping[tuple[str, K], int],
                    constraints: Sequence[Sequence[tuple[str, K]]], threshold: int,
                    totals: Iterable[tuple[str, K]] = (),
                    pairs: Sequence[tuple[tuple[str, K], tuple[str, K]]] = (),
                    forced: Iterable[tuple[str, K]] = ()) -> dict[str, set[K]]:
    """The hidden cells of each period, the cells of all periods suppressed as one set.

    `values` holds every period's cells under (period key, cell key); `constraints` the
    tables' own lines and the cross-period `links`, each an equation whose members add up
    (the last member the sum of the others). On top of `suppress` (no line hides exactly one
    cell), where a line's sum shows, its hidden parts must not add up to a count from 1 to
    threshold − 1 either: the sum minus the visible parts gives that away. `pairs` (see
    `nested`): visible counts of nested periods must not differ by 1 to threshold − 1.
    `forced`: cells hidden from the start, as another table hides them.
    """
    is_total = set(totals)
    order = {k: i for i, k in enumerate(values)}
    # A forced cell (hidden by another table) starts as a small count, partners and all.
    forced = set(forced)
    hidden = suppress({k: (1 if k in forced else v) for k, v in values.items()}, constraints,
                      threshold, is_total)
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            members = list(dict.fromkeys(constraint))
            unknown = [k for k in members if k in hidden]
            if not unknown:
                continue
            # With the sum visible, the hidden parts add up to the sum minus the visible ones.
            parts_sum = (sum(values[k] for k in unknown)
                         if constraint[-1] not in hidden else 0)
            if len(unknown) != 1 and not 0 < parts_sum < threshold:
                continue
            visible = [k for k in members if k not in hidden]
            if not visible:
                continue
            # A non-zero cell raises the hidden sum; a small one costs the reader least.
            partner = min(visible, key=lambda k: (k in is_total, values[k] == 0, values[k],
                                                  order[k]))
            hidden.add(partner)
            changed = True
        # Counts no equation ties (unique participants), and differences an equation would
        # only give through several lines: two visible counts of nested periods must not
        # differ by 1 to threshold − 1.
        for big, small in pairs:
            if (big not in hidden and small not in hidden
                    and 0 < values[big] - values[small] < threshold):
                hidden.add(small)
                changed = True
    result: dict[str, set[K]] = {}
    for period, _key in values:
        result.setdefault(period, set())
    for period, key in hidden:
        result.setdefault(period, set()).add(key)
    return result


# The förbund's own stated totals (StatedFigure), as a report shows them


def stated_count(value: int | None, threshold: int, publish: bool) -> int | str | None:
    """A stated count as a report shows it: under the threshold, hidden (HIDDEN) in a
    published one."""
    if value is None:
        return None
    return HIDDEN if publish and 0 < value < threshold else value


def stated_split(total: int | None, parts: Mapping[str, int], threshold: int,
                 publish: bool) -> set[str]:
    """The parts of a stated total (by gender) a published report hides; the total itself
    shows as `stated_count` shows it.

    Where the parts add up to the total they are one line of a table (`linked_suppress`): one
    hidden part beside the visible others is given away by the total less the others, and so
    is a small sum of hidden parts, so partners are hidden too. A partner is always a part:
    the hidden ones are small and the total is not, so a visible part above 0 is left. Parts
    that do not add up to the total (a document gave the women's figure only) tie nothing
    together, so only the small ones are hidden. An unpublished report hides nothing.
    """
    if not publish:
        return set()
    if total is None or sum(parts.values()) != total:
        return primary(parts, threshold)
    values = {(TOTAL, k): v for k, v in [*parts.items(), (TOTAL, total)]}
    line = [(TOTAL, k) for k in [*parts, TOTAL]]
    hidden = linked_suppress(values, [line], threshold, totals=[(TOTAL, TOTAL)]).get(TOTAL, set())
    return hidden - {TOTAL}


def stated_work(exits: int | None, work: int | None, threshold: int,
                publish: bool) -> int | None:
    """The stated count to work or studies a report may show beside the stated exits: none in
    a published report where it would give away a small count of exits to anything else
    (exits less work, its complement)."""
    if publish and exits is not None and work is not None and 0 < exits - work < threshold:
        return None
    return work
