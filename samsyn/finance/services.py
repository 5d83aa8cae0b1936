"""Writes of the economy: one function per record kind the pages and the API edit.

Each checks that the row (and what it points at) is the förbund's, the version read, the
signed-off years where the kind has them, and logs the write (samsyn.associations.writes).
"""

from typing import Any

from samsyn.associations.models import RemovedRow
from samsyn.associations.writes import (
    VIA_FORM,
    Actor,
    Check,
    Saved,
    delete_row,
    require_own,
    save_row,
)
from samsyn.finance.models import (
    AccountBalance,
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    Contribution,
    FinanceSettings,
    FinanceYear,
    ManagementGoal,
    ObjectRule,
    OutcomeAmount,
    SieImport,
    StatementRule,
)
from samsyn.periods.hooks import check_budget_line, late_notes, spans_check
from samsyn.periods.locks import (
    Span,
    year_span,
    years_reading_accounts,
    years_reading_objects,
    years_span,
)
from samsyn.periods.models import SignedPeriod


def _own_links(actor: Actor, *related: Any) -> None:
    for row in related:
        if row is not None:
            require_own(actor, row.association_id)


def _signed_years(actor: Actor, reason: str | None) -> Check:
    """A change of a line in a signed-off year (the year it had or gets) is refused, unless
    an administrator opened the year or gives a reason; accepted ones are logged."""

    def check(before: BudgetLine | None, after: BudgetLine | None) -> dict[str, str]:
        years = {line.year for line in (before, after) if line is not None}
        what = f"{after}" if after is not None else f"removed {before}"
        if actor.via != VIA_FORM:  # a later change names where it came from but a page
            what = f"{actor.via}: {what}"
        return late_notes(check_budget_line(actor.association, years, actor.user, what=what,
                                            reason=reason))

    return check


def save_budget_line(actor: Actor, line: BudgetLine, *, version: int | None = None,
                     reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, line.association_id)
    _own_links(actor, line.intervention, line.member)
    return save_row(actor, line, version=version, check=_signed_years(actor, reason), **options)


def delete_budget_line(actor: Actor, line: BudgetLine, *, version: int | None = None,
                       reason: str | None = None) -> RemovedRow | None:
    require_own(actor, line.association_id)
    return delete_row(actor, line, version=version, check=_signed_years(actor, reason))


def save_contribution(actor: Actor, contribution: Contribution, *, version: int | None = None,
                      reason: str | None = None, **options: Any) -> Saved:
    """What a member was invoiced is a figure of the year's annual report."""
    require_own(actor, contribution.contribution_year.association_id)
    check = spans_check(actor, lambda c: [year_span(c.contribution_year.year)], reason)
    return save_row(actor, contribution, version=version, check=check, **options)


def save_finance_year(actor: Actor, year: FinanceYear, *, version: int | None = None,
                      reason: str | None = None, **options: Any) -> Saved:
    """The typed figures of a year (equity, adopted result...) are its documents' figures."""
    require_own(actor, year.association_id)
    check = spans_check(actor, lambda y: [year_span(y.year)], reason)
    return save_row(actor, year, version=version, check=check, **options)


def save_finance_settings(actor: Actor, settings: FinanceSettings, *,
                          version: int | None = None, **options: Any) -> Saved:
    require_own(actor, settings.association_id)
    return save_row(actor, settings, version=version, **options)


def management_goal_years(goal: ManagementGoal) -> list[Span]:
    return [years_span(goal.first_year, goal.last_year)]


def save_management_goal(actor: Actor, goal: ManagementGoal, *, version: int | None = None,
                         reason: str | None = None, **options: Any) -> Saved:
    """A goal for sound financial management is evaluated in the annual report of every year
    it holds for (an open end: every year on that side)."""
    require_own(actor, goal.association_id)
    return save_row(actor, goal, version=version,
                    check=spans_check(actor, management_goal_years, reason), **options)


def delete_management_goal(actor: Actor, goal: ManagementGoal, *, version: int | None = None,
                           reason: str | None = None) -> RemovedRow | None:
    require_own(actor, goal.association_id)
    return delete_row(actor, goal, version=version,
                      check=spans_check(actor, management_goal_years, reason))


# The reading rules read the imported books of every year: a change alters the figures of
# the years whose books hold an account (or object) the rule reads before or after it.

def _signed_off(association_id: int) -> bool:
    return SignedPeriod.objects.filter(association_id=association_id).exists()


def _accounts_by_year(association_id: int) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for year, account in (OutcomeAmount.objects.filter(sie_import__association_id=association_id)
                          .values_list("sie_import__year", "account").distinct()):
        found.setdefault(year, []).append(account)
    # A file also states the year before (its balances' offset -1), which the year's
    # statements print beside it.
    for year, offset, account in (
            AccountBalance.objects.filter(sie_import__association_id=association_id)
            .values_list("sie_import__year", "year_offset", "account").distinct()):
        found.setdefault(year, []).append(account)
        if offset:
            found.setdefault(year + offset, []).append(account)
    return found


def _objects_by_year(association_id: int) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for year, objects in (OutcomeAmount.objects.filter(sie_import__association_id=association_id)
                          .exclude(object_list="")
                          .values_list("sie_import__year", "object_list").distinct()):
        found.setdefault(year, []).extend(objects.split())
    return found


def _range_years(rule: AccountRule | StatementRule) -> list[Span]:
    if not _signed_off(rule.association_id):
        return []
    return [year_span(y) for y in years_reading_accounts(
        [(rule.first_account, rule.last_account)], _accounts_by_year(rule.association_id))]


def _object_years(rule: ObjectRule) -> list[Span]:
    if not _signed_off(rule.association_id):
        return []
    return [year_span(y) for y in years_reading_objects(
        [f"{rule.dimension}:{rule.code}"], _objects_by_year(rule.association_id))]


def reading_years(rule: AccountRule | ObjectRule | StatementRule) -> list[Span]:
    """The signed-off-relevant years a reading rule reads (its spans for the period check)."""
    return _object_years(rule) if isinstance(rule, ObjectRule) else _range_years(rule)


def save_account_rule(actor: Actor, rule: AccountRule, *, version: int | None = None,
                      reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, rule.association_id)
    _own_links(actor, rule.member)
    return save_row(actor, rule, version=version, check=spans_check(actor, _range_years, reason),
                    **options)


def save_object_rule(actor: Actor, rule: ObjectRule, *, version: int | None = None,
                     reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, rule.association_id)
    _own_links(actor, rule.intervention)
    return save_row(actor, rule, version=version,
                    check=spans_check(actor, _object_years, reason), **options)


def save_statement_rule(actor: Actor, rule: StatementRule, *, version: int | None = None,
                        reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, rule.association_id)
    return save_row(actor, rule, version=version, check=spans_check(actor, _range_years, reason),
                    **options)


def delete_rule(actor: Actor, rule: AccountRule | ObjectRule | StatementRule, *,
                version: int | None = None, reason: str | None = None) -> RemovedRow | None:
    require_own(actor, rule.association_id)
    return delete_row(actor, rule, version=version,
                      check=spans_check(actor, reading_years, reason))


def _stated_in(figure: BudgetHistoryFigure) -> list[Span]:
    # A plan's history is part of the plan that states it: locked with that plan's year.
    return [years_span(figure.stated_in, figure.stated_in)]


def _books_span(imported: SieImport) -> list[Span]:
    return [(imported.start, imported.end)]


def delete_sie_import(actor: Actor, imported: SieImport, *, version: int | None = None,
                      reason: str | None = None) -> RemovedRow | None:
    """An imported year's books removed: refused in a signed-off year, whose annual report
    printed them."""
    require_own(actor, imported.association_id)
    return delete_row(actor, imported, version=version,
                      check=spans_check(actor, _books_span, reason))


def save_budget_history_figure(actor: Actor, figure: BudgetHistoryFigure, *,
                               version: int | None = None, reason: str | None = None,
                               **options: Any) -> Saved:
    require_own(actor, figure.association_id)
    return save_row(actor, figure, version=version,
                    check=spans_check(actor, _stated_in, reason), **options)


def delete_budget_history_figure(actor: Actor, figure: BudgetHistoryFigure, *,
                                 version: int | None = None,
                                 reason: str | None = None) -> RemovedRow | None:
    require_own(actor, figure.association_id)
    return delete_row(actor, figure, version=version,
                      check=spans_check(actor, _stated_in, reason))
