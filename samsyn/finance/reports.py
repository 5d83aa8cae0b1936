"""The economy as reports: contributions, the multi-year budget, budget against outcome."""

from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.models import Association, MemberKind
from samsyn.finance.allocation import KINDS, to_thousands
from samsyn.finance.budget import Discrepancy, Line, YearSummary, check, compare, summarize
from samsyn.finance.categories import GROUP, GROUP_LABELS, Category, Scenario
from samsyn.finance.checks import adopted_discrepancies, discrepancies
from samsyn.finance.financial import statements_for
from samsyn.finance.models import (
    Contribution,
    ContributionYear,
    FinanceYear,
    TypedBudgetFigure,
    TypedMeasure,
)
from samsyn.finance.queries import (
    EquityMemo,
    Labels,
    contribution_year,
    finance_year,
    has_lines,
    lines_for,
    mapped_outcome,
    opening_equity,
    sort_keys,
    stated_line_budgets,
)
from samsyn.finance.rounding import rounding_only
from samsyn.reports.charts import grouped
from samsyn.reports.document import NO_FIGURE, Cell, Column, Report, ReportParams, Rounding, Table
from samsyn.reports.registry import register
from samsyn.web.formatting import format_number, format_percent

ZERO = Decimal(0)
TypedSums = dict[tuple[int, str, str], Decimal]
HUNDRED = Decimal(100)


def _report(params: ReportParams, kind: str, title: str, tables: list[Table],
            data: dict[str, Any], warnings: list[str]) -> Report:
    return Report(kind=kind, title=title, association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, data=data, warnings=warnings,
                  counts_people=False)


def discrepancy_warnings(association: Association, year: int,
                         memo: EquityMemo | None = None) -> list[str]:
    return [discrepancy_text(d) for d in discrepancies(association, year, memo)]


def discrepancy_text(d: Discrepancy) -> str:
    return marked(d, _("%(what)s: typed %(typed)s kr, the records give %(computed)s kr.")
                  % {"what": d.what, "typed": format_number(d.typed, 0),
                     "computed": format_number(d.computed, 0)})


def marked(d: Discrepancy, text: str) -> str:
    """The warning's text, marked as rounding where the difference is only that."""
    return Rounding(text) if rounding_only(d.typed, d.computed) else text


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return part * HUNDRED / whole if whole else None


# Contributions


@register("contributions", title=gettext_lazy("Member contributions"), area="finance")
def contributions_report(params: ReportParams) -> Report:
    association = params.association
    decided = contribution_year(association, params.year)
    warnings = discrepancy_warnings(association, params.year)
    tables = []
    members: list[dict[str, Any]] = []
    if decided is None:
        warnings.insert(0, _("No contributions are decided for %(year)s.") % {"year": params.year})
    else:
        table, members = split_table(decided)
        tables.append(table)
    # A report of a year names no later year: the history ends with the report's own.
    tables.append(history_table(association, until=params.year))
    warnings.extend(history_warnings(association, params.year))
    data = {"association": association.slug, "year": params.year,
            "total": int(decided.total) if decided else None, "members": members}
    return _report(params, "contributions", str(_("Member contributions")), tables, data,
                   warnings)


def in_member_order(contributions: Any) -> list[Contribution]:
    """State, region, then kommuner by name: the order of the förbundsordning."""
    return sorted(contributions, key=lambda c: (KINDS.index(c.member.kind), c.member.name))


def split_table(decided: ContributionYear) -> tuple[Table, list[dict[str, Any]]]:
    contributions = in_member_order(decided.contributions.select_related("member"))
    amounts = [int(c.amount) for c in contributions]
    thousands = to_thousands(amounts, [c.member.name for c in contributions])
    total = sum(amounts)
    # The kommuner's split of their quarter as the plan states it (001: 50 / 32 / 18 %), from
    # the decided amounts: a population the förbund never entered gives no share.
    kommuner = Decimal(sum(c.amount for c in contributions
                           if c.member.kind == MemberKind.MUNICIPALITY))
    # In the note as the plan words it, not as a column: the table stays one table wide.
    split = "; ".join(f"{c.member.name} {format_percent(percent(c.amount, kommuner) or 0, 0)}"
                      for c in contributions
                      if c.member.kind == MemberKind.MUNICIPALITY) if kommuner else ""
    note = str(_("Kommuner split their quarter by population on 1 November the year before."))
    if split:
        note += " " + _("The kommuner's quarter is split: %(split)s.") % {"split": split}
    rows: list[dict[str, Cell]] = []
    for c, tkr in zip(contributions, thousands, strict=True):
        rows.append({
            "member": c.member.name, "kind": c.member.get_kind_display(),
            "population": c.population, "share": percent(c.amount, Decimal(total)),
            "amount": c.amount, "tkr": tkr, "invoiced": c.invoiced,
            "difference": c.invoiced - c.amount if c.invoiced is not None else None,
        })
    table = Table(
        title=_("Contributions %(year)s by the förbundsordning") % {"year": decided.year},
        columns=[
            Column("member", _("Member")), Column("kind", _("Kind")),
            Column("population", _("Population"), "int"),
            Column("share", _("Share"), "percent", 2),
            Column("amount", _("Amount (kr)"), "money"), Column("tkr", _("tkr"), "int"),
            Column("invoiced", _("Invoiced (kr)"), "money"),
            Column("difference", _("Invoiced − split"), "money"),
        ],
        rows=rows,
        total={"member": _("Total"), "share": Decimal(100) if total else None,
               "amount": Decimal(total), "tkr": sum(thousands),
               "population": sum(c.population or 0 for c in contributions) or None},
        note=note,
    )
    members = [{"name": c.member.name, "kind": c.member.kind, "amount": int(c.amount)}
               for c in contributions]
    return table, members


def history_table(association: Association, until: int | None = None) -> Table:
    """Each member's contribution over the years (003 section 10), up to `until` when given."""
    found = Contribution.objects.filter(contribution_year__association=association)
    if until is not None:
        found = found.filter(contribution_year__year__lte=until)
    contributions = in_member_order(found.select_related("member", "contribution_year"))
    years = sorted({c.contribution_year.year for c in contributions})
    by_member: dict[str, dict[str, Cell]] = {}
    sums: dict[int, Decimal] = {}
    decided: dict[int, Decimal] = {}
    for c in contributions:
        row = by_member.setdefault(c.member.name, {"member": c.member.name})
        row[f"y{c.contribution_year.year}"] = c.amount
        sums[c.contribution_year.year] = sums.get(c.contribution_year.year, ZERO) + c.amount
        decided[c.contribution_year.year] = c.contribution_year.total
    # The total row is the decided total, the figure the members adopted (003 10 prints
    # 2014's 18 000 000 over rows that make 17 999 000); the rows' sum is in the note.
    totals: dict[str, Cell] = {"member": _("Total"),
                               **{f"y{y}": decided[y] for y in years}}
    differing = [_("%(year)s: the members' amounts add up to %(sum)s kr.")
                 % {"year": y, "sum": format_number(sums[y], 0)}
                 for y in years if sums[y] != decided[y]]
    # 003 10 prints each year's ESF funds under the members' sum: income beside the budget.
    esf = dict(FinanceYear.objects.filter(association=association, year__in=years,
                                          esf_beside_budget__isnull=False)
               .values_list("year", "esf_beside_budget"))
    footer: list[dict[str, Cell]] = [
        {"member": _("ESF income beside the budget"), **{f"y{y}": v for y, v in esf.items()}}
    ] if any(esf.values()) else []
    return Table(
        title=_("Contributions per member and year (kr)"),
        columns=[Column("member", _("Member"))]
        + [Column(f"y{y}", str(y), "money") for y in years],
        rows=list(by_member.values()), total=totals if years else None, footer=footer,
        note=" ".join([str(_("The total is the decided total of each year.")), *differing])
        if differing else "",
    )


def history_warnings(association: Association, before: int) -> list[str]:
    """Earlier decided years whose member amounts do not add up to the decided total."""
    found = []
    years = ContributionYear.objects.filter(association=association,
                                            year__lt=before)
    for year in years.prefetch_related("contributions"):
        members_sum = sum((c.amount for c in year.contributions.all()), ZERO)
        if members_sum != year.total:
            text = (_("%(year)s: the members' amounts add up to %(sum)s kr, the decided total "
                      "is %(total)s kr.")
                    % {"year": year.year, "sum": format_number(members_sum, 0),
                       "total": format_number(year.total, 0)})
            found.append(Rounding(text) if rounding_only(year.total, members_sum) else text)
    return sorted(found)


# The multi-year budget


def budget_columns(association: Association, year: int) -> list[tuple[int, str]]:
    """The year's budget, the years before and after as far as they are kept (000 table 4, 001)."""
    candidates = [
        (year - 1, Scenario.BUDGET), (year - 1, Scenario.FORECAST), (year - 1, Scenario.OUTCOME),
        (year, Scenario.BUDGET), (year, Scenario.FORECAST), (year, Scenario.OUTCOME),
        (year + 1, Scenario.BUDGET), (year + 1, Scenario.PLAN),
        (year + 2, Scenario.BUDGET), (year + 2, Scenario.PLAN),
    ]
    return [(y, s) for y, s in candidates
            if (y, s) == (year, Scenario.BUDGET) or has_lines(association, y, s)]


def column_key(year: int, scenario: str) -> str:
    return f"{scenario}_{year}"


def column_label(year: int, scenario: str) -> str:
    return f"{Scenario(scenario).label} {year}"


@register("budget", title=gettext_lazy("Budget and plan"), area="finance")
def budget_report(params: ReportParams) -> Report:
    association, year = params.association, params.year
    labels = Labels()
    columns = budget_columns(association, year)
    lines = {c: lines_for(association, c[0], c[1], labels) for c in columns}
    memo: EquityMemo = {}
    summaries = {c: summarize(lines[c], opening_equity(association, c[0], memo).value)
                 for c in columns}
    main = summaries[(year, Scenario.BUDGET)]
    # Equity neither typed nor carried from a year with figures is unknown, not 0 (001).
    unknown = {c for c in columns
               if opening_equity(association, c[0], memo).typed is None
               and opening_equity(association, c[0], memo).carried is None}
    typed = typed_sums(association, columns)
    tables = [
        multi_year_table(association, year, columns, lines, summaries, labels, unknown, typed),
        per_intervention_table(columns, lines, labels,
                               stated_line_budgets(association, year, labels)),
    ]
    warnings = discrepancy_warnings(association, year, memo)
    warnings += typed_sum_warnings(columns, summaries, typed)
    derivation = equity_derivation_table(association, year)
    if derivation is not None:
        tables.insert(1, derivation[0])
        warnings += derivation[1]
    if (year, Scenario.BUDGET) in unknown:
        warnings.append(_("The opening equity of %(year)s is unknown, so the use of the "
                          "economic frame is not shown: type it under Equity and decided "
                          "figures.") % {"year": year})
    else:
        adjustment = (FinanceYear.objects.filter(association=association, year=year)
                      .values_list("investment_adjustment", flat=True).first())
        tables.insert(1, distribution_table(
            year, main, lines[(year, Scenario.BUDGET)], labels, typed,
            main.closing_equity + adjustment if adjustment else None))
    data = {
        "association": association.slug, "year": year,
        "columns": [{"year": y, "scenario": s, **_summary_json(summaries[(y, s)])}
                    for y, s in columns],
    }
    return _report(params, "budget", str(_("Budget and plan")), tables, data, warnings)


def equity_derivation_table(association: Association,
                            year: int) -> tuple[Table, list[str]] | None:
    """The opening equity from the year before's and its expected result (000: 7 730 + 2 736).

    Shown where the year before has a typed opening equity and a typed result but no budget
    lines of its own, as a plan written before the year closed has it.
    """
    before = finance_year(association, year - 1)
    now = finance_year(association, year)
    result = (TypedBudgetFigure.objects.filter(
        association=association, year=year - 1, measure=TypedMeasure.RESULT,
        scenario__in=[Scenario.OUTCOME, Scenario.FORECAST]).order_by("scenario").first())
    if before is None or before.opening_equity is None or result is None:
        return None
    computed = before.opening_equity + result.amount
    rows: list[dict[str, Cell]] = [
        {"line": _("Equity at the start of %(year)s") % {"year": year - 1},
         "amount": before.opening_equity},
        {"line": _("Result of %(year)s (%(scenario)s)") % {
            "year": year - 1, "scenario": str(Scenario(result.scenario).label).lower()},
         "amount": result.amount},
    ]
    total: dict[str, Cell] = {"line": _("Equity at the start of %(year)s") % {"year": year},
                              "amount": computed}
    warnings = []
    typed = now.opening_equity if now is not None else None
    d = check(str(_("Opening equity %(year)s") % {"year": year}), typed, computed)
    if d is not None:
        warnings.append(discrepancy_text(d))
    return Table(title=_("Equity at the start of %(year)s (kr)") % {"year": year},
                 columns=[Column("line", _("Line")), Column("amount", _("Amount (kr)"), "money")],
                 rows=rows, total=total), warnings


def _summary_json(s: YearSummary) -> dict[str, Any]:
    return {"income": s.income, "costs": s.costs, "result": s.result,
            "opening_equity": s.opening_equity, "closing_equity": s.closing_equity,
            "frame": s.frame,
            "distribution": {g: {"amount": v.amount,
                                 "share": percent(v.amount, s.frame)}
                             for g, v in s.distribution.items()}}


def multi_year_table(association: Association, year: int, columns: list[tuple[int, str]],
                     lines: dict[tuple[int, str], list[Line]],
                     summaries: dict[tuple[int, str], YearSummary], labels: Labels,
                     unknown_equity: set[tuple[int, str]] | None = None,
                     typed: TypedSums | None = None) -> Table:
    unknown = unknown_equity or set()
    typed = typed or {}
    keys = {c: _sums(lines[c]) for c in columns}
    categories = {x.key: x.category for c in columns for x in lines[c]}
    income = {x.key for c in columns for x in lines[c] if x.is_income}
    ordered = sort_keys(list(categories), categories, labels)
    cols = [column_key(*c) for c in columns]
    rows: list[dict[str, Cell]] = []
    # The rows of budget lines: a line in one budget only changes from or to nothing.
    line_rows: list[dict[str, Cell]] = []

    def add(label: str, values: dict[str, Cell]) -> None:
        rows.append({"line": label, **values})

    def each(pick: Any) -> dict[str, Cell]:
        return {column_key(*c): pick(c) for c in columns}

    # A plan year's lines are what the board decided; the result, equity and frame they would
    # leave are nobody's decision (000 prints them for its budget year only), so a plan column
    # shows them only where the document typed them.
    planned = {c for c in columns if c[1] == Scenario.PLAN}

    def decided(c: tuple[int, str], measure: str) -> bool:
        return c not in planned or (c[0], c[1], measure) in typed

    def computed(measure: str) -> None:
        add(str(TypedMeasure(measure).label),
            each(lambda c: measure_value(summaries[c], measure)
                 if measure != TypedMeasure.RESULT or decided(c, measure) else None))
        if any((c[0], c[1], measure) in typed for c in columns):
            add(str(_("%(sum)s as the document typed it") % {
                "sum": TypedMeasure(measure).label}),
                each(lambda c: typed.get((c[0], c[1], measure))))

    add(str(_("Income")), {})
    for key in (k for k in ordered if k in income):
        add(labels[key], each(lambda c, key=key: keys[c].get(key)))
        line_rows.append(rows[-1])
    computed(TypedMeasure.INCOME)
    add(str(_("Costs")), {})
    costs = [k for k in ordered if k not in income]
    # The subtotals of 000 table 4 ("Summa Aktiviteter/Insatser", "Summa styrelse och
    # kansli") follow the last line of their kind; the categories are sorted by kind.
    per_category = Counter(categories[k] for k in costs)
    for i, key in enumerate(costs):
        add(labels[key], each(lambda c, key=key: keys[c].get(key)))
        line_rows.append(rows[-1])
        category = categories[key]
        if per_category[category] > 1 and (
                i + 1 == len(costs) or categories[costs[i + 1]] != category):
            # 000 table 4 prints a kind's lines as one ("Finansiering strukturella insatser").
            add(str(_("Total %(category)s") % {
                "category": str(Category(category).label).lower()}),
                each(lambda c, category=category: sum(
                    (v for k, v in keys[c].items() if categories.get(k) == category), ZERO)
                    if any(categories.get(k) == category for k in keys[c]) else None))
        kind = _subtotal_kind(category)
        following = _subtotal_kind(categories[costs[i + 1]]) if i + 1 < len(costs) else None
        if kind is not None and following != kind:
            computed(kind)
    computed(TypedMeasure.COSTS)
    typed_years = {f.year: f for f in FinanceYear.objects.filter(
        association=association, year__in={y for y, _s in columns})}
    reserves = {y: f.reserve for y, f in typed_years.items() if f.reserve is not None}
    if reserves:
        # 003 11: the reserve the board keeps under the costs, and "Totalt" of both; a plan
        # or forecast column has no reserve of its own decided.
        def reserve(c: tuple[int, str]) -> Decimal | None:
            return reserves.get(c[0]) if c[1] == Scenario.BUDGET else None

        add(str(_("Förbundsreserv")), each(reserve))
        add(str(_("Total costs and förbundsreserv")),
            each(lambda c: summaries[c].costs + r if (r := reserve(c)) is not None else None))
    # A budget's costs above its income are no result the board decided unless its document
    # printed one (000's "Årets Resultat −8 223", 001's "Resultat"): the board financed them
    # from the equity of earlier years (003: the frame 22 568 868 is the contributions
    # 18 064 868 and the surplus 4 505 000), so the row names the planned use of equity.
    uses_equity = {c for c in columns if c[1] in (Scenario.BUDGET, Scenario.PLAN)
                   and summaries[c].result < 0 and decided(c, TypedMeasure.RESULT)
                   and (c[0], c[1], TypedMeasure.RESULT) not in typed}
    if uses_equity:
        add(str(_("Planned use of equity")),
            each(lambda c: -summaries[c].result if c in uses_equity else None))
    results = {c for c in columns if c not in uses_equity and decided(c, TypedMeasure.RESULT)}
    if results:
        add(str(TypedMeasure.RESULT.label),
            each(lambda c: summaries[c].result if c in results else None))
    if any((c[0], c[1], TypedMeasure.RESULT) in typed for c in columns):
        add(str(_("%(sum)s as the document typed it") % {"sum": TypedMeasure.RESULT.label}),
            each(lambda c: typed.get((c[0], c[1], TypedMeasure.RESULT))))
    unknown_text = str(_("unknown"))
    # Equity unknown in every column would be three rows of "unknown" (001 prints no equity).
    no_equity = set(columns) <= unknown
    if not no_equity:
        add(str(_("Opening equity")),
            each(lambda c: None if c in planned else unknown_text if c in unknown
                 else summaries[c].opening_equity))
        add(str(_("Closing equity")),
            each(lambda c: None if c in planned else unknown_text if c in unknown
                 else summaries[c].closing_equity))
    adjustment = dict(FinanceYear.objects.filter(association=association)
                      .values_list("year", "investment_adjustment"))
    if any(adjustment.get(y) for y, _s in columns):
        add(str(_("Adjustment for investments")),
            each(lambda c: None if c in planned else adjustment.get(c[0]) or ZERO))
        add(str(_("Closing free equity")),
            each(lambda c: None if c in planned
                 else summaries[c].closing_equity + (adjustment.get(c[0]) or ZERO)))
    if not no_equity:
        add(str(_("Economic frame")),
            each(lambda c: None if not decided(c, TypedMeasure.FRAME) else unknown_text
                 if c in unknown else summaries[c].frame))
    if any((c[0], c[1], TypedMeasure.FRAME) in typed for c in columns):
        add(str(_("%(sum)s as the document typed it") % {"sum": TypedMeasure.FRAME.label}),
            each(lambda c: typed.get((c[0], c[1], TypedMeasure.FRAME))))
    esf = {y: f.esf_beside_budget for y, f in typed_years.items()
           if f.esf_beside_budget is not None}
    if any(esf.get(y) for y, s in columns if s == Scenario.BUDGET):
        add(str(_("ESF income beside the budget")),
            each(lambda c: esf.get(c[0]) if c[1] == Scenario.BUDGET else None))
    note = _("No opening equity is typed or carried from a year with figures, so the "
             "equity and the economic frame are not shown.") if no_equity else _(
        "The economic frame is the opening equity plus the year's income.")
    if uses_equity:
        note += " " + _("Planned use of equity: the budget's costs above its income, financed "
                        "from the equity of earlier years (the opening equity) as the board "
                        "decided with the frame; it is not a result of the year.")
    if planned:
        note += " " + _("A plan year shows its lines and their sums: the result, equity and "
                        "frame they would leave were not decided and are left blank.")
    if unknown and not no_equity:
        note += " " + _("An equity marked unknown is neither typed nor carried from a year "
                        "with figures; it is not 0.")
    if typed:
        note += " " + _("The rows \"as the document typed it\" hold the sums the decided "
                        "document printed; where they differ from the sum of the lines, the "
                        "kansli's checks name both.")
    if any(r.get(column_key(*c)) for r in rows for c in columns if c[1] == Scenario.BUDGET
           and r["line"] == str(_("ESF income beside the budget"))):
        note += " " + _("ESF income beside the budget is not part of the economic frame.")
    change = _change_column(year, columns, rows, line_rows)
    return Table(
        title=_("Budget %(year)s and the years around it (kr)") % {"year": year},
        columns=[Column("line", _("Line"))]
        + [Column(k, column_label(*c), "money") for k, c in zip(cols, columns, strict=True)]
        + ([change] if change else []),
        rows=rows, note=note,
    )


def _change_column(year: int, columns: list[tuple[int, str]], rows: list[dict[str, Cell]],
                   line_rows: list[dict[str, Cell]]) -> Column | None:
    """The change from the year before's budget (003 11's "Förändring"), where the table is
    that comparison: the two budgets and no other column, whose reader would otherwise
    subtract each row. A budget line in one year only changes from or to nothing; a sum, or
    a row of words ("unknown"), has a change only where both years have a figure."""
    before, now = (year - 1, Scenario.BUDGET), (year, Scenario.BUDGET)
    if columns != [before, now]:
        return None
    for row in rows:
        a, b = row.get(column_key(*before)), row.get(column_key(*now))
        if any(row is r for r in line_rows) and (a is None) != (b is None):
            a, b = a or ZERO, b or ZERO
        if isinstance(a, Decimal | int) and isinstance(b, Decimal | int):
            row["change"] = Decimal(b) - Decimal(a)
    return Column("change", _("Change %(before)s–%(year)s") % {"before": year - 1,
                                                              "year": year}, "money")


def typed_sums(association: Association, columns: list[tuple[int, str]]) -> TypedSums:
    wanted = set(columns)
    return {(t.year, t.scenario, t.measure): t.amount
            for t in TypedBudgetFigure.objects.filter(
                association=association, year__in={y for y, _s in columns})
            if (t.year, t.scenario) in wanted and t.measure not in STATEMENT_MEASURES
            and not t.line}


def _subtotal_kind(category: str) -> str | None:
    group = GROUP.get(category)
    if group in ("individual", "structural"):
        return TypedMeasure.INTERVENTIONS
    if group == "office":
        return TypedMeasure.OFFICE
    return None


def measure_value(summary: YearSummary, measure: str) -> Decimal:
    parts = summary.distribution
    return {
        TypedMeasure.INCOME: summary.income,
        TypedMeasure.COSTS: summary.costs,
        TypedMeasure.RESULT: summary.result,
        TypedMeasure.INTERVENTIONS: parts["individual"].amount + parts["structural"].amount,
        TypedMeasure.INDIVIDUAL: parts["individual"].amount,
        TypedMeasure.STRUCTURAL: parts["structural"].amount,
        TypedMeasure.OFFICE: parts["office"].amount,
        TypedMeasure.FRAME: summary.frame,
        TypedMeasure.CLOSING_EQUITY: summary.closing_equity,
        TypedMeasure.INDIVIDUAL_SHARE: _printed_share(parts["individual"].amount, summary),
        TypedMeasure.STRUCTURAL_SHARE: _printed_share(parts["structural"].amount, summary),
        TypedMeasure.OFFICE_SHARE: _printed_share(parts["office"].amount, summary),
        TypedMeasure.EQUITY_SHARE: _printed_share(summary.closing_equity, summary),
    }[TypedMeasure(measure)]


SHARES = frozenset({TypedMeasure.INDIVIDUAL_SHARE, TypedMeasure.STRUCTURAL_SHARE,
                    TypedMeasure.OFFICE_SHARE, TypedMeasure.EQUITY_SHARE})


def _printed_share(part: Decimal, summary: YearSummary) -> Decimal:
    """The share in per cent to the two decimals a document prints, rounded half up.

    Rounded each on its own, the shares of 000 table 5 add up to 100,01 %: a document that
    prints 100 must have moved one of them, and that figure is then not the share it names.
    """
    share = percent(part, summary.frame) or ZERO
    return share.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def typed_sum_warnings(columns: list[tuple[int, str]],
                       summaries: dict[tuple[int, str], YearSummary],
                       typed: TypedSums) -> list[str]:
    """A typed sum the lines do not give, with both figures (001: 9 017 against 9 016 tkr)."""
    found: list[tuple[Discrepancy, str]] = []
    for year, scenario, measure in sorted(typed):
        if (year, scenario) not in summaries:
            continue
        d = check(f"{TypedMeasure(measure).label}, {column_label(year, scenario)}",
                  typed[(year, scenario, measure)],
                  measure_value(summaries[(year, scenario)], measure))
        if d is not None:
            found.append((d, measure))
    texts = []
    for d, measure in found:
        if measure in SHARES:
            texts.append(str(_("%(what)s: the document typed %(typed)s %%, its lines give "
                               "%(computed)s %%.") % {
                "what": d.what, "typed": format_number(d.typed, 2),
                "computed": format_number(d.computed, 2)}))
        else:
            texts.append(marked(d, str(_("%(what)s: the document typed %(typed)s kr, its "
                                         "lines give %(computed)s kr.") % {
                "what": d.what, "typed": format_number(d.typed, 0),
                "computed": format_number(d.computed, 0)})))
    return texts


def _sums(lines: list[Line]) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for x in lines:
        sums[x.key] = sums.get(x.key, ZERO) + x.amount
    return sums


# The measures of 000 table 5 per use of the frame: the amount and the share as typed.
_TYPED_USE = {
    "individual": (TypedMeasure.INDIVIDUAL, TypedMeasure.INDIVIDUAL_SHARE),
    "structural": (TypedMeasure.STRUCTURAL, TypedMeasure.STRUCTURAL_SHARE),
    "office": (TypedMeasure.OFFICE, TypedMeasure.OFFICE_SHARE),
    "closing_equity": (TypedMeasure.CLOSING_EQUITY, TypedMeasure.EQUITY_SHARE),
}


def distribution_table(year: int, summary: YearSummary, lines: list[Line] | None = None,
                       labels: Labels | None = None, typed: TypedSums | None = None,
                       free_equity: Decimal | None = None) -> Table:
    """How the economic frame is used (000 table 5); the parts add up to the frame.

    Each kind names the lines it holds, as 000 names the insatser of each kind, and the
    sums and shares the document typed stand in columns of their own beside the computed.
    """
    typed = typed or {}
    names: dict[str, list[str]] = {}
    for x in lines or []:
        if not x.is_income and x.amount:
            name = labels.plain.get(x.key, x.key) if labels is not None else x.key
            names.setdefault(x.group, [])
            if name not in names[x.group]:
                names[x.group].append(name)
    any_typed = any(y == year and s == Scenario.BUDGET for y, s, _m in typed)
    rows: list[dict[str, Cell]] = []
    for group, share in summary.distribution.items():
        if group == "other" and not share.amount:
            continue    # 000 has no such kind; a zero row would only add noise
        row: dict[str, Cell] = {
            "group": str(GROUP_LABELS[group]), "amount": share.amount,
            "share": percent(share.amount, summary.frame),
            "what": ", ".join(sorted(names.get(group, []), key=str.casefold)),
        }
        if group == "closing_equity" and free_equity is not None:
            row["what"] = _("of which free equity %(amount)s kr") % {
                "amount": format_number(free_equity, 0)}
        if group in _TYPED_USE:
            amount_measure, share_measure = _TYPED_USE[group]
            row["typed_amount"] = typed.get((year, Scenario.BUDGET, amount_measure))
            row["typed_share"] = typed.get((year, Scenario.BUDGET, share_measure))
        rows.append(row)
    columns = [Column("group", _("Use")), Column("amount", _("Amount (kr)"), "money"),
               Column("share", _("Share of the frame"), "percent", 2)]
    total: dict[str, Cell] = {"group": _("Economic frame"), "amount": summary.frame,
                              "share": Decimal(100) if summary.frame else None}
    if any_typed:
        columns += [Column("typed_amount", _("Amount as the document typed it (kr)"), "money"),
                    Column("typed_share", _("Share as the document typed it"), "percent", 2)]
        total["typed_amount"] = typed.get((year, Scenario.BUDGET, TypedMeasure.FRAME))
    columns.append(Column("what", _("Of which")))
    return Table(
        title=_("Use of the economic frame %(year)s") % {"year": year},
        columns=columns, rows=rows, total=total,
    )


def per_intervention_table(columns: list[tuple[int, str]],
                           lines: dict[tuple[int, str], list[Line]], labels: Labels,
                           stated: dict[int, list[Line]] | None = None) -> Table:
    """Budget per insats over the years (000 table 6): a row per insats, or per named part of
    one (000's Bron Unga and DEV of Rätt stöd för mig!), and per line of text budgeted as an
    insats, under the two kinds the use of the frame counts (evaluation with the individual,
    communication with the structural, as 000 tables 5 and 6 do); each kind's sum, and the
    total, which is the plan's "Summa aktiviteter/insatser", so every sum is one a reader
    finds elsewhere in the plan.

    `stated`: the lines' earlier budgets the plan states (000's "Budget 2021"), each in a
    column of its year before the budget's, in the rows of the same lines; with no sum, as
    the plan gives none and no budget of that year is held to make one."""
    cols = {c: column_key(*c) for c in columns}
    first = min((y for y, _s in columns), default=None)
    earlier = {y: f for y, f in sorted((stated or {}).items()) if first is None or y < first}
    held_years = {y for y, s in columns if s == Scenario.BUDGET}
    stated_cols = {y: (f"stated_{y}", _("Budget %(year)s as the plan states it") % {"year": y}
                       if y in held_years else column_label(y, Scenario.BUDGET))
                   for y in earlier}
    groups: dict[str, dict[tuple[str, str], dict[str, Cell]]] = {"individual": {},
                                                                  "structural": {}}
    held: dict[str, set[str]] = {"individual": set(), "structural": set()}
    # The kinds beside the insatser in each group (evaluation, communication), named in the
    # group's sum so it is not taken for the sum of the insatser alone the budget prints.
    beside: dict[str, set[str]] = {"individual": set(), "structural": set()}
    for c in columns:
        for x in lines[c]:
            if x.is_income or x.group not in groups:
                continue
            if x.category != x.group:
                beside[x.group].add(str(Category(x.category).label).lower())
            name = labels.plain.get(x.key, x.key)
            label = f"{name} – {x.part}" if x.part else name
            row = groups[x.group].setdefault((x.key, x.part or ""), {"line": label})
            row[cols[c]] = (row.get(cols[c]) or ZERO) + x.amount  # type: ignore[operator]
            held[x.group].add(cols[c])
    for y, found_lines in earlier.items():
        for x in found_lines:
            if x.group not in groups:
                continue
            name = labels.plain.get(x.key, x.key)
            label = f"{name} – {x.part}" if x.part else name
            row = groups[x.group].setdefault((x.key, x.part or ""), {"line": label})
            key = stated_cols[y][0]
            row[key] = (row.get(key) or ZERO) + x.amount  # type: ignore[operator]
    rows: list[dict[str, Cell]] = []
    total: dict[str, Cell] = {"line": str(TypedMeasure.INTERVENTIONS.label)}
    for group, found in groups.items():
        if not found:
            continue
        rows.append({"line": str(GROUP_LABELS[group])})
        ordered = sorted(found.values(), key=lambda r: str(r["line"]).casefold())
        rows += ordered
        kind = str(GROUP_LABELS[group]).lower()
        subtotal: dict[str, Cell] = {"line": (
            _("Total %(category)s and %(others)s") % {
                "category": kind, "others": ", ".join(sorted(beside[group]))}
            if beside[group] else _("Total %(category)s") % {"category": kind})}
        for key in held[group]:
            amount = sum((v for r in ordered if isinstance(v := r.get(key), Decimal)), ZERO)
            subtotal[key] = amount
            total[key] = (total.get(key) or ZERO) + amount  # type: ignore[operator]
        rows.append(subtotal)
    note = (_("%(columns)s: each line's budget as the plan states it; the plan gives no "
              "sum, result or frame of that year, so none is printed.")
            % {"columns": ", ".join(label for _k, label in stated_cols.values())}
            if stated_cols else "")
    return Table(
        title=_("Budget per intervention (kr)"),
        columns=[Column("line", _("Intervention"))]
        + [Column(key, label, "money") for key, label in stated_cols.values()]
        + [Column(cols[c], column_label(*c), "money") for c in columns],
        rows=rows, total=total if rows else None, note=note,
    )


# Budget against outcome


@register("budget-outcome", title=gettext_lazy("Budget against outcome"), area="finance",
          per_intervention=True)
def budget_outcome_report(params: ReportParams) -> Report:
    association, year = params.association, params.year
    labels = Labels()
    budget = lines_for(association, year, Scenario.BUDGET, labels)
    forecast = lines_for(association, year, Scenario.FORECAST, labels)
    outcome = lines_for(association, year, Scenario.OUTCOME, labels)
    if params.intervention is not None:
        slug = params.intervention.slug
        budget, forecast, outcome = ([x for x in ls if x.intervention == slug]
                                     for ls in (budget, forecast, outcome))
    warnings = discrepancy_warnings(association, year)
    mapped = mapped_outcome(association, year)
    if mapped is not None:
        warnings.extend(
            _("Account %(account)s %(name)s (%(amount)s kr) has no mapping rule.")
            % {"account": b.account, "name": b.account_name,
               "amount": format_number(b.amount, 2)}
            for b in mapped.unmapped
        )
    elif not outcome:
        warnings.append(_("No outcome for %(year)s yet.") % {"year": year})
    income_keys = {x.key for x in [*budget, *forecast, *outcome] if x.is_income}
    categories = {x.key: x.category for x in [*budget, *forecast, *outcome]}
    rows_by_key = {r.key: r for r in compare(budget, outcome, forecast if forecast else None)}
    ordered = sort_keys(list(rows_by_key), categories, labels)
    table_rows: list[dict[str, Cell]] = []
    data_rows = []
    for section, keys in ((_("Income"), [k for k in ordered if k in income_keys]),
                          (_("Costs"), [k for k in ordered if k not in income_keys])):
        table_rows.append({"line": str(section)})
        for key in keys:
            r = rows_by_key[key]
            table_rows.append({"line": labels[key], "budget": r.budget,
                               "forecast": r.forecast, "outcome": r.outcome,
                               "difference": r.difference,
                               "used": r.used * HUNDRED if r.used is not None else None})
            data_rows.append({"line": key, "label": labels[key], "budget": r.budget,
                              "forecast": r.forecast, "outcome": r.outcome,
                              "difference": r.difference, "used": r.used})
        total = _section_total([rows_by_key[k] for k in keys], section)
        table_rows.append(total)
    b_sum, o_sum = summarize(budget, ZERO), summarize(outcome, ZERO)
    table_rows.append({"line": str(_("Result of the year")), "budget": b_sum.result,
                       "outcome": o_sum.result, "difference": b_sum.result - o_sum.result})
    columns = [
        Column("line", _("Line")), Column("budget", _("Budget (kr)"), "money"),
        Column("forecast", _("Forecast (kr)"), "money"),
        Column("outcome", _("Outcome (kr)"), "money"),
        Column("difference", _("Budget − outcome (kr)"), "money"),
        Column("used", _("Used"), "percent", 1),
    ]
    if not forecast:
        columns = [c for c in columns if c.key != "forecast"]
    table = Table(title=_("Budget against outcome %(year)s") % {"year": year},
                  columns=columns, rows=table_rows)
    data = {"association": association.slug, "year": year, "lines": data_rows,
            "result": {"budget": b_sum.result, "outcome": o_sum.result}}
    report = _report(params, "budget-outcome", str(_("Budget against outcome")), [table], data,
                     warnings)
    report.charts.append(_budget_outcome_chart(budget, outcome))
    return report


def _budget_outcome_chart(budget: list[Line], outcome: list[Line]) -> Any:
    def by_group(lines: list[Line]) -> dict[str, Decimal]:
        sums: dict[str, Decimal] = {}
        for x in lines:
            sums[x.group] = sums.get(x.group, ZERO) + x.amount
        return sums

    b, o = by_group(budget), by_group(outcome)
    groups = [g for g in ("income", "individual", "structural", "office", "other")
              if g in b or g in o]
    return grouped(str(_("Budget and outcome by kind (kr)")),
                   [(str(GROUP_LABELS[g]), [(str(_("Budget")), b.get(g, ZERO)),
                                            (str(_("Outcome")), o.get(g, ZERO))])
                    for g in groups])


def _section_total(rows: list[Any], section: Any) -> dict[str, Cell]:
    budget = sum((r.budget for r in rows), ZERO)
    outcome = sum((r.outcome for r in rows), ZERO)
    forecasts = [r.forecast for r in rows if r.forecast is not None]
    return {"line": _("Total %(section)s") % {"section": str(section).lower()},
            "budget": budget, "outcome": outcome,
            "forecast": sum(forecasts, ZERO) if forecasts else None,
            "difference": budget - outcome, "used": percent(outcome, budget)}


# Financial statements (002 sections 3–6)


def _money_row(label: str, note: str, now: Decimal | None,
               before: Decimal | None) -> dict[str, Cell]:
    return {"line": label, "note": note, "current": now, "previous": before}


def _statement_columns(year: int, previous: bool, *, dates: bool = False) -> list[Column]:
    columns = [Column("line", _("Amounts in kr")), Column("note", _("Note"))]
    now = f"{year}-12-31" if dates else str(year)
    columns.append(Column("current", now, "money"))
    if previous:
        columns.append(Column("previous", f"{year - 1}-12-31" if dates else str(year - 1),
                              "money"))
    return columns


def _pair(found: Any, pick: Any) -> tuple[Decimal | None, Decimal | None]:
    return pick(found.current), (pick(found.previous) if found.previous else None)


def income_statement_table(found: Any) -> Table:
    rows: list[dict[str, Cell]] = []

    def add(label: str, note: str, pick: Any) -> None:
        rows.append(_money_row(label, note, *_pair(found, pick)))

    add(_("Operating income"), "2", lambda y: y.income)
    add(_("Operating costs"), "3, 4", lambda y: -y.costs)
    add(_("Depreciation"), "5", lambda y: -y.depreciation)
    add(_("Net operating cost"), "", lambda y: y.net_operating_cost)
    add(_("Financial income"), "", lambda y: y.financial_income)
    add(_("Financial costs"), "", lambda y: -y.financial_cost)
    add(_("Result after financial items"), "", lambda y: y.result_after_financial_items)
    add(_("Extraordinary items"), "", lambda y: y.extraordinary)
    if found.current.unmapped_result or (found.previous and found.previous.unmapped_result):
        add(_("Accounts without a statement line"), "", lambda y: y.unmapped_result)
    return Table(
        title=_("Income statement"), columns=_statement_columns(found.year, bool(found.previous)),
        rows=rows, total=_money_row(_("The year's result"), "", *_pair(found, lambda y: y.result)),
        section=_("Income statement"),
    )


def balance_sheet_table(found: Any, typed: dict[str, Decimal] | None = None) -> Table:
    rows: list[dict[str, Cell]] = []

    def add(label: str, note: str, pick: Any) -> None:
        rows.append(_money_row(label, note, *_pair(found, pick)))

    def heading(label: str) -> None:
        rows.append({"line": label})

    heading(_("Assets"))
    heading(_("Fixed assets"))
    add(_("Machinery and equipment"), "5", lambda y: y.fixed_assets)
    add(_("Total fixed assets"), "", lambda y: y.fixed_assets)
    heading(_("Current assets"))
    add(_("Receivables"), "6", lambda y: y.receivables)
    add(_("Cash and bank"), "", lambda y: y.cash)
    if found.current.unmapped_balance or (found.previous and found.previous.unmapped_balance):
        add(_("Accounts without a statement line"), "", lambda y: y.unmapped_balance)
    add(_("Total current assets"), "",
        lambda y: y.receivables + y.cash + y.unmapped_balance)
    add(_("Total assets"), "", lambda y: y.total_assets)
    heading(_("Equity, provisions and liabilities"))
    heading(_("Equity"))
    add(_("The year's result"), "", lambda y: y.result)
    add(_("Other equity"), "", lambda y: y.other_equity)
    add(_("Total equity"), "", lambda y: y.equity)
    heading(_("Provisions"))
    add(_("Provisions for pensions"), "", lambda y: y.provisions)
    heading(_("Liabilities"))
    add(_("Long-term liabilities"), "", lambda y: y.long_term_liabilities)
    add(_("Current liabilities"), "7", lambda y: y.current_liabilities)
    table = Table(
        title=_("Balance sheet"),
        columns=_statement_columns(found.year, bool(found.previous), dates=True), rows=rows,
        total=_money_row(_("Total equity, provisions and liabilities"), "",
                         *_pair(found, lambda y: y.total_equity_and_liabilities)),
        section=_("Balance sheet"),
    )
    _typed_column(table, found.year, typed or {}, {
        str(_("Machinery and equipment")): TypedMeasure.BALANCE_FIXED_ASSETS,
        str(_("Total fixed assets")): TypedMeasure.BALANCE_FIXED_ASSETS,
        str(_("Total assets")): TypedMeasure.BALANCE_TOTAL_ASSETS,
        str(_("Other equity")): TypedMeasure.BALANCE_OTHER_EQUITY,
        str(_("Total equity, provisions and liabilities")): TypedMeasure.BALANCE_TOTAL_CLAIMS,
    })
    return table


# The statement lines a document's typed figure is checked against, and where they are shown.
STATEMENT_MEASURES: dict[str, tuple[str, Callable[[Any], Decimal]]] = {
    TypedMeasure.CASH_RECEIVABLES: ("cash_flow", lambda y: y.change_in_receivables),
    TypedMeasure.CASH_LIABILITIES: ("cash_flow", lambda y: y.change_in_current_liabilities),
    TypedMeasure.CASH_OPERATING: ("cash_flow", lambda y: y.operating_cash_flow),
    TypedMeasure.CASH_INVESTING: ("cash_flow", lambda y: y.investing_cash_flow),
    TypedMeasure.NOTE_INTERVENTIONS: ("note_3", lambda y: y.costs_by_kind["cost_interventions"]),
    TypedMeasure.NOTE_OTHER: ("note_3", lambda y: y.costs_by_kind["cost_other"]
                              + y.costs_by_kind["cost_audit"]),
    TypedMeasure.BALANCE_FIXED_ASSETS: ("balance_sheet", lambda y: y.fixed_assets),
    TypedMeasure.BALANCE_TOTAL_ASSETS: ("balance_sheet", lambda y: y.total_assets),
    TypedMeasure.BALANCE_OTHER_EQUITY: ("balance_sheet", lambda y: y.other_equity),
    TypedMeasure.BALANCE_TOTAL_CLAIMS: ("balance_sheet",
                                        lambda y: y.total_equity_and_liabilities),
}


def typed_line_warnings(year: int, figures: Any, typed: dict[str, Decimal]) -> list[str]:
    """A statement line the document printed otherwise than its own books give (002 5, Not 3)."""
    texts = []
    for measure, (_where, pick) in STATEMENT_MEASURES.items():
        d = check(f"{TypedMeasure(measure).label} {year}", typed.get(measure), pick(figures))
        if d is not None:
            texts.append(marked(d, str(_("%(what)s: the document typed %(typed)s kr, its own "
                                         "balance sheets and lines give %(computed)s kr.") % {
                "what": d.what, "typed": format_number(d.typed, 0),
                "computed": format_number(d.computed, 0)})))
    return texts


def _typed_column(table: Table, year: int, typed: dict[str, Decimal],
                  rows: dict[str, str], before: dict[str, Decimal] | None = None) -> None:
    """The figures the document typed, in a column beside each year's computed ones."""
    columns = list(table.columns)   # the notes share one list of columns
    for key, figures, label in (("previous", before or {}, year - 1), ("current", typed, year)):
        if key not in [c.key for c in columns] or not any(m in figures for m in rows.values()):
            continue
        # The total row too: 002 4 types its "Summa eget kapital, avsättningar och skulder".
        for row in [*table.rows, *([table.total] if table.total else [])]:
            measure = rows.get(str(row.get("line")))
            row[f"typed_{key}"] = figures.get(measure) if measure else None
        columns.insert([c.key for c in columns].index(key) + 1,
                       Column(f"typed_{key}", _("%(year)s as the document typed it")
                              % {"year": label}, "money"))
    table.columns = columns


def cash_flow_table(found: Any, typed: dict[str, Decimal] | None = None,
                    before: dict[str, Decimal] | None = None) -> Table:
    rows: list[dict[str, Cell]] = []

    def add(label: str, pick: Any) -> None:
        rows.append(_money_row(label, "", *_pair(found, pick)))

    add(_("The year's result"), lambda y: y.result)
    add(_("Adjustment for items not affecting liquidity"), lambda y: y.non_cash_adjustments)
    add(_("Funds from operations before changes in working capital"),
        lambda y: y.result + y.non_cash_adjustments)
    add(_("Increase/decrease in current receivables"), lambda y: y.change_in_receivables)
    add(_("Increase/decrease in current liabilities"),
        lambda y: y.change_in_current_liabilities)
    add(_("Cash flow from operating activities"), lambda y: y.operating_cash_flow)
    add(_("Cash flow from investing activities"), lambda y: y.investing_cash_flow)
    add(_("Cash flow from financing activities"), lambda y: y.financing_cash_flow)
    add(_("The year's cash flow"), lambda y: y.cash_flow)
    add(_("Liquid funds at the start of the year"), lambda y: y.opening_cash)
    table = Table(
        title=_("Cash flow statement"),
        columns=_statement_columns(found.year, bool(found.previous), dates=True), rows=rows,
        total=_money_row(_("Liquid funds at the end of the year"), "",
                         *_pair(found, lambda y: y.closing_cash)),
        note=_("The indirect method: the result adjusted for every change of the balance sheet "
               "but cash."),
        section=_("Cash flow statement"),
    )
    _typed_column(table, found.year, typed or {}, {
        str(_("Increase/decrease in current receivables")): TypedMeasure.CASH_RECEIVABLES,
        str(_("Increase/decrease in current liabilities")): TypedMeasure.CASH_LIABILITIES,
        str(_("Cash flow from operating activities")): TypedMeasure.CASH_OPERATING,
        str(_("Cash flow from investing activities")): TypedMeasure.CASH_INVESTING,
    }, before)
    return table


def _account_note(found: Any, title: str, pick: Any) -> Table:
    now = {a.account: a for a in pick(found.current)}
    before = {a.account: a for a in pick(found.previous)} if found.previous else {}
    rows = [
        _money_row(f"{(now.get(k) or before[k]).account} {(now.get(k) or before[k]).name}"
                   .strip(), "", now[k].amount if k in now else ZERO,
                   (before[k].amount if k in before else ZERO) if found.previous else None)
        for k in sorted(set(now) | set(before))
    ]
    for row in rows:
        row.pop("note")
    columns = [c for c in _statement_columns(found.year, bool(found.previous)) if c.key != "note"]
    return Table(title=title, columns=columns, rows=rows, total={
        "line": _("Total"), "current": sum((a.amount for a in now.values()), ZERO),
        "previous": sum((a.amount for a in before.values()), ZERO) if found.previous else None,
    })


def notes_tables(found: Any, typed: dict[str, Decimal] | None = None) -> list[Table]:
    columns = [c for c in _statement_columns(found.year, bool(found.previous)) if c.key != "note"]
    income = _account_note(found, _("Note 2. Operating income"), lambda y: y.income_accounts)
    income.section = _("Notes")
    kinds = [
        ("cost_interventions", _("Interventions")),
        ("cost_personnel", _("Personnel costs, board and office")),
        ("cost_premises", _("Premises")),
    ]
    costs_rows: list[dict[str, Cell]] = [
        {"line": label, **dict(zip(("current", "previous"),
                                   _pair(found, lambda y, k=kind: y.costs_by_kind[k]),
                                   strict=True))}
        for kind, label in kinds
    ]
    costs_rows.append({"line": _("Other costs"), **dict(zip(
        ("current", "previous"),
        _pair(found, lambda y: y.costs_by_kind["cost_other"] + y.costs_by_kind["cost_audit"]),
        strict=True))})
    costs = Table(title=_("Note 3. Operating costs"), columns=columns, rows=costs_rows,
                  total={"line": _("Total"), **dict(zip(("current", "previous"),
                                                         _pair(found, lambda y: y.costs),
                                                         strict=True))})
    _typed_column(costs, found.year, typed or {}, {
        str(_("Interventions")): TypedMeasure.NOTE_INTERVENTIONS,
        str(_("Other costs")): TypedMeasure.NOTE_OTHER,
    })
    audit_now, audit_before = _pair(found, lambda y: y.costs_by_kind["cost_audit"])
    audit = Table(title=_("Note 4. Audit"), columns=columns,
                  rows=[{"line": _("Cost of the audit of the accounts"), "current": audit_now,
                         "previous": audit_before}],
                  total={"line": _("Total"), "current": audit_now, "previous": audit_before})
    asset_rows: list[dict[str, Cell]] = []
    for label, pick in (
        (_("Opening acquisition value"), lambda y: y.opening_acquisition),
        (_("Purchases"), lambda y: y.purchases),
        (_("Sales and disposals"), lambda y: y.disposals),
        (_("Closing acquisition value"), lambda y: y.closing_acquisition),
        (_("Opening accumulated depreciation"), lambda y: y.opening_accumulated_depreciation),
        (_("The year's depreciation"), lambda y: y.year_depreciation),
        (_("Closing accumulated depreciation"), lambda y: y.closing_accumulated_depreciation),
    ):
        now, before = _pair(found, pick)
        asset_rows.append({"line": label, "current": now, "previous": before})
    fixed = Table(title=_("Note 5. Fixed assets"), columns=columns, rows=asset_rows,
                  total={"line": _("Closing book value"),
                         **dict(zip(("current", "previous"), _pair(found, lambda y: y.book_value),
                                    strict=True))})
    receivables = _account_note(found, _("Note 6. Receivables"),
                                lambda y: y.receivable_accounts)
    liabilities = _account_note(found, _("Note 7. Current liabilities and prepaid income"),
                                lambda y: y.liability_accounts)
    return [income, costs, audit, fixed, receivables, liabilities]


def key_ratios_table(found: Any) -> Table:
    columns = [Column("line", _("Key ratio")), Column("current", str(found.year), "money")]
    rows: list[dict[str, Cell]] = [
        {"line": _("The year's result"), "current": found.current.result},
        {"line": _("Budgeted result"), "current": found.budget_result},
        {"line": _("Result against budget"), "current": found.result_against_budget},
        {"line": _("Equity"), "current": found.current.equity},
    ]
    solidity = found.current.solidity
    note = _("Solidity (equity as a share of total assets): %(solidity)s. ") % {
        "solidity": "–" if solidity is None else f"{format_number(solidity, 0)} %"}
    note += (_("The balance requirement is met: the result is not negative.")
             if found.balance_requirement_met else
             _("The balance requirement is not met: the result is negative."))
    return Table(title=_("Key ratios %(year)s") % {"year": found.year}, columns=columns,
                 rows=rows, note=note)


def five_year_table(association: Association, year: int) -> Table:
    """The economy over five years as 002 2.1.2 shows it: from the books where they are
    imported, else the figures the board adopted, as typed."""
    years = list(range(year, year - 5, -1))
    adopted = {f.year: f for f in FinanceYear.objects.filter(association=association,
                                                             year__in=years)}
    values: dict[int, dict[str, Cell]] = {}
    for y in years:
        found = statements_for(association, y)
        typed = adopted.get(y)
        if found is not None:
            now = found.current
            values[y] = {"income": now.income, "costs": now.income - now.result,
                         "result": now.result, "equity": now.equity,
                         "solidity": now.solidity}
        elif typed is not None:
            values[y] = {"income": typed.adopted_income, "costs": typed.adopted_costs,
                         "result": typed.adopted_result, "equity": typed.adopted_equity,
                         "solidity": typed.adopted_solidity}
        else:
            values[y] = {}
        values[y]["employees"] = typed.employees if typed else None
    shown = [y for y in years if any(v is not None for v in values[y].values())]
    lines = [("income", _("Operating income"), "money"),
             ("costs", _("Operating costs"), "money"), ("result", _("The year's result"), "money"),
             ("equity", _("Equity"), "money"), ("solidity", _("Solidity (%)"), "int"),
             ("employees", _("Employees"), "int")]
    rows: list[dict[str, Cell]] = [
        {"line": label, **{f"y{y}": (round(value) if isinstance(value, Decimal)
                                     and kind == "int" else value)
                           for y in shown
                           if (value := values[y].get(key)) is not None}}
        for key, label, kind in lines
    ]
    note = _("Costs are income less the result, financial items and depreciation included. "
             "Years without imported bookkeeping show the figures the board adopted, as "
             "typed.")
    for text in five_year_warnings(association, years, values):
        note += " " + text
    return Table(
        title=_("The economy compared with earlier years"),
        columns=[Column("line", _("Amounts in kr"))]
        + [Column(f"y{y}", str(y), "money") for y in shown],
        rows=rows,
        note=note,
    )


def five_year_warnings(association: Association, years: list[int],
                       values: dict[int, dict[str, Cell]] | None = None) -> list[str]:
    """A year's result the document typed otherwise than its adopted statements give (002
    2.1.2 types 2021's 264 497 as 264 479): the table keeps the adopted figure, and this
    names both, in the table's note and in the kansli's checks."""
    if values is None:
        values = {y: {"result": found.current.result}
                  for y in years if (found := statements_for(association, y)) is not None}
    texts = []
    for t in TypedBudgetFigure.objects.filter(association=association, year__in=years,
                                              scenario=Scenario.OUTCOME,
                                              measure=TypedMeasure.RESULT).order_by("-year"):
        adopted = values.get(t.year, {}).get("result")
        if not isinstance(adopted, Decimal) or adopted == t.amount:
            continue
        texts.append(marked(Discrepancy(str(t.year), t.amount, adopted), str(_(
            "The year's result %(year)s: the document typed %(typed)s kr, the adopted "
            "income statement gives %(computed)s kr; the table shows the adopted figure.") % {
            "year": t.year, "typed": format_number(t.amount, 0),
            "computed": format_number(adopted, 0)})))
    return texts


def statement_warnings(found: Any) -> list[str]:
    warnings: list[str] = []
    for year, statement in ((found.year, found.current), (found.year - 1, found.previous)):
        if statement is None:
            continue
        if statement.balance_difference:
            warnings.append(_(
                "The balance sheet %(year)s does not balance: assets exceed equity and "
                "liabilities by %(difference)s kr; the file's #IB/#UB and vouchers disagree."
            ) % {"year": year, "difference": format_number(statement.balance_difference, 2)})
    if found.unmapped:
        warnings.append(_("Accounts without a statement line: %(accounts)s.") % {
            "accounts": ", ".join(f"{a.account} {a.name}".strip() for a in found.unmapped)})
    return warnings


@register("financial-statements", title=gettext_lazy("Financial statements"), area="finance")
def financial_statements_report(params: ReportParams) -> Report:
    association = params.association
    found = statements_for(association, params.year)
    title = str(_("Financial statements %(year)s") % {"year": params.year})
    if found is None:
        return _report(params, "financial-statements", title, [], {"year": params.year},
                       [_("No bookkeeping is imported for %(year)s.") % {"year": params.year}])
    typed, before = ({t.measure: t.amount for t in TypedBudgetFigure.objects.filter(
        association=association, year=y, scenario=Scenario.OUTCOME, line="")}
        for y in (params.year, params.year - 1))
    balance = balance_sheet_table(found, typed)
    balance.footer = [contingent_row(association, found)]
    if NO_FIGURE in balance.footer[0].values():
        balance.note = _("Contingent liabilities –: not stated for the year; they are typed "
                         "under Equity and decided figures.")
    tables = [income_statement_table(found), balance,
              cash_flow_table(found, typed, before), *notes_tables(found, typed),
              key_ratios_table(found), five_year_table(association, params.year)]
    # Worded as every other typed figure is, so the annual report shows each difference once.
    warnings = [discrepancy_text(d) for d in adopted_discrepancies(association, params.year)]
    warnings += typed_line_warnings(found.year, found.current, typed)
    if found.previous:
        warnings += typed_line_warnings(found.year - 1, found.previous, before)
    warnings += statement_warnings(found)
    warnings += five_year_warnings(association, list(range(params.year, params.year - 5, -1)))
    data = {
        "year": params.year,
        "result": f"{found.current.result:.2f}",
        "equity": f"{found.current.equity:.2f}",
        "total_assets": f"{found.current.total_assets:.2f}",
        "balance_difference": f"{found.current.balance_difference:.2f}",
        "unmapped": [a.account for a in found.unmapped],
        "adopted_disagreements": [c.what for c in found.disagreements],
    }
    return _report(params, "financial-statements", title, tables, data, warnings)


# The statements close a whole year: the half-year report leaves them out.
financial_statements_report.whole_year_only = True  # type: ignore[attr-defined]


def contingent_row(association: Association, found: Any) -> dict[str, Cell]:
    """Ansvarsförbindelser under the balance sheet (002 4): typed per year, as the books hold
    no line for them; a year without the figure shows "–", not 0."""
    typed = dict(FinanceYear.objects.filter(association=association,
                                            year__in=[found.year, found.year - 1])
                 .values_list("year", "contingent_liabilities"))

    def value(year: int) -> Cell:
        amount = typed.get(year)
        return NO_FIGURE if amount is None else amount

    return {"_key": "contingent", "line": _("Contingent liabilities"), "note": "",
            "current": value(found.year),
            "previous": value(found.year - 1) if found.previous else None}


def financial_statements_part() -> tuple[str, Callable[[ReportParams], Report]]:
    """The annual report's part for the statements, titled in this app's catalogue."""
    return _("Financial statements"), financial_statements_report
