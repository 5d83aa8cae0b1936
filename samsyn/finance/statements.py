"""The financial statements of an årsredovisning from the bookkeeping, as plain functions.

Resultaträkning, balansräkning, kassaflödesanalys (the indirect method) and the noter of
Östra Södertörn's årsredovisning 2022 (002, sections 3–6). Accounts reach the statement lines
through a förbund's mapping of account ranges (the narrowest range covering an account wins);
accounts no range covers are listed and still counted on a line of their own, so every krona of
the books is in the statements and the balansräkning balances whenever the books do.

Amounts come in as the bookkeeping signs them (debit positive, credit negative) and go out
as an årsredovisning prints them: income, assets, equity and liabilities positive, costs
positive in the notes and subtracted in the resultaträkning.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)

COST_KINDS = ("cost_interventions", "cost_personnel", "cost_premises", "cost_other",
              "cost_audit")
RESULT_LINES = frozenset({*COST_KINDS, "income", "depreciation", "financial_income",
                          "financial_cost", "extraordinary", "year_result"})
BALANCE_LINES = frozenset({"fixed_assets", "fixed_assets_depreciation", "receivables", "cash",
                           "equity", "provisions", "long_term_liabilities",
                           "current_liabilities"})
ASSET_LINES = frozenset({"fixed_assets", "fixed_assets_depreciation", "receivables", "cash"})


@dataclass(frozen=True)
class Rule:
    first: int
    last: int
    line: str


def line_for(account: str, rules: Sequence[Rule]) -> str | None:
    """The line of the narrowest range covering the account; None when no range does."""
    if not (account.isascii() and account.isdigit()):
        return None
    number = int(account)
    covering = [r for r in rules if r.first <= number <= r.last]
    if not covering:
        return None
    return min(covering, key=lambda r: (r.last - r.first, r.first)).line


def _checked_line(account: str, rules: Sequence[Rule]) -> str | None:
    """A balance account mapped to a result line (or the reverse) counts as unmapped."""
    line = line_for(account, rules)
    if line is None:
        return None
    return line if (line in BALANCE_LINES) == is_balance_account(account) else None


def is_balance_account(account: str) -> bool:
    """Classes 1 and 2 of both BAS and Kommun-Bas hold balances; 3–8 the year's results."""
    return account[:1] in ("1", "2")


@dataclass
class Books:
    """One year of bookkeeping: balances per account at start and end, results per account."""

    opening: Mapping[str, Decimal]
    closing: Mapping[str, Decimal]
    results: Mapping[str, Decimal]
    names: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AccountAmount:
    account: str
    name: str
    amount: Decimal


@dataclass
class YearStatements:
    # Resultaträkning
    income: Decimal
    costs: Decimal
    costs_by_kind: dict[str, Decimal]
    depreciation: Decimal
    financial_income: Decimal
    financial_cost: Decimal
    extraordinary: Decimal
    unmapped_result: Decimal
    result: Decimal
    # Balansräkning (closing, and opening for the cash flow)
    fixed_assets: Decimal
    receivables: Decimal
    cash: Decimal
    unmapped_balance: Decimal
    total_assets: Decimal
    equity: Decimal
    other_equity: Decimal
    opening_equity: Decimal
    provisions: Decimal
    long_term_liabilities: Decimal
    current_liabilities: Decimal
    total_equity_and_liabilities: Decimal
    # Kassaflödesanalys
    non_cash_adjustments: Decimal
    change_in_receivables: Decimal
    change_in_current_liabilities: Decimal
    operating_cash_flow: Decimal
    investing_cash_flow: Decimal
    financing_cash_flow: Decimal
    cash_flow: Decimal
    opening_cash: Decimal
    # Noter
    income_accounts: list[AccountAmount]
    receivable_accounts: list[AccountAmount]
    liability_accounts: list[AccountAmount]
    opening_acquisition: Decimal
    purchases: Decimal
    disposals: Decimal
    closing_acquisition: Decimal
    opening_accumulated_depreciation: Decimal
    year_depreciation: Decimal
    closing_accumulated_depreciation: Decimal

    @property
    def operating_costs(self) -> Decimal:
        """Verksamhetens kostnader: every cost kind, audit included (002 Not 3)."""
        return self.costs

    @property
    def net_operating_cost(self) -> Decimal:
        return self.income - self.costs - self.depreciation

    @property
    def result_after_financial_items(self) -> Decimal:
        return self.net_operating_cost + self.financial_income - self.financial_cost

    @property
    def balance_difference(self) -> Decimal:
        """Assets less equity and liabilities: zero whenever the books are consistent."""
        return self.total_assets - self.total_equity_and_liabilities

    @property
    def closing_cash(self) -> Decimal:
        return self.cash

    @property
    def cash_flow_difference(self) -> Decimal:
        return self.opening_cash + self.cash_flow - self.cash

    @property
    def solidity(self) -> Decimal | None:
        """Soliditet: equity as a share of the balance sheet total, in per cent."""
        return self.equity * 100 / self.total_assets if self.total_assets else None

    @property
    def book_value(self) -> Decimal:
        return self.closing_acquisition + self.closing_accumulated_depreciation


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def year_statements(books: Books, rules: Sequence[Rule]) -> YearStatements:
    accounts = set(books.opening) | set(books.closing) | set(books.results)
    lines = {account: _checked_line(account, rules) for account in accounts}

    def results(*wanted: str) -> Decimal:
        return _sum(amount for account, amount in books.results.items()
                    if lines[account] in wanted)

    def balance(which: Mapping[str, Decimal], *wanted: str) -> Decimal:
        return _sum(amount for account, amount in which.items() if lines[account] in wanted)

    def unmapped(which: Mapping[str, Decimal], balance_side: bool) -> Decimal:
        return _sum(amount for account, amount in which.items()
                    if lines[account] is None and is_balance_account(account) == balance_side)

    def per_account(which: Mapping[str, Decimal], line: str, sign: int) -> list[AccountAmount]:
        return [AccountAmount(account, books.names.get(account, ""), sign * which[account])
                for account in sorted(which) if lines[account] == line and which[account]]

    # A result account no range covers is still part of the year's result.
    result_movements = {account: amount for account, amount in books.results.items()
                        if not is_balance_account(account)}
    costs_by_kind = {kind: results(kind) for kind in COST_KINDS}
    income = -results("income")
    depreciation = results("depreciation")
    financial_income = -results("financial_income")
    financial_cost = results("financial_cost")
    extraordinary = -results("extraordinary")
    unmapped_result = -unmapped(result_movements, balance_side=False)
    # Booking the result to equity (8999 against 2099) moves it, it does not make it.
    result = -_sum(amount for account, amount in result_movements.items()
                   if lines[account] != "year_result")
    all_results = -_sum(result_movements.values())

    fixed_cost_open = balance(books.opening, "fixed_assets")
    fixed_cost_close = balance(books.closing, "fixed_assets")
    fixed_dep_open = balance(books.opening, "fixed_assets_depreciation")
    fixed_dep_close = balance(books.closing, "fixed_assets_depreciation")
    receivables_open = balance(books.opening, "receivables")
    receivables = balance(books.closing, "receivables")
    cash_open = balance(books.opening, "cash")
    cash = balance(books.closing, "cash")
    unmapped_open = unmapped(books.opening, balance_side=True)
    unmapped_close = unmapped(books.closing, balance_side=True)
    equity_open = -balance(books.opening, "equity")
    # The year's result stands in equity whether or not it was booked there yet.
    equity = -balance(books.closing, "equity") + all_results
    provisions_open = -balance(books.opening, "provisions")
    provisions = -balance(books.closing, "provisions")
    long_term_open = -balance(books.opening, "long_term_liabilities")
    long_term = -balance(books.closing, "long_term_liabilities")
    current_open = -balance(books.opening, "current_liabilities")
    current = -balance(books.closing, "current_liabilities")

    fixed_assets = fixed_cost_close + fixed_dep_close
    total_assets = fixed_assets + receivables + cash + unmapped_close

    # The indirect method: every change of the balance sheet but cash, so the year's cash
    # flow equals the change in cash exactly whenever both balance sheets balance.
    non_cash = -(fixed_dep_close - fixed_dep_open) + (provisions - provisions_open)
    change_receivables = -(receivables - receivables_open) - (unmapped_close - unmapped_open)
    change_current = current - current_open
    operating = result + non_cash + change_receivables + change_current
    investing = -(fixed_cost_close - fixed_cost_open)
    financing = (long_term - long_term_open) + (equity - equity_open - result)
    purchases = max(fixed_cost_close - fixed_cost_open, ZERO)

    return YearStatements(
        income=income, costs=_sum(costs_by_kind.values()), costs_by_kind=costs_by_kind,
        depreciation=depreciation, financial_income=financial_income,
        financial_cost=financial_cost, extraordinary=extraordinary,
        unmapped_result=unmapped_result, result=result,
        fixed_assets=fixed_assets, receivables=receivables, cash=cash,
        unmapped_balance=unmapped_close, total_assets=total_assets, equity=equity,
        other_equity=equity - result, opening_equity=equity_open, provisions=provisions,
        long_term_liabilities=long_term, current_liabilities=current,
        total_equity_and_liabilities=equity + provisions + long_term + current,
        non_cash_adjustments=non_cash, change_in_receivables=change_receivables,
        change_in_current_liabilities=change_current, operating_cash_flow=operating,
        investing_cash_flow=investing, financing_cash_flow=financing,
        cash_flow=operating + investing + financing, opening_cash=cash_open,
        income_accounts=per_account(books.results, "income", -1),
        receivable_accounts=per_account(books.closing, "receivables", 1),
        liability_accounts=per_account(books.closing, "current_liabilities", -1),
        opening_acquisition=fixed_cost_open, purchases=purchases,
        disposals=min(fixed_cost_close - fixed_cost_open, ZERO),
        closing_acquisition=fixed_cost_close,
        opening_accumulated_depreciation=fixed_dep_open,
        year_depreciation=fixed_dep_close - fixed_dep_open,
        closing_accumulated_depreciation=fixed_dep_close,
    )


def unmapped_accounts(books: Iterable[Books], rules: Sequence[Rule]) -> list[AccountAmount]:
    """Accounts with an amount that no range maps, with the amount that is not on its line."""
    found: dict[str, AccountAmount] = {}
    for year in books:
        for which in (year.closing, year.results, year.opening):
            for account, amount in which.items():
                if amount and account not in found and _checked_line(account, rules) is None:
                    found[account] = AccountAmount(account, year.names.get(account, ""), amount)
    return [found[account] for account in sorted(found)]


@dataclass(frozen=True)
class Check:
    """A figure the board adopted against what the books give."""

    what: str
    adopted: Decimal
    computed: Decimal

    @property
    def agrees(self) -> bool:
        # The årsredovisning prints whole kronor; the books have öre.
        return abs(self.adopted - self.computed) < Decimal("0.5")


def check_adopted(adopted: Mapping[str, Decimal | None],
                  year: YearStatements) -> list[Check]:
    """Each adopted figure given against the statements; the caller shows those that differ."""
    computed = {
        "result": year.result, "equity": year.equity, "income": year.income,
        "costs": year.costs, "total_assets": year.total_assets,
    }
    return [Check(what, value, computed[what])
            for what, value in adopted.items() if value is not None and what in computed]
