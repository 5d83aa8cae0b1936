"""From booked sums per account to budget lines, by a förbund's mapping rules.

The bookkeeping signs income as credit (negative) and costs as debit (positive); budget lines
carry positive amounts for both, so income accounts change sign here.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from samsyn.finance.budget import Line


@dataclass(frozen=True)
class Booked:
    account: str
    objects: tuple[tuple[str, str], ...]
    amount: Decimal
    account_name: str = ""


@dataclass(frozen=True)
class AccountRange:
    first: int
    last: int
    category: str
    group: str
    member: str | None = None

    def covers(self, account: int) -> bool:
        return self.first <= account <= self.last


@dataclass(frozen=True)
class Mapped:
    lines: list[Line]
    unmapped: list[Booked]       # accounts no rule covers: shown, never dropped silently
    # Display names of lines keyed by an object's #OBJEKT name rather than an insats.
    names: dict[str, str] = field(default_factory=dict)


def encode_objects(objects: Iterable[tuple[str, str]]) -> str:
    return " ".join(f"{dim}:{code}" for dim, code in objects)


def decode_objects(text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in text.split():
        dim, _, code = item.partition(":")
        pairs.append((dim, code))
    return tuple(pairs)


def rule_for(account: str, rules: Sequence[AccountRange]) -> AccountRange | None:
    """The narrowest range covering the account, so a special account can override its class."""
    if not account.isdigit():
        return None
    number = int(account)
    covering = [r for r in rules if r.covers(number)]
    if not covering:
        return None
    return min(covering, key=lambda r: (r.last - r.first, r.first))


def map_outcome(booked: Iterable[Booked], rules: Sequence[AccountRange],
                interventions: Mapping[tuple[str, str], str],
                per_intervention: frozenset[str],
                object_names: Mapping[tuple[str, str], str] | None = None) -> Mapped:
    """Booked sums as budget lines; an object that is no insats keys its line by its name,
    the way a typed line of the same text is keyed, so budget and outcome meet on one row."""
    lines: list[Line] = []
    unmapped: list[Booked] = []
    names: dict[str, str] = {}
    object_names = object_names or {}
    for item in booked:
        rule = rule_for(item.account, rules)
        if rule is None:
            if item.amount:
                unmapped.append(item)
            continue
        amount = -item.amount if rule.group == "income" else item.amount
        intervention = part = None
        if rule.category in per_intervention:
            found = next((o for o in item.objects if o in interventions), None)
            if found is not None:
                intervention = interventions[found]
                part = object_names.get(found, "").strip() or None
        text = None
        if intervention is None and rule.member is None:
            text = next((object_names[o] for o in sorted(item.objects)
                         if object_names.get(o, "").strip()), None)
        key = line_key(rule.category, intervention or (text.strip().lower() if text else None),
                       rule.member)
        if text:
            names[key] = text.strip()
        lines.append(Line(key, rule.category, rule.group, amount, intervention, part))
    return Mapped(lines, unmapped, names)


def line_key(category: str, intervention: str | None, member: str | None) -> str:
    return ":".join(part for part in (category, intervention or member) if part)
