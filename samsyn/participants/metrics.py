"""Participant figures for a period, over plain records (DESIGN.md, Domain rules).

A record is one participation, or a count of identical ones (reduced past retention), or an
aggregate count of a period (new, active or exited in it; entered for insatser kept as counts
only). New: started in the period. Active: in the insats some day of the period. Exited: ended
in the period. An aggregate count counts in a period that holds all of its own period.
The share to work or studies is of those who exited, and
is None (not 0) when nobody exited.
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

GENDERS = ("kvinna", "man", "ej_angett")
REFERRERS = ("af", "fk", "kommun", "region", "egen", "annat")
EXIT_REASONS = ("arbete", "studier", "ordinarie_af", "ordinarie_kommun", "annan_insats",
                "fortsatt_rehab", "sjukdom", "ovrigt")
WORK_OR_STUDIES = frozenset({"arbete", "studier"})
STEP_PROGRESSION = WORK_OR_STUDIES | {"ordinarie_af", "ordinarie_kommun"}


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end


@dataclass(frozen=True)
class Record:
    intervention: str
    gender: str
    start: dt.date | None          # None: a monthly count of exits only
    end: dt.date | None
    exit_reason: str = ""
    referrer: str = ""             # the national category
    municipality: str = ""
    age_group: str = ""
    participant: str | None = None  # pseudonym; None where identity is gone
    count: int = 1
    # A monthly count knows only its month: it is new (or exited) in it, never "active".
    counts_as_active: bool = True
    # An aggregate count of a whole period (MonthlyCount): "new", "active" or "exit", counted
    # as that only, in a report period that holds all of counted_period. Start and end unused.
    counted: str = ""
    counted_period: Period | None = None


def _counted(r: Record, kind: str, p: Period) -> bool:
    own = r.counted_period
    return (r.counted == kind and own is not None
            and p.start <= own.start and own.end <= p.end)


def is_new(r: Record, p: Period) -> bool:
    if r.counted:
        return _counted(r, "new", p)
    return p.holds(r.start)


def is_active(r: Record, p: Period) -> bool:
    if r.counted:
        return _counted(r, "active", p)
    if not r.counts_as_active or r.start is None:
        return False
    return r.start <= p.end and (r.end is None or r.end >= p.start)


def is_exited(r: Record, p: Period) -> bool:
    if r.counted:
        return _counted(r, "exit", p)
    return p.holds(r.end)


def by_gender(records: Iterable[Record]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for r in records:
        counts[r.gender if r.gender in GENDERS else "ej_angett"] += r.count
    result = {g: counts[g] for g in GENDERS}
    result["total"] = sum(result.values())
    return result


def by_code(records: Iterable[Record], attribute: str, codes: Sequence[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for r in records:
        counts[getattr(r, attribute)] += r.count
    return {code: counts[code] for code in codes}


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    new: dict[str, int]
    active: dict[str, int]
    exited: dict[str, int]
    exits_by_reason: dict[str, int]
    new_by_referrer: dict[str, int]
    work_or_studies: dict[str, int | Decimal | None]
    step_progression: dict[str, int | Decimal | None]
    unique_participants: int | None

    def as_json(self) -> dict[str, object]:
        return {
            "new": self.new, "active": self.active, "exited": self.exited,
            "exits_by_reason": self.exits_by_reason, "new_by_referrer": self.new_by_referrer,
            "work_or_studies": self.work_or_studies,
            "step_progression": self.step_progression,
            "unique_participants": self.unique_participants,
        }


def figures(records: Sequence[Record], period: Period) -> Figures:
    new = [r for r in records if is_new(r, period)]
    active = [r for r in records if is_active(r, period)]
    exited = [r for r in records if is_exited(r, period)]
    exited_total = sum(r.count for r in exited)
    work = sum(r.count for r in exited if r.exit_reason in WORK_OR_STUDIES)
    steps = sum(r.count for r in exited if r.exit_reason in STEP_PROGRESSION)
    return Figures(
        new=by_gender(new), active=by_gender(active), exited=by_gender(exited),
        exits_by_reason=by_code(exited, "exit_reason", EXIT_REASONS),
        new_by_referrer=by_code(new, "referrer", REFERRERS),
        work_or_studies={"count": work, "share": share(work, exited_total)},
        step_progression={"count": steps, "share": share(steps, exited_total)},
        unique_participants=unique_participants(active),
    )


def unique_participants(records: Iterable[Record]) -> int:
    """People rather than participations: one person in two insatser counts once.

    Records without identity (reduced or monthly counts) count as one person each.
    """
    people: set[str] = set()
    anonymous = 0
    for r in records:
        if r.participant is None:
            anonymous += r.count
        else:
            people.add(r.participant)
    return len(people) + anonymous


def breakdown(records: Sequence[Record], period: Period, key: Callable[[Record], str],
              measure: Callable[[Record, Period], bool]) -> dict[str, dict[str, int]]:
    """Counts by gender for each value of key (kommun, age group, referrer...). A count of
    nothing makes no row: it says nothing of who came from where."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.count and measure(r, period):
            groups[key(r)].append(r)
    return {k: by_gender(v) for k, v in sorted(groups.items())}


def cross(records: Sequence[Record], period: Period, row: Callable[[Record], str],
          column: str, codes: Sequence[str],
          measure: Callable[[Record, Period], bool]) -> dict[str, dict[str, int]]:
    """A table like 002 Bilaga 1: rows (insats, kommun) by the codes of one attribute. A count
    of nothing makes no row."""
    groups: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        if r.count and measure(r, period):
            groups[row(r)].append(r)
    return {k: by_code(v, column, codes) for k, v in sorted(groups.items())}


def work_share_by_gender(records: Sequence[Record], period: Period) -> dict[str, Decimal | None]:
    exited = [r for r in records if is_exited(r, period)]
    result: dict[str, Decimal | None] = {}
    for gender in (*GENDERS, "total"):
        group = exited if gender == "total" else [r for r in exited if r.gender == gender]
        whole = sum(r.count for r in group)
        part = sum(r.count for r in group if r.exit_reason in WORK_OR_STUDIES)
        result[gender] = share(part, whole)
    return result
