"""The documents a förbund decides and publishes, put together from every app's reports.

business-plan: the verksamhetsplan's tables (000 tables 3–6, 001). annual-report and
half-year: the årsredovisning's appendices and its figures (002 1.1, 2.1.2, 2.6.3, 2.6.4,
Not 2, Bilaga 1 and 2). Each part is the same computation its own report kind makes.
"""

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.models import Association
from samsyn.documents import (
    annual,
    annual_outline,
    board,
    groups,
    in_figures,
    numbered,
    plan_facts,
    referrals,
    stated_counts,
    year_before,
)
from samsyn.documents.published_noise import drop_rounding_only
from samsyn.documents.tidy import tidy, trim
from samsyn.finance import queries as finance_queries
from samsyn.finance import reports as finance
from samsyn.finance.budget import check, summarize
from samsyn.finance.categories import GROUP_LABELS, Category, Scenario
from samsyn.finance.models import TypedBudgetFigure, TypedMeasure
from samsyn.finance.queries import EquityMemo, ending_scenario, lines_for, opening_equity
from samsyn.finance.reports import marked
from samsyn.interventions import kept as kept_insats
from samsyn.interventions.follow_up import fulfilment
from samsyn.interventions.models import Activity, FollowUp, PlanGoal, PlanYear, TargetGroup
from samsyn.interventions.reports import interventions_report
from samsyn.participants import queries
from samsyn.participants.metrics import Period, share
from samsyn.participants.reports import participant_counts, participants_report
from samsyn.publication.periods import (
    KINDS,
    OpenPeriod,
    standard_period,
    stated_count,
    stated_split,
    stated_work,
)
from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import (
    NO_FIGURE,
    Cell,
    Chart,
    Column,
    Report,
    ReportParams,
    Rounding,
    Table,
)
from samsyn.reports.kept import group as kept_group
from samsyn.reports.kept import keeps as kept_keeps
from samsyn.reports.kept import piece as kept_piece
from samsyn.reports.kept import section as kept_section
from samsyn.reports.models import Decision, ReportText, ReportVersion
from samsyn.reports.registry import register
from samsyn.reports.render import TABLES_REVISION, drawn_table
from samsyn.reports.versions import changes, swedish_date
from samsyn.surveys.models import Round
from samsyn.surveys.reports import indicators_report, survey_rounds
from samsyn.web.formatting import format_number

ZERO = Decimal(0)
HUNDRED = Decimal(100)


def _part(report: Report, section: str) -> list[Table]:
    """The tables of a report kind, under one heading of the document.

    Each table gets a stable key (the part's kind and the table's place in it), so a version
    frozen in one language compares with the document read in another. A table with nothing
    in it says so in one line (tidy).
    """
    return [tidy(dataclasses.replace(t, section=section if i == 0 else t.section,
                                     key=t.key or f"{report.kind}.{i}"))
            for i, t in enumerate(report.tables)]


_YEAR_FIRST = re.compile(r"^(\d{4}): ")


def belongs_to_year(warning: str, year: int, shown: frozenset[int] = frozenset()) -> bool:
    """A warning that opens with a year ("2016: ...") is about that year only, and belongs
    to a document that shows that year's figures (003 10's sums of 2014 and 2016)."""
    found = _YEAR_FIRST.match(str(warning))
    return found is None or int(found.group(1)) == year or int(found.group(1)) in shown


_YEAR_COLUMN = re.compile(r"^y(\d{4})$")


def years_shown(tables: list[Table]) -> frozenset[int]:
    """The years that tables show as columns of their own ("y2016")."""
    return frozenset(int(found.group(1)) for t in tables for c in t.columns
                     if (found := _YEAR_COLUMN.match(c.key)))


Builder = Callable[[ReportParams], Report]
Arrange = Callable[[Report, ReportParams, dict[str, list[Chart]], ReportText | None], None]


def _document(params: ReportParams, kind: str, title: str,
              parts: list[tuple[str, Callable[[ReportParams], Report]]],
              arrange: Arrange | None = None) -> Report:
    """The parts' tables, charts and data in one report; their warnings are the kansli's
    checks (an appendix of the office version, never before the foreword), and a difference
    that is only rounding is kept apart from them. `arrange` puts the parts into numbered
    sections (the annual report)."""
    tables: list[Table] = []
    checks: list[str] = []
    rounding: list[str] = []
    charts: list[Chart] = []
    charts_of: dict[str, list[Chart]] = {}
    data: dict[str, object] = {"association": params.association.slug, "year": params.year,
                               "period": {"start": params.start, "end": params.end}}
    counts_people = False
    # The texts, the board's decision and its adopted version are the reports' rows: a
    # page keeps them under that part, read again only after a write of them.
    text, decision, version = kept_piece(params, f"{kind}.rows", ("reports",),
                                         lambda: _report_rows(params, kind))
    # A page keeps each part drawn (its tables' markup, not their rows), unless the board
    # adopted a version: then every figure is compared with it (_add_changes).
    drawn = kept_keeps(params) and version is None
    headings = {build: section for section, build in parts}
    # Each period's participant figures, and each year's economy, are read once for the
    # whole document.
    with queries.one_document(), finance_queries.one_document():
        # The sections that read only the förbund's data first: those reading another
        # section (the year in figures and the charts read the participants') then take it
        # from the memo, kept or not, rather than building it again.
        order = [build for _s, build in sorted(
            parts, key=lambda part: (part[1] in _READ_SECTIONS, part[1] not in READS))]
        built = (_drawn_parts(params, kind, order, headings) if drawn
                 else {build: kept_section(params, build, READS.get(build)) for build in order})
        for section, build in parts:
            sub = built[build]
            tables.extend(sub.tables if drawn else _part(sub, section))
            shown = years_shown(sub.tables)
            for warning in sub.warnings:
                into = rounding if isinstance(warning, Rounding) else checks
                # A drawn part's warnings are those of its year already (_drawn_part).
                if warning not in into and (drawn or belongs_to_year(warning, params.year,
                                                                     shown)):
                    into.append(warning)
            own = [trim(dataclasses.replace(c, section=c.section or section))
                   for c in sub.charts]
            charts.extend(own)
            charts_of.setdefault(sub.kind, []).extend(own)
            data[sub.kind] = sub.data
            counts_people = counts_people or sub.counts_people
        report = Report(kind=kind, title=title, association=params.association.slug,
                        association_name=params.association.name, period_start=params.start,
                        period_end=params.end, tables=tables, data=data, checks=checks,
                        rounding=rounding, charts=charts, counts_people=counts_people)
        _add_texts(report, params, text, decision)
        if arrange is not None:
            arrange(report, params, charts_of, text)
    # Rounding is no error (docs/fidelity.md): a published version never shows it, and is
    # frozen without it, so it is compared without it; an office version is frozen with it,
    # and once adopted leaves it out after the comparison. (A drawn part was drawn without it.)
    if params.publish and not drawn:
        drop_rounding_only(report.tables)
    _add_changes(report, params, version)
    if report.adopted:
        drop_rounding_only(report.tables)
    return report


def _drawn_parts(params: ReportParams, kind: str, order: list[Builder],
                 headings: dict[Builder, str]) -> dict[Builder, Report]:
    """The parts of the document `kind` as a page keeps them (_drawn), built in `order`.
    Parts that read the same parts of the förbund's data are kept together, in one entry
    under those parts' tokens: a write moves all of them or none, so one read serves them
    all (a page's first view read some twenty entries, one per part)."""
    groups: dict[tuple[str, ...] | None, list[Builder]] = {}
    for build in order:
        groups.setdefault(READS.get(build), []).append(build)
    built: dict[Builder, Report] = {}
    for parts, members in groups.items():
        # The members and their headings too: a half-year of yearly counts only leaves the
        # participants out, and a förbund of tertials names its figures otherwise.
        name = f"drawn-{TABLES_REVISION}:{kind}:" + "|".join(
            f"{build.__module__}.{build.__qualname__}={headings[build]}" for build in members)

        def draw(members: list[Builder] = members) -> list[Report]:
            return [_drawn(params, params.once(build), headings[build]) for build in members]

        found: list[Report] = kept_group(params, name, parts, draw)
        for build, sub in zip(members, found, strict=True):
            # A later part that reads this one (the year in figures reads the
            # participants') takes it from the document's memo, drawn or not.
            params.remember(build, sub)
            built[build] = sub
    return built


def _drawn(params: ReportParams, sub: Report, section: str) -> Report:
    """What a page keeps of a part of a document under the heading `section`: its tables as
    the document shows them (_part; published, without rounding's noise), drawn, and the
    warnings that belong to the document's year. The rest (charts, data) as built: the
    charts are arranged with the other parts', and later parts read the data."""
    tables = _part(sub, section)
    if params.publish:
        drop_rounding_only(tables)
    shown = years_shown(sub.tables)
    return dataclasses.replace(
        sub, tables=[drawn_table(t) for t in tables],
        warnings=[w for w in sub.warnings if belongs_to_year(w, params.year, shown)])


def text_headings() -> dict[str, str]:
    return {"foreword": _("Foreword"), "summary": _("Summary"),
            "direction": _("Direction of the work"), "about": _("About the association"),
            "vision": _("Vision and mission"), "events": _("Significant events"),
            "personnel": _("Personnel and sick leave"), "analysis": _("Analysis"),
            "outlook": _("Expected development"), "principles": _("Accounting principles")}


def _report_rows(params: ReportParams, kind: str
                 ) -> tuple[ReportText | None, dict[str, Any] | None, ReportVersion | None]:
    """The document's texts, the board's decision on it and the version the board adopted."""
    text = ReportText.objects.filter(association=params.association, kind=kind,
                                     year=params.year).first()
    decision = (Decision.objects.filter(association=params.association, kind=kind,
                                        year=params.year)
                .prefetch_related("signatories").first())
    version = ReportVersion.objects.filter(association=params.association, kind=kind,
                                           year=params.year).first()
    return text, None if decision is None else {
        "decided": decision.decided, "decided_text": swedish_date(decision.decided),
        "place": decision.place, "statement": decision.statement,
        "signatories": [(s.name, s.role) for s in decision.signatories.all()],
    }, version


def _add_texts(report: Report, params: ReportParams, text: ReportText | None,
               decision: dict[str, Any] | None) -> None:
    """The texts a person wrote, in the seed documents' order, and the board's decision."""
    headings = text_headings()
    if text is not None:
        for names, into in ((ReportText.OPENING, report.texts),
                            (ReportText.CLOSING, report.closing_texts)):
            into.extend((headings[n], getattr(text, n)) for n in names
                        if getattr(text, n).strip())
    if decision is not None:
        report.decision = dict(decision)


def _add_changes(report: Report, params: ReportParams, version: ReportVersion | None) -> None:
    """Whether the board adopted a version, and what differs from it: a check for the kansli,
    never printed in the adopted document itself."""
    report.adopted = version is not None
    if version is None or params.publish != version.figures.get("__published__", False):
        return
    found = changes({k: v for k, v in version.figures.items() if k != "__published__"}, report)
    if not found:
        report.checks.append(_("The same figures as the version decided %(date)s.")
                             % {"date": swedish_date(version.decided)})
        return
    report.checks.append(
        _("%(n)s figures differ from the version decided %(date)s:")
        % {"n": len(found), "date": swedish_date(version.decided)})
    report.checks.extend(f"{c.where}: {c.then or '–'} → {c.now or '–'}" for c in found[:25])


# The parts only these documents have


def plan_table(params: ReportParams) -> Report:
    """The plan's focus areas, goals and activities: each goal beside the activities tied to
    it, then the area's activities tied to no goal, after its goals (as 001 prints a focus
    area: its goals, then its activities, no activity beside a goal it was not given)."""
    plan = (PlanYear.objects.filter(association=params.association, year=params.year)
            .prefetch_related("focus_areas__goals__activities", "focus_areas__activities")
            .first())
    rows: list[dict[str, Cell]] = []
    on_their_own = False
    if plan is not None:
        for area in plan.focus_areas.all():
            for goal in area.goals.all():
                names = [a.name for a in goal.activities.all()] or [""]
                for activity in names:
                    # A goal's description is the document's note on it (003's "other exits").
                    rows.append({"area": area.name, "activity": activity,
                                 "goal": f"{goal.name} ({goal.description})"
                                 if goal.description else goal.name})
            for own in (a for a in area.activities.all() if a.goal_id is None):
                on_their_own = True
                rows.append({"area": area.name, "goal": "", "activity": own.name})
    notes = []
    if plan and plan.decided:
        notes.append(_("Decided %(date)s.") % {"date": swedish_date(plan.decided)})
    if on_their_own:
        notes.append(_("An activity with no goal beside it is the focus area's as a whole: "
                       "the plan ties it to none of the area's goals."))
    table = Table(title=_("Focus areas, goals and activities"),
                  columns=[Column("area", _("Focus area")), Column("goal", _("Goal")),
                           Column("activity", _("Activity"))], rows=rows,
                  note=" ".join(notes))
    warnings = [] if plan else [_("No business plan for %(year)s.") % {"year": params.year}]
    return Report(kind="plan", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=[table], counts_people=False,
                  warnings=warnings, data={"focus_areas": len({r["area"] for r in rows})})


def target_groups_table(params: ReportParams) -> Report:
    """The förbund's target groups with their ages, in a section of their own as the business
    plans print them (000 section 1, 003 section 3), in the order they were entered."""
    groups = TargetGroup.objects.filter(association=params.association).order_by("pk")
    rows: list[dict[str, Cell]] = [
        {"_key": f"t{g.pk}", "name": g.name,
         "ages": f"{g.age_min}–{g.age_max}" if g.age_min is not None and g.age_max is not None
         else "", "description": g.description}
        for g in groups]
    table = Table(title=_("Target groups"),
                  columns=[Column("name", _("Target group")), Column("ages", _("Ages")),
                           Column("description", _("Description"))], rows=rows)
    return Report(kind="target-groups", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=[table], counts_people=False,
                  data={"target_groups": len(rows)})


def follow_up(params: ReportParams) -> Report:
    """Goal fulfilment (002 2.6.1): each goal and activity of the year's plan, as followed up
    at the end of the last half-year the period holds (the first for the half-year report and
    for a tertial förbund's January–August, the whole year for the annual report)."""
    half = 2 if params.end >= dt.date(params.year, 12, 31) else 1
    plan = PlanYear.objects.filter(association=params.association, year=params.year).first()
    areas = list(plan.focus_areas.prefetch_related("goals__activities", "activities")
                 ) if plan else []
    kept = {(f.plan_goal_id, f.activity_id): f for f in FollowUp.objects.filter(
        half=half).filter(Q(plan_goal__focus_area__in=areas)
                          | Q(activity__focus_area__in=areas))}
    labels = dict(FollowUp.Status.choices)
    rows: list[dict[str, Cell]] = []
    goal_statuses: list[str | None] = []
    activity_statuses: list[str | None] = []
    items: list[tuple[PlanGoal | Activity, FollowUp | None, str]] = []
    for area in areas:
        for goal in area.goals.all():
            items.append((goal, kept.get((goal.pk, None)), _("Goal")))
            items.extend((a, kept.get((None, a.pk)), _("Activity"))
                         for a in goal.activities.all())
        # The area's activities under no goal, followed up on their own after its goals.
        items.extend((a, kept.get((None, a.pk)), _("Activity"))
                     for a in area.activities.all() if a.goal_id is None)
    for target, found, what in items:
        is_goal = isinstance(target, PlanGoal)
        (goal_statuses if is_goal else activity_statuses).append(
            found.status if found else None)
        rows.append({
            "_key": f"{'g' if is_goal else 'a'}{target.pk}",
            "name": f"{what}: {target.name}",
            "status": str(labels[found.status]) if found else "–",
            "comment": found.comment if found else "",
            "indicator": found.indicator if found else "",
            "measured": found.measured if found else None,
        })
    columns = [Column("name", _("Goal or activity")), Column("status", _("Status")),
               Column("comment", _("Comment")), Column("indicator", _("Indicator")),
               Column("measured", _("Measured"), "decimal", 1)]
    goals_sum, acts_sum = (fulfilment(goal_statuses, "goal"),
                           fulfilment(activity_statuses, "activity"))
    summary = Table(
        title=_("Goal fulfilment"),
        columns=[Column("what", ""), Column("a", _("Met / done"), "int"),
                 Column("b", _("Partly met / under way"), "int"),
                 Column("c", _("Not met / not started"), "int"),
                 Column("none", _("Not followed up"), "int")],
        rows=[{"_key": "goals", "what": _("Goals"), "a": goals_sum["met"],
               "b": goals_sum["partly"], "c": goals_sum["not_met"], "none": goals_sum[""]},
              {"_key": "activities", "what": _("Activities"), "a": acts_sum["done"],
               "b": acts_sum["ongoing"], "c": acts_sum["not_started"],
               "none": acts_sum[""]}] if items else [])
    table = Table(title=_("Goals and activities of the business plan %(year)s")
                  % {"year": params.year}, columns=columns, rows=rows)
    if not items:
        # One line for the part, not two empty tables.
        why = (_("No business plan for %(year)s is held, so no goal of it is followed up.")
               if plan is None else _("The business plan %(year)s has no goals to follow up."))
        table = Table(title=table.title, columns=[], rows=[],
                      note=why % {"year": params.year})
    return Report(kind="follow_up", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=[summary, table] if items else [table],
                  counts_people=False,
                  data={"half": half, "goals": goals_sum, "activities": acts_sum})


def year_summary(association: Association, year: int,
                 memo: EquityMemo | None = None) -> dict[str, Decimal | None] | None:
    """How a year ended, by its outcome where there is one, else forecast or budget.

    The closing equity is None when the opening equity is unknown: it is not the result.
    """
    scenario = ending_scenario(association, year)
    if scenario is None:
        return None
    equity = opening_equity(association, year, memo)
    summary = summarize(lines_for(association, year, scenario), equity.value)
    known = equity.typed is not None or equity.carried is not None
    return {"income": summary.income, "costs": summary.costs, "result": summary.result,
            "equity": summary.closing_equity if known else None}


def earlier_years(params: ReportParams) -> Report:
    """The economy over five years (002 2.1.2): from the books, else as the board adopted it,
    as the annual report's statements show it; where neither is held, each year's outcome
    from its lines. A year with only a budget or a forecast has no outcome to compare with
    (the 2022 half-year once set the 2017 budget beside 2021's outcome) and is left out."""
    # A part of a year has no outcome of its own yet: it shows the five years before it.
    last = params.year if whole_year(params) else params.year - 1
    years = list(range(last, last - 5, -1))
    adopted = finance.five_year_table(params.association, last)
    if len(adopted.columns) > 1:
        return Report(kind="earlier_years", title="", association=params.association.slug,
                      association_name=params.association.name, period_start=params.start,
                      period_end=params.end, tables=[adopted], counts_people=False,
                      warnings=finance.five_year_warnings(params.association, years))
    memo: EquityMemo = {}
    figures = {y: year_summary(params.association, y, memo) for y in years
               if ending_scenario(params.association, y) == Scenario.OUTCOME}
    shown = [y for y in years if figures.get(y) is not None]
    labels = {"income": _("Income"), "costs": _("Costs"), "result": _("Result of the year"),
              "equity": _("Closing equity")}
    rows: list[dict[str, Cell]] = [
        {"_key": key, "line": str(label),
         **{f"y{y}": _or_unknown(figures[y][key]) for y in shown}}  # type: ignore[index]
        for key, label in labels.items()
    ]
    table = Table(title=_("The economy compared with earlier years (kr)"),
                  columns=[Column("line", "")] + [Column(f"y{y}", str(y), "money")
                                                  for y in shown],
                  rows=rows if shown else [])
    return Report(kind="earlier_years", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=[table], counts_people=False,
                  data={str(y): figures[y] for y in shown})


def _or_unknown(value: Decimal | None) -> Cell:
    return _("unknown") if value is None else value


def whole_year(params: ReportParams) -> bool:
    return (params.start, params.end) == (dt.date(params.year, 1, 1),
                                          dt.date(params.year, 12, 31))


def cost_split(params: ReportParams) -> Report:
    """Costs by kind of insats and administration (002 2.6.3).

    The kinds add up to the operating costs as Note 3 counts them (002: "verksamhet för
    30 111 481 kronor"): depreciation and the financial items are lines of their own in the
    income statement, not costs by kind, so the note names depreciation rather than the table.
    The outcome is kept per year: a part of a year gets no figures rather than the year's.
    """
    lines = (lines_for(params.association, params.year, Scenario.OUTCOME)
             if whole_year(params) else [])
    by_group: dict[str, Decimal] = {}
    for line in lines:
        if line.is_income or line.category == Category.FINANCIAL_COST:
            continue
        kind = "depreciation" if line.category == Category.DEPRECIATION else line.group
        by_group[kind] = by_group.get(kind, ZERO) + line.amount
    total = sum(by_group.values(), ZERO)
    labels = {**GROUP_LABELS, "depreciation": Category.DEPRECIATION.label}
    typed = {t.measure: t.amount for t in TypedBudgetFigure.objects.filter(
        association=params.association, year=params.year, scenario=Scenario.OUTCOME,
        measure__in=[TypedMeasure.INDIVIDUAL, TypedMeasure.STRUCTURAL, TypedMeasure.OFFICE])
        } if lines else {}
    typed_of = {"individual": TypedMeasure.INDIVIDUAL, "structural": TypedMeasure.STRUCTURAL,
                "office": TypedMeasure.OFFICE}
    rows: list[dict[str, Cell]] = []
    warnings: list[str] = []
    depreciation = by_group.get("depreciation", ZERO)
    total -= depreciation
    for g in ("individual", "structural", "office", "other"):
        if g not in by_group:
            continue
        row: dict[str, Cell] = {"_key": g, "group": str(labels[g]), "amount": by_group[g],
                                "share": by_group[g] * HUNDRED / total if total else None}
        if typed:
            typed_amount = typed.get(typed_of.get(g, ""))
            row["typed"] = typed_amount
            d = check(str(labels[g]), typed_amount, by_group[g])
            if d is not None:
                warnings.append(marked(d, _("%(what)s %(year)s (costs by kind): the document "
                                            "typed %(typed)s kr, its lines give %(computed)s "
                                            "kr.") % {
                    "what": d.what, "year": params.year, "typed": format_number(d.typed, 0),
                    "computed": format_number(d.computed, 0)}))
        rows.append(row)
    columns = [Column("group", _("Kind")), Column("amount", _("Amount (kr)"), "money"),
               Column("share", _("Share"), "percent", 1)]
    if typed:
        columns.append(Column("typed", _("As the document typed it (kr)"), "money"))
    table = Table(title=_("Costs by kind (outcome, kr)"), columns=columns,
                  rows=rows, total={"group": _("Total"), "amount": total,
                                    "share": HUNDRED if total else None} if rows else None,
                  note=(" ".join(filter(None, [
                      _("Financial items are not costs of the operations and are left out."),
                      _("Depreciation (%(amount)s kr) stands on its own line of the income "
                        "statement and is not counted among the kinds, as in Note 3.")
                      % {"amount": format_number(depreciation, 0)} if depreciation else ""]))
                        if lines else _("No outcome is held for %(year)s yet.")
                        % {"year": params.year})
                  if whole_year(params) else _(
                      "The outcome is kept for the whole year only; it is not shown for a part "
                      "of the year."))
    return Report(kind="cost_split", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=[table], counts_people=False,
                  data={g: by_group[g] for g in by_group}, warnings=warnings)


def _percent(value: Decimal | str | None) -> str:
    # A share of 0 is a figure (nobody of those who finished went to work or studies).
    if value is None or value == "":
        return NO_FIGURE
    return f"{Decimal(value) * HUNDRED:.0f} %".replace(".", ",")


def _stated_rows(params: ReportParams) -> tuple[dict[str, Cell], list[str]]:
    """The förbund's own totals of the period, and its figures by gender in words.

    A published report hides a stated total or a gender's part of it as it hides a table's
    cell: small ones, and a partner where one hidden part could be worked out from the rest.
    """
    period = Period(params.start, params.end)
    stated = queries.stated_totals(params.association, period)
    if not stated:
        return {}, []
    by_gender = queries.stated_by_gender(params.association, period)
    threshold = params.association.suppression_threshold
    measures = (("new", "new"), ("active", "active"), ("exited", "exit"))
    split = {measure: stated_split(stated.get(measure), by_gender.get(measure, {}), threshold,
                                   params.publish) for _key, measure in measures}
    exits = stated.get("exit")
    work = stated_work(exits, stated.get("work_or_studies"), threshold, params.publish)
    # A small count to work or studies is hidden, and the share would tell it (4 % of 50).
    # (Small exits leave only a small or no count to work or studies.)
    if params.publish and work is not None and 0 < work < threshold:
        work = None
    cells: dict[str, Cell] = {key: stated_count(stated.get(measure), threshold, params.publish)
                              for key, measure in measures}
    cells["work_share"] = (_percent(share(work, exits)) if work is not None and exits
                           else None)
    labels = {"new": _("New participants"), "active": _("Active participants"),
              "exited": _("Finished participations")}
    genders = {"kvinna": _("women"), "man": _("men"), "ej_angett": _("gender not stated")}

    def part(measure: str, gender: str, n: int) -> str:
        shown = HIDDEN if gender in split[measure] else n
        return f"{shown} {genders[gender]}"

    parts = [
        _("%(what)s %(split)s") % {"what": labels[key], "split": ", ".join(
            part(measure, g, n) for g, n in by_gender[measure].items())}
        for key, measure in (("active", "active"), ("new", "new"), ("exited", "exit"))
        if measure in by_gender]
    said = ([_("Stated by the förbund by gender: %(parts)s.") % {"parts": "; ".join(parts)}]
            if parts else [])
    return cells, said


def key_figures(params: ReportParams) -> Report:
    """Results in figures (002 1.1): the year on one table, one figure per thing.

    Where the förbund stated its own total for the period (StatedFigure), that is the figure
    the board adopts with the document and the table gives it; the register's, where it
    differs, is said in the note with why (in_figures.register_differs). The money is the
    income statement's lines, as the statements give them.
    """
    people = params.once(participants_report).data["total"]
    # The people rows read no economy and the money rows no records: each is kept apart, so a
    # budget save or a new participation builds only its own half again.
    records, stated, rows, notes = kept_piece(params, "key_figures.people", _PEOPLE,
                                              lambda: _people_figures(params, people))
    money_rows, money_notes, economy = kept_piece(params, "key_figures.economy", ("economy",),
                                                  lambda: _money_figures(params))
    table = Table(title=_("The year in figures") if whole_year(params)
                  else _("The period in figures"),
                  columns=[Column("what", ""), Column("value", "", "int")],
                  rows=rows + money_rows, note=" ".join(notes + money_notes))
    return Report(kind="key_figures", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=[table], counts_people=True,
                  data={"participants": people, "economy": economy, "stated": stated,
                        "records": records})


def _people_figures(params: ReportParams, people: dict[str, Any]
                    ) -> tuple[dict[str, Cell], dict[str, Cell], list[dict[str, Cell]],
                               list[str]]:
    """The year in figures' people: the register's figures, the förbund's stated ones, the
    rows and their notes."""
    # A register that holds nothing of the year has no figure for it, not 0.
    begins = queries.first_year(params.association)
    unknown = begins is None or begins > params.year
    records: dict[str, Cell] = {
        "new": people["new"]["total"], "active": people["active"]["total"],
        "exited": people["exited"]["total"],
        "work_share": _percent(people["work_or_studies"]["share"])}
    if unknown:
        records = dict.fromkeys(records, NO_FIGURE)
    stated, said = _stated_rows(params)
    labels = {"new": _("New participants"), "active": _("Active participants"),
              "exited": _("Finished participations"),
              "work_share": _("Share finished to work or studies")}
    rows: list[dict[str, Cell]] = [
        {"_key": key, "what": label,
         "value": stated[key] if stated.get(key) is not None else records[key]}
        for key, label in labels.items()]
    notes: list[str] = []
    if any(stated.get(key) is not None for key in labels):
        differ = in_figures.register_differs(params, stated, records)
        notes.append(_("Where the förbund stated a figure for the period, the table gives it: "
                       "it is the figure the board adopts with this report."))
        notes += said
        notes += differ or ([_("The register in Samsyn gives the same figures.")]
                            if not unknown else [])
    if unknown and any(row["value"] == NO_FIGURE for row in rows):
        notes.append(_("–: the register holds no participant of %(year)s.")
                     % {"year": params.year})
    return records, stated, rows, notes


def _money_figures(params: ReportParams
                   ) -> tuple[list[dict[str, Cell]], list[str], dict[str, Any]]:
    """The year in figures' money: its rows, their note and the figures by key."""
    rows: list[dict[str, Cell]] = []
    notes: list[str] = []
    # The economy's outcome is kept per year: a half-year shows no year's figures as its own.
    economy: dict[str, Any] = {}
    if whole_year(params):
        stated_money = in_figures.economy_rows(params)
        if stated_money is not None:
            money, money_note = stated_money
            rows += money
            notes.append(money_note)
            economy = {str(row["_key"]): row["value"] for row in money}
        elif ending_scenario(params.association, params.year) == Scenario.OUTCOME:
            # No books and no adopted figures: the outcome's lines, as the earlier years'
            # table reads the year.
            summary = year_summary(params.association, params.year) or {}
            economy = dict(summary)
            rows += [
                {"_key": "income", "what": _("Income (kr)"), "value": summary.get("income")},
                {"_key": "costs", "what": _("Costs (kr)"), "value": summary.get("costs")},
                {"_key": "result", "what": _("Result of the year (kr)"),
                 "value": summary.get("result")},
            ]
    return rows, notes, economy


def charts(params: ReportParams) -> Report:
    """Inflow over five years, and the share to work or studies per insats.

    Each year's figure is that year's participants report, so a published count is hidden
    here exactly as it is there.
    """
    years = list(range(params.year - 4, params.year + 1))
    inflow: list[int | str | None] = []
    # Unpublished, a year's figure is its count as is; published, it is what that year's
    # report shows after suppression, so each year's report is built (counts only).
    counted = None if params.publish else queries.new_per_year(params.scope, years[:-1])
    # Before the register holds anything nothing is known: no figure, not a 0.
    begins = queries.first_year(params.association)
    for y in years:
        if y != params.year and (begins is None or y < begins):
            inflow.append(None)
            continue
        year_params = dataclasses.replace(params, year=y, start=dt.date(y, 1, 1),
                                          end=dt.date(y, 12, 31), intervention=None)
        if counted is not None and y in counted:
            inflow.append(counted[y])
            continue
        # Only the counts: the outcome figures of four earlier years would be read for nothing.
        built = participants_report if y == params.year else participant_counts
        inflow.append(year_params.once(built).data["total"]["new"]["total"])
    people = params.once(participants_report).data
    # The report's insatser are the scope's: their names kept under the plan's token.
    names = {slug: name for _pk, slug, name in kept_insats.insats_rows(params.scope)}
    per_insats = [(names.get(e["intervention"], e["intervention"]),
                   e["work_or_studies"]["share"]) for e in people["interventions"]]
    # The years before the register begins hold nothing: they are left out, not shown as
    # rows of "no figure"; with no earlier year left there is nothing to compare.
    known = [(y, v) for y, v in zip(years, inflow, strict=True) if v is not None]
    years, inflow = [y for y, _v in known], [v for _y, v in known]
    table = Table(title=_("New participants per year"),
                  columns=[Column("year", _("Year")), Column("new", _("New participants"),
                                                             "int")],
                  rows=[{"year": str(y), "new": v} for y, v in known],
                  note=_("The register begins in %(year)s.") % {"year": years[0]}
                  if len(years) < 5 and len(years) > 1 else "")
    if len(known) < 2:
        # 1.1's table of the year before may give the förbund's stated figure (002's 416).
        # Only the annual report prints that table: a half-year pointing to it would promise
        # a comparison its pages do not hold.
        before = params.once(year_before.year_before) if whole_year(params) else None
        stated = (before is not None and bool(before.tables)
                  and not before.data["from_records"])
        table = Table(title=table.title, columns=[], rows=[], note=(_(
            "The register holds nothing before %(year)s: the comparison with %(before)s is "
            "with the figure the förbund stated.") if stated else _(
            "The register holds nothing before %(year)s: there is no earlier year to compare "
            "with.")) % {"year": params.year, "before": params.year - 1})
        years, inflow = [], []
    return Report(
        kind="charts", title="", association=params.association.slug,
        association_name=params.association.name, period_start=params.start,
        period_end=params.end, tables=[table], counts_people=True,
        # A chart with nothing to draw is left out rather than drawn as empty axes.
        charts=[c for c in (
            Chart(title=_("New participants per year"), labels=[str(y) for y in years],
                  values=[Decimal(v) if isinstance(v, int) else None for v in inflow]),
            Chart(title=_("Share finished to work or studies, per intervention"),
                  labels=[n for n, _s in per_insats],
                  values=[Decimal(s) * HUNDRED if s is not None else None
                          for _n, s in per_insats], unit="percent"),
        ) if c.has_values],
    )


# The documents


@register("business-plan", title=gettext_lazy("Business plan"))
def business_plan(params: ReportParams) -> Report:
    return _document(params, "business-plan",
                     _("Business plan %(year)s") % {"year": params.year}, [
                         (_("Target groups"), target_groups_table),
                         (_("Number of people in the target groups"),
                          plan_facts.target_group_statistics),
                         (_("The plan"), plan_table),
                         (_("Interventions and expected results"), interventions_report),
                         (_("About the interventions"), plan_facts.intervention_descriptions),
                         (_("Projects financed from outside the förbund"),
                          plan_facts.external_financing),
                         (_("Budget history"), plan_facts.budget_history),
                         (_("Member contributions"), finance.contributions_report),
                         (_("Budget"), finance.budget_report),
                     ], arrange=numbered.arrange)


def _annual_parts() -> list[tuple[str, Callable[[ReportParams], Report]]]:
    """The annual report's parts; annual_outline.arrange puts them in 002's order."""
    return [
        (_("The year in figures"), key_figures),
        (_("The year before"), year_before.year_before),
        (_("Participants and results per intervention"), participants_report),
        (_("Groups of interventions"), groups.intervention_groups),
        (_("Referrals"), referrals.referral_tables),
        (_("Stated figures per intervention"), stated_counts.stated_tables),
        (_("Goals for sound financial management"), annual.management_goals),
        (_("Goal fulfilment"), follow_up),
        (_("The board"), board.board_report),
        (_("Costs by kind"), cost_split),
        (_("Budget and outcome"), annual.operations_account),
        (_("Member contributions"), recent_contributions),
        finance.financial_statements_part(),
        (_("Earlier years"), earlier_years),
        (_("Balance requirement reconciliation"), annual.balance_requirement),
        (_("Investment account"), annual.investments),
        (_("Indicator surveys"), indicators_report),
        (_("Over the years"), charts),
    ]


def recent_contributions(params: ReportParams) -> Report:
    """The member contributions as a report of the year shows them: its history confined to
    the five years 2.1.2 compares (002 prints no contributions of 2012–2017)."""
    report = finance.contributions_report(params)
    first = params.year - 4
    tables = []
    for table in report.tables:
        keep = [c for c in table.columns
                if not (found := _YEAR_COLUMN.match(c.key)) or int(found.group(1)) >= first]
        if len(keep) != len(table.columns):
            # The note names the years whose rows differ from the decided total: only those
            # still shown.
            said = [t for t in re.split(r"(?<=\.) ", table.note)
                    if not (year := _YEAR_FIRST.match(t)) or int(year.group(1)) >= first]
            note = " ".join(said) if any(_YEAR_FIRST.match(t) for t in said) else ""
            # A row under the total with figures only in the years left out (003's ESF
            # funds of 2012–2017) would stand empty.
            years = [c.key for c in keep if _YEAR_COLUMN.match(c.key)]
            footer = [r for r in table.footer if any(r.get(y) is not None for y in years)]
            table = dataclasses.replace(table, columns=keep, footer=footer,
                                        note=note if table.note and said != [table.note]
                                        else table.note)
        tables.append(table)
    return dataclasses.replace(report, tables=tables)


# The parts of a förbund's data (associations/versions.py) each section reads, so that a page
# keeps it across writes to the others (reports/kept.py); a section not named reads them all.
# Every section reads the insatser in scope, which are the plan's rows.
_PEOPLE = ("records", "plan")
_MONEY = ("economy", "plan")
READS: dict[Callable[[ReportParams], Report], tuple[str, ...]] = {
    participants_report: _PEOPLE,
    year_before.year_before: _PEOPLE,
    # The board's rows are the förbund's own, in no part: a write of them moves every token,
    # so any one part keys it.
    board.board_report: ("plan",),
    groups.intervention_groups: _PEOPLE,
    referrals.referral_tables: _PEOPLE,
    stated_counts.stated_tables: _PEOPLE,
    # The plan's goals and activities as followed up (FollowUp: a status, a comment and a
    # measured figure someone entered), no count of the records: a participation saved
    # leaves it drawn.
    follow_up: ("plan",),
    # A goal may be a cost per participant.
    annual.management_goals: ("economy", "plan", "records"),
    cost_split: _MONEY,
    annual.operations_account: _MONEY,
    recent_contributions: _MONEY,
    finance.financial_statements_report: _MONEY,
    annual.balance_requirement: _MONEY,
    annual.investments: _MONEY,
    indicators_report: ("surveys", "plan"),
    # Totals of the books and the adopted figures: no insats's name or row is in them, and an
    # insats removed with its lines moves the economy's token too.
    earlier_years: ("economy",),
    # Its people rows and its money rows are kept apart within it (kept_piece).
    key_figures: ("economy", "plan", "records"),
    # Each year's new participants, and the share to work per insats by the insats's name.
    charts: _PEOPLE,
}
# Sections built of another section (the participants'), built after it.
_READ_SECTIONS = frozenset({key_figures, charts})


def _results_parts() -> list[tuple[str, Callable[[ReportParams], Report]]]:
    return [
        (_("The year in figures"), key_figures),
        (_("Participants and results per intervention"), participants_report),
        (_("Goal fulfilment"), follow_up),
        (_("Budget against outcome"), finance.budget_outcome_report),
        (_("Costs by kind"), cost_split),
        (_("Member contributions"), recent_contributions),
        finance.financial_statements_part(),
        (_("Earlier years"), earlier_years),
        (_("Indicator surveys"), indicators_report),
        (_("Over the years"), charts),
    ]


@register("annual-report", title=gettext_lazy("Annual report"))
def annual_report(params: ReportParams) -> Report:
    return _document(params, "annual-report",
                     _("Annual report %(year)s") % {"year": params.year}, _annual_parts(),
                     arrange=annual_outline.arrange)


@register("half-year", title=gettext_lazy("Half-year report"))
def half_year(params: ReportParams) -> Report:
    """The delårsrapport: January–June, or January–August for a förbund that follows up per
    tertial (issue 27), its title naming the months it covers."""
    tertials = params.association.follows_tertials
    last = dt.date(params.year, 8, 31) if tertials else dt.date(params.year, 6, 30)
    if params.publish and params.end < last and timezone.localdate() <= last:
        # build_report published the year as of a shorter part that has ended (January–April,
        # a month): the interim period itself is still running, and is not published.
        start = dt.date(params.year, 1, 1)
        raise OpenPeriod(start, last, standard_period(start, last, KINDS))
    first_half = dataclasses.replace(params, start=dt.date(params.year, 1, 1), end=last)
    # The outcome is kept per year, so budget against outcome and the costs by kind wait for
    # the annual report rather than print the year's outcome as the half-year's; one line says
    # so for both.
    yearly_only = queries.only_longer_counts(first_half.scope,
                                             Period(first_half.start, first_half.end))
    in_figures = _("January–August in figures") if tertials else _("The half-year in figures")
    parts = [(in_figures if build is key_figures else heading,
              _without_figures if yearly_only and build is key_figures
              else _outcome_waits if build is finance.budget_outcome_report
              else _closed_surveys if build is indicators_report else build)
             for heading, build in _results_parts()
             if not getattr(build, "whole_year_only", False) and build is not cost_split
             and not (yearly_only and build is participants_report)]
    title = (_("Interim report January–August %(year)s") if tertials
             else _("Half-year report %(year)s"))
    return _document(first_half, "half-year", title % {"year": params.year}, parts,
                     arrange=numbered.arrange)


def _outcome_waits(params: ReportParams) -> Report:
    # The part's heading names it; the line under it says why it is empty.
    return _one_line(params, "budget-outcome", "", _(
        "The economy's outcome is kept for whole years: budget against outcome and the costs "
        "by kind are reported in the annual report."))


def _closed_surveys(params: ReportParams) -> Report:
    """The indicator surveys a delårsrapport can report: the year's rounds closed by its end.
    A round still open then (NNS's run in the autumn) has no result yet; where none has
    closed, one line says when they do rather than print the year's results as the
    half-year's."""
    report = survey_rounds(params, closed_by=params.end)
    later = (Round.objects.filter(association=params.association, year=params.year,
                                  closes__gt=params.end)
             .order_by("closes").values_list("closes", flat=True))
    if report.tables or not later:
        return report
    return _one_line(params, "indicators", "", _(
        "The indicator surveys of %(year)s close after the period, on %(date)s at the "
        "earliest: their results are reported in the annual report.") % {
            "year": params.year, "date": swedish_date(later[0])})


def _without_figures(params: ReportParams) -> Report:
    """Participant figures of a period the register holds only yearly counts for."""
    why = (_("Only yearly counts are held for %(year)s: the participant figures of "
             "January–August are not known. The annual report gives the year's.")
           if params.association.follows_tertials else
           _("Only yearly counts are held for %(year)s: the half-year's participant figures "
             "are not known. The annual report gives the year's."))
    return _one_line(params, "participants", _("Participants"), why % {"year": params.year})


def _one_line(params: ReportParams, kind: str, title: str, why: str) -> Report:
    """A part with nothing to show: its title and one line saying what is missing and why."""
    return Report(kind=kind, title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=[Table(title=title, columns=[], rows=[],
                                                       note=why)],
                  counts_people=False)
