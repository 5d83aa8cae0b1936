"""The financial statements as plain arithmetic: they add up for any books."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from samsyn.finance import statements
from samsyn.finance.financial import plan_rules
from samsyn.finance.statements import Books, Rule, line_for, year_statements

BAS = list(plan_rules("bas"))
KOMMUN_BAS = list(plan_rules("kommun-bas"))

accounts = st.integers(min_value=1000, max_value=8999).map(str)
amounts = st.decimals(min_value=Decimal("-1000000"), max_value=Decimal("1000000"), places=2)


@st.composite
def consistent_books(draw):
    """Opening balances that balance, balanced vouchers, closing = opening + movements."""
    balance_accounts = st.integers(min_value=1000, max_value=2999).map(str)
    opening: dict[str, Decimal] = {}
    for account, amount in draw(st.lists(st.tuples(balance_accounts, amounts), max_size=8)):
        opening[account] = opening.get(account, Decimal(0)) + amount
    balancing = draw(balance_accounts)
    opening[balancing] = opening.get(balancing, Decimal(0)) - sum(opening.values(), Decimal(0))
    closing = dict(opening)
    results: dict[str, Decimal] = {}
    for rows in draw(st.lists(st.lists(st.tuples(accounts, amounts), min_size=1, max_size=5),
                              max_size=8)):
        counter = draw(accounts)
        rows = [*rows, (counter, -sum((a for _x, a in rows), Decimal(0)))]
        for account, amount in rows:
            target = closing if account[0] in "12" else results
            target[account] = target.get(account, Decimal(0)) + amount
    return Books(opening=opening, closing=closing, results=results)


rule_sets = st.one_of(
    st.just(BAS), st.just(KOMMUN_BAS),
    st.lists(st.builds(lambda a, b, line: Rule(min(a, b), max(a, b), line),
                       st.integers(1000, 8999), st.integers(1000, 8999),
                       st.sampled_from(sorted(statements.RESULT_LINES
                                              | statements.BALANCE_LINES))), max_size=12),
)


@settings(max_examples=200, deadline=None)
@given(consistent_books(), rule_sets)
def test_the_balance_sheet_balances_and_the_cash_flow_reconciles_for_any_import(books, rules):
    year = year_statements(books, rules)
    assert year.total_assets == year.total_equity_and_liabilities
    assert year.balance_difference == 0
    assert year.opening_cash + year.cash_flow == year.cash
    parts = (year.income - year.costs - year.depreciation + year.financial_income
             - year.financial_cost + year.extraordinary + year.unmapped_result)
    assert parts == year.result


@settings(max_examples=100, deadline=None)
@given(consistent_books(), st.sampled_from([BAS, KOMMUN_BAS]), amounts)
def test_a_closing_balance_the_vouchers_do_not_give_shows_as_the_difference(books, rules,
                                                                           error):
    closing = dict(books.closing)
    closing["1930"] = closing.get("1930", Decimal(0)) + error
    year = year_statements(Books(books.opening, closing, books.results), rules)
    assert year.balance_difference == error


def test_the_narrowest_range_decides_the_line():
    assert line_for("1229", BAS) == "fixed_assets_depreciation"
    assert line_for("1220", BAS) == "fixed_assets"
    assert line_for("6420", BAS) == "cost_audit"
    assert line_for("6421", BAS) == "cost_audit"
    assert line_for("6990", BAS) == "cost_other"
    assert line_for("12a4", BAS) is None


def test_accounts_without_a_line_are_listed_and_still_counted():
    books = Books(opening={"1930": Decimal(100), "2091": Decimal(-100)},
                  closing={"1930": Decimal(150), "2091": Decimal(-100)},
                  results={"3010": Decimal(-80), "4010": Decimal(30)},
                  names={"4010": "Insatser"})
    rules = [Rule(1900, 1999, "cash"), Rule(2000, 2099, "equity"), Rule(3000, 3999, "income")]
    year = year_statements(books, rules)
    assert year.income == 80 and year.unmapped_result == -30 and year.result == 50
    assert year.equity == 150 and year.balance_difference == 0
    unmapped = statements.unmapped_accounts([books], rules)
    assert [(a.account, a.name, a.amount) for a in unmapped] == [("4010", "Insatser",
                                                                  Decimal(30))]


def test_a_result_booked_to_equity_with_8999_is_not_counted_twice():
    books = Books(opening={"1930": Decimal(0)},
                  closing={"1930": Decimal(50), "2099": Decimal(-50)},
                  results={"3010": Decimal(-50), "8999": Decimal(50)})
    year = year_statements(books, BAS)
    assert year.result == 50 and year.equity == 50 and year.other_equity == 0
    assert year.balance_difference == 0


def test_a_balance_account_mapped_to_a_result_line_counts_as_unmapped():
    books = Books(opening={}, closing={"1930": Decimal(10), "2091": Decimal(-10)}, results={})
    year = year_statements(books, [Rule(1000, 1999, "income"), Rule(2000, 2099, "equity")])
    assert year.income == 0 and year.unmapped_balance == 10 and year.balance_difference == 0


def test_adopted_figures_agree_within_half_a_krona_and_disagree_beyond():
    books = Books(opening={}, closing={"1930": Decimal("100.40")},
                  results={"3010": Decimal("-100.40")})
    year = year_statements(books, BAS)
    checks = statements.check_adopted({"result": Decimal(100), "equity": Decimal(99),
                                       "income": None}, year)
    assert [(c.what, c.agrees) for c in checks] == [("result", True), ("equity", False)]
