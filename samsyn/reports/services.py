import datetime as dt

from samsyn.associations.access import Access, Action, Scope
from samsyn.associations.models import Association
from samsyn.participants.publication import DEFAULT_KINDS, check_standard
from samsyn.replicas import replica_reads
from samsyn.reports.document import Report, ReportParams
from samsyn.reports.registry import ReportKind


def build_report(kind: ReportKind, scope: Scope, year: int, *,
                 intervention: object = None, publish: bool = False,
                 start: dt.date | None = None, end: dt.date | None = None) -> Report:
    """A report over what `scope` covers; an insats outside it is refused, never read.

    Published figures are given for standard periods only (`NonStandardPeriod` otherwise):
    two published reports whose periods differ by a day would give away who started or
    left that day. Every page, export, API view and command builds its reports here.
    """
    if intervention is not None and not scope.covers(intervention):
        raise ValueError("the insats is outside the reader's scope")
    association = scope.association
    start, end = start or dt.date(year, 1, 1), end or dt.date(year, 12, 31)
    if publish:
        check_standard(start, end, published_kinds(association))
    params = ReportParams(scope=scope, year=year, start=start, end=end,
                          intervention=intervention, publish=publish)
    # Report reads may go to a read replica (samsyn/replicas.py); writes never do.
    with replica_reads():
        report = kind.build(params)
    report.published = publish
    report.threshold = association.suppression_threshold
    return report


def must_publish(access: Access) -> bool:
    """Counts leave the office only suppressed: who may not see them exact gets them published."""
    return not access.may(Action.AGGREGATES_EXACT)


def published_kinds(association: Association) -> frozenset[str]:
    """The standard periods a förbund publishes figures for (see participants/publication)."""
    return DEFAULT_KINDS
