"""Uppföljning Finsam: exactly what the national follow-up asks of a förbund, in its order.

Tilldelade medel (the members' contributions for the year), eget kapital (closing equity),
budget and outcome of the administration; then per insats its inriktning, målgrupp,
follow-up method and ESF funding, budget and outcome, the budgeted number of participants and
the new participants of the year by legal gender, those without a recorded legal gender
counted apart; and the participants of the structural insatser.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.documents.builders import year_summary
from samsyn.finance.budget import Line
from samsyn.finance.categories import Category, Scenario
from samsyn.finance.models import ContributionYear
from samsyn.finance.queries import has_lines, lines_for
from samsyn.interventions.models import InterventionKind, running_in
from samsyn.participants import metrics, queries, services
from samsyn.participants.reports import ALL, published_key, suppressed_year
from samsyn.periods.services import late_change_notes
from samsyn.publication.suppression import HIDDEN, grid_constraints, suppress
from samsyn.reports.document import Cell, Column, Report, ReportParams, Table
from samsyn.reports.registry import register

GENDERS = ("kvinna", "man", "ej_angett")
OFFICE = "office"


def _sum(lines: list[Line], pick: Any) -> Decimal | None:
    """The sum of the lines picked; None where no line is (nothing given is not 0 kr)."""
    picked = [line.amount for line in lines if pick(line)]
    return sum(picked, Decimal(0)) if picked else None


def _closing_equity(params: ReportParams) -> Decimal | None:
    summary = year_summary(params.association, params.year)
    return summary["equity"] if summary else None


def _allocated(params: ReportParams, budget: list[Line]) -> Decimal | None:
    decided = ContributionYear.objects.filter(association=params.association,
                                              year=params.year).first()
    if decided is not None:
        return decided.total
    contributions = [line for line in budget if line.category == Category.CONTRIBUTION]
    return _sum(contributions, lambda line: True)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _hidden(params: ReportParams, values: dict[Any, int], slugs: list[str],
            threshold: int) -> set[Any]:
    """The new participants of the year by gender, hidden as the participants report's year
    hides the same counts (participants.reports.suppressed_year, audited over every view of
    the year): published apart, a different pattern of the same cells would let a reader of
    both put them together. A count not in that report (an insats it does not list, or a
    total of other insatser) is hidden, and the per-line rules complete the table."""
    hidden_there = suppressed_year(params).main[published_key(params)]
    exact = queries.figures_for(params.scope, metrics.Period(params.start, params.end)).per
    start: set[Any] = set()
    for (row, gender), value in values.items():
        main_row = ALL if row == "*" else row
        key = ("new_total", main_row) if gender == "total" else ("new", main_row, gender)
        figures = exact.get(main_row)
        same = figures is not None and int(figures.new[gender]) == value
        if key in hidden_there or (not same and value):
            start.add((row, gender))
    # A cell hidden here is a small count to the per-line rules, so its partners go with it.
    lines = grid_constraints(slugs, GENDERS, lambda r, c: (r, c), lambda r: (r, "total"),
                             lambda c: ("*", c), ("*", "total"))
    return start | suppress({k: 1 if k in start else v for k, v in values.items()}, lines,
                            threshold, totals=[k for k in values if k[0] == "*" or k[1] == "total"])


@register("uppfoljning-finsam", title=gettext_lazy("Uppföljning Finsam"))
def uppfoljning_report(params: ReportParams) -> Report:
    association, year = params.association, params.year
    threshold = association.suppression_threshold
    budget = lines_for(association, year, Scenario.BUDGET)
    has_outcome = has_lines(association, year, Scenario.OUTCOME)
    outcome = lines_for(association, year, Scenario.OUTCOME) if has_outcome else []
    interventions = sorted(running_in(params.interventions(), year),
                           key=lambda i: (i.kind != InterventionKind.INDIVIDUAL, i.name))
    records = services.records(association, params.start, params.end, params.interventions())
    new = {i.slug: metrics.by_gender(r for r in records if r.intervention == i.slug
                                     and metrics.is_new(r, metrics.Period(params.start,
                                                                          params.end)))
           for i in interventions}
    slugs = [i.slug for i in interventions]
    values: dict[Any, int] = {}
    for s in slugs:
        for g in (*GENDERS, "total"):
            values[(s, g)] = new[s][g]
    for g in (*GENDERS, "total"):
        values[("*", g)] = sum(new[s][g] for s in slugs)
    hidden: set[Any] = set()
    if params.publish:
        hidden = _hidden(params, values, slugs, threshold)

    def count(key: Any) -> int | str:
        return HIDDEN if key in hidden else values[key]

    administration = {
        "allocated_funds": _money(_allocated(params, budget)),
        "equity": _money(_closing_equity(params)),
        "budget": _money(_sum(budget, lambda line: line.group == OFFICE)),
        "outcome": _money(_sum(outcome, lambda line: line.group == OFFICE)),
    }
    entries = []
    for i in interventions:
        mine = [line for line in budget if line.intervention == i.slug and not line.is_income]
        done = [line for line in outcome if line.intervention == i.slug and not line.is_income]
        entries.append({
            "intervention": i.slug, "name": i.name, "kind": i.kind,
            "target_group": i.target_group_text or ", ".join(
                t.name for t in i.target_groups.all()),
            "followup_method": i.followup_method, "esf_funded": i.esf_funded,
            "budget": _money(_sum(mine, lambda line: True)),
            "outcome": _money(_sum(done, lambda line: True)),
            "budgeted_participants": i.budgeted_participants,
            "new_participants": {g: count((i.slug, g)) for g in (*GENDERS, "total")},
        })
    structural = [e for e in entries if e["kind"] == InterventionKind.STRUCTURAL]
    structural_total = sum(new[e["intervention"]]["total"] for e in structural)
    structural_hidden = params.publish and 0 < structural_total < threshold
    data = {
        "association": association.slug, "year": year, "administration": administration,
        "interventions": entries,
        "structural_participants": HIDDEN if structural_hidden else structural_total,
        "later_changes": late_change_notes(association, params.start, params.end),
    }
    report = Report(
        kind="uppfoljning-finsam", title=str(_("Uppföljning Finsam %(year)s") % {"year": year}),
        association=association.slug, association_name=association.name,
        period_start=params.start, period_end=params.end, data=data,
        tables=_tables(administration, interventions, entries, data),
        warnings=list(data["later_changes"]),
    )
    unstated = values[("*", "ej_angett")]
    if unstated:
        report.warnings.append(
            _("%(n)s new participants have no recorded legal gender; they are counted apart "
              "as “not stated”.") % {"n": count(("*", "ej_angett"))})
    if not has_outcome:
        report.warnings.append(_("No outcome for %(year)s yet.") % {"year": year})
    return report


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _tables(administration: dict[str, Any], interventions: list[Any],
            entries: list[dict[str, Any]], data: dict[str, Any]) -> list[Table]:
    admin_rows: list[dict[str, Cell]] = [
        {"what": _("Allocated funds (member contributions)"),
         "amount": _dec(administration["allocated_funds"])},
        {"what": _("Equity at the end of the year"), "amount": _dec(administration["equity"])},
        {"what": _("Administration: budget"), "amount": _dec(administration["budget"])},
        {"what": _("Administration: outcome"), "amount": _dec(administration["outcome"])},
    ]
    kinds = {InterventionKind.INDIVIDUAL: _("individual"),
             InterventionKind.STRUCTURAL: _("structural")}
    by_slug = {i.slug: i for i in interventions}
    classification: list[dict[str, Cell]] = [
        {"name": e["name"], "kind": str(kinds.get(e["kind"], e["kind"])),
         "target_group": e["target_group"],
         "method": by_slug[e["intervention"]].get_followup_method_display(),
         "esf": _("yes") if e["esf_funded"] else _("no")} for e in entries
    ]
    money: list[dict[str, Cell]] = [
        {"name": e["name"], "budget": _dec(e["budget"]), "outcome": _dec(e["outcome"]),
         "budgeted": e["budgeted_participants"], **e["new_participants"]} for e in entries
    ]
    structural: list[dict[str, Cell]] = [
        {"name": e["name"], "total": e["new_participants"]["total"]}
        for e in entries if e["kind"] == InterventionKind.STRUCTURAL
    ]
    return [
        Table(title=_("The förbund: funds, equity and administration (kr)"),
              columns=[Column("what", ""), Column("amount", _("Amount (kr)"), "money")],
              rows=admin_rows),
        Table(title=_("Interventions: classification"),
              columns=[Column("name", _("Intervention")), Column("kind", _("Orientation")),
                       Column("target_group", _("Target group")),
                       Column("method", _("Follow-up method")),
                       Column("esf", _("ESF funded"))],
              rows=classification),
        Table(title=_("Interventions: budget, outcome and new participants by legal gender"),
              columns=[Column("name", _("Intervention")),
                       Column("budget", _("Budget (kr)"), "money"),
                       Column("outcome", _("Outcome (kr)"), "money"),
                       Column("budgeted", _("Budgeted participants"), "int"),
                       Column("kvinna", _("Women"), "int"), Column("man", _("Men"), "int"),
                       Column("ej_angett", _("Legal gender not recorded"), "int"),
                       Column("total", _("Total"), "int")],
              rows=money),
        Table(title=_("Participants of structural interventions"),
              columns=[Column("name", _("Intervention")),
                       Column("total", _("New participants"), "int")],
              rows=structural,
              total={"name": _("Total"), "total": data["structural_participants"]}),
    ]
