"""Decided contributions as the budget's income lines, in one step (issue 28).

A kansli that has decided next year's contributions should not type one budget line per
member by hand. `proposal` compares the decided split with the budget's member contribution
lines and says, per member, what one step would do; `apply` does it through the budget-line
service (version, signed-off year, audit), all or nothing. `plan` is the rule itself, a
plain function.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from samsyn.associations.models import Association, Member
from samsyn.associations.writes import Actor
from samsyn.finance.allocation import KINDS
from samsyn.finance.categories import Category, Scenario
from samsyn.finance.models import BudgetLine, ContributionYear
from samsyn.finance.services import save_budget_line
from samsyn.web.money import format_money

CREATE, UPDATE, KEEP, MANUAL = "create", "update", "keep", "manual"


@dataclass(frozen=True)
class Step:
    """What one member's budget line becomes: `decided` kr, from `budgeted` (the member's
    lines now, as amounts)."""

    member_id: int
    decided: Decimal
    budgeted: tuple[Decimal, ...]

    @property
    def action(self) -> str:
        if not self.budgeted:
            return CREATE
        if len(self.budgeted) > 1:
            # Several lines for one member (split by insats, say): which to change is the
            # kansli's call, so the step changes none of them and says so.
            return KEEP if sum(self.budgeted) == self.decided else MANUAL
        return KEEP if self.budgeted[0] == self.decided else UPDATE


def plan(decided: Mapping[int, Decimal],
         budgeted: Mapping[int, Sequence[Decimal]]) -> list[Step]:
    """One step per member with a decided contribution, in the decided order."""
    return [Step(member, amount, tuple(budgeted.get(member, ())))
            for member, amount in decided.items()]


@dataclass
class Proposal:
    year: int
    decided: ContributionYear
    steps: list[Step]
    members: dict[int, Member]
    unassigned: Decimal  # contribution lines of the budget that name no member

    @property
    def budgeted_total(self) -> Decimal:
        return sum((sum(s.budgeted, Decimal(0)) for s in self.steps), Decimal(0)) \
            + self.unassigned

    @property
    def changes(self) -> list[Step]:
        return [s for s in self.steps if s.action in (CREATE, UPDATE)]

    @property
    def fingerprint(self) -> str:
        """What the preview showed: a confirmation of an older preview is refused."""
        text = repr([(s.member_id, str(s.decided), [str(b) for b in s.budgeted])
                     for s in self.steps] + [str(self.unassigned)])
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def _lines(association: Association, year: int) -> list[BudgetLine]:
    return list(BudgetLine.objects.filter(association=association, year=year,
                                          scenario=Scenario.BUDGET,
                                          category=Category.CONTRIBUTION).order_by("pk"))


def proposal(association: Association, year: int) -> Proposal | None:
    """The step for the year's decided contributions; None when none are decided."""
    decided = (ContributionYear.objects.filter(association=association, year=year)
               .prefetch_related("contributions__member").first())
    if decided is None:
        return None
    contributions = sorted(decided.contributions.all(),
                           key=lambda c: (KINDS.index(c.member.kind), c.member.name))
    budgeted: dict[int, list[Decimal]] = {}
    unassigned = Decimal(0)
    for line in _lines(association, year):
        if line.member_id is None:
            unassigned += line.amount
        else:
            budgeted.setdefault(line.member_id, []).append(line.amount)
    amounts = {c.member_id: c.amount for c in contributions}
    members = {c.member_id: c.member for c in contributions}
    return Proposal(year, decided, plan(amounts, budgeted), members, unassigned)


def differs(association: Association, year: int) -> str:
    """The budget page's check: what the budget takes up against what is decided ("" when
    they agree or nothing is decided)."""
    found = proposal(association, year)
    if found is None or found.budgeted_total == found.decided.total:
        return ""
    return _("The budget takes up %(budget)s kr in member contributions; %(decided)s kr is "
             "decided.") % {"budget": format_money(found.budgeted_total),
                            "decided": format_money(found.decided.total)}


class Stale(Exception):
    """The budget or the decision changed since the preview."""


def apply(actor: Actor, year: int, fingerprint: str) -> int:
    """Create or change each member's line as the preview showed; the number written."""
    association = actor.association
    with transaction.atomic():
        found = proposal(association, year)
        if found is None or found.fingerprint != fingerprint:
            raise Stale
        lines: dict[int, BudgetLine] = {}
        for stored in _lines(association, year):
            if stored.member_id is not None:
                lines.setdefault(stored.member_id, stored)
        for step in found.changes:
            line = lines.get(step.member_id) if step.action == UPDATE else None
            if line is None:
                line = BudgetLine(association=association, year=year,
                                  scenario=Scenario.BUDGET, category=Category.CONTRIBUTION,
                                  member_id=step.member_id)
            version = line.version if line.pk else None
            line.amount = step.decided
            save_budget_line(actor, line, version=version)
        return len(found.changes)
