"""The participants report: figures per insats and for the förbund, published or exact."""

import hashlib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations import versions
from samsyn.associations.access import Action
from samsyn.interventions.models import Goal, GoalMetric, Intervention
from samsyn.participants import metrics, notes, page_keys, queries, snapshots
from samsyn.participants.codes import AGE_GROUPS, ExitReason, Gender, Referrer
from samsyn.participants.metrics import (
    EXIT_REASONS,
    GENDERS,
    REFERRERS,
    STEP_PROGRESSION,
    WORK_OR_STUDIES,
    Figures,
    Period,
)
from samsyn.participants.outcome_queries import Given
from samsyn.participants.outcome_report import add_outcomes, linked_cells
from samsyn.publication.audit import TIDY_WORK, WORK_CELLS, Audit, audit
from samsyn.publication.periods import (
    NonStandardPeriod,
    StandardPeriod,
    linked_periods,
    linked_suppress,
    links,
    nested,
    standard_period,
)
from samsyn.publication.suppression import HIDDEN, suppress
from samsyn.reports.charts import grouped
from samsyn.reports.document import (
    NO_FIGURE,
    Cell,
    Chart,
    Column,
    Report,
    ReportParams,
    Table,
)
from samsyn.reports.registry import register
from samsyn.reports.services import published_kinds
from samsyn.web.formatting import format_target

ALL = "*"
HUNDRED = Decimal(100)
# Raised whenever what the builder makes of the same records changes (issue 24: the audited
# year and the mark "x"; 4: "–" for a count not given, the work share's gender columns only
# where a gender is known; 5: the outcomes' line where only counts are held, a goal's share
# to work or studies hidden only as the share table hides it), so no cache serves a report
# built by an earlier rule.
REVISION = 5


class Cells:
    """Every count of the report under one key, and the lines that tie them together."""

    def __init__(self, linked: bool = True) -> None:
        """`linked`: with the lines that tie the counts together and which are totals, for
        the year's suppression (year_bundle); a report's own cells only show values and the
        hidden set the year's suppression gave, so it builds none of them."""
        self.linked = linked
        self.values: dict[Hashable, int] = {}
        self.constraints: list[Sequence[Hashable]] = []
        self.totals: set[Hashable] = set()
        self.hidden: set[Hashable] = set()

    def grid(self, measure: str, total: str, rows: Sequence[str],
             columns: Sequence[str], value: Callable[[str, str], int],
             row_total: Callable[[str], int]) -> None:
        """A table of rows by columns with its margins; `total` names the shared row totals."""
        for r in (*rows, ALL):
            for c in columns:
                self.values[(measure, r, c)] = value(r, c)
            self.values[(total, r)] = row_total(r)
        if not self.linked:
            return
        for r in (*rows, ALL):
            self.totals.add((total, r))
        for r in rows:
            self.constraints.append([(measure, r, c) for c in columns] + [(total, r)])
        for c in columns:
            self.constraints.append([(measure, r, c) for r in rows] + [(measure, ALL, c)])
            self.totals.add((measure, ALL, c))
        self.constraints.append([(total, r) for r in rows] + [(total, ALL)])
        self.constraints.append([(measure, ALL, c) for c in columns] + [(total, ALL)])

    def part(self, key: Hashable, value: int, parts: Sequence[Hashable]) -> None:
        """A count that is the sum of others (work or studies = arbete + studier)."""
        self.values[key] = value
        if self.linked:
            self.constraints.append([*parts, key])

    def suppress(self, threshold: int) -> None:
        self.hidden = suppress(self.values, self.constraints, threshold, self.totals)

    def shown(self, key: Hashable, threshold: int) -> int | str:
        return HIDDEN if key in self.hidden else self.values[key]


def _by_measure(per: dict[str, Figures], measure: str) -> Callable[[str, str], int]:
    return lambda r, c: int(getattr(per[r], measure)[c])


def _total_of(per: dict[str, Figures], measure: str) -> Callable[[str], int]:
    return lambda r: int(getattr(per[r], measure)["total"])


def _count_cells(per: dict[str, Figures], slugs: Sequence[str], linked: bool = True) -> Cells:
    cells = Cells(linked)
    for measure in ("new", "active", "exited"):
        cells.grid(measure, f"{measure}_total", slugs, GENDERS,
                   _by_measure(per, measure), _total_of(per, measure))
    cells.grid("referrer", "new_total", slugs, REFERRERS,
               lambda r, c: per[r].new_by_referrer[c], lambda r: per[r].new["total"])
    cells.grid("reason", "exited_total", slugs, EXIT_REASONS,
               lambda r, c: per[r].exits_by_reason[c], lambda r: per[r].exited["total"])
    for name, reasons in (("work", WORK_OR_STUDIES), ("steps", STEP_PROGRESSION)):
        for r in (*slugs, ALL):
            figures = per[r].work_or_studies if name == "work" else per[r].step_progression
            cells.part((name, r), int(figures["count"] or 0),
                       [("reason", r, reason) for reason in sorted(reasons)])
        if linked:
            cells.constraints.append([(name, r) for r in slugs] + [(name, ALL)])
    for r in (*slugs, ALL):
        unique = per[r].unique_participants or 0
        cells.values[("unique", r)] = unique
    return cells


def _json_entry(per: Figures, cells: Cells, row: str, threshold: int) -> dict[str, Any]:
    def counts(measure: str, codes: Sequence[str]) -> dict[str, int | str]:
        return {c: cells.shown((measure, row, c), threshold) for c in codes}

    entry: dict[str, Any] = {
        "new": {**counts("new", GENDERS), "total": cells.shown(("new_total", row), threshold)},
        "active": {**counts("active", GENDERS),
                   "total": cells.shown(("active_total", row), threshold)},
        "exited": {**counts("exited", GENDERS),
                   "total": cells.shown(("exited_total", row), threshold)},
        "exits_by_reason": counts("reason", EXIT_REASONS),
        "new_by_referrer": counts("referrer", REFERRERS),
        "unique_participants": cells.shown(("unique", row), threshold),
    }
    for name, key in (("work_or_studies", "work"), ("step_progression", "steps")):
        figures = per.work_or_studies if key == "work" else per.step_progression
        hidden = (key, row) in cells.hidden or ("exited_total", row) in cells.hidden
        share = figures["share"]
        # A number in the JSON (0.4545), as the outcome shares are, never the string "0.4545".
        entry[name] = {"count": cells.shown((key, row), threshold),
                       "share": None if hidden or share is None else float(share)}
    return entry


@register("participants", title=gettext_lazy("Participants"), per_intervention=True,
          action=Action.REPORTS_PARTICIPANTS, reads=page_keys.READS,
          content_key=page_keys.content_key)
def participants_report(params: ReportParams) -> Report:
    return _participants(params, outcomes=True)


def participant_counts(params: ReportParams) -> Report:
    """The participants report without its outcome figures: for a document's charts over
    earlier years, which need only the counts (suppressed exactly as in the full report)."""
    return _participants(params, outcomes=False)


def _participants(params: ReportParams, *, outcomes: bool) -> Report:
    """The report, kept in the cache until the förbund's records change.

    The key holds everything the report depends on besides the records (their version): the
    reader's scope down to its insatser (a staff member's total is of their insatser, the
    board's of the förbund, even where both ask for the same insats), the insats filtered to,
    the insatser shown with their names and goals, the period, whether it is published under
    which threshold and periods, the language its tables are written in, the day (which
    periods have ended decides the published set, publication.linked_periods) and the
    builder's revision (a cached report of an earlier rule is never served after it changes).
    """
    if snapshots.is_frozen(params):
        # An ended year: its published views are read from the scope's snapshot, never counted
        # again (snapshots.py).
        return snapshots.published(params, outcomes, MAKER)
    association = params.association
    # The records version, the insatser and their goals are read once for the key and the
    # build (one_report), so a cold report runs the one statement over the period's rows and
    # four small ones (the version, the insatser, the goals, the late changes); the versions
    # (the records' for the key, the plan's and the reports' for the pieces kept under them)
    # in one statement.
    with queries.one_report(), versions.memo():
        read = scope_interventions(params)
        shown = _of_report(params, read)
        scope = params.scope
        what = repr((REVISION, None if scope.whole else sorted(scope.intervention_ids),
                     getattr(params.intervention, "pk", None),
                     sorted((i.pk, i.slug, i.name, i.aggregate_only) for i in shown),
                     sorted((_goal_values(g) for i in shown for g in i.goals.all()),
                            key=lambda v: v["id"]),
                     params.start, params.end, params.publish, outcomes,
                     association.suppression_threshold, association.published_periods,
                     translation.get_language(), timezone.localdate()))
        key = (f"samsyn-participants-report:{association.pk}:"
               f"{queries.records_version(association)}:"
               f"{hashlib.sha256(what.encode()).hexdigest()[:32]}")
        found = cache.get(key)
        if found is None:
            found = _build(params, outcomes=outcomes, read=read)
            cache.set(key, found, queries.CACHE_SECONDS)
    return found


def scope_interventions(params: ReportParams) -> list[Intervention]:
    """The scope's insatser in name order with their goals: what a report reads of them, once.

    Kept under the plan's token (insatser and goals are the plan's rows; the förbund's own
    settings move every token): a participation saved builds the report again, and these two
    statements were a sixth of that first view's CPU (docs/benchmarks.md round 22)."""
    scope = params.scope
    ids = "*" if scope.whole else ",".join(str(pk) for pk in sorted(scope.intervention_ids))
    name = f"participants-insatser:{hashlib.sha256(ids.encode()).hexdigest()[:24]}"
    found: list[Intervention] = versions.kept(
        params.association, name,
        lambda: list(scope.interventions().order_by("name", "pk").prefetch_related("goals")),
        parts=page_keys.PLAN)
    return found


def _of_report(params: ReportParams, read: Sequence[Intervention]) -> list[Intervention]:
    """The insatser of the report (params.interventions()) of those read for its scope."""
    if params.intervention is None:
        return list(read)
    return [i for i in read if i.pk == params.intervention.pk]


def _goal_values(goal: Goal) -> dict[str, Any]:
    """A goal's columns, as the cache key holds them."""
    return {f.attname: getattr(goal, f.attname) for f in Goal._meta.concrete_fields}


def _build(params: ReportParams, *, outcomes: bool,
           frozen: "Suppressed | None" = None,
           read: Sequence[Intervention] | None = None) -> Report:
    """The report; `read`: the scope's insatser as scope_interventions gives them, where
    the caller has read them."""
    with queries.one_report(), versions.memo():
        return _built(params, outcomes=outcomes, frozen=frozen,
                      read=scope_interventions(params) if read is None else read)


def _built(params: ReportParams, *, outcomes: bool, frozen: "Suppressed | None",
           read: Sequence[Intervention]) -> Report:
    association = params.association
    threshold = association.suppression_threshold
    interventions = _of_report(params, read)
    pairs = [(i.pk, i.slug) for i in read]
    period = Period(params.start, params.end)
    # Counted by the database, once per period and scope (queries.py; metrics.py says what).
    found = queries.figures_for(params.scope, period, pairs)
    records = found.records
    active_slugs = set(found.slugs)

    def figures_of(p: Period) -> queries.PeriodFigures:
        return queries.figures_for(params.scope, p, pairs)

    kommuner: set[str] = set()
    if params.publish:
        # Every insats and kommun of the year, in every published period: a row left out
        # would be known to be zero, and the periods are suppressed together.
        year = figures_of(queries.year(params.year))
        active_slugs |= set(year.slugs)
        kommuner = {r.municipality for r in year.kommun_records}
    shown = [i for i in interventions if i.slug in active_slugs]
    slugs = [i.slug for i in shown]
    total_name = _("The förbund") if params.scope.whole else _("Your interventions together")
    names = {i.slug: i.name for i in shown} | {ALL: str(total_name)}
    empty = metrics.figures([], period)
    per = {s: found.per.get(s, empty) for s in (*slugs, ALL)}
    # The year's suppression (suppressed_year) ties the cells together; this report's own
    # only show them.
    cells = _count_cells(per, slugs, linked=False)
    grids = _grids(found.kommun_records, found.age_records, period, sorted(kommuner))
    _add_grids(cells, grids)
    suppressed = None
    if params.publish:
        suppressed = frozen or suppressed_year(params)
        own = published_key(params)
        cells.hidden = set(suppressed.main[own])
    entries = [{"intervention": s, **_json_entry(per[s], cells, s, threshold)} for s in slugs]
    total = _json_entry(per[ALL], cells, ALL, threshold)
    data = {"association": association.slug,
            "period": {"start": params.start, "end": params.end},
            "interventions": entries, "total": total}
    rows = [*slugs, ALL]
    shares = _work_shares(records, slugs, period)
    tables = [
        _gender_table(_("New participants"), "new", rows, names, cells, threshold),
        _gender_table(_("Active participants"), "active", rows, names, cells, threshold),
        _gender_table(_("Finished participations"), "exited", rows, names, cells, threshold),
        _code_table(_("New participants by referrer"), "referrer", "new_total", rows, names,
                    Referrer, cells, threshold),
        _code_table(_("Finished participations by exit reason"), "reason", "exited_total",
                    rows, names, ExitReason, cells, threshold),
        _share_table(rows, names, shares, cells),
        *(_grid_table(g, cells, threshold) for g in grids),
        _goal_table(shown, per, cells, params.year),
    ]
    tables[0].note = _(
        "A participation counts once per insats; the förbund's total counts participations, "
        "and unique participants counts people."
    )
    for table, kind in zip(tables[:3], queries.KINDS, strict=True):
        missing = [names[s] for s in found.not_given.get(kind, []) if s in names]
        if missing:
            table.note = " ".join(filter(None, [table.note, notes.not_given(missing)]))
    # An unknown count is "–", never 0: the referrers of new participants and the exit
    # reasons are missing with them.
    for table, kind in ((tables[0], "new"), (tables[1], "active"), (tables[2], "exit"),
                        (tables[3], "new"), (tables[4], "exit")):
        unknown = set(found.not_given.get(kind, []))
        table.rows = [{k: NO_FIGURE if r["_row"] in unknown and v == 0 else v
                       for k, v in r.items()} for r in table.rows]
    report = Report(
        kind="participants", title=str(_("Participants")), association=association.slug,
        association_name=association.name, period_start=params.start, period_end=params.end,
        tables=tables, data=data,
        charts=[_work_chart(shares[ALL], cells),
                _work_chart_per_insats(shown, shares, cells)],
    )
    if outcomes:
        add_outcomes(report, params,
                     suppressed.outcomes[own] if suppressed is not None else None, shown=slugs,
                     given=Given(interventions, found))
    if any(i.aggregate_only and not per[i.slug].active["total"] for i in shown):
        report.warnings.append(_("Insatser that report monthly counts give new participants and "
                                 "exits only; they are not counted as active."))
    return report


def _gender_table(title: str, measure: str, rows: Sequence[str], names: dict[str, str],
                  cells: Cells, threshold: int) -> Table:
    labels = dict(Gender.choices)

    def line(r: str) -> dict[str, Cell]:
        line: dict[str, Cell] = {"_row": r, "name": names[r]}
        for g in GENDERS:
            line[g] = cells.shown((measure, r, g), threshold)
        line["total"] = cells.shown((f"{measure}_total", r), threshold)
        if measure == "active":
            line["unique"] = cells.shown(("unique", r), threshold)
        return line

    columns = [Column("name", _("Intervention"))] + [
        Column(g, str(labels[g]), "int") for g in GENDERS] + [Column("total", _("Total"), "int")]
    if measure == "active":
        columns.append(Column("unique", _("Unique participants"), "int"))
    return Table(title=title, columns=columns, rows=[line(r) for r in rows[:-1]],
                 total=line(ALL))


def _code_table(title: str, measure: str, total: str, rows: Sequence[str],
                names: dict[str, str], codes: Any, cells: Cells, threshold: int) -> Table:
    def line(r: str) -> dict[str, Cell]:
        line: dict[str, Cell] = {"_row": r, "name": names[r]}
        for code in codes:
            line[code.value] = cells.shown((measure, r, code.value), threshold)
        line["total"] = cells.shown((total, r), threshold)
        return line

    columns = ([Column("name", _("Intervention"))]
               + [Column(c.value, str(c.label), "int") for c in codes]
               + [Column("total", _("Total"), "int")])
    return Table(title=title, columns=columns, rows=[line(r) for r in rows[:-1]],
                 total=line(ALL))


Shares = dict[str, dict[str, Decimal | None]]


def _work_shares(records: list[metrics.Record], slugs: Sequence[str], period: Period) -> Shares:
    """The share who went on to work or studies by gender, per insats and for all: worked
    out once for the table and both charts, one pass over the records."""
    own: dict[str, list[metrics.Record]] = {s: [] for s in slugs}
    for r in records:
        if r.intervention in own:
            own[r.intervention].append(r)
    return ({s: metrics.work_share_by_gender(own[s], period) for s in slugs}
            | {ALL: metrics.work_share_by_gender(records, period)})


def _share_hidden(cells: Cells, r: str) -> bool:
    """Whether a published report hides the share of a row's finished who went on to work
    or studies: where it hides the count of the finished or of those to work or studies."""
    return any(("exited", r, g) in cells.hidden for g in GENDERS) or ("work", r) in cells.hidden


def _share_table(rows: Sequence[str], names: dict[str, str], by_row: Shares,
                 cells: Cells) -> Table:
    """The share who went on to work or studies, by gender; empty where nobody exited."""
    labels = dict(Gender.choices)
    lines = []
    for r in rows:
        shares = by_row[r]
        line: dict[str, Cell] = {"_row": r, "name": names[r]}
        hidden_row = _share_hidden(cells, r)
        for g in (*GENDERS, "total"):
            value = shares[g]
            line[g] = None if value is None or hidden_row else value * HUNDRED
        lines.append(line)
    # With nobody's gender known a gender column only repeats "All" (002's teams keep none).
    known = any(by_row[r][g] is not None for r in rows for g in GENDERS
                if g != Gender.NOT_STATED)
    columns = ([Column("name", _("Intervention"))]
               + [Column(g, str(labels[g]), "percent") for g in GENDERS if known]
               + [Column("total", _("All"), "percent")])
    return Table(title=_("Share of finished participations that went on to work or studies"),
                 columns=columns, rows=lines[:-1], total=lines[-1],
                 note=_("Empty where nobody finished, or where a published count is hidden."))


@dataclass
class Grid:
    """One of the tables by kommun or age group, as counts under `name` in the report's Cells;
    its total row is the main table's (`links`: the cell each total must equal)."""

    name: str
    title: str
    row_label: str
    rows: list[str]
    values: dict[str, dict[str, int]]
    codes: Any
    links: dict[str, Hashable]


def _grids(records: list[metrics.Record], age_records: list[metrics.Record], period: Period,
           kommuner: Sequence[str] | None = None) -> list[Grid]:
    """002 Bilaga 1 by kommun: new by referrer, exits by reason, and new by age group."""
    kommuner = sorted({r.municipality for r in records} | set(kommuner or ()))
    grids = []
    for name, title, measure, attribute, codes, main, total in (
        ("kref", _("New participants by referrer and kommun"), metrics.is_new, "referrer",
         Referrer, "referrer", "new_total"),
        ("kexit", _("Finished participations by exit reason and kommun"), metrics.is_exited,
         "exit_reason", ExitReason, "reason", "exited_total"),
    ):
        by_kommun = metrics.cross(records, period, lambda r: r.municipality, attribute,
                                  [c.value for c in codes], measure)
        grids.append(Grid(name, title, _("Kommun"), kommuner, by_kommun, codes,
                          {**{c.value: (main, ALL, c.value) for c in codes},
                           "": (total, ALL)}))
    by_age = {
        label: metrics.by_gender([r for r in age_records if r.age_group == label
                                  and metrics.is_new(r, period)])
        for label, _low, _high in AGE_GROUPS
    }
    by_age = {k: {g: v[g] for g in GENDERS} for k, v in by_age.items()}
    grids.append(Grid("age", _("New participants by age group"), _("Age group"), list(by_age),
                      by_age, Gender, {**{g: ("new", ALL, g) for g in GENDERS},
                                       "": ("new_total", ALL)}))
    return grids


def _add_grids(cells: Cells, grids: Sequence[Grid]) -> None:
    """The grids' counts into the report's Cells, their totals tied to the main table's where
    they are the same count, so that suppression treats them as one."""
    for grid in grids:
        cells.grid(grid.name, f"{grid.name}_row", grid.rows, [c.value for c in grid.codes],
                   _grid_value(grid), _grid_row_total(grid))
        if not cells.linked:
            continue
        for code, main in grid.links.items():
            own = (grid.name, ALL, code) if code else (f"{grid.name}_row", ALL)
            if main in cells.values and cells.values[main] == cells.values[own]:
                cells.constraints.append([own, main])


def _grid_value(grid: Grid) -> Callable[[str, str], int]:
    def value(r: str, c: str) -> int:
        if r == ALL:
            return sum(grid.values.get(x, {}).get(c, 0) for x in grid.rows)
        return grid.values.get(r, {}).get(c, 0)
    return value


def _grid_row_total(grid: Grid) -> Callable[[str], int]:
    def total(r: str) -> int:
        if r == ALL:
            return sum(sum(grid.values.get(x, {}).values()) for x in grid.rows)
        return sum(grid.values.get(r, {}).values())
    return total


def _grid_keys(grids: Sequence[Grid]) -> list[Hashable]:
    keys: list[Hashable] = []
    for grid in grids:
        for r in (*grid.rows, ALL):
            keys += [(grid.name, r, c.value) for c in grid.codes] + [(f"{grid.name}_row", r)]
    return keys


def _grid_table(grid: Grid, cells: Cells, threshold: int) -> Table:
    unknown = str(_("Kommun not given"))
    code_values = [c.value for c in grid.codes]

    def line(r: str) -> dict[str, Cell]:
        line: dict[str, Cell] = {"_row": r,
                                 "name": (r or unknown) if r != ALL else str(_("Total"))}
        for c in code_values:
            line[c] = cells.shown((grid.name, r, c), threshold)
        line["total"] = cells.shown((f"{grid.name}_row", r), threshold)
        return line

    columns = ([Column("name", grid.row_label)]
               + [Column(c.value, str(c.label), "int") for c in grid.codes]
               + [Column("total", _("Total"), "int")])
    return Table(title=grid.title, columns=columns, rows=[line(r) for r in grid.rows],
                 total=line(ALL))


GRID_KEYS = frozenset({"kref", "kref_row", "kexit", "kexit_row", "age", "age_row"})


def _row_of(key: Hashable) -> object:
    """The insats (or ALL) a cell key of the main tables belongs to: its second part."""
    if isinstance(key, tuple) and len(key) > 1 and key[0] not in GRID_KEYS:
        return key[1]
    return None


def goal_result(goal: Goal, figures: Figures) -> Decimal | None:
    """The figure a goal is measured by, in its own unit; None where it cannot be computed."""
    metric = goal.metric
    if metric == GoalMetric.PARTICIPANTS_NEW:
        return Decimal(figures.new["total"])
    if metric == GoalMetric.PARTICIPANTS_ACTIVE:
        return Decimal(figures.active["total"])
    if metric == GoalMetric.PARTICIPANTS_EXITED:
        return Decimal(figures.exited["total"])
    if metric == GoalMetric.EXIT_WORK_OR_STUDIES_SHARE:
        share = figures.work_or_studies["share"]
    elif metric == GoalMetric.STEP_PROGRESSION_SHARE:
        share = figures.step_progression["share"]
    elif metric == GoalMetric.SHARE_WOMEN_NEW:
        share = metrics.share(figures.new["kvinna"], figures.new["total"])
    else:
        return None
    return Decimal(share) * HUNDRED if share is not None else None


def goal_met(goal: Goal, result: Decimal | None) -> bool | None:
    if result is None:
        return None
    return result >= goal.target if goal.comparison == "at_least" else result <= goal.target


def _goal_table(interventions: Sequence[Intervention], per: dict[str, Figures], cells: Cells,
                year: int) -> Table:
    rows: list[dict[str, Cell]] = []
    unmeasured = False
    for i in interventions:
        for goal in i.goals.all():
            if goal.year not in (None, year):
                continue
            result = goal_result(goal, per[i.slug])
            unmeasured = unmeasured or goal.metric == GoalMetric.OTHER
            # A result built on a hidden count is hidden with it. The share to work or
            # studies is built on the finished and those to work or studies only: hidden as
            # the share table hides it, so the goal never hides a share that table prints.
            if (_share_hidden(cells, i.slug)
                    if goal.metric == GoalMetric.EXIT_WORK_OR_STUDIES_SHARE
                    else any(_row_of(k) == i.slug for k in cells.hidden)):
                result = None
            met = goal_met(goal, result)
            rows.append({
                "_row": f"goal{goal.pk}", "intervention": i.name, "goal": goal.name,
                "target": format_target(goal.target, goal.unit, goal.comparison),
                "result": result,
                "met": "" if met is None else (_("yes") if met else _("no")),
            })
    return Table(
        title=_("Expected results against results"),
        columns=[Column("intervention", _("Intervention")), Column("goal", _("Expected result")),
                 Column("target", _("Target")), Column("result", _("Result"), "decimal", 1),
                 Column("met", _("Met"))],
        rows=rows,
        # An empty result must not read as a forgotten one.
        note=_("A goal measured otherwise than by the register's counts (how participants "
               "feel, where they go on to) has no result here: the register does not hold "
               "it.") if unmeasured else "",
    )


def _work_chart(shares: dict[str, Decimal | None], cells: Cells) -> Chart:
    labels = dict(Gender.choices)
    hidden = any(_row_of(k) == ALL for k in cells.hidden)
    return Chart(
        title=str(_("Share of participants who finished to work or studies")),
        labels=[str(labels[g]) for g in GENDERS] + [str(_("All"))],
        values=[None if hidden or shares[g] is None else shares[g] * HUNDRED  # type: ignore[operator]
                for g in (*GENDERS, "total")],
        unit="percent",
    )


def _work_chart_per_insats(interventions: Sequence[Intervention], by_row: Shares,
                           cells: Cells) -> Chart:
    labels = dict(Gender.choices)
    groups = []
    for i in interventions:
        shares = by_row[i.slug]
        hidden = any(_row_of(k) == i.slug for k in cells.hidden)
        groups.append((i.name, [
            (str(labels[g]) if g != "total" else str(_("All")),
             None if hidden or shares[g] is None else shares[g] * HUNDRED)  # type: ignore[operator]
            for g in ("kvinna", "man", "total")
        ]))
    return grouped(str(_("Share finished to work or studies, per intervention and gender")),
                   groups, unit="percent")


def _time_keys(slugs: Sequence[str]) -> tuple[list[Hashable], dict[Hashable, tuple[Hashable,
                                                                                  Hashable]]]:
    """The counts that add up over time, and each active count with its new and exited."""
    additive: list[Hashable] = []
    active: dict[Hashable, tuple[Hashable, Hashable]] = {}
    for r in (*slugs, ALL):
        for measure in ("new", "exited"):
            additive += [(measure, r, g) for g in GENDERS] + [(f"{measure}_total", r)]
        additive += [("referrer", r, c) for c in REFERRERS]
        additive += [("reason", r, c) for c in EXIT_REASONS]
        additive += [("work", r), ("steps", r)]
        for g in GENDERS:
            active[("active", r, g)] = (("new", r, g), ("exited", r, g))
        active[("active_total", r)] = (("new_total", r), ("exited_total", r))
    return additive, active


def published_key(params: ReportParams) -> str:
    own = standard_period(params.start, params.end, published_kinds(params.association))
    if own is None:  # build_report refuses it before; never suppress a lone period
        raise NonStandardPeriod(params.start, params.end, published_kinds(params.association))
    return own.key


@dataclass(frozen=True)
class Suppressed:
    """What a scope's published year hides, by period key: cells of the main tables (keys of
    `Cells`) and of the outcome tables (keys of outcome_report's Cells)."""

    main: dict[str, frozenset[Hashable]]
    outcomes: dict[str, frozenset[Hashable]]
    complete: bool = True      # False: the audit ran out of time and hid whole sets
    added: int = 0             # cells the audit hid beyond the per-line rules
    seconds: float = 0.0


# How long the audit of one scope's year may take before it hides whole sets instead: the
# safety net only (what it hides otherwise is decided by work limits, publication/audit.py).
AUDIT_SECONDS = 120.0


def suppressed_year(params: ReportParams) -> Suppressed:
    """The hidden cells of every published period of the report's year, for its scope.

    Everything a role may download of the year is suppressed here, once: every period that
    has ended, each insats a row of the same tables, the main, kommun, age and outcome tables
    together, with every equation between them (publication/audit.py). A report filtered to one
    insats shows cells of these (its row and the scope's total), so it hides what the unfiltered
    one hides. Cached until the records change.
    """
    if snapshots.is_frozen(params):
        # An ended year hides what its published snapshot hides (snapshots.py).
        frozen: Suppressed = snapshots.frozen_suppressed(params, MAKER)
        return frozen
    association = params.association
    kinds = published_kinds(association)
    own = standard_period(params.start, params.end, kinds)
    if own is None:  # build_report refuses it before; never suppress a lone period
        raise NonStandardPeriod(params.start, params.end, kinds)
    periods = linked_periods(own, kinds, timezone.localdate())
    scope = params.scope
    insatser = list(scope.interventions().order_by("pk").values_list("pk", "slug", "name"))
    what = repr((REVISION, insatser, [p.key for p in periods], sorted(kinds),
                 association.suppression_threshold, AUDIT_SECONDS, TIDY_WORK,
                 WORK_CELLS))
    key = (f"samsyn-participants-suppressed:{association.pk}:"
           f"{queries.records_version(association)}:"
           f"{hashlib.sha256(what.encode()).hexdigest()[:32]}")
    found: Suppressed | None = cache.get(key)
    if found is None:
        found = _suppress_year(scope, periods, kinds, association.suppression_threshold)
        cache.set(key, found, queries.CACHE_SECONDS)
    return found


def _main_cells(scope: Any, period: Period, slugs: Sequence[str],
                kommuner: Sequence[str]) -> Cells:
    found = queries.figures_for(scope, period)
    empty = metrics.figures([], period)
    cells = _count_cells({s: found.per.get(s, empty) for s in (*slugs, ALL)}, slugs)
    _add_grids(cells, _grids(found.kommun_records, found.age_records, period, kommuner))
    return cells


OUTCOME = "o"


def _line_of(cell: tuple[str, Hashable]) -> Hashable:
    """The row a link's sum is on, and its kind: (table, insats or kommun, whether it is of
    active participants or of counts that add up)."""
    key = cell[1]
    if isinstance(key, tuple) and len(key) > 1:
        table = key[0] if key[0] in GRID_KEYS else "main"
        return (table, key[1], str(key[0]).startswith("active"))
    return key


def _holding_links(equations: Sequence[list[tuple[str, Hashable]]],
                   values: Mapping[tuple[str, Hashable], int]) -> list[list[tuple[str, Hashable]]]:
    """The links between periods that hold, of the rows on which every link of the kind holds.

    An insats kept as counts of a whole year has no figures in its halves: its year is not
    the sum of its halves, and a reader who sees so cannot take any of its links, not even
    those that hold by chance because both sides are 0 (and tying its zeros to the halves'
    would hide its whole year to no one's protection). An insats reporting monthly counts has
    new participants and exits that add up, but no active ones, so its active counts do not
    grow by its new: it keeps the first kind of link and not the second."""
    known = [eq for eq in equations if all(m in values for m in eq)]
    broken = {_line_of(eq[-1]) for eq in known
              if sum(values[m] for m in eq[:-1]) != values[eq[-1]]}
    return [eq for eq in known if _line_of(eq[-1]) not in broken]


@dataclass
class Bundle:
    """Every cell of a scope's published year and every equation between them (plain values):
    what the audit is given, and what a revision is audited against (snapshots.py)."""

    periods: Sequence[StandardPeriod]
    values: dict[tuple[str, Hashable], int]
    constraints: list[list[tuple[str, Hashable]]]
    totals: list[tuple[str, Hashable]]
    pairs: list[tuple[tuple[str, Hashable], tuple[str, Hashable]]]
    unpublished: set[tuple[str, Hashable]]


def year_bundle(scope: Any, periods: Sequence[StandardPeriod], kinds: frozenset[str]) -> Bundle:
    year = queries.figures_for(scope, queries.year(periods[0].start.year))
    slugs = [s for s in scope.interventions().order_by("name").values_list("slug", flat=True)
             if s in year.slugs]
    kommuner = sorted({r.municipality for r in year.kommun_records})
    tables = {p.key: _main_cells(scope, Period(p.start, p.end), slugs, kommuner)
              for p in periods}
    values: dict[tuple[str, Hashable], int] = {
        (key, k): v for key, cells in tables.items() for k, v in cells.values.items()}
    constraints: list[list[tuple[str, Hashable]]] = [
        [(key, k) for k in line] for key, cells in tables.items() for line in cells.constraints]
    additive, active = _time_keys(slugs)
    additive += _grid_keys(_grids([], [], queries.year(periods[0].start.year), kommuner))
    constraints += _holding_links(links(periods, kinds, additive, active), values)
    totals = [(key, k) for key, cells in tables.items() for k in cells.totals]
    pairs = nested(periods, tables[periods[0].key].values)
    # The outcome tables, as cells of the same set: their finished participations are the main
    # table's where the insats keeps participations only (the two counts are then equal).
    outcomes, outcome_slugs = linked_cells(scope.interventions(), periods, kinds)

    def wrap(cell: tuple[str, Hashable]) -> tuple[str, Hashable]:
        return (cell[0], (OUTCOME, cell[1]))

    values |= {wrap(k): v for k, v in outcomes.values.items()}
    constraints += [[wrap(k) for k in line] for line in outcomes.constraints]
    totals += [wrap(k) for k in outcomes.totals]
    pairs += [(wrap(a), wrap(b)) for a, b in outcomes.pairs]
    for p in periods:
        for r in (*outcome_slugs, ALL):
            ties = [((OUTCOME, ("exited", r)), ("exited_total", r))] + [
                ((OUTCOME, ("g_exited", r, g)), ("exited", r, g)) for g in GENDERS]
            for mine, theirs in ties:
                a, b = (p.key, mine), (p.key, theirs)
                if a in values and b in values and values[a] == values[b]:
                    constraints.append([a, b])
    return Bundle(periods, values, constraints, totals, pairs,
                  {wrap(k) for k in outcomes.unprinted})


def initial_pattern(bundle: Bundle, threshold: int) -> set[tuple[str, Hashable]]:
    """The per-line rules' pattern the audit starts from."""
    pattern = linked_suppress(bundle.values, bundle.constraints, threshold, bundle.totals,
                              bundle.pairs)
    return {(key, k) for key, ks in pattern.items() for k in ks}


def audit_bundle(bundle: Bundle, hidden: set[tuple[str, Hashable]],
                 threshold: int) -> Audit[tuple[str, Hashable]]:
    return audit(bundle.values, bundle.constraints, hidden, threshold,
                 unpublished=bundle.unpublished, totals=bundle.totals,
                 seconds=AUDIT_SECONDS, tidy_work=TIDY_WORK, pairs=bundle.pairs)


def audited(bundle: Bundle, hidden: set[tuple[str, Hashable]], threshold: int) -> Suppressed:
    checked = audit_bundle(bundle, hidden, threshold)
    return as_suppressed(bundle.periods, checked.hidden, complete=checked.complete,
                         added=checked.added, seconds=checked.seconds)


def as_suppressed(periods: Sequence[StandardPeriod], hidden: set[tuple[str, Hashable]],
                  **how: Any) -> Suppressed:
    """Hidden bundle cells by period: of the main tables, and of the outcome tables."""
    main: dict[str, set[Hashable]] = {p.key: set() for p in periods}
    outcome: dict[str, set[Hashable]] = {p.key: set() for p in periods}
    for key, k in hidden:
        if isinstance(k, tuple) and len(k) == 2 and k[0] == OUTCOME:
            outcome[key].add(k[1])
        else:
            main[key].add(k)
    return Suppressed(main={p: frozenset(ks) for p, ks in main.items()},
                      outcomes={p: frozenset(ks) for p, ks in outcome.items()}, **how)


def _suppress_year(scope: Any, periods: Sequence[StandardPeriod], kinds: frozenset[str],
                   threshold: int) -> Suppressed:
    bundle = year_bundle(scope, periods, kinds)
    return audited(bundle, initial_pattern(bundle, threshold), threshold)


# What a snapshot is made with (snapshots.py cannot import this module, which reads it).
MAKER = snapshots.Maker(bundle=year_bundle, pattern=initial_pattern, audit=audit_bundle,
                        suppressed=as_suppressed, build=_build, seconds=AUDIT_SECONDS,
                        tidy_work=TIDY_WORK)
