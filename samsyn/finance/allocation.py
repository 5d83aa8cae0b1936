"""The förbundsordning split of member contributions, in whole kronor that add up exactly.

The state (FK, paying also for AF) pays its share, the region its share, and the kommuner
theirs in proportion to total population on 1 November the year before. Rounding is by the
largest-remainder method in one pass over every payer, so the grand total is exact and no
payer is more than a krona from its exact share.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

KINDS = ("state", "region", "kommun")


class AllocationError(ValueError):
    pass


def largest_remainder(total: int, weights: Sequence[Decimal | int | Fraction],
                      keys: Sequence[str] | None = None) -> list[int]:
    """Split total in proportion to weights; each part is the floor or ceiling of its share.

    Ties in the remainder go to the larger weight, then to the smaller key (the index when no
    keys are given), so a part never depends on the order the callers list the weights in.
    """
    if total < 0:
        raise AllocationError("the total cannot be negative")
    exact_weights = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact_weights):
        raise AllocationError("a weight cannot be negative")
    weight_sum = sum(exact_weights, Fraction(0))
    if not weight_sum:
        if total:
            raise AllocationError("every weight is zero, so nothing can be split")
        return [0] * len(exact_weights)
    shares = [Fraction(total) * w / weight_sum for w in exact_weights]
    parts = [s.numerator // s.denominator for s in shares]
    left = total - sum(parts)
    tie_keys: Sequence[str | int] = keys if keys is not None else range(len(shares))
    order = sorted(
        range(len(shares)),
        key=lambda i: (-(shares[i] - parts[i]), -exact_weights[i], tie_keys[i]),
    )
    for i in order[:left]:
        parts[i] += 1
    return parts


@dataclass(frozen=True)
class Payer:
    name: str
    kind: str
    population: int | None = None


@dataclass(frozen=True)
class Shares:
    state: Decimal = Decimal("0.5")
    region: Decimal = Decimal("0.25")
    municipal: Decimal = Decimal("0.25")

    def of(self, kind: str) -> Decimal:
        return {"state": self.state, "region": self.region, "kommun": self.municipal}[kind]


@dataclass(frozen=True)
class Allocation:
    name: str
    kind: str
    amount: int
    exact: Decimal


def allocate(total: int, payers: Sequence[Payer], shares: Shares = Shares()) -> list[Allocation]:
    _check(total, payers, shares)
    exact = exact_shares(total, payers, shares)
    amounts = largest_remainder(total, exact, [p.name for p in payers])
    return [
        Allocation(p.name, p.kind, amount, _to_decimal(share))
        for p, amount, share in zip(payers, amounts, exact, strict=True)
    ]


def exact_shares(total: int, payers: Sequence[Payer], shares: Shares) -> list[Fraction]:
    by_kind = {kind: [p for p in payers if p.kind == kind] for kind in KINDS}
    population = sum(p.population or 0 for p in by_kind["kommun"])
    result = []
    for p in payers:
        part = Fraction(shares.of(p.kind))
        if p.kind == "kommun":
            part *= Fraction(p.population or 0, population)
        else:
            part /= len(by_kind[p.kind])
        result.append(Fraction(total) * part)
    return result


def _check(total: int, payers: Sequence[Payer], shares: Shares) -> None:
    if total < 0:
        raise AllocationError("the total cannot be negative")
    if shares.state + shares.region + shares.municipal != 1:
        raise AllocationError(
            f"the shares add up to {shares.state + shares.region + shares.municipal}, not 1"
        )
    seen: set[str] = set()
    for p in payers:
        if p.kind not in KINDS:
            raise AllocationError(f"{p.name}: unknown kind {p.kind!r}")
        if p.name in seen:
            raise AllocationError(f"{p.name} is listed twice")
        seen.add(p.name)
        if p.kind == "kommun" and not (p.population and p.population > 0):
            raise AllocationError(f"{p.name} has no population figure above zero")
    for kind in KINDS:
        if shares.of(kind) > 0 and not any(p.kind == kind for p in payers):
            raise AllocationError(f"no paying member of kind {kind!r} takes its share")


def _to_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)


def to_thousands(amounts: Sequence[int], keys: Sequence[str] | None = None) -> list[int]:
    """The tkr view: whole thousands that add up to the rounded total in thousands.

    Each figure is its amount's thousands rounded down or up, so none is off by a whole tkr.
    """
    total = sum(amounts)
    target = int((Decimal(total) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    exact = [Fraction(a, 1000) for a in amounts]
    parts = [e.numerator // e.denominator for e in exact]
    # Rounding half up never falls below the floor of the sum, nor a whole krona per part
    # above it, so this only ever adds, at most once to each part.
    left = target - sum(parts)
    tie_keys: Sequence[str | int] = keys if keys is not None else range(len(amounts))
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), tie_keys[i]))
    for i in order[:left]:
        parts[i] += 1
    return parts
