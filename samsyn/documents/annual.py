"""The årsredovisning's own parts: what LKBR (2018:597) 11 kap. asks of a förvaltningsberättelse
and 002 does not compute, each from the records.

- the driftredovisning: the budget the board adopted against the outcome, as 002 2.6.4 sets it
  out (the insatser, then kansli and styrelse, the costs, the income, the financial items net,
  the result), with 002's sign;
- the investeringsredovisning: the year's purchases of fixed assets (Not 5);
- the balanskravsutredning: the year's result, less the realisation gains, the adjustments, the
  balance requirement result;
- the förbund's goals for sound financial management (ManagementGoal), evaluated from the
  records.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from samsyn.finance.budget import Line, check
from samsyn.finance.categories import Category, Scenario
from samsyn.finance.financial import Statements, statements_for
from samsyn.finance.models import GoalMeasure, ManagementGoal, TypedBudgetFigure, TypedMeasure
from samsyn.finance.queries import Labels, lines_for
from samsyn.finance.reports import marked
from samsyn.finance.rounding import rounding_only
from samsyn.participants import queries as participant_queries
from samsyn.participants.metrics import Period
from samsyn.participants.reports import participants_report
from samsyn.publication.periods import stated_count, stated_work
from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import NO_FIGURE, Cell, Column, Report, ReportParams, Table
from samsyn.web.formatting import format_number, format_percent

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# 002 2.6.4 counts communication and evaluation among the insatser ("Informationsinsatser",
# "Insatskatalogen"), and depreciation with the kansli ("Kansli 4 182 501").
INTERVENTIONS = frozenset({Category.INDIVIDUAL, Category.EVALUATION, Category.STRUCTURAL,
                           Category.COMMUNICATION})
OFFICE = frozenset({Category.BOARD, Category.AUDIT, Category.OFFICE_STAFF,
                    Category.OFFICE_PREMISES, Category.OFFICE_OTHER, Category.DEPRECIATION})
FINANCIAL = frozenset({Category.FINANCIAL_INCOME, Category.FINANCIAL_COST})


def _report(params: ReportParams, kind: str, tables: list[Table],
            data: dict[str, object] | None = None) -> Report:
    return Report(kind=kind, title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, counts_people=False,
                  data=data or {})


def _missing(title: str, why: str) -> Table:
    """A part with no figure: its title and one line saying what is missing and why."""
    return Table(title=title, columns=[], rows=[], note=why)


def adopted_parts(budget: list[Line]) -> dict[str, set[str]]:
    """The insatser the board adopted in named parts (002's "Vuxteam Haninge" and "Vuxteam
    Tyresö", "MIA Vidare" and "MIA Vidare förlängning"): two or more parts in the budget."""
    parts: dict[str, set[str]] = {}
    for line in budget:
        if line.intervention is not None and line.part:
            parts.setdefault(line.intervention, set()).add(line.part)
    return {slug: found for slug, found in parts.items() if len(found) > 1}


def _by_name(lines: list[Line], labels: Labels, categories: frozenset[str],
             keys: dict[str, set[str]],
             parts: dict[str, set[str]] | None = None) -> dict[str, Decimal]:
    """Sums by the name a line is printed under (002's "Kansli" is staff and depreciation);
    `keys` gathers the lines' own keys of each name, which no language changes. An insats
    adopted in parts is printed per part; an outcome line of no adopted part stays under the
    insats's name, so nothing is dropped."""
    sums: dict[str, Decimal] = {}
    for line in lines:
        if line.category in categories:
            name = labels.plain.get(line.key, line.key)
            key = line.key
            if line.part and line.part in (parts or {}).get(line.intervention or "", set()):
                name, key = line.part, f"{line.key}#{line.part}"
            sums[name] = sums.get(name, ZERO) + line.amount
            keys.setdefault(name, set()).add(key)
    return sums


def _sum(lines: list[Line], categories: frozenset[str]) -> Decimal:
    return sum((x.amount for x in lines if x.category in categories), ZERO)


@dataclass(frozen=True)
class Operations:
    """The year's budget and outcome as 002 2.6.4 groups them."""

    budget: list[Line]
    outcome: list[Line]
    labels: Labels

    def costs(self, lines: list[Line]) -> Decimal:
        return _sum(lines, INTERVENTIONS | OFFICE)

    def income(self, lines: list[Line]) -> Decimal:
        return sum((x.amount for x in lines
                    if x.is_income and x.category != Category.FINANCIAL_INCOME), ZERO)

    def financial_net(self, lines: list[Line]) -> Decimal:
        """The financial items as a cost, net: 002's "8 000" budgeted, "−45 130" outcome."""
        return (_sum(lines, frozenset({Category.FINANCIAL_COST}))
                - _sum(lines, frozenset({Category.FINANCIAL_INCOME})))

    def result(self, lines: list[Line]) -> Decimal:
        return self.income(lines) - self.costs(lines) - self.financial_net(lines)


def operations(params: ReportParams) -> Operations | None:
    """The year's budget and outcome lines by the same labels; once per document (the
    operations account, the balance requirement and the outline's economy sentence each ask,
    and never change what they are given)."""
    found: Operations | None = params.once(_operations)
    return found


def _operations(params: ReportParams) -> Operations | None:
    labels = Labels()
    budget = lines_for(params.association, params.year, Scenario.BUDGET, labels)
    outcome = lines_for(params.association, params.year, Scenario.OUTCOME, labels)
    if not budget and not outcome:
        return None
    return Operations(budget, outcome, labels)


def operations_account(params: ReportParams) -> Report:
    """Driftredovisning: the adopted budget against the outcome (002 2.6.4).

    The difference is budget − outcome on every line, as 002 prints it (a cost under budget
    and an income under budget are positive), and outcome − budget on the result (positive:
    better than budget), 002's "Resultat … 2 387 047".
    """
    title = _("Budget and outcome %(year)s (kr)") % {"year": params.year}
    found = operations(params)
    if found is None:
        return _report(params, "operations", [_missing(title, _(
            "Neither a budget nor an outcome is held for %(year)s.") % {"year": params.year})])
    budget, outcome, labels = found.budget, found.outcome, found.labels
    parts = adopted_parts(budget)
    rows: list[dict[str, Cell]] = []

    def row(key: str, line: str, b: Decimal, o: Decimal, sign: int = 1) -> None:
        rows.append({"_key": key, "line": line, "budget": b, "outcome": o,
                     "difference": (b - o) * sign})

    def block(heading: str, categories: frozenset[str], total: str, key: str) -> None:
        rows.append({"_key": f"{key}-heading", "line": heading})
        keys: dict[str, set[str]] = {}
        b = _by_name(budget, labels, categories, keys, parts)
        o = _by_name(outcome, labels, categories, keys, parts)
        for name in sorted(set(b) | set(o), key=str.casefold):
            row(f"{key}:{'|'.join(sorted(keys[name]))}", name, b.get(name, ZERO),
                o.get(name, ZERO))
        row(key, total, _sum(budget, categories), _sum(outcome, categories))

    block(_("Interventions"), INTERVENTIONS, _("Total interventions"), "interventions")
    block(_("Office and board"), OFFICE, _("Total office and board"), "office")
    row("costs", _("Total costs, depreciation included"), found.costs(budget),
        found.costs(outcome))
    rows.append({"_key": "income-heading", "line": _("Income")})
    incomes = {c: (_sum(budget, frozenset({c})), _sum(outcome, frozenset({c})))
               for c in (Category.CONTRIBUTION, Category.ESF, Category.GRANT,
                         Category.OTHER_INCOME)}
    for category, (b, o) in incomes.items():
        if b or o:
            row(f"income:{category}", str(Category(category).label), b, o)
    row("income", _("Total income"), found.income(budget), found.income(outcome))
    row("financial", _("Financial items, net (as a cost)"), found.financial_net(budget),
        found.financial_net(outcome))
    total: dict[str, Cell] = {"_key": "result", "line": _("The year's result"),
                              "budget": found.result(budget), "outcome": found.result(outcome),
                              "difference": found.result(outcome) - found.result(budget)}
    typed_texts, warnings = _typed_differences(params, [*rows, total])
    table = Table(
        title=title,
        columns=[Column("line", _("Line")),
                 Column("budget", _("Budget %(year)s") % {"year": params.year}, "money"),
                 Column("outcome", _("Outcome %(year)s") % {"year": params.year}, "money"),
                 Column("difference", _("Difference"), "money")],
        rows=rows, total=total,
        note=_("The budget as the board adopted it. Difference: budget − outcome on each line "
               "(a cost or an income below budget is positive), and on the result outcome − "
               "budget (positive: better than budget). The financial items are shown net, as a "
               "cost; depreciation is counted with the office.")
        + ("" if outcome else " " + _("No outcome is held for %(year)s yet.")
           % {"year": params.year})
        + "".join(" " + t for t in typed_texts))
    report = _report(params, "operations", [table],
                     {"budget_result": found.result(budget),
                      "outcome_result": found.result(outcome)})
    report.warnings = warnings
    return report


def _typed_differences(params: ReportParams,
                       rows: list[dict[str, Cell]]) -> tuple[list[str], list[str]]:
    """A difference the document printed otherwise than its own budget − outcome (002 2.6.4's
    "363 531" on SamMA, whose 3 543 751 − 3 180 190 is 363 561): the table shows the computed
    one, its note the typed one, and the checks name both (a 1 kr one as rounding)."""
    typed = {t.line: t.amount for t in TypedBudgetFigure.objects.filter(
        association=params.association, year=params.year, scenario=Scenario.OUTCOME,
        measure=TypedMeasure.DIFFERENCE).exclude(line="")}
    notes: list[str] = []
    warnings: list[str] = []
    for row in rows:
        line = str(row.get("line", ""))
        computed = row.get("difference")
        if line not in typed or not isinstance(computed, Decimal):
            continue
        found = check(line, typed[line], computed)
        if found is None:
            continue
        text = _("%(line)s: the document gives the difference as %(typed)s kr, its budget and "
                 "outcome give %(computed)s kr.") % {
            "line": line, "typed": format_number(found.typed, 0),
            "computed": format_number(found.computed, 0)}
        # Rounding is no error: a published version does not print it (docs/fidelity.md).
        if not (params.publish and rounding_only(found.typed, found.computed)):
            notes.append(text)
        warnings.append(marked(found, text))
    return notes, warnings


def investments(params: ReportParams) -> Report:
    """Investeringsredovisning: the year's investments in fixed assets, from the books (Not 5).

    A förbund adopts no investment budget of its own in the records, so the outcome is shown
    against the year before rather than against a budget.
    """
    title = _("Investments (kr)")
    found = statements_for(params.association, params.year)
    if found is None:
        return _report(params, "investments", [_missing(title, _(
            "No bookkeeping is imported for %(year)s: the investments are read from it.")
            % {"year": params.year})])
    previous = found.previous
    columns = [Column("line", _("Line")), Column("current", str(found.year), "money")]
    if previous is not None:
        columns.append(Column("previous", str(found.year - 1), "money"))

    def row(key: str, line: str, now: Decimal, before: Decimal | None) -> dict[str, Cell]:
        return {"_key": key, "line": line, "current": now,
                "previous": before if previous is not None else None}

    rows = [row("purchases", _("Machinery and equipment: purchases"), found.current.purchases,
                previous.purchases if previous else None),
            row("disposals", _("Sales and disposals"), -found.current.disposals,
                -previous.disposals if previous else None)]
    total = row("net", _("Net investments"),
                found.current.purchases - found.current.disposals,
                previous.purchases - previous.disposals if previous else None)
    table = Table(title=title, columns=columns, rows=rows, total=total, note=_(
        "From the books' fixed assets (Note 5). No investment budget is held, so the year is "
        "compared with the year before."))
    return _report(params, "investments", [table],
                   {"purchases": found.current.purchases})


@dataclass(frozen=True)
class BalanceRequirement:
    result: Decimal
    gains: Decimal | None      # None: assets were sold and the books name no gain
    adjustments: Decimal
    reserve: Decimal

    @property
    def after_adjustments(self) -> Decimal | None:
        if self.gains is None:
            return None
        return self.result - self.gains + self.adjustments

    @property
    def balance_result(self) -> Decimal | None:
        adjusted = self.after_adjustments
        return None if adjusted is None else adjusted + self.reserve


def balance_requirement_of(statements: Statements | None,
                           outcome_result: Decimal | None) -> BalanceRequirement | None:
    """The balance requirement of a year, from its statements where imported, else from its
    outcome lines.

    A realisation gain needs a sale: with no disposal of fixed assets in the year there is
    none; with one, the books name no gain, so it is unknown. A förbund holds no securities and
    no resultatutjämningsreserv, so their adjustments are 0.
    """
    if statements is not None:
        gains = ZERO if not statements.current.disposals else None
        return BalanceRequirement(statements.current.result, gains, ZERO, ZERO)
    if outcome_result is not None:
        return BalanceRequirement(outcome_result, ZERO, ZERO, ZERO)
    return None


def balance_requirement(params: ReportParams) -> Report:
    """Balanskravsutredning (LKBR 11 kap., RKR R15): from the year's result to the balance
    requirement result."""
    title = _("Balance requirement result (kr)")
    statements = statements_for(params.association, params.year)
    found = operations(params)
    outcome_result = (found.result(found.outcome) if found is not None and found.outcome
                      else None)
    figures = balance_requirement_of(statements, outcome_result)
    if figures is None:
        return _report(params, "balance_requirement", [_missing(title, _(
            "No outcome is held for %(year)s: the balance requirement result is computed from "
            "it.") % {"year": params.year})])

    def cell(value: Decimal | None) -> Cell:
        return NO_FIGURE if value is None else value

    rows: list[dict[str, Cell]] = [
        {"_key": "result", "line": _("The year's result according to the income statement"),
         "amount": figures.result},
        {"_key": "gains", "line": _("Less: all realisation gains"),
         "amount": cell(None if figures.gains is None else -figures.gains)},
        {"_key": "adjustments",
         "line": _("Adjustments: realisation gains and losses by exception, unrealised losses "
                   "in securities"), "amount": figures.adjustments},
        {"_key": "adjusted", "line": _("The year's result after balance requirement "
                                       "adjustments"),
         "amount": cell(figures.after_adjustments)},
        {"_key": "reserve", "line": _("To (−) or from (+) the result equalisation reserve"),
         "amount": figures.reserve},
    ]
    balance = figures.balance_result
    if balance is None:
        verdict = _("Fixed assets were sold in %(year)s and the books name no realisation "
                    "gain: the balance requirement result is not known.") % {
            "year": params.year}
    elif balance >= 0:
        verdict = _("The balance requirement is met.")
    else:
        verdict = _("The balance requirement is not met: the balance requirement result is "
                    "negative.")
    source = (_("From the imported bookkeeping.") if statements is not None
              else _("From the outcome lines."))
    table = Table(title=title,
                  columns=[Column("line", _("Line")),
                           Column("amount", str(params.year), "money")],
                  rows=rows, total={"_key": "balance_result",
                                    "line": _("The year's balance requirement result"),
                                    "amount": cell(balance)},
                  note=" ".join([verdict, source, _(
                      "A förbund holds no securities and no result equalisation reserve.")]))
    return _report(params, "balance_requirement", [table],
                   {"result": figures.result, "balance_result": balance})


def _goal_value(measure: str, params: ReportParams) -> Decimal | None:
    """A goal's measure of the year, from the records; None where they do not give it."""
    if measure in (GoalMeasure.NEW_PARTICIPANTS, GoalMeasure.WORK_OR_STUDIES):
        total = params.once(participants_report).data["total"]
        if measure == GoalMeasure.NEW_PARTICIPANTS:
            return Decimal(total["new"]["total"])
        share = total["work_or_studies"]["share"]
        return None if share in (None, "") else Decimal(share) * HUNDRED
    statements = statements_for(params.association, params.year)
    found = operations(params)
    outcome = found.outcome if found is not None else []
    result = found.result(outcome) if found is not None and outcome else None
    if measure == GoalMeasure.RESULT:
        return statements.current.result if statements is not None else result
    if measure == GoalMeasure.BALANCE_RESULT:
        figures = balance_requirement_of(statements, result)
        return figures.balance_result if figures is not None else None
    if measure == GoalMeasure.SOLIDITY:
        return statements.current.solidity if statements is not None else None
    if found is None or not outcome:
        return None
    costs = found.costs(outcome)
    if measure == GoalMeasure.INTERVENTION_SHARE:
        return _sum(outcome, INTERVENTIONS) * HUNDRED / costs if costs else None
    if measure == GoalMeasure.OFFICE_SHARE:
        return _sum(outcome, OFFICE) * HUNDRED / costs if costs else None
    if measure == GoalMeasure.COSTS_AGAINST_BUDGET:
        budgeted = found.costs(found.budget)
        return costs * HUNDRED / budgeted if budgeted else None
    if measure == GoalMeasure.EQUITY_SHARE:
        contributions = _sum(outcome, frozenset({Category.CONTRIBUTION}))
        if statements is None or not contributions:
            return None
        return statements.current.equity * HUNDRED / contributions
    return None


def _stated_goal_value(measure: str, params: ReportParams) -> Decimal | str | None:
    """A participant measure as the förbund stated it for the period (002's 396 new, 214 of
    414 finished to work or studies): the figure the year in figures gives and the board
    adopts, so the goal is judged by it and not by a second figure (the register's 53,9 %
    beside 1.1's 52 %). HIDDEN where a published report hides it, as 1.1 does; None where
    the förbund stated none, or 1.1 gives the register's."""
    if measure not in (GoalMeasure.NEW_PARTICIPANTS, GoalMeasure.WORK_OR_STUDIES):
        return None
    stated = participant_queries.stated_totals(params.association,
                                               Period(params.start, params.end))
    threshold = params.association.suppression_threshold
    if measure == GoalMeasure.NEW_PARTICIPANTS:
        shown = stated_count(stated.get("new"), threshold, params.publish)
        return shown if shown is None or shown == HIDDEN else Decimal(shown)
    exits = stated.get("exit")
    work = stated_work(exits, stated.get("work_or_studies"), threshold, params.publish)
    if params.publish and work is not None and 0 < work < threshold:
        work = None
    return Decimal(work) * HUNDRED / exits if work is not None and exits else None


def goal_met(measure: str, target: Decimal, value: Decimal | None) -> bool | None:
    """Met, not met, or None where the records do not give the measure."""
    if value is None:
        return None
    return value <= target if GoalMeasure(measure).at_most else value >= target


def _shown(measure: str, value: Decimal) -> str:
    if measure in (GoalMeasure.RESULT, GoalMeasure.BALANCE_RESULT):
        return f"{format_number(value, 0)} kr"
    if measure == GoalMeasure.NEW_PARTICIPANTS:
        return format_number(value, 0)
    return format_percent(value, 0 if value == value.to_integral_value() else 1)


def management_goals(params: ReportParams) -> Report:
    """The förbund's goals for sound financial management, each evaluated from the records."""
    title = _("Goals for sound financial management %(year)s") % {"year": params.year}
    goals = [g for g in ManagementGoal.objects.filter(association=params.association)
             if g.applies_to(params.year)]
    if not goals:
        return _report(params, "management_goals", [_missing(title, _(
            "The förbund has set no goals for sound financial management for %(year)s: they "
            "are entered under Economy → Goals for sound financial management.")
            % {"year": params.year})])
    rows: list[dict[str, Cell]] = []
    met = 0
    said: list[str] = []
    for goal in goals:
        measure = str(goal.get_measure_display()).split(" (", 1)[0]
        stated = _stated_goal_value(goal.measure, params)
        value = _goal_value(goal.measure, params)
        outcome: Cell = NO_FIGURE if value is None else _shown(goal.measure, value)
        if stated is not None:
            register = outcome
            value = None if stated == HIDDEN else Decimal(stated)
            # Shown as 1.1 shows it: a stated share in whole per cent (002's "52 %").
            outcome = (HIDDEN if value is None else format_percent(value, 0)
                       if goal.measure == GoalMeasure.WORK_OR_STUDIES
                       else _shown(goal.measure, value))
            if register != outcome and register != NO_FIGURE and value is not None:
                said.append(_("%(measure)s: the förbund's stated figure, as in the year in "
                              "figures; the register gives %(register)s.")
                            % {"measure": measure, "register": register})
        verdict = goal_met(goal.measure, goal.target, value)
        met += verdict is True
        bound = _("at most") if goal.measure_choice.at_most else _("at least")
        rows.append({
            "_key": f"g{goal.pk}", "goal": goal.goal,
            "target": f"{measure}: {bound} {_shown(goal.measure, goal.target)}",
            "outcome": outcome,
            "met": (_("yes") if verdict else _("no")) if verdict is not None else NO_FIGURE,
        })
    table = Table(
        title=title,
        columns=[Column("goal", _("Goal")), Column("target", _("Measure and target")),
                 Column("outcome", _("Outcome")),
                 Column("met", _("Met"))],
        rows=rows,
        note=_("%(met)s of %(goals)s goals met, each measured from the records.")
        % {"met": met, "goals": len(goals)}
        + "".join(" " + s for s in said)
        + (" " + _("–: the records do not give the measure for the year.")
           if any(r["outcome"] == NO_FIGURE for r in rows) else ""))
    return _report(params, "management_goals", [table], {"met": met, "goals": len(goals)})
