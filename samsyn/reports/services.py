import datetime as dt

from samsyn.associations.access import Access, Action, Scope
from samsyn.replicas import replica_reads
from samsyn.reports.document import Report, ReportParams
from samsyn.reports.registry import ReportKind


def build_report(kind: ReportKind, scope: Scope, year: int, *,
                 intervention: object = None, publish: bool = False,
                 start: dt.date | None = None, end: dt.date | None = None) -> Report:
    """A report over what `scope` covers; an insats outside it is refused, never read."""
    if intervention is not None and not scope.covers(intervention):
        raise ValueError("the insats is outside the reader's scope")
    association = scope.association
    params = ReportParams(
        scope=scope, year=year,
        start=start or dt.date(year, 1, 1), end=end or dt.date(year, 12, 31),
        intervention=intervention, publish=publish,
    )
    # Report reads may go to a read replica (samsyn/replicas.py); writes never do.
    with replica_reads():
        report = kind.build(params)
    report.published = publish
    report.threshold = association.suppression_threshold
    return report


def must_publish(access: Access) -> bool:
    """Counts leave the office only suppressed: who may not see them exact gets them published."""
    return not access.may(Action.AGGREGATES_EXACT)
