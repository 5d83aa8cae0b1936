"""The outcome part of the participants report: its JSON, tables and charts, suppressed.

Every count shown here is a cell with the linear constraints it takes part in (a table's rows,
columns and margins, the sum over insatser, a count and its unshown complement). Published,
they are suppressed together with the main tables' cells of every period of the year, as one
set audited by an integer program (reports.suppressed_year, publication/audit.py).

Outcomes are judged from participations only. Where the register holds none of an insats
during the period (it is kept as counts, or its records begin later), its outcomes are not
known: its row shows "–", not 0, and a period without any shows a sentence instead of tables
of zeros. An insats with participations and no exit keeps its true 0.
"""

import datetime as dt
import hashlib
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations import versions
from samsyn.interventions.models import GoalMetric, Intervention
from samsyn.participants import outcome_queries, page_keys, queries
from samsyn.participants import outcomes as o
from samsyn.participants.codes import AGE_GROUPS, Gender, Occupation, Support
from samsyn.participants.metrics import Period
from samsyn.periods.services import late_change_notes
from samsyn.publication.periods import (
    StandardPeriod,
    links,
    nested,
    stated_count,
    stated_work,
)
from samsyn.publication.suppression import HIDDEN
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
from samsyn.web.formatting import format_target

ALL = "*"
K = TypeVar("K", bound=Hashable)
HUNDRED = Decimal(100)
AGES = (*(label for label, _low, _high in AGE_GROUPS), "other")
TO_WORK_FROM = "forsorjningsstod"
# Raised when the outcome part a report keeps (add_outcomes) changes shape or rule.
PART_REVISION = 1


class Cells:
    def __init__(self, linked: bool = True) -> None:
        # Without the equations where only the values are shown (reports.Cells says why).
        self.linked = linked
        self.values: dict[Hashable, int] = {}
        self.constraints: list[list[Hashable]] = []
        self.totals: set[Hashable] = set()
        self.hidden: set[Hashable] = set()

    def add(self, key: Hashable, value: int, total: bool = False) -> None:
        self.values[key] = value
        if total:
            self.totals.add(key)

    def sums_to(self, parts: Iterable[Hashable], whole: Hashable) -> None:
        if self.linked:
            self.constraints.append([*parts, whole])

    def shown(self, key: Hashable, threshold: int) -> int | str:
        return HIDDEN if key in self.hidden else self.values[key]

    def share(self, part: Hashable, whole: Hashable) -> float | None:
        if part in self.hidden or whole in self.hidden:
            return None
        value = o.share(self.values[part], self.values[whole])
        return float(value) if value is not None else None


def _row_cells(cells: Cells, r: str, summary: o.Summary) -> None:
    s = summary.shares
    cells.add(("exited", r), s.exited, total=True)
    cells.add(("exit_ws", r), s.at_exit)
    cells.add(("exit_not", r), s.exited - s.at_exit)
    cells.sums_to([("exit_ws", r), ("exit_not", r)], ("exited", r))
    cells.add(("followed", r), s.followed_up)
    cells.add(("not_followed", r), s.exited - s.followed_up)
    cells.sums_to([("followed", r), ("not_followed", r)], ("exited", r))
    cells.add(("fu_ws", r), s.at_followup)
    cells.add(("fu_not", r), s.followed_up - s.at_followup)
    cells.sums_to([("fu_ws", r), ("fu_not", r)], ("followed", r))
    table = summary.transitions
    for support in o.SUPPORTS:
        for state in o.STATES:
            cells.add(("tr", r, support, state), table[support][state])
        cells.add(("tr_row", r, support), sum(table[support].values()), total=True)
        cells.sums_to([("tr", r, support, st) for st in o.STATES], ("tr_row", r, support))
        cells.add(("sw", r, support), sum(table[support][st] for st in o.WORK_OR_STUDIES))
        cells.sums_to([("tr", r, support, st) for st in sorted(o.WORK_OR_STUDIES)],
                      ("sw", r, support))
    for state in o.STATES:
        cells.add(("tr_col", r, state), sum(table[sp][state] for sp in o.SUPPORTS), total=True)
        cells.sums_to([("tr", r, sp, state) for sp in o.SUPPORTS], ("tr_col", r, state))
    cells.sums_to([("tr_row", r, sp) for sp in o.SUPPORTS], ("exited", r))
    cells.sums_to([("tr_col", r, st) for st in o.STATES], ("exited", r))
    cells.sums_to([("tr_col", r, st) for st in sorted(o.WORK_OR_STUDIES)], ("exit_ws", r))
    bands = summary.durations
    for band, n in bands.items():
        cells.add(("dur", r, band), n)
    cells.sums_to([("dur", r, b) for b in bands], ("exited", r))
    for prefix, groups, parts in (("g", o.GENDERS, summary.by_gender),
                                  ("a", AGES, summary.by_age)):
        for g, part in parts.items():
            cells.add((f"{prefix}_exited", r, g), part.exited)
            cells.add((f"{prefix}_ws", r, g), part.at_exit)
            cells.add((f"{prefix}_not", r, g), part.exited - part.at_exit)
            cells.sums_to([(f"{prefix}_ws", r, g), (f"{prefix}_not", r, g)],
                          (f"{prefix}_exited", r, g))
        cells.sums_to([(f"{prefix}_exited", r, g) for g in groups], ("exited", r))
        cells.sums_to([(f"{prefix}_ws", r, g) for g in groups], ("exit_ws", r))


def _across_rows(cells: Cells, slugs: Sequence[str]) -> None:
    """Each cell of the total row is the sum of the insatser's."""
    if not cells.linked:
        return
    for key in [k for k in cells.values if isinstance(k, tuple) and k[1] == ALL]:
        cells.totals.add(key)
        cells.sums_to([(key[0], s, *key[2:]) for s in slugs], key)


def _entry(cells: Cells, r: str, summary: o.Summary, threshold: int,
           publish: bool) -> dict[str, Any]:
    def show(key: Hashable) -> int | str:
        return cells.shown(key, threshold)

    median = summary.median_days
    small = publish and (("exited", r) in cells.hidden or cells.values[("exited", r)] < threshold)
    return {
        "exited": show(("exited", r)),
        "work_or_studies_at_exit": {"count": show(("exit_ws", r)),
                                    "share": cells.share(("exit_ws", r), ("exited", r))},
        "followed_up": show(("followed", r)),
        "work_or_studies_at_followup": {"count": show(("fu_ws", r)),
                                        "share": cells.share(("fu_ws", r), ("followed", r))},
        "transitions": {
            sp: {**{st: show(("tr", r, sp, st)) for st in o.STATES},
                 "total": show(("tr_row", r, sp))} for sp in o.SUPPORTS
        },
        "transitions_by_state": {st: show(("tr_col", r, st)) for st in o.STATES},
        "from_support_to_work_or_studies": {
            sp: {"exited": show(("tr_row", r, sp)), "count": show(("sw", r, sp)),
                 "share": cells.share(("sw", r, sp), ("tr_row", r, sp))} for sp in o.SUPPORTS
        },
        "time_in_intervention": {
            "median_days": None if median is None or small else float(median),
            "bands": {b: show(("dur", r, b)) for b, _low, _high in o.DURATION_BANDS},
        },
        "by_gender": {g: {"exited": show(("g_exited", r, g)), "count": show(("g_ws", r, g)),
                          "share": cells.share(("g_ws", r, g), ("g_exited", r, g))}
                      for g in o.GENDERS},
        "by_age_group": {a: {"exited": show(("a_exited", r, a)), "count": show(("a_ws", r, a)),
                             "share": cells.share(("a_ws", r, a), ("a_exited", r, a))}
                         for a in AGES},
    }


def _percent(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)) * HUNDRED


def period_cells(interventions: Any, start: dt.date, end: dt.date,
                 slugs: Sequence[str] | None = None,
                 given: outcome_queries.Given | None = None, linked: bool = True
                 ) -> tuple[Cells, list[str], dict[str, o.Summary]]:
    """The outcome cells of the insatser (a queryset) for a period: a row per insats with an
    exit in it (or per `slugs`), and their total. `given`: the insatser and figures the
    report has read (their period is this one), so nothing is read again."""
    # Not cached apart: the whole report is (reports.py).
    if given is None:
        found = outcome_queries.summaries(interventions, start, end, AGES)
        if slugs is None:
            slugs = [slug for slug in interventions.order_by("name")
                     .values_list("slug", flat=True) if slug in found]
    else:
        found = given.summaries(AGES)
        if slugs is None:
            slugs = [i.slug for i in given.interventions if i.slug in found]
    empty = o.combine([], AGES)
    per = {s: found.get(s, empty) for s in slugs} | {ALL: o.combine(found.values(), AGES)}
    cells = Cells(linked)
    for r in (*slugs, ALL):
        _row_cells(cells, r, per[r])
    _across_rows(cells, slugs)
    return cells, list(slugs), per


# Counts no table prints: those who finished to anything but work or studies, who were not
# followed up … They are still counts of people, worked out as a shown count less another.
UNPRINTED = frozenset({"exit_not", "not_followed", "fu_not", "g_not", "a_not"})


@dataclass
class Linked:
    """The outcome cells of every published period of a year, keyed (period key, cell key),
    with the equations between them (each line's last member the sum of the others)."""

    values: dict[tuple[str, Hashable], int]
    constraints: list[list[tuple[str, Hashable]]]
    totals: list[tuple[str, Hashable]]
    pairs: list[tuple[tuple[str, Hashable], tuple[str, Hashable]]]
    unprinted: set[tuple[str, Hashable]]


def linked_cells(interventions: Any, periods: Sequence[StandardPeriod],
                 kinds: Collection[str]) -> tuple[Linked, list[str]]:
    """Every outcome count of the year's published periods, and the insatser that are rows
    (those with an exit in the year). Every outcome count is of participations that ended in
    the period, so each adds up over time (publication/periods.py)."""
    year = periods[0].start.year
    slugs = period_cells(interventions, dt.date(year, 1, 1), dt.date(year, 12, 31))[1]
    built = {p.key: period_cells(interventions, p.start, p.end, slugs)[0] for p in periods}
    values: dict[tuple[str, Hashable], int] = {}
    constraints: list[list[tuple[str, Hashable]]] = []
    totals: list[tuple[str, Hashable]] = []
    for key, cells in built.items():
        values |= {(key, k): v for k, v in cells.values.items()}
        constraints += [[(key, k) for k in line] for line in cells.constraints]
        totals += [(key, k) for k in cells.totals]
    keys = list(next(iter(built.values())).values) if built else []
    constraints += [eq for eq in links(periods, kinds, keys, {})
                    if sum(values[m] for m in eq[:-1]) == values[eq[-1]]]
    # A row shown as "–" (no participations of the insats in that period) tells everyone its
    # counts are 0, so no other cell may lean on hiding them: they leave every equation.
    # Every period's report decides this alike, from the same records.
    held = {p.key: outcome_queries.held(interventions, p.start, p.end) for p in periods}
    known = {(key, k) for key, k in values
             if isinstance(k, tuple) and k[1] != ALL and k[1] not in held[key]}
    pairs = [(a, b) for a, b in nested(periods, keys) if a not in known and b not in known]
    unprinted: set[tuple[str, Hashable]] = {
        (key, k) for key, k in values if isinstance(k, tuple) and k[0] in UNPRINTED
        and (key, k) not in known}
    return Linked(values, _without(constraints, known), totals, pairs, unprinted), slugs


def visible_to(hidden: Collection[Hashable], intervention: str | None) -> set[Hashable]:
    """The hidden cells of a report filtered to one insats: its own row as the year's
    suppression hides it, and the same cells of the total row, which is that insats' alone."""
    if intervention is None:
        return set(hidden)
    own = {k for k in hidden if isinstance(k, tuple) and k[1] == intervention}
    return own | {(k[0], ALL, *k[2:]) for k in own}


def _without(constraints: Iterable[Sequence[K]], known: Collection[K]) -> list[list[K]]:
    """The equations with their known zeros taken out (a zero adds nothing to a sum)."""
    kept = []
    for line in constraints:
        if line[-1] in known:  # the sum is a known 0, and so then is every part of it
            continue
        parts = [m for m in line[:-1] if m not in known]
        if parts:
            kept.append([*parts, line[-1]])
    return kept


def add_outcomes(report: Report, params: ReportParams, hidden: Collection[Hashable] | None,
                 shown: Iterable[str] = (), *, given: outcome_queries.Given) -> None:
    """Adds the outcome figures to a participants report: `outcomes` in its JSON, tables,
    charts. `hidden`: in a published report, the outcome cells the year's suppression hides in
    its period (participants/reports.py, `suppressed_year`); `shown`: the insatser the
    report's counts show, each a row here too ("–" where no figure); `given`: the report's
    insatser and the period's figures, as the report read them."""
    shown = list(shown)
    interventions = list(given.interventions)
    held = given.held()
    report.warnings += _late_notes(params)
    if not held:
        report.data["outcomes"] = {
            "records": False, "total": None,
            "interventions": [{"intervention": i.slug, "records": False}
                              for i in interventions if i.slug in set(shown)]}
        # Counts without participations (002's insatser) still give the counts' tables.
        counted = bool(given.figures.slugs & {i.slug for i in interventions})
        report.tables.append(_no_records_table(params, counted))
        return
    key = _part_key(params, hidden, shown, given, held)
    part = cache.get(key)
    if part is None:
        part = _outcome_part(params, hidden, shown, given, held)
        cache.set(key, part, queries.CACHE_SECONDS)
    report.data["outcomes"], tables, charts = part
    report.tables += tables
    report.charts += charts


def _part_key(params: ReportParams, hidden: Collection[Hashable] | None,
              shown: Iterable[str], given: outcome_queries.Given, held: set[str]) -> str:
    """The outcome part's key: everything it is built from, by content. A participation
    saved builds the report's counts again, but its outcome part only where the period's
    grouped exits (or which insatser are held) change, as a new participation's do not:
    that part was a fifth of the first view's CPU (docs/benchmarks.md round 31)."""
    association = params.association
    what = repr((
        PART_REVISION, params.start, params.end, params.year, params.publish,
        getattr(params.intervention, "slug", None), params.scope.whole,
        association.suppression_threshold, translation.get_language(),
        None if hidden is None else sorted(map(repr, hidden)), sorted(set(shown)),
        sorted(held), sorted(given.figures.held), given.figures.exits,
        [(i.pk, i.slug, i.name, [_goal_values(g) for g in i.goals.all()])
         for i in given.interventions]))
    return (f"samsyn-outcome-part:{association.pk}:"
            f"{hashlib.sha256(what.encode()).hexdigest()[:32]}")


def _goal_values(goal: Any) -> list[Any]:
    return [getattr(goal, f.attname) for f in goal._meta.concrete_fields]


def _outcome_part(params: ReportParams, hidden: Collection[Hashable] | None,
                  shown: Iterable[str], given: outcome_queries.Given, held: set[str]
                  ) -> tuple[dict[str, Any], list[Table], list[Chart]]:
    """The outcome figures of a report whose register holds participations of the period:
    its JSON, tables and charts."""
    threshold = params.association.suppression_threshold
    interventions = list(given.interventions)
    # The year's suppression ties the cells together (linked_cells); the report only shows.
    cells, slugs, per = period_cells(params.interventions(), params.start, params.end,
                                     given=given, linked=False)
    if params.publish:
        if hidden is None:
            raise ValueError("a published report needs the year's suppression")
        cells.hidden = visible_to(hidden, getattr(params.intervention, "slug", None))
    # Insatser of the report without an exit here: a true 0 where the register holds their
    # participations, else no figure. Neither takes part in suppression (a 0 is no small count).
    extra = (set(shown) | held) - set(slugs)
    zeros = Cells(linked=False)
    empty = o.combine([], AGES)
    for r in extra:
        _row_cells(zeros, r, empty)
    order = [i.slug for i in interventions if i.slug in extra or i.slug in slugs]
    rows = [*order, ALL]
    entries = {r: _entry(cells if r in slugs or r == ALL else zeros, r, per.get(r, empty),
                         threshold, params.publish) for r in rows}
    entries |= {r: _blank(entries[r]) for r in order if r not in held}
    data = {
        "records": True,
        "interventions": [{"intervention": s, "records": s in held, **entries[s]}
                          for s in order],
        "total": entries[ALL],
    }
    total_name = _("The förbund") if params.scope.whole else _("Your interventions together")
    names = {i.slug: i.name for i in interventions} | {ALL: str(total_name)}
    shares, from_support, duration = per_insats = [
        _shares_table(rows, names, entries),
        _from_support_table(rows, names, entries),
        _duration_table(rows, names, entries),
    ]
    for table in per_insats:
        _no_figure_rows(table, order, held)
    tables = [
        shares,
        _transitions_table(entries[ALL]),
        from_support,
        duration,
        _group_table(_("Work or studies at exit by gender"), _("Gender"),
                     [(g, str(label)) for g, label in Gender.choices], entries[ALL]["by_gender"]),
        _group_table(_("Work or studies at exit by age group"), _("Age group"),
                     [(a, a if a != "other" else _("Other ages")) for a in AGES],
                     entries[ALL]["by_age_group"]),
        _goals_table(interventions, entries, params.year, held),
    ]
    return data, tables, _charts([s for s in order if s in held], names, entries)


def _late_notes(params: ReportParams) -> list[str]:
    """periods.late_change_notes for the report's period, kept under the reports' token
    (sign-off and late changes are its rows; every writer of either moves it) and the
    language its lines are written in: a participation saved reads them no more."""
    start, end, published = params.start, params.end, params.publish
    found: list[str] = versions.kept(
        params.association,
        f"late-notes:{start}:{end}:{int(published)}:{translation.get_language()}",
        lambda: late_change_notes(params.association, start, end, published=published),
        parts=page_keys.SIGN_OFF)
    return found


def _blank(entry: Any) -> Any:
    """The same shape with no figure anywhere: what the JSON says of an insats without
    participations in the period."""
    if isinstance(entry, dict):
        return {k: _blank(v) for k, v in entry.items()}
    return None


def _no_figure_rows(table: Table, slugs: Sequence[str], held: set[str]) -> None:
    """Every figure of an insats without participations in the period is "–", and the
    table's note says why. `slugs`: the insats of each row, in order.

    The rows keep no key of their own: a version frozen before keys its cells by place."""
    missing = [row for slug, row in zip(slugs, table.rows, strict=True) if slug not in held]
    for row in missing:
        row.update({c.key: NO_FIGURE for c in table.columns[1:] if c.kind != "text"})
    if missing:
        table.note = " ".join(filter(None, [
            table.note, str(NO_RECORDS_NOTE),
            _("The total is of the other interventions.") if table.total is not None else ""]))


NO_RECORDS_NOTE = gettext_lazy(
    "–: the register holds no participations of the intervention in the period, so its "
    "outcomes cannot be given; no figure, not 0.")


def _no_records_table(params: ReportParams, counted: bool = False) -> Table:
    """In place of the outcome tables, where the register holds no participation of the
    period: one sentence, and the förbund's own totals where it stated them. `counted`: the
    register holds counts of the period, which the tables above give, so the sentence does
    not say it holds nothing."""
    sentences = [_("The register holds only counts for this period, not each participation, "
                   "so the outcomes of those who finished cannot be given: there is no figure, "
                   "which is not the same as 0.") if counted else
                 _("The register holds no participations of this period, so the outcomes of "
                   "those who finished cannot be given: there is no figure, which is not the "
                   "same as 0.")]
    stated = (queries.stated_totals(params.association, Period(params.start, params.end))
              if params.scope.whole and params.intervention is None else {})
    threshold = params.association.suppression_threshold
    exits = stated.get("exit")
    work = stated_work(exits, stated.get("work_or_studies"), threshold, params.publish)
    if exits is not None:
        shown_exits = stated_count(exits, threshold, params.publish)
        if work is not None:
            sentences.append(_("The förbund itself stated %(exits)s finished participations "
                               "for the period, %(work)s of them to work or studies.")
                             % {"exits": shown_exits,
                                "work": stated_count(work, threshold, params.publish)})
        else:
            sentences.append(_("The förbund itself stated %(exits)s finished participations "
                               "for the period.") % {"exits": shown_exits})
    return Table(title=_("Outcomes of finished participations"), columns=[], rows=[],
                 section=_("Outcomes before and after"), note=" ".join(sentences))


def _shares_table(rows: Sequence[str], names: dict[str, str],
                  entries: dict[str, dict[str, Any]]) -> Table:
    def line(r: str) -> dict[str, Cell]:
        e = entries[r]
        return {"_row": r, "name": names[r], "exited": e["exited"],
                "exit_count": e["work_or_studies_at_exit"]["count"],
                "exit_share": _percent(e["work_or_studies_at_exit"]["share"]),
                "followed": e["followed_up"],
                "fu_count": e["work_or_studies_at_followup"]["count"],
                "fu_share": _percent(e["work_or_studies_at_followup"]["share"])}

    return Table(
        title=_("Work or studies at exit and at follow-up"),
        columns=[Column("name", _("Intervention")), Column("exited", _("Finished"), "int"),
                 Column("exit_count", _("In work or studies at exit"), "int"),
                 Column("exit_share", _("Share at exit"), "percent"),
                 Column("followed", _("Followed up"), "int"),
                 Column("fu_count", _("In work or studies at follow-up"), "int"),
                 Column("fu_share", _("Share at follow-up"), "percent")],
        rows=[line(r) for r in rows[:-1]], total=line(rows[-1]),
        section=_("Outcomes before and after"),
        note=_("The state at exit is the occupation recorded at exit, else the exit reason "
               "when it is work or studies; the share at exit is of every finished "
               "participation, the share at follow-up of those followed up."),
    )


def _support_label(code: str) -> str:
    return str(dict(Support.choices).get(code, _("Not recorded")))


def _state_label(code: str) -> str:
    return str(dict(Occupation.choices).get(code, _("Not recorded")))


def _transitions_table(total: dict[str, Any]) -> Table:
    rows: list[dict[str, Cell]] = []
    for sp in o.SUPPORTS:
        row = total["transitions"][sp]
        rows.append({"_row": sp, "support": _support_label(sp),
                     **{st: row[st] for st in o.STATES},
                     "total": row["total"]})
    return Table(
        title=_("From means of support at start to occupation at exit"),
        columns=[Column("support", _("Means of support at start"))]
        + [Column(st, _state_label(st), "int") for st in o.STATES]
        + [Column("total", _("Total"), "int")],
        rows=rows,
        total={"support": _("Total"), **total["transitions_by_state"],
               "total": total["exited"]},
    )


def _from_support_table(rows: Sequence[str], names: dict[str, str],
                        entries: dict[str, dict[str, Any]]) -> Table:
    def line(r: str) -> dict[str, Cell]:
        e = entries[r]["from_support_to_work_or_studies"][TO_WORK_FROM]
        return {"_row": r, "name": names[r], "exited": e["exited"], "count": e["count"],
                "share": _percent(e["share"])}

    return Table(
        title=_("From social assistance to work or studies"),
        columns=[Column("name", _("Intervention")),
                 Column("exited", _("Finished, social assistance at start"), "int"),
                 Column("count", _("In work or studies at exit"), "int"),
                 Column("share", _("Share"), "percent")],
        rows=[line(r) for r in rows[:-1]], total=line(rows[-1]),
    )


def _duration_table(rows: Sequence[str], names: dict[str, str],
                    entries: dict[str, dict[str, Any]]) -> Table:
    labels = {"0-3": _("Up to 3 months"), "3-6": _("3–6 months"), "6-12": _("6–12 months"),
              "12-24": _("1–2 years"), "24+": _("More than 2 years")}

    def line(r: str) -> dict[str, Cell]:
        t = entries[r]["time_in_intervention"]
        median = t["median_days"]
        return {"_row": r, "name": names[r], **t["bands"], "total": entries[r]["exited"],
                "median": Decimal(str(median)) if median is not None else None}

    return Table(
        title=_("Time in the intervention of finished participations"),
        columns=[Column("name", _("Intervention"))]
        + [Column(b, str(labels[b]), "int") for b, _low, _high in o.DURATION_BANDS]
        + [Column("total", _("Total"), "int"),
           Column("median", _("Median (days)"), "decimal", 0)],
        rows=[line(r) for r in rows[:-1]], total=line(rows[-1]),
    )


def _group_table(title: str, label: str, groups: list[tuple[str, str]],
                 values: dict[str, dict[str, Any]]) -> Table:
    return Table(
        title=title,
        columns=[Column("group", label), Column("exited", _("Finished"), "int"),
                 Column("count", _("In work or studies at exit"), "int"),
                 Column("share", _("Share"), "percent")],
        rows=[{"_row": g, "group": name, "exited": values[g]["exited"], "count": values[g]["count"],
               "share": _percent(values[g]["share"])} for g, name in groups],
    )


def _goals_table(interventions: Sequence[Intervention], entries: dict[str, dict[str, Any]],
                 year: int, held: set[str]) -> Table:
    rows: list[dict[str, Cell]] = []
    for i in interventions:
        if i.slug not in entries:
            continue
        for goal in i.goals.all():
            if goal.metric != GoalMetric.EXIT_WORK_OR_STUDIES_SHARE or goal.year not in (
                    None, year):
                continue
            e = entries[i.slug]
            at_exit = _percent(e["work_or_studies_at_exit"]["share"])
            at_followup = _percent(e["work_or_studies_at_followup"]["share"])

            def met(value: Decimal | None, target: Decimal = goal.target,
                    comparison: str = goal.comparison) -> str:
                if value is None:
                    return ""
                ok = value >= target if comparison == "at_least" else value <= target
                return _("yes") if ok else _("no")

            row: dict[str, Cell] = {
                "_row": f"goal{goal.pk}", "intervention": i.name, "goal": goal.name,
                "target": format_target(goal.target, goal.unit, goal.comparison),
                "at_exit": at_exit, "met_exit": met(at_exit),
                "at_followup": at_followup, "met_followup": met(at_followup)}
            if i.slug not in held:
                row |= dict.fromkeys(("at_exit", "met_exit", "at_followup", "met_followup"),
                                     NO_FIGURE)
            rows.append(row)
    return Table(
        title=_("Goals for work or studies against the outcome figures"),
        columns=[Column("intervention", _("Intervention")), Column("goal", _("Expected result")),
                 Column("target", _("Target")), Column("at_exit", _("At exit"), "percent"),
                 Column("met_exit", _("Met at exit")),
                 Column("at_followup", _("At follow-up"), "percent"),
                 Column("met_followup", _("Met at follow-up"))],
        rows=rows,
        note=str(NO_RECORDS_NOTE) if any(r["at_exit"] == NO_FIGURE for r in rows) else "",
    )


def _charts(slugs: Sequence[str], names: dict[str, str],
            entries: dict[str, dict[str, Any]]) -> list[Chart]:
    shares = grouped(
        str(_("Share in work or studies at exit and at follow-up, per intervention")),
        [(names[s], [(str(_("At exit")),
                      _percent(entries[s]["work_or_studies_at_exit"]["share"])),
                     (str(_("At follow-up")),
                      _percent(entries[s]["work_or_studies_at_followup"]["share"]))])
         for s in slugs],
        unit="percent",
    )
    from_support = Chart(
        title=str(_("From social assistance to work or studies, per intervention")),
        labels=[names[s] for s in slugs],
        values=[_percent(entries[s]["from_support_to_work_or_studies"][TO_WORK_FROM]["share"])
                for s in slugs],
        unit="percent",
    )
    # A chart with nothing to draw is left out rather than drawn as empty axes.
    return [c for c in (shares, from_support) if c.has_values]
