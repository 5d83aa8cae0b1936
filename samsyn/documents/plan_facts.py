"""Parts of the business plan that print what the plan states rather than what the records
count: the possible target groups' sizes from public statistics (000 Tabell 1), the projects
financed from outside the frame (000 9), the budget's history with the allocation model (000
"Budget") and the insatser described in the plan's words (001). A förbund that holds none of
them gets no such part: a plan prints no empty section."""

import datetime as dt

from django.utils import dateformat
from django.utils.translation import gettext as _

from samsyn.finance.models import BudgetHistoryFigure
from samsyn.interventions.models import PlanYear, TargetGroupStatistic, running_in
from samsyn.reports.document import NO_FIGURE, Cell, Column, Report, ReportParams, Table


def _report(params: ReportParams, kind: str, tables: list[Table], **data: object) -> Report:
    return Report(kind=kind, title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, counts_people=False, data=dict(data))


def target_group_statistics(params: ReportParams) -> Report:
    """000 Tabell 1: each group with its number of people, the shares of women and men where
    the source gives them, and the source. Public statistics, not register counts, so they
    are printed as the sources give them, with no suppression (docs/participants.md)."""
    held = TargetGroupStatistic.objects.filter(plan__association=params.association,
                                               plan__year=params.year)
    rows: list[dict[str, Cell]] = [
        {"_key": f"s{s.pk}", "group": s.group, "count": s.count, "women": s.women_percent,
         "men": s.men_percent, "source": s.source} for s in held]
    if not rows:
        return _report(params, "target-group-statistics", [])
    table = Table(
        title=_("Possible target groups: number of people and source"),
        columns=[Column("group", _("Target group")), Column("count", _("Number"), "int"),
                 Column("women", _("Women"), "percent", 0),
                 Column("men", _("Men"), "percent", 0), Column("source", _("Source"))],
        rows=rows,
        note=_("The same person is often in several target groups. The figures are the "
               "sources' public statistics, not counts of the förbund's register."))
    return _report(params, "target-group-statistics", [table], groups=len(rows))


def _months(start: dt.date | None, end: dt.date | None) -> str:
    shown = [dateformat.format(d, "F Y") for d in (start, end) if d is not None]
    if start is not None and end is None:
        return _("from %(month)s") % {"month": shown[0]}
    if start is None and end is not None:
        return _("until %(month)s") % {"month": shown[0]}
    return " – ".join(shown)


def external_financing(params: ReportParams) -> Report:
    """000 9: the insatser run as projects financed from outside the förbund (ESF), with
    what was granted for the whole project, by whom and for which period; only those
    running some day of the plan's year."""
    held = (params.association.interventions
            .exclude(external_financier="").filter(start__year__lte=params.year)
            .exclude(end__year__lt=params.year).order_by("name"))
    rows: list[dict[str, Cell]] = [
        {"_key": f"i{i.pk}", "intervention": i.name, "financier": i.external_financier,
         "period": _months(i.external_start, i.external_end),
         # A project whose plan names its financier but no sum (000's MIA Vidare).
         "amount": i.external_amount if i.external_amount is not None else NO_FIGURE}
        for i in held]
    if not rows:
        return _report(params, "external-financing", [])
    table = Table(
        title=_("Projects financed from outside the förbund"),
        columns=[Column("intervention", _("Intervention")),
                 Column("financier", _("Financier")), Column("period", _("Project period")),
                 Column("amount", _("Granted for the whole period (kr)"), "money")],
        rows=rows,
        note=_("The projects' total financing for their whole period, as granted or budgeted "
               "(– where the plan gives no sum); not a line of the förbund's budget for the "
               "year."))
    return _report(params, "external-financing", [table], projects=len(rows))


def budget_history(params: ReportParams) -> Report:
    """000 "Budget": the figures of the budget's history and of the allocation model that
    the plan of the year states, in the plan's order."""
    # A line's earlier budget is printed in the budget per insats (000 Tabell 6), not here.
    held = BudgetHistoryFigure.objects.filter(association=params.association,
                                              stated_in=params.year, category="")
    rows: list[dict[str, Cell]] = [
        {"_key": f"h{f.pk}", "year": str(f.year), "text": f.text, "amount": f.amount}
        for f in held]
    if not rows:
        return _report(params, "budget-history", [])
    table = Table(
        title=_("The budget over the years and the allocation model"),
        columns=[Column("year", _("Year")), Column("text", _("What the figure is")),
                 Column("amount", _("Amount (kr)"), "money")],
        rows=rows,
        note=_("As the plan states them: earlier years' budgets and the allocation model's "
               "figures, not budget lines of the year."))
    return _report(params, "budget-history", [table], figures=len(rows))


def intervention_descriptions(params: ReportParams) -> Report:
    """Each insats running in the plan's year, in the words its description holds (001's
    "Myndighetsgemensamt team", "ESF-projekt Lumena och Conecto", …), each under its name as
    001 gives each a heading of its own; insatser described by the same text share one, as
    001 describes its three teams in one section. Only in a plan that chooses to describe
    its insatser: a description is today's text, and a plan of another year that never
    described them would print words written later (an annual report's) as if decided then.

    Each is a table of no columns whose note is the text: the numbered outline gives it its
    heading and the text prints as a paragraph under it, not as a cell of a table."""
    if not PlanYear.objects.filter(association=params.association, year=params.year,
                                   describes_interventions=True).exists():
        return _report(params, "intervention-descriptions", [])
    held = running_in(params.association.interventions.exclude(description=""),
                      params.year).order_by("kind", "name")
    by_text: dict[str, list[str]] = {}
    for intervention in held:
        by_text.setdefault(intervention.description.strip(), []).append(intervention.name)
    tables = [Table(title=", ".join(names), columns=[], rows=[], note=text,
                    key=f"intervention-descriptions.{n}")
              for n, (text, names) in enumerate(by_text.items())]
    return _report(params, "intervention-descriptions", tables, interventions=len(tables))
