"""Budget arithmetic over plain values: result, equity, the economic frame and its use.

A line is income or cost by its category; amounts are positive either way. The economic frame
of a year is opening equity plus income (000: "44 875 tkr"), and it is used by the costs and
the closing equity, so the distribution shares always add up to the whole frame.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

ZERO = Decimal(0)
COST_GROUPS = ("individual", "structural", "office", "other")


@dataclass(frozen=True)
class Line:
    key: str               # what the line is about: "individual:<insats>", "contribution:<member>"
    category: str
    group: str             # "income" or one of COST_GROUPS
    amount: Decimal
    intervention: str | None = None
    # A named part of the insats's line ("Vuxteam Haninge" of Vuxteamen, "MIA Vidare
    # förlängning" of MIA Vidare): a typed line's text, or the booked object's name.
    part: str | None = None

    @property
    def is_income(self) -> bool:
        return self.group == "income"


@dataclass(frozen=True)
class Share:
    amount: Decimal
    share: Decimal | None   # of the frame; None when the frame is zero


@dataclass(frozen=True)
class YearSummary:
    income: Decimal
    costs: Decimal
    result: Decimal
    opening_equity: Decimal
    closing_equity: Decimal
    frame: Decimal
    contributions: Decimal
    distribution: dict[str, Share]


def net_esf(lines: Sequence[Line]) -> list[Line]:
    """ESF income deducted from the cost of the insats it finances (002 2.6.4, net budgeting).

    ESF income not tied to an insats stays income: there is no cost to deduct it from.
    """
    esf_by_intervention: dict[str, Decimal] = defaultdict(lambda: ZERO)
    kept: list[Line] = []
    for line in lines:
        if line.category == "esf" and line.intervention is not None:
            esf_by_intervention[line.intervention] += line.amount
        else:
            kept.append(line)
    result = []
    for line in kept:
        left = esf_by_intervention.get(line.intervention or "", ZERO)
        if left and not line.is_income and line.category in ("individual", "structural"):
            result.append(replace(line, amount=line.amount - left))
            esf_by_intervention[line.intervention or ""] = ZERO
        else:
            result.append(line)
    # ESF for an insats with no cost line of its own is shown as a negative cost, not dropped.
    result.extend(
        Line(f"individual:{slug}", "individual", "individual", -amount, slug)
        for slug, amount in esf_by_intervention.items() if amount
    )
    return result


def summarize(lines: Iterable[Line], opening_equity: Decimal) -> YearSummary:
    income = costs = contributions = ZERO
    by_group: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        if line.is_income:
            income += line.amount
            if line.category == "contribution":
                contributions += line.amount
        else:
            costs += line.amount
            by_group[line.group] += line.amount
    result = income - costs
    closing = opening_equity + result
    frame = opening_equity + income
    distribution = {g: Share(by_group[g], share_of(by_group[g], frame)) for g in COST_GROUPS}
    distribution["closing_equity"] = Share(closing, share_of(closing, frame))
    return YearSummary(income, costs, result, opening_equity, closing, frame, contributions,
                       distribution)


def share_of(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return part / whole


@dataclass(frozen=True)
class Comparison:
    key: str
    budget: Decimal
    forecast: Decimal | None
    outcome: Decimal
    difference: Decimal          # budget − outcome: what is left (costs) or missing (income)
    used: Decimal | None         # outcome / budget; None without a budget


def compare(budget: Iterable[Line], outcome: Iterable[Line],
            forecast: Iterable[Line] | None = None) -> list[Comparison]:
    """Budget against outcome per line key, in the order keys first appear."""
    budgeted = _sum_by_key(budget)
    booked = _sum_by_key(outcome)
    forecasted = _sum_by_key(forecast) if forecast is not None else None
    keys = list(dict.fromkeys([*budgeted, *booked, *(forecasted or {})]))
    rows = []
    for key in keys:
        b, o = budgeted.get(key, ZERO), booked.get(key, ZERO)
        f = forecasted.get(key, ZERO) if forecasted is not None else None
        rows.append(Comparison(key, b, f, o, b - o, share_of(o, b)))
    return rows


def _sum_by_key(lines: Iterable[Line]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for line in lines:
        sums[line.key] = sums.get(line.key, ZERO) + line.amount
    return sums


@dataclass(frozen=True)
class Discrepancy:
    what: str
    typed: Decimal
    computed: Decimal

    @property
    def difference(self) -> Decimal:
        return self.typed - self.computed


def check(what: str, typed: Decimal | None, computed: Decimal) -> Discrepancy | None:
    """A figure a person typed that the records contradict; None when they agree or none typed."""
    if typed is None or typed == computed:
        return None
    return Discrepancy(what, typed, computed)
