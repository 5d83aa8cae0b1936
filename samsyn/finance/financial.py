"""The financial statements of a förbund's year, read from its SIE imports (statements.py does
the arithmetic). Without a mapping of its own a förbund uses the one shipped for its chart of
accounts (account_plans/<plan>.json), which the first import stores as rows it can change."""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samsyn.associations.models import Association
from samsyn.finance import statements
from samsyn.finance.budget import summarize
from samsyn.finance.categories import Scenario
from samsyn.finance.models import (
    AccountBalance,
    AccountPlan,
    FinanceSettings,
    SieImport,
    StatementRule,
)
from samsyn.finance.queries import (
    finance_year,
    has_lines,
    in_document,
    lines_for,
    year_import,
)

PLAN_DIR = Path(__file__).resolve().parent / "account_plans"
ZERO = Decimal(0)


@cache
def plan_rules(plan: str) -> tuple[statements.Rule, ...]:
    data = json.loads((PLAN_DIR / f"{plan}.json").read_text(encoding="utf-8"))
    return tuple(statements.Rule(int(first), int(last), line)
                 for first, last, line in data["rules"])


def account_plan(association: Association) -> str:
    found = FinanceSettings.objects.filter(association=association).first()
    return found.account_plan if found else AccountPlan.BAS


def rules_for(association: Association) -> list[statements.Rule]:
    """The förbund's statement rules, else its chart's; within a document read once (the
    statements of each year ask, and a document asks for each year several times)."""
    found: list[statements.Rule] = in_document(("statement-rules", association.pk),
                                               lambda: _rules_for(association))
    return found


def _rules_for(association: Association) -> list[statements.Rule]:
    stored = [statements.Rule(int(r.first_account), int(r.last_account), r.line)
              for r in StatementRule.objects.filter(association=association)
              if r.first_account.isdigit() and r.last_account.isdigit()]
    return stored or list(plan_rules(account_plan(association)))


def ensure_statement_rules(association: Association) -> None:
    """Store the chart's mapping as the förbund's own rows, once, so it can be edited."""
    if StatementRule.objects.filter(association=association).exists():
        return
    StatementRule.objects.bulk_create(
        StatementRule(association=association, first_account=str(r.first),
                      last_account=str(r.last), line=r.line)
        for r in plan_rules(account_plan(association))
    )


def _books_of_import(imported: SieImport, offset: int) -> statements.Books | None:
    rows = [b for b in imported.balances.all() if b.year_offset == offset]
    names = {b.account: b.account_name for b in rows if b.account_name}
    results: dict[str, Decimal] = defaultdict(lambda: ZERO)
    if offset == 0:
        for amount in imported.amounts.all():
            results[amount.account] += amount.amount
            if amount.account_name:
                names.setdefault(amount.account, amount.account_name)
    else:
        if not rows:
            return None
        for b in rows:
            if b.result:
                results[b.account] += b.result
    return statements.Books(
        opening={b.account: b.opening for b in rows},
        closing={b.account: b.closing for b in rows},
        results=dict(results), names=names,
    )


def _import(association: Association, year: int) -> SieImport | None:
    return year_import(association, year)


@dataclass
class Statements:
    year: int
    current: statements.YearStatements
    previous: statements.YearStatements | None
    previous_from: str          # "import": the year's own import; "file": the #IB/#UB -1 lines
    unmapped: list[statements.AccountAmount]
    checks: list[statements.Check] = field(default_factory=list)
    budget_result: Decimal | None = None
    employees: int | None = None
    employees_before: int | None = None

    @property
    def disagreements(self) -> list[statements.Check]:
        return [c for c in self.checks if not c.agrees]

    @property
    def result_against_budget(self) -> Decimal | None:
        if self.budget_result is None:
            return None
        return self.current.result - self.budget_result

    @property
    def balance_requirement_met(self) -> bool:
        """Balanskravet: the year's result is not negative."""
        return self.current.result >= 0


CHECK_LABELS = {
    "result": gettext_noop("The year's result"),
    "equity": gettext_noop("Closing equity"),
    "income": gettext_noop("Operating income"),
    "costs": gettext_noop("Operating costs"),
    "total_assets": gettext_noop("Balance sheet total"),
}


def check_label(what: str) -> str:
    return _(CHECK_LABELS[what])


def statements_for(association: Association, year: int) -> Statements | None:
    """The year's statements with the year before; None when the year has no import. Within a
    document made once per year (its five years, notes, key ratios, balance requirement,
    goals and checks each ask): never change what it gives."""
    found: Statements | None = in_document(("statements", association.pk, year),
                                           lambda: _statements_for(association, year))
    return found


def _statements_for(association: Association, year: int) -> Statements | None:
    imported = _import(association, year)
    if imported is None:
        return None
    rules = rules_for(association)
    books = _books_of_import(imported, 0)
    assert books is not None
    before = _import(association, year - 1)
    previous_books = _books_of_import(before, 0) if before else _books_of_import(imported, -1)
    current = statements.year_statements(books, rules)
    previous = (statements.year_statements(previous_books, rules)
                if previous_books is not None else None)
    adopted_year = finance_year(association, year)
    checks: list[statements.Check] = []
    if adopted_year is not None:
        checks = statements.check_adopted({
            "result": adopted_year.adopted_result, "equity": adopted_year.adopted_equity,
            "income": adopted_year.adopted_income, "costs": adopted_year.adopted_costs,
            "total_assets": adopted_year.adopted_total_assets,
        }, current)
    before_year = finance_year(association, year - 1)
    return Statements(
        year=year, current=current, previous=previous,
        previous_from="import" if before else "file",
        unmapped=statements.unmapped_accounts(
            [b for b in (books, previous_books) if b is not None], rules),
        checks=checks, budget_result=_budget_result(association, year),
        employees=adopted_year.employees if adopted_year else None,
        employees_before=before_year.employees if before_year else None,
    )


def _budget_result(association: Association, year: int) -> Decimal | None:
    if not has_lines(association, year, Scenario.BUDGET):
        return None
    return summarize(lines_for(association, year, Scenario.BUDGET), ZERO).result


def balance_rows(imported: SieImport) -> list[AccountBalance]:
    return list(imported.balances.filter(year_offset=0))
