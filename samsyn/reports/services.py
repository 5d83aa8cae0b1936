import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.publication.periods import (
    DEFAULT_KINDS,
    HALF,
    MONTH,
    TERTIAL,
    TO_AUGUST,
    YEAR,
    OpenPeriod,
    closed_part,
    first_closed,
)
from samsyn.replicas import replica_reads
from samsyn.reports.document import Report, ReportParams
from samsyn.reports.registry import ReportKind

# Association.published_periods: each setting and the standard periods it publishes.
KINDS_OF_SETTING = {"year": frozenset({YEAR}), "half": frozenset({HALF, YEAR}),
                    "month": frozenset({MONTH, HALF, YEAR}),
                    "tertial": frozenset({TERTIAL, TO_AUGUST, YEAR}),
                    "month-tertial": frozenset({MONTH, TERTIAL, TO_AUGUST, YEAR})}


def build_report(kind: ReportKind, scope: Scope, year: int, *,
                 intervention: object = None, publish: bool = False,
                 start: dt.date | None = None, end: dt.date | None = None) -> Report:
    """A report over what `scope` covers; an insats outside it is refused, never read.

    Published figures are given for standard periods only (`NonStandardPeriod` otherwise):
    two published reports whose periods differ by a day would give away who started or
    left that day. For the same reason a period still running is published as of the end of
    its longest closed standard part (`OpenPeriod` while there is none).
    Every page, export, API view and command builds its reports here.
    """
    params = report_params(scope, year, intervention=intervention, publish=publish,
                           start=start, end=end)
    association = scope.association
    asked_end = end or dt.date(year, 12, 31)
    start, end = params.start, params.end
    # Report reads may go to a read replica (samsyn/replicas.py); writes never do.
    with replica_reads():
        report = kind.build(params)
    report.published = publish
    if end != asked_end:
        report.warnings.insert(0, _(
            "Published figures as of %(day)s: they are given for periods that have ended, "
            "and the rest of %(start)s–%(end)s has not.") % {
                "day": end, "start": start, "end": asked_end})
    report.threshold = association.suppression_threshold
    return report


def report_params(scope: Scope, year: int, *, intervention: object = None,
                  publish: bool = False, start: dt.date | None = None,
                  end: dt.date | None = None) -> ReportParams:
    """The params build_report builds the report of (and refuses as it does): a published
    period still running is cut at the end of its longest closed part."""
    if intervention is not None and not scope.covers(intervention):
        raise ValueError("the insats is outside the reader's scope")
    start, end = start or dt.date(year, 1, 1), end or dt.date(year, 12, 31)
    if publish:
        kinds = published_kinds(scope.association)
        closed = closed_part(start, end, kinds, timezone.localdate())
        if closed is None:
            raise OpenPeriod(start, end, first_closed(start, end, kinds))
        end = closed.end
    return ReportParams(scope=scope, year=year, start=start, end=end,
                        intervention=intervention, publish=publish)


def published_kinds(association: Association) -> frozenset[str]:
    """The standard periods a förbund publishes figures for (see participants/publication)."""
    return KINDS_OF_SETTING.get(association.published_periods, DEFAULT_KINDS)
