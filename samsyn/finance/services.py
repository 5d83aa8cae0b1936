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
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    Contribution,
    FinanceSettings,
    FinanceYear,
    ObjectRule,
    StatementRule,
)
from samsyn.periods.hooks import check_budget_line


def _own_links(actor: Actor, *related: Any) -> None:
    for row in related:
        if row is not None:
            require_own(actor, row.association_id)


def _signed_years(actor: Actor, reason: str | None) -> Check:
    """A change of a line in a signed-off year (the year it had or gets) is refused, unless
    an administrator opened the year or gives a reason; accepted ones are logged."""

    def check(before: BudgetLine | None, after: BudgetLine | None) -> None:
        years = {line.year for line in (before, after) if line is not None}
        what = f"{after}" if after is not None else f"removed {before}"
        if actor.via != VIA_FORM:  # a later change names where it came from but a page
            what = f"{actor.via}: {what}"
        check_budget_line(actor.association, years, actor.user, what=what, reason=reason)

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
                      **options: Any) -> Saved:
    require_own(actor, contribution.contribution_year.association_id)
    return save_row(actor, contribution, version=version, **options)


def save_finance_year(actor: Actor, year: FinanceYear, *, version: int | None = None,
                      **options: Any) -> Saved:
    require_own(actor, year.association_id)
    return save_row(actor, year, version=version, **options)


def save_finance_settings(actor: Actor, settings: FinanceSettings, *,
                          version: int | None = None, **options: Any) -> Saved:
    require_own(actor, settings.association_id)
    return save_row(actor, settings, version=version, **options)


def save_account_rule(actor: Actor, rule: AccountRule, *, version: int | None = None,
                      **options: Any) -> Saved:
    require_own(actor, rule.association_id)
    _own_links(actor, rule.member)
    return save_row(actor, rule, version=version, **options)


def save_object_rule(actor: Actor, rule: ObjectRule, *, version: int | None = None,
                     **options: Any) -> Saved:
    require_own(actor, rule.association_id)
    _own_links(actor, rule.intervention)
    return save_row(actor, rule, version=version, **options)


def save_statement_rule(actor: Actor, rule: StatementRule, *, version: int | None = None,
                        **options: Any) -> Saved:
    require_own(actor, rule.association_id)
    return save_row(actor, rule, version=version, **options)


def save_budget_history_figure(actor: Actor, figure: BudgetHistoryFigure, *,
                               version: int | None = None, **options: Any) -> Saved:
    require_own(actor, figure.association_id)
    return save_row(actor, figure, version=version, **options)
