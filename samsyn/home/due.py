"""The "what is due" page of a förbund: per insats and standard period whether its figures
are in, participations open far past the insats's usual time, the reports to adopt and their
dates, and the survey rounds to send or closing (docs/the-year.md).

Everything is read through the person's Access and Scope: staff see their own insatser, a
count of open participations links to the register only for those who may read it, and a
reader who gets published figures gets it as published. The reminders (reminders.py) read
the same page.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access
from samsyn.home import due_rules as rules
from samsyn.interventions.models import InterventionKind
from samsyn.participants.coverage import open_past_usual, reported_periods
from samsyn.publication.periods import (
    HALF,
    MONTH,
    TERTIAL,
    TO_AUGUST,
    YEAR,
    StandardPeriod,
    label,
    standard_periods,
    stated_count,
)
from samsyn.reports.models import ReportVersion
from samsyn.reports.registry import get_kind
from samsyn.reports.services import published_kinds
from samsyn.surveys.models import Round


@dataclass(frozen=True)
class Cell:
    period: StandardPeriod
    state: str  # due_rules: in, missing, running, future, outside


@dataclass
class InterventionDue:
    intervention: Any
    cells: list[Cell]
    # Open participations past twice the usual time: a number, "x" where published hides it, or None
    # where the insats has no usual time (or keeps counts only).
    open_long: int | str | None
    register_url: str  # the insats's register, for those who may read it; else ""

    @property
    def missing(self) -> list[StandardPeriod]:
        return [c.period for c in self.cells if c.state == rules.MISSING]


@dataclass(frozen=True)
class ReportDue:
    kind: str
    title: str
    year: int
    due: dt.date
    decided: dt.date | None
    state: str  # due_rules: decided, upcoming, due, overdue
    url: str


@dataclass(frozen=True)
class SurveyDue:
    round: Any
    invited: int
    answers: int
    state: str  # due_rules: to_send, closing, open, closed
    url: str


@dataclass
class DuePage:
    year: int
    today: dt.date
    periods: list[StandardPeriod]
    interventions: list[InterventionDue] = field(default_factory=list)
    reports: list[ReportDue] = field(default_factory=list)
    surveys: list[SurveyDue] = field(default_factory=list)

    @property
    def period_labels(self) -> list[str]:
        return [label(p) for p in self.periods]


def _interventions(access: Access, year: int, periods: list[StandardPeriod],
                   today: dt.date) -> list[InterventionDue]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # Structural insatser have no participants to report.
    running = list(access.interventions().filter(kind=InterventionKind.INDIVIDUAL)
                   .filter(start__lte=end).exclude(end__lt=start).order_by("name"))
    ids = [i.pk for i in running]
    reported = reported_periods(ids, periods)
    usual = {i.pk: i.usual_duration_days for i in running
             if i.usual_duration_days and not i.aggregate_only}
    open_long = open_past_usual(usual, today)
    readable = set(access.record_interventions().filter(pk__in=ids)
                   .values_list("pk", flat=True))
    threshold = access.association.suppression_threshold
    slug = access.association.slug
    rows = []
    for i in running:
        cells = [Cell(p, rules.period_state(p.start, p.end, i.start, i.end,
                                            p.key in reported.get(i.pk, set()), today))
                 for p in periods]
        count: int | str | None = None
        if i.pk in usual:
            exact = open_long.get(i.pk, 0)
            # Who may not read the records gets the count as published ("x" for 1..N-1).
            count = (exact if i.pk in readable
                     else stated_count(exact, threshold, access.must_publish))
        url = (reverse("participation_list", args=[slug, i.slug])
               if i.pk in readable and not i.aggregate_only else "")
        rows.append(InterventionDue(i, cells, count, url))
    return rows


def _interim(association: Any, year: int) -> tuple[str, dt.date]:
    """The delårsrapport's title and last day: January–August where the förbund follows up
    per tertial (documents/builders.half_year), January–June otherwise."""
    if association.follows_tertials:
        return _("Interim report January–August %(year)s"), dt.date(year, 8, 31)
    return _("Half-year report %(year)s"), dt.date(year, 6, 30)


def _reports(access: Access, year: int, today: dt.date) -> list[ReportDue]:
    association = access.association
    decided = dict(ReportVersion.objects.filter(association=association, year=year,
                                                kind__in=["half-year", "annual-report"])
                   .order_by("frozen_at").values_list("kind", "decided"))
    slug = association.slug
    found = []
    for kind, title, period_end, due in (
            ("half-year", *_interim(association, year),
             rules.half_year_due(year, association.half_year_due_month,
                                 association.half_year_due_day)),
            ("annual-report", _("Annual report %(year)s"), dt.date(year, 12, 31),
             rules.annual_due(year, association.annual_due_month,
                              association.annual_due_day))):
        report_kind = get_kind(kind)
        url = (f"{reverse('report_view', args=[slug, kind])}?year={year}"
               if report_kind is not None and report_kind.readable_by(access) else "")
        when = decided.get(kind)
        found.append(ReportDue(kind, title % {"year": year}, year, due, when,
                               rules.report_state(period_end, due, when, today), url))
    return found


def _surveys(access: Access, year: int, today: dt.date) -> list[SurveyDue]:
    scope = access.scope()
    rounds = (Round.objects.filter(association=access.association, year=year)
              .filter(Q(intervention__isnull=True) | Q(intervention__in=scope.interventions()))
              .select_related("template", "intervention")
              .annotate(n_answers=Count("responses", distinct=True),
                        n_invited=Count("invitations", distinct=True))
              .order_by("closes", "pk"))
    slug = access.association.slug
    found = []
    for r in rounds:
        # A round answered elsewhere, or kept as its published shares, has nothing to send.
        invited = r.n_invited + r.invited_elsewhere + (1 if r.published_answers is not None
                                                       else 0)
        found.append(SurveyDue(r, r.n_invited + r.invited_elsewhere, r.n_answers,
                               rules.survey_state(r.closes, invited, today),
                               reverse("round_detail", args=[slug, r.pk])))
    return found


def build(access: Access, year: int, today: dt.date) -> DuePage:
    periods = standard_periods(year, published_kinds(access.association))
    # Months first, then half-years or tertials, then January–August, then the year: the
    # order the year is lived in.
    order = {MONTH: 0, HALF: 1, TERTIAL: 1, TO_AUGUST: 2, YEAR: 3}
    periods.sort(key=lambda p: (order[p.kind], p.start))
    return DuePage(year=year, today=today, periods=periods,
                   interventions=_interventions(access, year, periods, today),
                   reports=_reports(access, year, today),
                   surveys=_surveys(access, year, today))
