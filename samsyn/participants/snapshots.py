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
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import Promise

from samsyn.associations import versions
from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.participants.models import PublishedSnapshot
from samsyn.publication.audit import audit
from samsyn.publication.known import audit_known
from samsyn.publication.periods import (
    DEFAULT_KINDS,
    MONTH,
    NonStandardPeriod,
    StandardPeriod,
    standard_period,
    standard_periods,
)
from samsyn.publication.withheld import Withheld, withheld_line
from samsyn.reports.document import Chart, Column, Report, ReportParams, Table
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
    tidy_seconds: float = 30.0


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
    the months (where the setting has them)."""
    return [frozenset(), frozenset({MONTH})] if MONTH in kinds else [frozenset()]


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
    """The published view `params` asks for, read from the scope's latest snapshot of the
    year (made now if there is none)."""
    association = params.association
    key = scope_key(params.scope)
    kinds = published_kinds(association)
    own = standard_period(params.start, params.end, kinds)
    if own is None:  # a published view is of a standard period or none (build_report says)
        raise NonStandardPeriod(params.start, params.end, kinds)
    period = own.key
    snapshot = current(association, params.scope, params.year, maker)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if own.kind in withheld_of(snapshot):
        # The year was audited without this kind of period: no view of it exists to show.
        raise Withheld(params.year, kinds, withheld_of(snapshot))
    wanted = view_key(period, getattr(params.intervention, "slug", ""), outcomes, language)
    # Named by what the row is, not its key alone: a key may come again after a rollback or a
    # restored backup, and the cache must never hand out another snapshot's view.
    made = hashlib.sha256(repr((association.pk, key, params.year, snapshot.setting,
                                snapshot.revision, snapshot.created_at.isoformat(),
                                wanted)).encode()).hexdigest()[:40]
    cache_key = f"samsyn-snapshot:{snapshot.pk}:{made}"
    found = cache.get(cache_key)
    if found is None:
        reports = (PublishedSnapshot.objects.filter(pk=snapshot.pk)
                   .values_list("reports", flat=True).get())
        # An insats made after the snapshot has no view of its own: it had nothing in the
        # year, and the unfiltered view is what the scope published.
        stored = reports.get(wanted) or reports[view_key(period, "", outcomes, language)]
        found = stored
        cache.set(cache_key, found, CACHE_SECONDS)
    report: Report = decode(json.loads(found))
    return report


def frozen_suppressed(params: ReportParams, maker: Maker) -> Any:
    """What the published year hides, for a builder of its own that reads the hidden cells
    (the Uppföljning Finsam document): the snapshot's pattern, and every cell whose count the
    records now give otherwise than the snapshot showed (so a document never prints a count
    that disagrees with the published one; the revision rule)."""
    association = params.association
    kinds = published_kinds(association)
    if standard_period(params.start, params.end, kinds) is None:
        raise NonStandardPeriod(params.start, params.end, kinds)
    snapshot = current(association, params.scope, params.year, maker)
    hidden, shown = (PublishedSnapshot.objects.filter(pk=snapshot.pk)
                     .values_list("hidden", "shown").get())
    kinds = kinds - withheld_of(snapshot)
    periods = covered(params.year, kinds, through_of(snapshot))
    values = maker.bundle(params.scope, periods, kinds).values
    before = dict(decode(shown))
    changed = {k for k, v in values.items() if before.get(k) != v}
    return maker.suppressed(periods, set(decode(hidden)) | changed)


def published_rows(params: ReportParams, maker: "Maker") -> frozenset[str]:
    """The insatser the published year lists (a row in its tables), as its snapshot stored
    them: a document of its own (Uppföljning Finsam) says "nothing held" for the others, and
    a later change to the records must not change which those are."""
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
    if not scope.whole:
        # A staff scope is audited against the förbund's snapshot: it withholds what that does.
        tries = [withheld_of(current(association, Scope.system(association), year, maker))]
    elif earlier is not None and withheld_of(earlier):
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
        bundle = maker.bundle(scope, periods, kinds)
        hidden = maker.pattern(bundle, threshold)
        forced: set[Cell] = set()
        if earlier is not None:
            forced = withdrawn(bundle.values, earlier)
        if scope.whole:
            checked = maker.audit(bundle, hidden | forced, threshold)
            final = set(checked.hidden) | forced
            suppressed = maker.suppressed(periods, final, complete=checked.complete,
                                          added=checked.added, seconds=checked.seconds)
            made = (withheld, periods, bundle, final, suppressed)
            if checked.complete:
                break
        else:
            final = with_the_board(association, scope, year, maker, bundle, hidden | forced,
                                   periods, kinds)
            made = (withheld, periods, bundle, final, maker.suppressed(periods, final))
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
                for insats in insatser:
                    params = ReportParams(scope=scope, year=year, start=period.start,
                                          end=period.end, intervention=insats, publish=True)
                    for outcomes in (True, False):
                        report = maker.build(params, outcomes=outcomes, frozen=suppressed)
                        if withheld:
                            # Under the first table, so the pages, every download and the
                            # documents built of these tables say it too.
                            line = withheld_line(year, kinds)
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
    complete; a staff scope takes the förbund's.
    """
    every = published_kinds(association)
    if not scope.whole:
        tries = [withheld_of(current(association, Scope.system(association), year, maker))]
    elif copy:
        tries = [withheld_of(earlier)]
    else:
        tries = stages(every)
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
    bundle = maker.bundle(scope, union, kinds | old_kinds)
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
    complete = True
    if scope.whole:
        checked = audit_known(values, bundle.constraints, known, start, threshold,
                              unpublished=silent | set(bundle.unpublished),
                              totals=bundle.totals, seconds=maker.seconds,
                              tidy_seconds=maker.tidy_seconds, pairs=bundle.pairs)
        complete = checked is not None and checked.complete
        if checked is not None:
            hidden = (set(checked.hidden) & fresh) | forced
    elif copy and not any(0 < values[k] < threshold for k in known):
        # A staff scope: audited with the förbund's snapshot of the same periods, the known
        # cells visible there; an answer that hides one of them is refused.
        found = with_the_board(association, scope, year, maker, bundle,
                               start | silent | set(bundle.unpublished), union,
                               kinds | old_kinds)
        if not found & known:
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


def with_the_board(association: Association, scope: Scope, year: int, maker: Maker,
                   bundle: Any, start: set[Cell],
                   periods: list[StandardPeriod] | None = None,
                   kinds: frozenset[str] | None = None) -> set[Cell]:
    """A staff scope's hidden cells, audited together with the förbund's published snapshot.

    Whatever the förbund publishes (the board's report, documents, the national view) a staff
    member may hold beside their own views. So their bundle is audited as one system with the
    förbund's: its cells constants where the förbund's snapshot shows them and unknowns where
    it hides them, each insats row of the staff scope tied to the same row of the förbund's,
    and each total of the staff scope (and each kommun and age cell) less the förbund's a
    count of the other insatser's people, never printed and protected when small. The
    förbund's pattern is fixed: where the audit would need one of its shown cells, or runs
    out of time, the staff scope shows only what the förbund shows of its insatser (every cell
    of its own totals and grids hidden), which tells nothing the förbund did not."""
    if kinds is None:
        kinds = published_kinds(association)
    if periods is None:
        periods = standard_periods(year, kinds)
    whole_scope = Scope.system(association)
    board = current(association, whole_scope, year, maker)
    hidden_raw, shown_raw = (PublishedSnapshot.objects.filter(pk=board.pk)
                             .values_list("hidden", "shown").get())
    board_hidden = set(decode(hidden_raw))
    board_shown = dict(decode(shown_raw))
    whole = maker.bundle(whole_scope, periods, kinds)
    slugs = set(scope.interventions().values_list("slug", flat=True))
    tied = [k for k in bundle.values if row_of(k) in slugs and k in whole.values]
    copied = {k for k in tied if k in board_hidden}
    own = {k for k in bundle.values if row_of(k) not in slugs}
    fallback = own | copied | start
    if any(whole.values.get(k) != v for k, v in board_shown.items()):
        return fallback  # the förbund's records changed since: no constants to audit against
    threshold = association.suppression_threshold

    def s_(k: Cell) -> Any:
        return ("s", k)

    def b_(k: Cell) -> Any:
        return ("b", k)

    values: dict[Any, int] = {s_(k): v for k, v in bundle.values.items()}
    values |= {b_(k): v for k, v in whole.values.items()}
    lines = [[s_(k) for k in line] for line in bundle.constraints]
    lines += [[b_(k) for k in line] for line in whole.constraints]
    lines += [[s_(k), b_(k)] for k in tied]
    others = set()
    for k in own:
        if k in whole.values and whole.values[k] >= bundle.values[k]:
            other = ("x", k)
            values[other] = whole.values[k] - bundle.values[k]
            lines.append([s_(k), other, b_(k)])
            others.add(other)
    checked = audit(values, lines, {s_(k) for k in start | copied} | {b_(k) for k in board_hidden},
                    threshold,
                    unpublished=({s_(k) for k in bundle.unpublished}
                                 | {b_(k) for k in whole.unpublished} | others),
                    totals=[*(s_(k) for k in bundle.totals), *(b_(k) for k in whole.values)],
                    seconds=maker.seconds, tidy_seconds=maker.tidy_seconds,
                    pairs=[(s_(a), s_(b)) for a, b in bundle.pairs])
    if not checked.complete or any(k[0] == "b" and k[1] not in board_hidden
                                   for k in checked.hidden):
        return fallback
    return {k[1] for k in checked.hidden if k[0] == "s"} | copied | start


def withdrawn(values: dict[Cell, int], earlier: PublishedSnapshot) -> set[Cell]:
    """The cells a revision must hide: those the earlier one hid, and those it showed with
    another count or did not have (the revision rule in the module's docstring)."""
    before_hidden = set(decode(earlier.hidden))
    before_shown = dict(decode(earlier.shown))
    return {k for k in values
            if k in before_hidden or before_shown.get(k) != values[k]}


def differences(association: Association, year: int, maker: Maker) -> dict[str, int]:
    """For each scope with a snapshot of the year: how many cells it showed whose count the
    records now give otherwise (or that it did not have)."""
    kinds = published_kinds(association)
    found: dict[str, int] = {}
    keys = (PublishedSnapshot.objects
            .filter(association=association, year=year, setting=setting_of(association))
            .values_list("scope_key", flat=True).distinct())
    for key in sorted(set(keys)):
        snapshot = latest(association, key, year)
        if snapshot is None:  # pragma: no cover - listed just above
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
    # The förbund's first: a staff scope's revision is audited against it (with_the_board).
    keys = sorted(set(PublishedSnapshot.objects
                      .filter(association=association, year=year,
                              setting=setting_of(association))
                      .values_list("scope_key", flat=True)), key=lambda k: (k != WHOLE, k))
    with transaction.atomic():
        for key in keys:
            earlier = (PublishedSnapshot.objects.select_for_update()
                       .filter(association=association, scope_key=key, year=year,
                               setting=setting_of(association)).order_by("-revision").first())
            if earlier is None:  # pragma: no cover - listed just above
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
