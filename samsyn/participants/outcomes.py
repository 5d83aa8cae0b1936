"""Outcome figures over plain records: what SUS gave and Uppföljning Finsam does not.

A record is one participation, or a count of identical ones. Only participations that ended
in the period are judged (an open one has no outcome yet). Definitions (docs/participants.md):

- state at exit: the occupation recorded at exit; where none is, the exit reason when it is
  work or studies; otherwise "not recorded". Every exit has exactly one state.
- in work or studies at exit: state arbete or studier; the share is of every exit in the
  period, the not recorded included (so a missing answer never flatters the figure).
- at follow-up: of the exits in the period that have a follow-up, those whose occupation at
  follow-up is arbete or studier.
- transitions: the support at start (or "not recorded") by the state at exit.
- time in the insats: days from start to end, both counted; median and bands.
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

NOT_RECORDED = "ej_angett"
SUPPORTS = ("forsorjningsstod", "sjukpenning_rehab", "aktivitetsersattning", "sjukersattning",
            "aktivitetsstod", "a_kassa", "etableringsersattning", "lon", "ingen", "annan",
            NOT_RECORDED)
STATES = ("arbete", "studier", "arbetssokande", "ingen", "annan", NOT_RECORDED)
WORK_OR_STUDIES = frozenset({"arbete", "studier"})
# Time in the insats, in days: (label, first day, last day); the last band has no end.
DURATION_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("0-3", 1, 91), ("3-6", 92, 182), ("6-12", 183, 365), ("12-24", 366, 730),
    ("24+", 731, None),
)
GENDERS = ("kvinna", "man", "ej_angett")


@dataclass(frozen=True)
class OutcomeRecord:
    intervention: str
    gender: str
    start: dt.date
    end: dt.date | None
    age_group: str = ""
    support_at_start: str = ""
    occupation_at_exit: str = ""
    exit_reason: str = ""
    followup_date: dt.date | None = None
    followup_occupation: str = ""
    count: int = 1


def exited_in(records: Iterable[OutcomeRecord], start: dt.date,
              end: dt.date) -> list[OutcomeRecord]:
    return [r for r in records if r.end is not None and start <= r.end <= end]


def exit_state(r: OutcomeRecord) -> str:
    if r.occupation_at_exit in STATES:
        return r.occupation_at_exit
    if r.exit_reason in WORK_OR_STUDIES:
        return r.exit_reason
    return NOT_RECORDED


def start_support(r: OutcomeRecord) -> str:
    return r.support_at_start if r.support_at_start in SUPPORTS else NOT_RECORDED


def share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def transitions(exited: Iterable[OutcomeRecord]) -> dict[str, dict[str, int]]:
    """Support at start × state at exit; every exit in exactly one cell."""
    table = {s: dict.fromkeys(STATES, 0) for s in SUPPORTS}
    for r in exited:
        table[start_support(r)][exit_state(r)] += r.count
    return table


@dataclass(frozen=True)
class Shares:
    exited: int
    at_exit: int                  # in work or studies at exit
    followed_up: int
    at_followup: int              # in work or studies at follow-up

    @property
    def exit_share(self) -> Decimal | None:
        return share(self.at_exit, self.exited)

    @property
    def followup_share(self) -> Decimal | None:
        return share(self.at_followup, self.followed_up)


def shares(exited: Sequence[OutcomeRecord]) -> Shares:
    followed = [r for r in exited if r.followup_date is not None]
    return Shares(
        exited=sum(r.count for r in exited),
        at_exit=sum(r.count for r in exited if exit_state(r) in WORK_OR_STUDIES),
        followed_up=sum(r.count for r in followed),
        at_followup=sum(r.count for r in followed if r.followup_occupation in WORK_OR_STUDIES),
    )


def days_in(r: OutcomeRecord) -> int:
    assert r.end is not None
    return (r.end - r.start).days + 1


def duration_band(days: int) -> str:
    for label, low, high in DURATION_BANDS:
        if days >= low and (high is None or days <= high):
            return label
    return DURATION_BANDS[0][0]


def days_counted(exited: Iterable[OutcomeRecord]) -> dict[int, int]:
    """How many exits lasted each number of days (both ends counted)."""
    days: Counter[int] = Counter()
    for r in exited:
        days[days_in(r)] += r.count
    return {d: n for d, n in days.items() if n}


def bands(days: dict[int, int]) -> dict[str, int]:
    """Exits by duration band, from how many lasted each number of days."""
    counts: Counter[str] = Counter()
    for length, n in days.items():
        counts[duration_band(length)] += n
    return {label: counts[label] for label, _low, _high in DURATION_BANDS}


def durations(exited: Iterable[OutcomeRecord]) -> dict[str, int]:
    return bands(days_counted(exited))


def median_days(exited: Iterable[OutcomeRecord]) -> Decimal | None:
    """The median of the days in the insats, each record weighted by its count."""
    return weighted_median(days_counted(exited).items())


def weighted_median(pairs: Iterable[tuple[int, int]]) -> Decimal | None:
    """The median of values given as (value, how many)."""
    weighted = sorted((d, n) for d, n in pairs if n > 0)
    total = sum(n for _d, n in weighted)
    if not total:
        return None

    def nth(k: int) -> int:  # the k-th smallest, 0-based
        seen = 0
        for days, n in weighted:
            seen += n
            if k < seen:
                return days
        raise IndexError(k)

    if total % 2:
        return Decimal(nth(total // 2))
    return (Decimal(nth(total // 2 - 1)) + Decimal(nth(total // 2))) / 2


def by_group(exited: Iterable[OutcomeRecord], key: str,
             groups: Sequence[str]) -> dict[str, Shares]:
    """Shares per gender or age group; a value outside `groups` counts in the last group."""
    parts: dict[str, list[OutcomeRecord]] = {g: [] for g in groups}
    for r in exited:
        value = getattr(r, key)
        parts[value if value in parts else groups[-1]].append(r)
    return {g: shares(rs) for g, rs in parts.items()}


def from_support_to_work(table: dict[str, dict[str, int]], support: str) -> tuple[int, int]:
    """(exits that started on `support`, of them in work or studies at exit)."""
    row = table[support]
    return sum(row.values()), sum(row[s] for s in WORK_OR_STUDIES)


@dataclass(frozen=True)
class Summary:
    """Every outcome figure of one row of the report (an insats, or several together).

    What the report shows of a set of exits needs only these counts, so the database can
    count them (outcome_queries.summaries) and `summarise` is their definition over records.
    `days` is how many exits lasted each number of days (both ends counted).
    """

    shares: Shares
    transitions: dict[str, dict[str, int]]
    days: dict[int, int]
    by_gender: dict[str, Shares]
    by_age: dict[str, Shares]

    @cached_property
    def durations(self) -> dict[str, int]:
        return bands(self.days)

    @cached_property
    def median_days(self) -> Decimal | None:
        return weighted_median(self.days.items())


def summarise(exited: Sequence[OutcomeRecord], ages: Sequence[str]) -> Summary:
    """The figures of exits given as records; `ages`: the age groups, the last for any other."""
    return Summary(shares=shares(exited), transitions=transitions(exited),
                   days=days_counted(exited),
                   by_gender=by_group(exited, "gender", GENDERS),
                   by_age=by_group(exited, "age_group", ages))


def _add_shares(a: Shares, b: Shares) -> Shares:
    return Shares(exited=a.exited + b.exited, at_exit=a.at_exit + b.at_exit,
                  followed_up=a.followed_up + b.followed_up,
                  at_followup=a.at_followup + b.at_followup)


NO_SHARES = Shares(0, 0, 0, 0)


def combine(parts: Iterable[Summary], ages: Sequence[str]) -> Summary:
    """The summary of the exits of several rows together (they share no exit)."""
    total = NO_SHARES
    table = {s: dict.fromkeys(STATES, 0) for s in SUPPORTS}
    days: Counter[int] = Counter()
    genders = dict.fromkeys(GENDERS, NO_SHARES)
    age = dict.fromkeys(ages, NO_SHARES)
    for part in parts:
        total = _add_shares(total, part.shares)
        for support, row in part.transitions.items():
            for state, n in row.items():
                table[support][state] += n
        days.update(part.days)
        genders = {g: _add_shares(genders[g], part.by_gender[g]) for g in GENDERS}
        age = {a: _add_shares(age[a], part.by_age[a]) for a in ages}
    return Summary(shares=total, transitions=table, days={d: n for d, n in days.items() if n},
                   by_gender=genders, by_age=age)
