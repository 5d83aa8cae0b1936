"""The förbundsordning split of member contributions, in whole kronor that add up exactly.

The state (FK, paying also for AF) pays its share, the region its share, and the kommuner
theirs in proportion to total population on 1 November the year before. Rounding is by the
largest-remainder method in one pass over every payer, so the grand total is exact and no
payer is more than a krona from its exact share.

Arithmetic is in Fraction throughout: a Decimal division would round before the remainders
are compared, and a float would let a krona wander between members.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

KINDS = ("state", "region", "kommun")


class AllocationError(ValueError):
    pass


def largest_remainder(total: int, weights: Sequence[Decimal | int | Fraction],
                      keys: Sequence[str] | None = None) -> list[int]:
    """Split total in proportion to weights; each part is the floor or ceiling of its share.

    Ties in the remainder go to the larger weight, then to the smaller key (the index when no
    keys are given), so with keys a part never depends on the order the weights come in.
    """
    _require_whole(total, "the total")
    if total < 0:
        raise AllocationError(f"the total cannot be negative ({total})")
    if keys is not None and len(keys) != len(weights):
        raise AllocationError(f"{len(keys)} keys given for {len(weights)} weights")
    exact_weights = [_exact(w, "a weight") for w in weights]
    if any(w < 0 for w in exact_weights):
        raise AllocationError("a weight cannot be negative")
    weight_sum = sum(exact_weights, Fraction(0))
    if not weight_sum:
        if total:
            raise AllocationError("every weight is zero, so nothing can be split")
        return [0] * len(exact_weights)
    shares = [total * w / weight_sum for w in exact_weights]
    parts = [_floor(s) for s in shares]
    tie_keys: Sequence[str | int] = keys if keys is not None else range(len(shares))
    order = sorted(
        range(len(shares)),
        key=lambda i: (-(shares[i] - parts[i]), -exact_weights[i], tie_keys[i]),
    )
    # The floors fall short by less than one krona per part, so each part gains at most one.
    for i in order[:total - sum(parts)]:
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
    """Each payer's whole-krona part of total, in the order the payers are given."""
    _check(total, payers, shares)
    exact = exact_shares(total, payers, shares)
    amounts = largest_remainder(total, exact, [p.name for p in payers])
    return [
        Allocation(p.name, p.kind, amount, _to_decimal(share))
        for p, amount, share in zip(payers, amounts, exact, strict=True)
    ]


def exact_shares(total: int, payers: Sequence[Payer], shares: Shares) -> list[Fraction]:
    """The unrounded kronor of each payer; assumes the payers passed allocate's checks."""
    count = {kind: sum(1 for p in payers if p.kind == kind) for kind in KINDS}
    population = sum(p.population or 0 for p in payers if p.kind == "kommun")
    result = []
    for p in payers:
        part = Fraction(shares.of(p.kind))
        if p.kind == "kommun":
            part *= Fraction(p.population or 0, population)
        else:
            part /= count[p.kind]
        result.append(total * part)
    return result


def _check(total: int, payers: Sequence[Payer], shares: Shares) -> None:
    _require_whole(total, "the total")
    if total < 0:
        raise AllocationError(f"the total cannot be negative ({total})")
    _check_shares(shares)
    seen: set[str] = set()
    for p in payers:
        _check_payer(p)
        if p.name in seen:
            raise AllocationError(f"{p.name} is listed twice")
        seen.add(p.name)
    for kind in KINDS:
        if shares.of(kind) > 0 and not any(p.kind == kind for p in payers):
            raise AllocationError(
                f"the {kind} share is {shares.of(kind)} but no payer is of kind {kind!r}"
            )


def _check_shares(shares: Shares) -> None:
    for kind in KINDS:
        share = shares.of(kind)
        _exact(share, f"the {kind} share")
        if share < 0:
            raise AllocationError(f"the {kind} share cannot be negative ({share})")
    added = shares.state + shares.region + shares.municipal
    if added != 1:
        raise AllocationError(f"the shares add up to {added}, not 1")


def _check_payer(p: Payer) -> None:
    if p.kind not in KINDS:
        raise AllocationError(f"{p.name}: unknown kind {p.kind!r}")
    if p.kind != "kommun":
        return
    if p.population is None or p.population == 0:
        raise AllocationError(f"{p.name} has no population figure above zero")
    _require_whole(p.population, f"{p.name}'s population")
    if p.population < 0:
        raise AllocationError(f"{p.name} has a negative population ({p.population})")


def _exact(value: object, what: str) -> Fraction:
    # bool is an int, and a float would carry its binary error into the kronor.
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise AllocationError(f"{what} must be a Decimal or a whole number, not {value!r}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise AllocationError(f"{what} must be a finite number, not {value}")
    return Fraction(value)


def _require_whole(value: object, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise AllocationError(f"{what} must be whole kronor (an int), not {value!r}")


def _floor(value: Fraction) -> int:
    return value.numerator // value.denominator


def _to_decimal(value: Fraction) -> Decimal:
    # A fixed precision, so the shown exact share does not depend on the caller's context.
    with localcontext() as ctx:
        ctx.prec = 34
        return Decimal(value.numerator) / Decimal(value.denominator)


def to_thousands(amounts: Sequence[int], keys: Sequence[str] | None = None) -> list[int]:
    """The tkr view: whole thousands adding up to the total in thousands, rounded half up.

    Half up means half away from zero, as in bookkeeping, so a list and its negation give
    negated figures. Each figure is its amount's thousands rounded down or up. Ties go to the
    larger amount, then to the smaller key. That choice is mirrored for negative amounts, so
    the sign never decides who gets a thousand.
    """
    if keys is not None and len(keys) != len(amounts):
        raise AllocationError(f"{len(keys)} keys given for {len(amounts)} amounts")
    for a in amounts:
        _require_whole(a, "an amount")
    total = sum(amounts)
    target = int((Decimal(total) / 1000).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    exact = [Fraction(a, 1000) for a in amounts]
    parts = [_floor(e) for e in exact]
    rank = _ranks(keys, len(amounts))
    # Every part of the key flips sign when the amounts do; that reverses the order, so the
    # thousands that go up for a list are the ones that go down for its negation.
    order = sorted(
        range(len(exact)),
        key=lambda i: (-(exact[i] - parts[i]), -exact[i], _sign(amounts[i]) * rank[i]),
    )
    # The sum of floors is at most floor(sum) <= target, and target exceeds it by no more than
    # the number of parts with a remainder, so this only adds, at most once to each of those.
    for i in order[:target - sum(parts)]:
        parts[i] += 1
    return parts


def _ranks(keys: Sequence[str] | None, count: int) -> list[int]:
    # Ranks start at 1 so that multiplying by the sign never lets two parts share a rank of 0.
    if keys is None:
        return list(range(1, count + 1))
    position = {i: r for r, i in enumerate(sorted(range(count), key=lambda i: keys[i]), 1)}
    return [position[i] for i in range(count)]


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)
