"""The kansli's checks: typed and adopted figures that the records contradict, each with
both numbers. Above `queries` and `financial`, which both read budgets; the checks read both."""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samsyn.associations.models import Association
from samsyn.finance.allocation import KINDS, largest_remainder
from samsyn.finance.budget import Discrepancy, check
from samsyn.finance.categories import Scenario
from samsyn.finance.financial import check_label, statements_for
from samsyn.finance.models import ContributionYear
from samsyn.finance.queries import (
    ZERO,
    EquityMemo,
    contribution_year,
    finance_year,
    opening_equity,
    typed_lines,
)


def discrepancies(association: Association, year: int,
                  memo: EquityMemo | None = None) -> list[Discrepancy]:
    """Typed figures of the year that the records contradict, with both numbers."""
    found: list[Discrepancy | None] = []
    adopted = finance_year(association, year)
    budget = typed_lines(association, year, Scenario.BUDGET)
    budget_contributions = sum((x.amount for x in budget if x.category == "contribution"), ZERO)
    decided = contribution_year(association, year)
    if adopted is not None:
        found.append(check(_("Decided contribution total %(year)s") % {"year": year},
                           adopted.decided_total, budget_contributions))
    if decided is not None:
        contributions = list(decided.contributions.select_related("member"))
        found.append(check(_("Decided split %(year)s against its total") % {"year": year},
                           decided.total, sum((c.amount for c in contributions), ZERO)))
        # A budget that takes up no contributions at all is the plainest difference (issue
        # 28); a year without any budget line has no budget to check.
        if budget_contributions or budget:
            found.append(check(_("Budgeted contributions %(year)s against the decided split")
                               % {"year": year}, budget_contributions, decided.total))
        found.extend(kind_discrepancies(association, decided, contributions))
        for c in contributions:
            found.append(check(_("Invoiced %(member)s %(year)s")
                               % {"member": c.member.name, "year": year}, c.invoiced, c.amount))
    equity = opening_equity(association, year, memo)
    found.append(equity.discrepancy)
    if adopted is not None and adopted.adopted_equity is not None \
            and adopted.adopted_result is not None:
        before = finance_year(association, year - 1)
        if before is not None and before.adopted_equity is not None:
            # The adopted equity must be last year's plus the adopted result (002 2.1.2 is
            # off by a krona here and there).
            found.append(check(_("Adopted equity %(year)s against %(before)s's and the result")
                               % {"year": year, "before": year - 1},
                               adopted.adopted_equity,
                               before.adopted_equity + adopted.adopted_result))
    if adopted is not None and any(
        getattr(adopted, f"adopted_{what}") is not None
        for what in ("result", "equity", "income", "costs", "total_assets")
    ):
        found.extend(adopted_discrepancies(association, year))
    return [d for d in found if d is not None]


def adopted_discrepancies(association: Association, year: int) -> list[Discrepancy]:
    """The board's adopted figures that the imported bookkeeping contradicts."""
    statements = statements_for(association, year)
    if statements is None:
        return []
    return [Discrepancy(_("%(what)s %(year)s (adopted)") % {"what": check_label(c.what),
                                                            "year": year},
                        c.adopted, c.computed)
            for c in statements.disagreements]


KIND_LABELS = {
    "state": gettext_noop("The state's share"),
    "region": gettext_noop("The region's share"),
    "kommun": gettext_noop("The kommuner's share"),
}


def kind_discrepancies(association: Association, decided: ContributionYear,
                       contributions: Sequence[Any]) -> list[Discrepancy | None]:
    """Each kind's amounts against its share of the decided total (003: 4 518 217 ≠ 4 516 217)."""
    shares = [association.state_share, association.region_share, association.municipal_share]
    expected = dict(zip(KINDS, largest_remainder(int(decided.total), shares), strict=True))
    found: list[Discrepancy | None] = []
    for kind in KINDS:
        members = [c for c in contributions if c.member.kind == kind]
        if members:
            found.append(check(
                _("%(what)s %(year)s") % {"what": _(KIND_LABELS[kind]), "year": decided.year},
                sum((c.amount for c in members), ZERO), Decimal(expected[kind]),
            ))
    return found
