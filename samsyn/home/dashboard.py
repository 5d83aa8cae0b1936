"""The start page of a förbund: how the chosen year is going, each answer linking onwards.

Every figure comes from what the other pages read, so the start page can never disagree with
them: money through `lines_for` and `summarize`; participants, for the roles that must get
published, suppressed figures, through the participants report, and for readers of exact
figures from the participation summary (participants/summary.py: the report's figures kept
current on write, a property test holds them equal), with the goals of the insatser measured
by the report's own rule (`goal_result`, `goal_met`). So the first view after a records change
does not count the year's rows. Nothing is counted here in Python over model rows.

Each part of the board is kept under the tokens of the parts of the förbund's data it reads
(`versions.part_data`; `PARTS_READ` names them): after a change of the records only the
participant figures and the latest imports are made again, after a budget save only the
economy and what is due. What a part reads of the förbund's own row or its members needs no
token: a write to them moves every one.
"""

import datetime as dt
import hashlib
import io
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.access import Access
from samsyn.audit.models import AuditEntry
from samsyn.finance import queries as finance
from samsyn.finance.budget import summarize
from samsyn.finance.categories import Scenario
from samsyn.finance.queries import has_lines, lines_for
from samsyn.home import due_rules
from samsyn.home.stated import Stated, stated_for_year
from samsyn.interventions.models import Goal, GoalMetric
from samsyn.participants import summary
from samsyn.participants.metrics import Figures
from samsyn.participants.queries import year as year_period
from samsyn.participants.reports import goal_met, goal_result
from samsyn.publication.periods import OpenPeriod
from samsyn.reports.models import ReportVersion
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report
from samsyn.surveys.models import Round

HUNDRED = Decimal(100)

# The parts of the förbund's data (versions.PARTS) each part of the board reads. Budget lines
# and SIE files name insatser (plan); goals and the register's figures are per insats.
PARTS_READ = {
    "money": ("economy", "plan"),
    "records": ("records", "plan"),
    "record_imports": ("records", "plan"),
    "work_targets": ("plan",),
    "surveys": ("surveys", "plan"),
    "due": ("reports", "economy"),
    "decided": ("reports",),
    "insatser": ("plan",),
    "bookkeeping": ("economy",),
    "stated": ("records",),
}


@dataclass
class Money:
    budget: Decimal | None
    plan: Decimal | None
    forecast: Decimal | None
    outcome: Decimal | None
    used: Decimal | None  # outcome (or forecast) costs as a share of budgeted costs, per cent
    measured_by: str  # "outcome", "forecast" or "" (nothing to measure against)


@dataclass
class Due:
    title: str
    status: str
    done: bool
    url: str


@dataclass
class Dashboard:
    year: int
    years: list[int]
    published: bool
    money: Money | None
    people: dict[str, Any]
    goals: dict[str, int]
    work_share: Decimal | None
    work_targets: tuple[Decimal, Decimal] | None
    surveys: list[dict[str, Any]]
    due: list[Due]
    imports: list[dict[str, Any]] = field(default_factory=list)
    # Why the participant figures are missing (a published year of which nothing has ended).
    people_note: str = ""
    # The förbund's own figures for the year (home/stated.py), shown beside the register's,
    # and the annual report that gives them, where the reader may open it.
    stated: Stated | None = None
    annual_report_url: str = ""


def _money(access: Access, year: int) -> Money | None:
    association = access.association
    costs: dict[str, Decimal | None] = {}
    for scenario in (Scenario.BUDGET, Scenario.PLAN, Scenario.FORECAST, Scenario.OUTCOME):
        if has_lines(association, year, scenario):
            costs[scenario] = summarize(lines_for(association, year, scenario),
                                        Decimal(0)).costs
        else:
            costs[scenario] = None
    if not any(v is not None for v in costs.values()):
        return None
    budget = costs[Scenario.BUDGET] or costs[Scenario.PLAN]
    measured_by = ("outcome" if costs[Scenario.OUTCOME] is not None
                   else "forecast" if costs[Scenario.FORECAST] is not None else "")
    spent = costs.get(measured_by) if measured_by else None
    used = spent * HUNDRED / budget if budget and spent is not None else None
    return Money(budget=costs[Scenario.BUDGET], plan=costs[Scenario.PLAN],
                 forecast=costs[Scenario.FORECAST], outcome=costs[Scenario.OUTCOME],
                 used=used, measured_by=measured_by)


def _people(access: Access, year: int,
            publish: bool) -> tuple[dict[str, Any], dict[str, int], str]:
    if not publish:
        people, goals = exact_people(access, year)
        return people, goals, ""
    kind = get_kind("participants")
    assert kind is not None
    goals = {"met": 0, "missed": 0, "unknown": 0}
    try:
        report = build_report(kind, access.scope(), year, publish=publish)
    except OpenPeriod as not_yet:
        missing = {"total": "–"}
        return {"new": missing, "active": missing, "exited": missing,
                "work_or_studies": {"count": None, "share": None}}, goals, str(not_yet)
    total = report.data["total"]
    yes, no = _("yes"), _("no")
    for table in report.tables:
        if any(c.key == "met" for c in table.columns):
            for row in table.rows:
                met = row.get("met")
                key = "met" if met == yes else "missed" if met == no else "unknown"
                goals[key] += 1
    # A running year is published as of its last closed period (reports/services.py).
    note = report.warnings[0] if report.period_end < dt.date(year, 12, 31) else ""
    if report.data.get("partial"):
        # A staff member's report lists their insatser under the förbund's total.
        note = " ".join(filter(None, [str(_(
            "The förbund's published figures: a total of your insatser alone is not "
            "published. Your insatser's rows are in the report.")), note]))
    return total, goals, note


def _entry(figures: Figures) -> dict[str, Any]:
    """The figures as the participants report's JSON gives them (report.data), but unique
    participants, which the summary cannot count."""
    entry: dict[str, Any] = {"new": figures.new, "active": figures.active,
                             "exited": figures.exited,
                             "exits_by_reason": figures.exits_by_reason,
                             "new_by_referrer": figures.new_by_referrer}
    for name in ("work_or_studies", "step_progression"):
        found = getattr(figures, name)
        share = found["share"]
        entry[name] = {"count": int(found["count"] or 0),
                       "share": None if share is None else float(share)}
    return entry


def exact_people(access: Access, year: int, insatser: Iterable[int] | None = None,
                 of_year: Iterable[Goal] | None = None
                 ) -> tuple[dict[str, Any], dict[str, int]]:
    """The year's exact figures of the reader's insatser together, and their goals met,
    missed and without a figure, as the participants report's goal table counts them: the
    goals of the year (or of every year) of each insats with records in the year.
    `insatser`, `of_year`: their ids and those goals of all of them (`_goals_of_year`), where
    the caller has them already."""
    if insatser is None:
        insatser = access.scope().interventions().values_list("pk", flat=True)
    counted = summary.figures(insatser, year_period(year))
    goals = {"met": 0, "missed": 0, "unknown": 0}
    if of_year is None:
        of_year = _goals_of_year(sorted(counted.held), year)
    for goal in (g for g in of_year if g.intervention_id in counted.held):
        met = goal_met(goal, goal_result(goal, counted.per[goal.intervention_id]))
        goals["unknown" if met is None else "met" if met else "missed"] += 1
    return _entry(counted.total), goals


def _work_targets(access: Access, year: int) -> tuple[Decimal, Decimal] | None:
    span = (Goal.objects.filter(intervention__in=access.scope().interventions(),
                                metric=GoalMetric.EXIT_WORK_OR_STUDIES_SHARE)
            .filter(Q(year__isnull=True) | Q(year=year))
            .aggregate(low=Min("target"), high=Max("target")))
    if span["low"] is None:
        return None
    return span["low"], span["high"]


def _surveys(access: Access, year: int, today: dt.date) -> list[dict[str, Any]]:
    scope = access.scope()
    rounds = (Round.objects.filter(association=access.association, year=year)
              .filter(Q(intervention__isnull=True) | Q(intervention__in=scope.interventions()))
              .select_related("template", "intervention")
              .annotate(answers=Count("responses"), invited=Count("invitations"))
              .order_by("-closes"))
    slug = access.association.slug
    return [{"round": r, "open": today <= r.closes, "answers": r.answers, "invited": r.invited,
             "url": reverse("round_detail", args=[slug, r.pk])} for r in rounds]


def _decided(access: Access, year: int) -> dict[str, dt.date | None]:
    return dict(ReportVersion.objects.filter(association=access.association, year=year,
                                             kind__in=["half-year", "annual-report"])
                .values_list("kind", "decided"))


def _due(access: Access, year: int) -> list[Due]:
    slug = access.association.slug
    # Under the reports' token alone: after a budget save what is due is made again from
    # the economy the page has just read, without asking what is decided.
    decided = _part(access, "decided", year, lambda: _decided(access, year))

    def report(kind: str) -> str:
        """The report's page, or no link where the role may not read it (no dead ends)."""
        found = get_kind(kind)
        if found is None or not found.readable_by(access):
            return ""
        return f"{reverse('report_view', args=[slug, kind])}?year={year}"

    a = access.association
    # The förbund's own dates (home/due_rules.py, docs/the-year.md).
    due_on = {"half-year": due_rules.half_year_due(year, a.half_year_due_month,
                                                   a.half_year_due_day),
              "annual-report": due_rules.annual_due(year, a.annual_due_month, a.annual_due_day)}
    items = []
    interim = (_("Interim report January–August %(year)s") if a.follows_tertials
               else _("Half-year report %(year)s"))
    for kind, title in (("half-year", interim),
                        ("annual-report", _("Annual report %(year)s"))):
        when = decided.get(kind)
        items.append(Due(
            title=title % {"year": year},
            status=(_("decided %(date)s") % {"date": when.isoformat()} if when
                    else _("not decided yet, due %(date)s")
                    % {"date": due_on[kind].isoformat()}),
            done=when is not None, url=report(kind)))
    # Uppföljning Finsam asks for new participants by legal gender and, per insats, the
    # budget and the outcome: ready when the year has both.
    has_outcome = has_lines(access.association, year, Scenario.OUTCOME)
    has_budget = has_lines(access.association, year, Scenario.BUDGET)
    missing = [what for what, there in ((_("budget"), has_budget), (_("outcome"), has_outcome))
               if not there]
    items.append(Due(
        title=_("National follow-up (Uppföljning Finsam) %(year)s") % {"year": year},
        status=(_("figures ready") if not missing
                else _("missing: %(what)s") % {"what": ", ".join(str(m) for m in missing)}),
        done=not missing, url=report("participants")))
    return items


def _bookkeeping_imports(access: Access) -> list[dict[str, Any]]:
    slug = access.association.slug
    return [{"when": sie.imported_at, "what": _("Bookkeeping (SIE) %(year)s")
             % {"year": sie.year}, "detail": sie.filename,
             "url": reverse("sie_detail", args=[slug, sie.pk])}
            for sie in finance.sie_imports(access.association)[:3]]


def _goals_of_year(insatser: Iterable[int], year: int) -> list[Goal]:
    return list(Goal.objects.filter(intervention_id__in=list(insatser))
                .filter(Q(year__isnull=True) | Q(year=year)))


def _named_insatser(access: Access) -> dict[int, tuple[str, str]]:
    """The reader's insatser by id: (name, slug)."""
    return {pk: (name, insats_slug) for pk, name, insats_slug
            in access.scope().interventions().values_list("pk", "name", "slug")}


def _insatser_and_goals(access: Access, year: int
                        ) -> tuple[dict[int, tuple[str, str]], list[Goal]]:
    insatser = _named_insatser(access)
    return insatser, _goals_of_year(insatser, year)


def _record_imports(access: Access, interventions: dict[int, tuple[str, str]] | None = None
                    ) -> list[dict[str, Any]]:
    slug = access.association.slug
    items: list[dict[str, Any]] = []
    # Imports are record writes in the audit log, which keeps the insats by id and name.
    # The columns shown only: the entries' details are large, and every first view after a
    # records change reads them.
    if interventions is None:
        interventions = _named_insatser(access)
    # (logged as "import" until participations got one write path, now as a "save" via one)
    imported = Q(action="import") | Q(action="save", detail__contains='"via": "import"')
    for at, intervention_id, rows in (AuditEntry.objects.filter(
            imported, association_id=access.association.pk,
            intervention_id__in=list(interventions)).order_by("-at")
            .values_list("at", "intervention_id", "rows")[:3]):
        assert intervention_id is not None  # filtered by insats
        name, insats_slug = interventions[intervention_id]
        items.append({"when": at, "what": _("Participants of %(name)s") % {"name": name},
                      "detail": _("%(rows)s rows") % {"rows": rows},
                      "url": reverse("intervention_detail", args=[slug, insats_slug])})
    return items


def _records(access: Access, year: int) -> tuple[dict[str, Any], dict[str, int],
                                                list[dict[str, Any]]]:
    # The reader's insatser and their goals are the plan's: kept through a records change,
    # read once for the figures, the goals met and the imports.
    insatser, goals = _part(access, "insatser", year,
                            lambda: _insatser_and_goals(access, year))
    return (*exact_people(access, year, list(insatser), goals),
            _record_imports(access, insatser))


def _annual_report_url(access: Access, year: int) -> str:
    """The year's annual report, which states the förbund's own figures; "" where the reader
    may not open it (no dead ends)."""
    kind = get_kind("annual-report")
    if kind is None or not kind.readable_by(access):
        return ""
    return f"{reverse('report_view', args=[access.association.slug, 'annual-report'])}?year={year}"


def content_key(*what: Any) -> str:
    """A key that changes whenever anything a fragment is rendered from changes: a hash of
    it as pickled."""
    written = io.BytesIO()
    pickler = pickle.Pickler(written, protocol=pickle.HIGHEST_PROTOCOL)
    # Without the memo: it writes an object met twice as a reference to the first, so the
    # same values computed afresh (one string object in two places) and read back from the
    # cache (two) would hash apart, and every tile would be rendered again.
    pickler.fast = True
    pickler.dump(what)
    return hashlib.sha256(written.getbuffer()).hexdigest()


# What of the board each tile of the start page shows (web/dashboard.html): each tile is
# rendered again only when its own figures change, so a budget save renders the economy's
# tile alone and a records change the participants' three.
TILES = {
    "money": lambda b: (b.year, b.money),
    "people": lambda b: (b.year, b.people, b.people_note, b.goals, b.stated,
                         b.annual_report_url),
    "work": lambda b: (b.year, b.work_share, b.work_targets, b.stated),
    "surveys": lambda b: (b.surveys,),
    "due": lambda b: (b.year, b.due),
    "imports": lambda b: (b.imports,),
}


def tile_keys(board: Dashboard, *more: Any) -> dict[str, str]:
    """Each tile's key: what it shows of the board, with whatever else every tile is
    rendered from (`more`: the förbund's address, the reader's rights, the language)."""
    return {name: content_key(name, shows(board), *more) for name, shows in TILES.items()}


def _part(access: Access, name: str, arguments: Any, compute: Any) -> Any:
    return versions.part_data(access, f"start:{name}", PARTS_READ[name], arguments, compute)


def build(access: Access, year: int, years: list[int], today: dt.date) -> Dashboard:
    publish = access.must_publish
    # The page reads the year's economy and figures from several boxes: each once.
    with finance.one_document():
        if publish:
            # Published figures depend on more than the records (sign-off, snapshots,
            # suppression settings): made again after any write, from the report's cache.
            people, goals, people_note = _people(access, year, publish)
            imports = _part(access, "record_imports", None, lambda: _record_imports(access))
        else:
            # The figures and the imports together: one cache write after a records change
            # (the file cache lists its folder on every write).
            people, goals, imports = _part(access, "records", (year, today),
                                           lambda: _records(access, year))
            people_note = ""
        share = people["work_or_studies"]["share"]
        if access.sees_finance:
            imports = imports + _part(access, "bookkeeping", None,
                                      lambda: _bookkeeping_imports(access))
        return Dashboard(
            year=year, years=years, published=publish,
            money=(_part(access, "money", year, lambda: _money(access, year))
                   if access.sees_finance else None),
            people=people, goals=goals,
            work_share=Decimal(str(share)) * HUNDRED if share is not None else None,
            work_targets=_part(access, "work_targets", year,
                               lambda: _work_targets(access, year)),
            surveys=_part(access, "surveys", (year, today),
                          lambda: _surveys(access, year, today)),
            due=_part(access, "due", year, lambda: _due(access, year)),
            imports=sorted(imports, key=lambda i: i["when"], reverse=True)[:5],
            people_note=people_note,
            # The förbund's totals stand beside the whole förbund's register only: staff see
            # their own insatser's counts, which no stated total compares with.
            stated=(_part(access, "stated", (year, publish),
                          lambda: stated_for_year(access.association, year, publish))
                    if access.sees_all_interventions else None),
            annual_report_url=_annual_report_url(access, year),
        )
