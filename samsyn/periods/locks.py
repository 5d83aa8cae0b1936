"""Which days a change of a record touches, and which signed-off periods hold them.

A change touches the days whose figures it can alter: a new or erased participation every day
it ran (it is new, active and exited in them); a changed fact (gender, support, referrer...)
every day of the participation before and after; a moved start or end the days between the
old and the new date; a follow-up its old and new date. A budget line touches its year.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

FAR = dt.date(9999, 12, 31)
Span = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Facts:
    start: dt.date
    end: dt.date | None
    followup: dt.date | None = None
    # Every other fact the figures read, in a fixed order; compared as a whole.
    other: tuple[object, ...] = ()
    # Facts of the exit (reason, state) and of the follow-up: they count on those days only.
    at_exit: tuple[object, ...] = ()
    at_followup: tuple[object, ...] = ()


def _between(a: dt.date | None, b: dt.date | None) -> Span:
    first, second = a or FAR, b or FAR
    return (min(first, second), max(first, second))


def _whole(f: Facts) -> Span:
    return (f.start, f.end or FAR)


def participation_spans(old: Facts | None, new: Facts | None) -> list[Span]:
    spans: list[Span] = []
    for whole in (old, new):
        if whole is not None and (old is None or new is None):
            spans.append(_whole(whole))
            if whole.followup:
                spans.append((whole.followup, whole.followup))
    if old is None or new is None:
        return spans
    if old.other != new.other:
        return [_whole(old), _whole(new)] + [
            (d, d) for d in (old.followup, new.followup) if d is not None]
    if old.start != new.start:
        spans.append(_between(old.start, new.start))
    if old.end != new.end:
        spans.append(_between(old.end, new.end))
    elif old.at_exit != new.at_exit and old.end is not None:
        spans.append((old.end, old.end))
    if old.followup != new.followup or old.at_followup != new.at_followup:
        spans += [(d, d) for d in (old.followup, new.followup) if d is not None]
    return spans


def year_span(year: int) -> Span:
    return (dt.date(year, 1, 1), dt.date(year, 12, 31))


class Period(Protocol):
    start: dt.date
    end: dt.date


P = TypeVar("P", bound=Period)


def touched(spans: Iterable[Span], periods: Sequence[P]) -> list[P]:
    """The periods any span overlaps, in the order given."""
    spans = list(spans)
    return [p for p in periods if any(a <= p.end and p.start <= b for a, b in spans)]


def half_span(year: int, half: int) -> Span:
    """A follow-up of the plan says how a goal stands at the end of its half-year: half 1 on
    30 June, half 2 (the annual report's) on 31 December. It is a figure of the periods that
    hold that day, so a signed-off first half leaves the year-end follow-up free."""
    day = dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31)
    return (day, day)


def years_span(first: int | None, last: int | None) -> Span:
    """Rows that hold for a run of years (a goal for sound financial management); an open
    end holds for every year on that side."""
    return (dt.date(first, 1, 1) if first else dt.date.min,
            dt.date(last, 12, 31) if last else FAR)


AccountRange = tuple[str, str]


def _number(account: str) -> int | None:
    return int(account) if account.isascii() and account.isdigit() else None


def years_reading_accounts(ranges: Iterable[AccountRange],
                           accounts_by_year: Mapping[int, Iterable[str]]) -> list[int]:
    """The years a rule on account ranges (its old and its new range) reads: those whose
    imported books hold an account inside one. An account outside every range is read by
    other rules, so the change alters none of its figures."""
    bounds = [(a, b) for a, b in ((_number(x), _number(y)) for x, y in ranges)
              if a is not None and b is not None]
    found = []
    for year, accounts in accounts_by_year.items():
        numbers = [n for n in map(_number, accounts) if n is not None]
        if any(first <= n <= last for n in numbers for first, last in bounds):
            found.append(year)
    return sorted(found)


def years_reading_objects(objects: Iterable[str],
                          objects_by_year: Mapping[int, Iterable[str]]) -> list[int]:
    """The years a rule on a bookkeeping object ("dimension:code", old and new) reads: those
    whose imported books name it."""
    wanted = set(objects)
    return sorted(year for year, held in objects_by_year.items() if wanted & set(held))
