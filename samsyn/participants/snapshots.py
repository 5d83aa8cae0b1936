"""Published participant figures of an ended year, frozen as audited snapshots (issue 24).

Once a year has ended, the first published view of it asked for (by the board, insats staff,
the API, the national view, a document or the start page) makes the scope's snapshot: the
year's bundle is audited as before (reports.py), and every published view of the year (each
standard period, unfiltered and filtered to each insats of the scope, in each language, with
and without the outcome figures) is built from it once and stored. From then on those views
are read from the snapshot and never counted again, so a backdated change to the year moves
nothing published. The records may then differ from what was published: the office sees by
how many cells, and publishes a new revision only by signing it off with a reason.

**A revision is audited against the earlier ones.** Every cell the earlier revision hid stays
hidden, and every cell it showed whose count has changed (or which it did not have) is hidden
too; then the audit adds partners for the new counts as for any bundle. So each cell the new
revision shows, it shows with the count the earlier one showed: a reader who holds both learns
nothing from the pair that the earlier revision alone did not tell, besides which cells were
withdrawn, and each revision on its own is audited (docs/participants.md, "Snapshots and
revisions").

**Stages.** A year with its months can be too large a problem for the audit's time, and an
audit out of time hides every set of cells tied to a count it did not prove protected: in a
month world that is nearly the whole year. So the months are withheld instead, by stages each
audited completely or not used: first every period of the setting; where that audit does not
complete, the year without its months (they are then in no view and in no equation: the
half-year-sized problem). The stage is chosen by the audit's `complete` flag only and kept in
the snapshot (`withheld`): later rows of the year and its revisions keep it, and a month view
of it is refused with the reason (`Withheld`).
"""

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.interventions.models import Goal, Intervention
from samsyn.participants import notes
from samsyn.participants.models import PublishedSnapshot
from samsyn.publication.audit import TIDY_WORK
from samsyn.publication.known import audit_known
from samsyn.publication.periods import (
    DEFAULT_KINDS,
    MONTH,
    NonStandardPeriod,
    StandardPeriod,
    standard_period,
    standard_periods,
)
from samsyn.publication.withheld import MONTH_DETAIL, Withheld, withheld_line
from samsyn.reports.document import NO_FIGURE, Chart, Column, Report, ReportParams, Table
from samsyn.reports.services import KINDS_OF_SETTING, published_kinds

WHOLE = "whole"
CACHE_SECONDS = 24 * 3600
Cell = tuple[str, Hashable]


@dataclass(frozen=True)
class Maker:
    """What reports.py lends to make a snapshot (it imports this module, not the reverse):
    the year's bundle of cells and equations, the per-line pattern, the audit, and the report
    builder given a fixed suppression."""

    bundle: Callable[[Scope, list[StandardPeriod], frozenset[str]], Any]
    pattern: Callable[[Any, int], set[Cell]]
    audit: Callable[[Any, set[Cell], int], Any]
    suppressed: Callable[..., Any]
    build: Callable[..., Report]
    seconds: float = 120.0
    tidy_work: int = TIDY_WORK


def scope_key(scope: Scope) -> str:
    if scope.whole:
        return WHOLE
    return "i:" + ",".join(str(i) for i in sorted(scope.intervention_ids or ()))


def scope_of(association: Association, key: str) -> Scope:
    if key == WHOLE:
        return Scope.system(association)
    return Scope(association=association,
                 intervention_ids=frozenset(int(i) for i in key[2:].split(",") if i))


def setting_of(association: Association) -> str:
    return f"{association.suppression_threshold}:{association.published_periods}"


def is_frozen(params: ReportParams) -> bool:
    """A published view of a period that has ended (of an ended year, or a closed part of the
    running one): read from its snapshot."""
    return bool(params.publish and params.start.year == params.end.year == params.year
                and params.end < timezone.localdate())


def kinds_of(setting: str) -> frozenset[str]:
    """The published periods of a snapshot's setting ("5:half")."""
    return KINDS_OF_SETTING.get(setting.partition(":")[2], DEFAULT_KINDS)


def closed_through(association: Association, year: int,
                   withheld: frozenset[str] = frozenset()) -> dt.date | None:
    """The end of the last standard period of the year that has ended (None: none has), of
    the kinds not withheld."""
    today = timezone.localdate()
    return max((p.end for p in standard_periods(year, published_kinds(association) - withheld)
                if p.end < today), default=None)


def withheld_of(snapshot: PublishedSnapshot) -> frozenset[str]:
    return frozenset(snapshot.withheld or ())


def stages(kinds: frozenset[str]) -> list[frozenset[str]]:
    """What each stage of a new series withholds, in the order they are tried: nothing, then
    the months' detail (the months of the förbund's total row stay), then the months (where
    the setting has them)."""
    if MONTH not in kinds:
        return [frozenset()]
    return [frozenset(), frozenset({MONTH_DETAIL}), frozenset({MONTH})]


def bundle_of(maker: Maker, scope: Scope, periods: list[StandardPeriod],
              kinds: frozenset[str], withheld: frozenset[str]) -> Any:
    """The scope's bundle of these periods at a stage: with the months' detail withheld, the
    month periods keep only the förbund's total row of the main tables; every other cell of a
    month (each insats's row, the kommun, age and outcome tables) is in no view and in no
    equation."""
    bundle = maker.bundle(scope, periods, kinds)
    if MONTH_DETAIL not in withheld or MONTH in withheld:
        return bundle
    months = {p.key for p in periods if p.kind == MONTH}
    dropped = {k for k in bundle.values if k[0] in months and not month_total(k)}
    if not dropped:
        return bundle
    return dataclasses.replace(
        bundle, values={k: v for k, v in bundle.values.items() if k not in dropped},
        constraints=[line for line in bundle.constraints if not dropped.intersection(line)],
        totals=[k for k in bundle.totals if k not in dropped],
        pairs=[(a, b) for a, b in bundle.pairs if a not in dropped and b not in dropped],
        unpublished={k for k in bundle.unpublished if k not in dropped})


def month_total(cell: Cell) -> bool:
    """A cell of the förbund's total row of a main table (new, active, exited, referrers,
    exit reasons, work and steps, unique participants): what a month view keeps in stage 2."""
    inner = cell[1]
    is_outcome = isinstance(inner, tuple) and len(inner) == 2 and inner[0] == "o" \
        and isinstance(inner[1], tuple)
    return not is_outcome and row_of(cell) == "*"


def through_of(snapshot: PublishedSnapshot) -> dt.date:
    return snapshot.through or dt.date(snapshot.year, 12, 31)


def covered(year: int, kinds: frozenset[str], through: dt.date) -> list[StandardPeriod]:
    """The standard periods a snapshot holds: those ended by `through`."""
    return [p for p in standard_periods(year, kinds) if p.end <= through]


def current(association: Association, scope: Scope, year: int,
            maker: "Maker") -> PublishedSnapshot:
    """The scope's latest snapshot of the year, holding every period that has closed: made
    now if there is none, and carried forward when a further period has closed since."""
    key = scope_key(scope)
    snapshot = latest(association, key, year)
    if snapshot is None:
        need = closed_through(association, year)
        if need is None:  # pragma: no cover - build_report refuses a period that has not closed
            raise ValueError("no period of the year has ended")
        return first(association, scope, year, maker, through=need)
    # A month closing adds nothing to a year whose months are withheld: no row for it.
    need = closed_through(association, year, withheld_of(snapshot))
    if need is not None and through_of(snapshot) < need:
        return carry(association, scope, year, maker, snapshot, need)
    return snapshot


def latest(association: Association, key: str, year: int) -> PublishedSnapshot | None:
    return (PublishedSnapshot.objects
            .filter(association=association, scope_key=key, year=year,
                    setting=setting_of(association))
            .defer("reports", "hidden", "shown").order_by("-revision").first())


def view_key(period: str, intervention: str, outcomes: bool, language: str) -> str:
    return f"{language}|{period}|{intervention}|{int(outcomes)}"


def published(params: ReportParams, outcomes: bool, maker: Maker) -> Report:
    """The published view `params` asks for, read from the förbund's latest snapshot of the
    year (made now if there is none).

    **A staff scope publishes nothing of its own.** Its views are the förbund's: filtered to
    one of its insatser, the board's same view; unfiltered, the förbund's view with the rows
    of its insatser only (`of_insatser`) and the förbund's total. A total of a staff scope's
    insatser alone would be a count the förbund's audit never saw, and the board's own cells
    can narrow it (issue 24: the board's year less one insats, less its first half less that
    insats, is the other insatser's second half), so none is published; every cell a staff
    member is shown is one the förbund's audited snapshot shows every reader."""
    association = params.association
    kinds = published_kinds(association)
    own = standard_period(params.start, params.end, kinds)
    if own is None:  # a published view is of a standard period or none (build_report says)
        raise NonStandardPeriod(params.start, params.end, kinds)
    period = own.key
    snapshot = current(association, Scope.system(association), params.year, maker)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    withheld = withheld_of(snapshot)
    staff = not params.scope.whole
    if own.kind in withheld or (own.kind == MONTH and MONTH_DETAIL in withheld
                                and (params.intervention is not None or staff)):
        # The year was audited without this kind of period (or the months without their
        # insatser, of which a staff member's view is made): no view of it exists to show.
        raise Withheld(params.year, kinds, withheld)
    unfiltered = view_key(period, "", outcomes, language)
    wanted = view_key(period, getattr(params.intervention, "slug", ""), outcomes, language)
    # A staff member's views are cached apart from the board's, filtered ones too: an insats
    # made after the snapshot has no view of its own, and each role is shown another one.
    mine = (sorted(params.scope.intervention_ids or ()) if staff else None)
    # Named by what the row is, not its key alone: a key may come again after a rollback or a
    # restored backup, and the cache must never hand out another snapshot's view.
    made = hashlib.sha256(repr((association.pk, snapshot.scope_key, params.year,
                                snapshot.setting, snapshot.revision,
                                snapshot.created_at.isoformat(), wanted,
                                mine)).encode()).hexdigest()[:40]
    cache_key = f"samsyn-snapshot:{snapshot.pk}:{made}"
    found = cache.get(cache_key)
    if found is None:
        reports = (PublishedSnapshot.objects.filter(pk=snapshot.pk)
                   .values_list("reports", flat=True).get())
        if staff and params.intervention is None:
            found = of_insatser(reports[unfiltered],
                                *_mine(association, params.scope.interventions()))
        elif wanted in reports:
            found = reports[wanted]
        elif staff:
            # An insats made after the snapshot had nothing in the year: the förbund's total
            # and no row, never the unfiltered view with every other insats's rows.
            found = of_insatser(reports[unfiltered], *_mine(
                association, Intervention.objects.filter(pk=params.intervention.pk)))
        else:
            # The board's: the unfiltered view is what the förbund published, said as such
            # above its figures, or the board would read them as the insats's.
            found = instead_of(reports[unfiltered], params.intervention, params.year)
        cache.set(cache_key, found, CACHE_SECONDS)
    report: Report = decode(json.loads(found))
    return report


def instead_of(stored: str, intervention: Any, year: int) -> str:
    """The förbund's unfiltered view (stored JSON), shown for an insats the year's snapshot
    has no view of (added, or its short name changed, after the year was published), with a
    first warning saying so: every figure is the förbund's, byte for byte."""
    base = json.loads(stored)
    line = _("%(insats)s has no published figures of its own for %(year)s: the year's "
             "figures were published before the insats was added (or given its present short "
             "name). Shown instead: the förbund's figures for every insats, as published.") % {
        "insats": intervention.name, "year": year}
    base["warnings"] = [line, *(base.get("warnings") or [])]
    # Said in the JSON too: none of its figures is the insats's.
    base["data"]["unfiltered"] = True
    return json.dumps(base, ensure_ascii=False)


def _mine(association: Association, mine: QuerySet[Intervention]
          ) -> tuple[set[str], set[str], frozenset[str]]:
    """A staff member's insatser: their slugs, their goals' row names, and the slugs and
    names of the förbund's other insatser."""
    goals = Goal.objects.filter(intervention__in=mine).values_list("pk", flat=True)
    slugs = set(mine.values_list("slug", flat=True))
    rest = association.interventions.exclude(slug__in=slugs).values_list("slug", "name")
    return slugs, {f"goal{pk}" for pk in goals}, frozenset(n for pair in rest for n in pair)


def of_insatser(stored: str, mine: set[str], my_goals: set[str],
                elsewhere: frozenset[str] = frozenset()) -> str:
    """The förbund's unfiltered view (stored JSON) with the rows of these insatser only: the
    rows of every other insats the view lists (by slug), of their goals (`goal<pk>`), their
    bars in a chart (by the name the view gives them) and their entries in the JSON are left
    out. Every figure kept is the förbund's, byte for byte; the förbund's total rows and its
    kommun and age tables stay, as the board's filtered views show them too. Which insatser
    are others is read from the stored view, so one deleted or renamed since is still one;
    `elsewhere`: the slugs and names of the förbund's other insatser now, which a warning may
    name though the view lists no row of them."""
    base = json.loads(stored)
    data = base["data"]
    outcomes = data.get("outcomes")
    listed = [*data["interventions"],
              *(outcomes.get("interventions") or [] if isinstance(outcomes, dict) else [])]
    others = {e["intervention"] for e in listed} - mine
    names: set[str] = set()
    for table in base["tables"]:
        names |= {str(r.get("name")) for r in table["rows"] if r.get("_row") in others}
        table["rows"] = [r for r in table["rows"] if r.get("_row") not in others
                         and not _other_goal(r.get("_row"), my_goals)]
        table["note"] = _not_given_of(table, mine)
    charts = []
    for chart in base["charts"]:
        width = max(1, len(chart["series"]))
        keep = [n for n, label in enumerate(chart["labels"]) if label not in names]
        if chart["labels"] and not keep:
            continue  # only other insatser's bars: left out, as a chart with nothing to draw
        chart["values"] = [v for n in keep for v in chart["values"][n * width:(n + 1) * width]]
        chart["labels"] = [chart["labels"][n] for n in keep]
        charts.append(chart)
    base["charts"] = charts
    # A change made after sign-off is printed as logged, naming the insats (its slug or
    # name) and the participation: one of another insats is left out.
    named = others | names | set(elsewhere)
    base["warnings"] = [w for w in base.get("warnings") or []
                        if not any(n and n in str(w) for n in named)]
    data["interventions"] = [e for e in data["interventions"] if e["intervention"] in mine]
    # Said in the JSON too: its rows are some of the förbund's, so they do not add up to the
    # total, which is the förbund's.
    data["partial"] = True
    if isinstance(outcomes, dict) and isinstance(outcomes.get("interventions"), list):
        outcomes["interventions"] = [e for e in outcomes["interventions"]
                                     if e.get("intervention") in mine]
    if base["tables"]:
        line = _("Your insatser's rows and the förbund's total, as the förbund published them. "
                 "A total of your insatser alone is not published: it is not one of the "
                 "förbund's audited figures.") if data["interventions"] else _(
            "Your insatser have no participants in the year: the förbund's total is shown, as "
            "the förbund published it. A total of your insatser alone is not published.")
        first_table = base["tables"][0]
        first_table["note"] = " ".join(filter(None, [line, first_table.get("note", "")]))
    return json.dumps(base, ensure_ascii=False)


def _not_given_of(table: dict[str, Any], mine: set[str]) -> str:
    """The table's note, its sentence on insatser whose counts were not given (which names
    every such insats of the förbund) said again of this scope's only."""
    note = str(table.get("note") or "")
    before, marker, after = notes.not_given([SPLIT]).partition(SPLIT)
    start = note.find(before)
    end = note.find(after, start + len(before)) if start >= 0 else -1
    if not marker or start < 0 or end < 0:
        return note
    missing = [str(r.get("name")) for r in table["rows"] if r.get("_row") in mine
               and any(v == NO_FIGURE for v in r.values())]
    said = notes.not_given(missing) if missing else ""
    return " ".join(filter(None, [note[:start].strip(), said,
                                  note[end + len(after):].strip()]))


SPLIT = "\x00"


def _other_goal(row: object, my_goals: set[str]) -> bool:
    return isinstance(row, str) and row.startswith("goal") and row[4:].isdigit() \
        and row not in my_goals


def frozen_suppressed(params: ReportParams, maker: Maker) -> Any:
    """What the published year hides, for a builder of its own that reads the hidden cells
    (the Uppföljning Finsam document): the snapshot's pattern, and every cell whose count the
    records now give otherwise than the snapshot showed (so a document never prints a count
    that disagrees with the published one; the revision rule)."""
    association = params.association
    whole_only(params)
    kinds = published_kinds(association)
    if standard_period(params.start, params.end, kinds) is None:
        raise NonStandardPeriod(params.start, params.end, kinds)
    snapshot = current(association, params.scope, params.year, maker)
    hidden, shown = (PublishedSnapshot.objects.filter(pk=snapshot.pk)
                     .values_list("hidden", "shown").get())
    kinds = kinds - withheld_of(snapshot)
    periods = covered(params.year, kinds, through_of(snapshot))
    values = bundle_of(maker, params.scope, periods, kinds, withheld_of(snapshot)).values
    before = dict(decode(shown))
    changed = {k for k, v in values.items() if before.get(k) != v}
    return maker.suppressed(periods, set(decode(hidden)) | changed)


def whole_only(params: ReportParams) -> None:
    """A document reading the published year's hidden cells is the förbund's: a staff scope
    has no snapshot of its own (`published`), and its role builds no document."""
    if not params.scope.whole:
        raise PermissionDenied


def published_rows(params: ReportParams, maker: "Maker") -> frozenset[str]:
    """The insatser the published year lists (a row in its tables), as its snapshot stored
    them: a document of its own (Uppföljning Finsam) says "nothing held" for the others, and
    a later change to the records must not change which those are."""
    whole_only(params)
    snapshot = current(params.association, params.scope, params.year, maker)
    hidden, shown = (PublishedSnapshot.objects.filter(pk=snapshot.pk)
                     .values_list("hidden", "shown").get())
    cells = [*decode(hidden), *(k for k, _v in decode(shown))]
    return frozenset(str(r) for r in map(row_of, cells) if r is not None and r != "*")


def first(association: Association, scope: Scope, year: int, maker: Maker,
          through: dt.date | None = None) -> PublishedSnapshot:
    """Revision 1 of the setting, made once: two requests that both find none both compute
    it, and the unique constraint keeps one; the other reads that one. Where the year was
    published under another setting (threshold or periods) before, the new series is audited
    together with what that one published (`carried`)."""
    key = scope_key(scope)
    through = through or closed_through(association, year) or dt.date(year, 12, 31)
    before = (PublishedSnapshot.objects
              .filter(association=association, scope_key=key, year=year)
              .exclude(setting=setting_of(association))
              .order_by("-created_at", "-pk").first())
    if before is None:
        made = make(association, scope, year, maker, earlier=None, through=through)
    else:
        made = carried(association, scope, year, maker, before, through, copy=False)
    return _store(association, key, year, 1, through, made, "snapshot",
                  {} if before is None else {"after_setting": before.setting})


def carry(association: Association, scope: Scope, year: int, maker: Maker,
          earlier: PublishedSnapshot, through: dt.date) -> PublishedSnapshot:
    """A further period of the year has closed: a new row holding it too, audited with what
    `earlier` published, whose views it keeps byte for byte (`carried`)."""
    key = scope_key(scope)
    made = carried(association, scope, year, maker, earlier, through, copy=True)
    return _store(association, key, year, earlier.revision + 1, through, made,
                  "snapshot_extended", {"after_revision": earlier.revision})


def _store(association: Association, key: str, year: int, revision: int, through: dt.date,
           made: dict[str, Any], action: str, detail: dict[str, Any]) -> PublishedSnapshot:
    try:
        with transaction.atomic():
            snapshot = PublishedSnapshot.objects.create(
                association=association, scope_key=key, year=year,
                setting=setting_of(association), revision=revision, through=through, **made)
            record(category=Category.DATA, action=action, association=association,
                   obj=snapshot, detail={"year": year, "scope": key, "revision": revision,
                                         "through": through.isoformat(), **detail})
    except IntegrityError:
        found = latest(association, key, year)
        if found is None:  # pragma: no cover - the row that won is committed before we fail
            raise
        return found
    return snapshot


def make(association: Association, scope: Scope, year: int, maker: Maker,
         earlier: PublishedSnapshot | None, through: dt.date | None = None) -> dict[str, Any]:
    """The audited bundle of the year's closed periods and every published view built from
    it (with `earlier`: a revision of it, over the same periods)."""
    every = published_kinds(association)
    threshold = association.suppression_threshold
    if through is None:
        through = through_of(earlier) if earlier is not None else dt.date(year, 12, 31)
    if earlier is not None and withheld_of(earlier):
        # A revision keeps the stage: the earlier revision's months were never published, and
        # the revision rule would hide every one of them anyway.
        tries = [withheld_of(earlier)]
    else:
        tries = stages(every)
    made: tuple[Any, ...] | None = None
    for withheld in tries:
        kinds = every - withheld
        periods = covered(year, kinds, through)
        if not periods:
            break  # nothing of the year is left without the months yet: the stage before stands
        bundle = bundle_of(maker, scope, periods, kinds, withheld)
        hidden = maker.pattern(bundle, threshold)
        forced: set[Cell] = set()
        if earlier is not None:
            forced = withdrawn(bundle.values, earlier)
        checked = maker.audit(bundle, hidden | forced, threshold)
        final = set(checked.hidden) | forced
        suppressed = maker.suppressed(periods, final, complete=checked.complete,
                                      added=checked.added, seconds=checked.seconds)
        made = (withheld, periods, bundle, final, suppressed)
        if checked.complete:
            break
    assert made is not None  # the first stage always has a period: one has closed
    withheld, periods, bundle, final, suppressed = made
    reports = views(scope, year, periods, maker, suppressed, withheld)
    return {"reports": reports, "hidden": encode(sorted(final, key=repr)),
            "shown": encode(sorted(((k, v) for k, v in bundle.values.items()
                                    if k not in final), key=repr)),
            "withheld": sorted(withheld)}


def views(scope: Scope, year: int, periods: list[StandardPeriod], maker: Maker,
          suppressed: Any, withheld: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every published view of these periods, built from one suppression; where a kind of
    period is withheld, each view says so in one sentence (and the JSON, `withheld`)."""
    insatser = [None, *scope.interventions().order_by("pk")]
    kinds = published_kinds(scope.association)
    reports: dict[str, Any] = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for period in periods:
                total_only = period.kind == MONTH and MONTH_DETAIL in withheld
                for insats in insatser[:1] if total_only else insatser:
                    params = ReportParams(scope=scope, year=year, start=period.start,
                                          end=period.end, intervention=insats, publish=True)
                    for outcomes in (True, False):
                        report = maker.build(params, outcomes=outcomes and not total_only,
                                             frozen=suppressed)
                        if total_only:
                            report = total_row_only(report)
                        if withheld:
                            # Under the first table, so the pages, every download and the
                            # documents built of these tables say it too.
                            line = withheld_line(year, kinds, withheld)
                            first_table = report.tables[0]
                            first_table.note = " ".join(filter(None, [line, first_table.note]))
                            report.data["withheld"] = {"periods": sorted(withheld),
                                                       "reason": line}
                        key = view_key(period.key, getattr(insats, "slug", ""), outcomes,
                                       language)
                        # A string, not a JSON object: PostgreSQL's jsonb orders an object's
                        # keys its own way, and a view must come back byte for byte.
                        reports[key] = json.dumps(encode(report), ensure_ascii=False)
    return reports


# The participants report's tables of counts by gender (new, active, finished) and by code
# (referrers, exit reasons): the first five, the only ones a stage-2 month view keeps.
COUNT_TABLES = 5


def total_row_only(report: Report) -> Report:
    """A month view of stage 2: the förbund's total row of the count tables and nothing else
    (no insats rows, no share table or charts by gender, no kommun, age, goal or outcome
    tables), every figure of it a cell of the audited bundle (`month_total`)."""
    tables = [dataclasses.replace(t, rows=[]) for t in report.tables[:COUNT_TABLES]]
    return dataclasses.replace(report, tables=tables, charts=[],
                               data={**report.data, "interventions": []})


def carried(association: Association, scope: Scope, year: int, maker: Maker,
            earlier: PublishedSnapshot, through: dt.date, copy: bool) -> dict[str, Any]:
    """The year's closed periods, audited as one system with what `earlier` published.

    `copy`: the same setting, and a further period has closed since `earlier` (its periods'
    views are kept byte for byte, and only the new periods are built); else the setting has
    changed (every view of the new setting is new, and `earlier`'s views stay published).

    The cells `earlier` showed with the count the records still give are **known**: every
    reader holds them, so they are constants, shown again with the same count wherever the new
    views have them, and never hidden by the new audit. Cells that `earlier` printed
    otherwise (a backdated change) or did not have, and its hidden cells, are unknowns never
    printed with a new count: in the kept views they stay as printed, in the new views a
    cell of a period `earlier` had is hidden (the revision rule). The new periods' cells are
    audited as any bundle, with the known cells as constants (publication/known.py). Where
    that would need a known cell hidden (or the audit cannot finish), the new views show
    nothing that is not known: every other cell of them is hidden.

    The stage: a further period keeps `earlier`'s (a year without its months stays so); a new
    setting tries its stages in turn (`stages`), the next one where the audit does not
    complete.
    """
    every = published_kinds(association)
    tries = [withheld_of(earlier)] if copy else stages(every)
    found: dict[str, Any] | None = None
    for withheld in tries:
        attempt = _carried_stage(association, scope, year, maker, earlier, through, copy,
                                 withheld)
        if attempt is None:
            break  # nothing of the year is left without the months yet: the stage before stands
        found, complete = attempt
        if complete:
            break
    assert found is not None  # the first stage always has a period: one has closed
    return found


def _carried_stage(association: Association, scope: Scope, year: int, maker: Maker,
                   earlier: PublishedSnapshot, through: dt.date, copy: bool,
                   withheld: frozenset[str]) -> tuple[dict[str, Any], bool] | None:
    """`carried` at one stage: what it stores, and whether its audit completed (None: the
    stage leaves no period to publish)."""
    kinds = published_kinds(association) - withheld
    threshold = association.suppression_threshold
    periods = covered(year, kinds, through)
    if not periods:
        return None
    old_kinds = kinds_of(earlier.setting) - withheld_of(earlier)
    old_periods = covered(year, old_kinds, through_of(earlier))
    union = sorted(set(periods) | set(old_periods))
    bundle = bundle_of(maker, scope, union, kinds | old_kinds, withheld)
    values = bundle.values
    old_hidden = set(decode(earlier.hidden))
    old_shown = dict(decode(earlier.shown))
    old_keys = {p.key for p in old_periods}
    kept_keys = old_keys if copy else set()
    new_keys = {p.key for p in periods} - kept_keys
    known = {k for k, v in old_shown.items() if values.get(k) == v}
    fresh = {k for k in values if k[0] in new_keys}
    silent = {k for k in values if k not in known and k not in fresh}
    forced = {k for k in fresh if k[0] in old_keys and k not in known}
    start = ({k for k in maker.pattern(bundle, threshold) if k in fresh} | forced
             | (old_hidden & fresh))
    hidden: set[Cell] | None = None
    # Every role's views of the year at once: this scope's new cells are decided with every
    # cell any scope has published of the year (the förbund's and each staff scope's) known.
    found, complete = every_role(association, scope, year, maker, bundle, known, silent,
                                 start)
    if found is not None:
        hidden = (found & fresh) | forced
    if hidden is None:
        # Nothing that is not known already: every other cell of the new views is hidden.
        hidden = {k for k in fresh if k not in known or 0 < values[k] < threshold}
    new_periods = [p for p in periods if p.key in new_keys]
    if copy:
        all_hidden = (old_hidden & {k for k in values if k[0] in kept_keys}) | hidden
        stored_hidden = old_hidden | hidden
        stored_shown = {**{k: v for k, v in old_shown.items() if k[0] in kept_keys},
                        **{k: values[k] for k in fresh if k not in hidden}}
    else:
        all_hidden = hidden
        stored_hidden = hidden
        stored_shown = {k: values[k] for k in fresh if k not in hidden}
    suppressed = maker.suppressed(periods, {k for k in all_hidden if k[0] in
                                            {p.key for p in periods}})
    reports = views(scope, year, new_periods, maker, suppressed, withheld)
    if copy:
        before = (PublishedSnapshot.objects.filter(pk=earlier.pk)
                  .values_list("reports", flat=True).get())
        reports |= {k: v for k, v in before.items() if k.split("|")[1] in kept_keys}
    return ({"reports": reports, "hidden": encode(sorted(stored_hidden, key=repr)),
             "shown": encode(sorted(stored_shown.items(), key=repr)),
             "withheld": sorted(withheld)}, complete)


GRID_KEYS = frozenset({"kref", "kref_row", "kexit", "kexit_row", "age", "age_row"})


def row_of(cell: Cell) -> object:
    """The insats a bundle cell is of (None for a total row or a kommun or age grid)."""
    inner = cell[1]
    if isinstance(inner, tuple) and len(inner) == 2 and inner[0] == "o" \
            and isinstance(inner[1], tuple):
        inner = inner[1]
    if isinstance(inner, tuple) and len(inner) > 1 and inner[0] not in GRID_KEYS:
        return inner[1]
    return None


def every_role(association: Association, scope: Scope, year: int, maker: Maker,
               bundle: Any, known: set[Cell], silent: set[Cell],
               start: set[Cell]) -> tuple[set[Cell] | None, bool]:
    """The cells of `scope`'s bundle to hide, audited as one system with every view of the
    year any role has been given: the latest row of each other scope of the setting (the
    förbund's and each staff scope's), whose shown cells are known constants and whose hidden
    cells are unknowns never printed. None where that cannot be done without a known cell
    hidden (`audit_known`); and whether the audit completed.

    One attacker holding every login is the strongest reader: a staff member's views from
    November beside the board's from January, or the other way round. An insats row of a
    staff scope is the same count as the förbund's row, and each other cell of a staff scope
    (its totals, kommun and age tables) with the förbund's same cell leaves a count of the
    other insatser's people, never printed and protected when small (as in
    `with_the_board`). The scope's own cells keep their names (with no other scope's row the
    audit is the one `audit_known` alone would run); another scope's are (its key, cell)."""
    threshold = association.suppression_threshold
    me = scope_key(scope)

    def name(key: str, cell: Any) -> Any:
        return cell if key == me else (key, cell)

    bundles: dict[str, Any] = {me: bundle}
    known_all: set[Any] = set(known)
    unpublished: set[Any] = set(silent) | set(bundle.unpublished)
    others = (PublishedSnapshot.objects
              .filter(association=association, year=year, setting=setting_of(association))
              .exclude(scope_key=me).values_list("scope_key", flat=True).distinct())
    for key in sorted(set(others)):
        row = latest(association, key, year)
        if row is None:  # pragma: no cover - listed just above
            continue
        kept = kinds_of(row.setting) - withheld_of(row)
        other = bundle_of(maker, scope_of(association, key), covered(year, kept, through_of(row)),
                          kept, withheld_of(row))
        bundles[key] = other
        shown = dict(decode(PublishedSnapshot.objects.values_list("shown", flat=True)
                            .get(pk=row.pk)))
        # A cell printed with a count the records no longer give is an unknown, as for the
        # scope's own earlier rows (its printed count was not kept).
        printed = {(key, k) for k, v in shown.items() if other.values.get(k) == v}
        known_all |= printed
        unpublished |= {(key, k) for k in other.values if (key, k) not in printed}
        unpublished |= {(key, k) for k in other.unpublished}
    values: dict[Any, int] = dict(bundle.values)
    lines: list[list[Any]] = [list(line) for line in bundle.constraints]
    totals: list[Any] = list(bundle.totals)
    pairs: list[tuple[Any, Any]] = list(bundle.pairs)
    for key, b in bundles.items():
        if key == me:
            continue
        values |= {(key, k): v for k, v in b.values.items()}
        lines += [[(key, k) for k in line] for line in b.constraints]
        totals += [(key, k) for k in b.totals]
        pairs += [((key, x), (key, y)) for x, y in b.pairs]
    whole = bundles.get(WHOLE)
    for key, staff in bundles.items():
        if key == WHOLE or whole is None:
            continue
        mine = set(scope_of(association, key).interventions().values_list("slug", flat=True))
        for k, v in staff.values.items():
            if k not in whole.values:
                continue
            own, board = name(key, k), name(WHOLE, k)
            if row_of(k) in mine:
                lines.append([own, board])
                if board in known_all and whole.values[k] == v:
                    # Shown by the förbund: this scope's same cell tells nothing new.
                    known_all.add(own)
            elif whole.values[k] >= v:
                rest = ("rest", key, k)
                values[rest] = whole.values[k] - v
                lines.append([own, rest, board])
                unpublished.add(rest)
    checked = audit_known(values, lines, known_all, start, threshold,
                          unpublished=unpublished - known_all, totals=totals,
                          seconds=maker.seconds, tidy_work=maker.tidy_work, pairs=pairs)
    if checked is None:
        return None, False
    return set(checked.hidden) & set(bundle.values), checked.complete


def withdrawn(values: dict[Cell, int], earlier: PublishedSnapshot) -> set[Cell]:
    """The cells a revision must hide: those the earlier one hid, and those it showed with
    another count or did not have (the revision rule in the module's docstring)."""
    before_hidden = set(decode(earlier.hidden))
    before_shown = dict(decode(earlier.shown))
    return {k for k in values
            if k in before_hidden or before_shown.get(k) != values[k]}


def differences(association: Association, year: int, maker: Maker) -> dict[str, int]:
    """The förbund's snapshot of the year: how many cells it showed whose count the records
    now give otherwise (or that it did not have), by scope key (the förbund's only: a staff
    scope reads the förbund's snapshot, and a staff scope's row from before that is never
    read again)."""
    kinds = published_kinds(association)
    found: dict[str, int] = {}
    for key in (WHOLE,):
        snapshot = latest(association, key, year)
        if snapshot is None:
            continue
        shown = dict(decode(
            PublishedSnapshot.objects.values_list("shown", flat=True).get(pk=snapshot.pk)))
        kept = kinds - withheld_of(snapshot)
        periods = covered(year, kept, through_of(snapshot))
        bundle = maker.bundle(scope_of(association, key), periods, kept)
        found[key] = sum(1 for k, v in bundle.values.items() if k in shown and shown[k] != v) \
            + sum(1 for k in shown if k not in bundle.values)
    return found


def revise(association: Association, year: int, reason: str, user: Any,
           maker: Maker) -> list[PublishedSnapshot]:
    """The office's sign-off of a new revision of every scope's published year, with a reason
    (audited against the earlier revision; written to the audit log)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a revision needs a reason")
    made: list[PublishedSnapshot] = []
    # The förbund's only: every staff view is read from it (`published`).
    with transaction.atomic():
        for key in (WHOLE,):
            earlier = (PublishedSnapshot.objects.select_for_update()
                       .filter(association=association, scope_key=key, year=year,
                               setting=setting_of(association)).order_by("-revision").first())
            if earlier is None:
                continue
            content = make(association, scope_of(association, key), year, maker, earlier)
            snapshot = PublishedSnapshot.objects.create(
                association=association, scope_key=key, year=year,
                setting=setting_of(association), revision=earlier.revision + 1,
                through=through_of(earlier), reason=reason, created_by=user, **content)
            record(category=Category.DATA, action="snapshot_revision", user=user,
                   association=association, obj=snapshot,
                   detail={"year": year, "scope": key, "revision": snapshot.revision,
                           "reason": reason})
            made.append(snapshot)
        # Pages keep what they showed per data version: a new revision is new published data.
        versions.changed(association, versions.parts_of(PublishedSnapshot))
    return made


# Reports as plain JSON, so a stored view renders byte for byte as it was built.

_CLASSES: dict[str, type] = {c.__name__: c for c in (Report, Table, Column, Chart)}


def encode(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Decimal):
        return {"__dec__": str(value)}
    if isinstance(value, dt.date):
        return {"__date__": value.isoformat()}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return {"__items__": [[encode(k), encode(v)] for k, v in value.items()]}
        return {k: encode(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _CLASSES:
        return {"__dc__": type(value).__name__,
                **{f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}}
    raise TypeError(f"cannot keep {type(value).__name__} in a snapshot")


def decode(value: Any) -> Any:
    if isinstance(value, list):
        return [decode(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "__dec__" in value:
        return Decimal(value["__dec__"])
    if "__date__" in value:
        return dt.date.fromisoformat(value["__date__"])
    if "__tuple__" in value:
        return tuple(decode(v) for v in value["__tuple__"])
    if "__items__" in value:
        return {decode(k): decode(v) for k, v in value["__items__"]}
    if "__dc__" in value:
        cls = _CLASSES[value["__dc__"]]
        return cls(**{k: decode(v) for k, v in value.items() if k != "__dc__"})
    return {k: decode(v) for k, v in value.items()}
