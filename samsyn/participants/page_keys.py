"""What a participants report page reads, for the page to keep it by (reports/page.py)."""

from samsyn.participants import snapshots
from samsyn.reports.document import ReportParams

# The insatser and their goals are the plan's; sign-off and late changes the reports'; the
# förbund's own settings (threshold, published periods, kommuner) are in no part, so a write
# to them moves every token.
READS = ("records", "plan", "reports")
# The parts the report's pieces that count nobody read, each kept under its own (reports.py,
# outcome_report.py): a participation saved recomputes the figures, not these.
PLAN = ("plan",)
SIGN_OFF = ("reports",)


def content_key(params: ReportParams) -> str | None:
    """A published view of an ended period is its scope's snapshot's (snapshots.published):
    the snapshot row names it while the row holds every period that has closed. A row is
    never changed (a revision is a new row), and its setting is the förbund's threshold and
    published periods. None for any other view: it is counted from the records."""
    if not snapshots.is_frozen(params) or not params.scope.whole:
        # A staff member's view may read more than the row (main, staff24: the förbund's
        # snapshot cut to their insatser by the plan's names): counted or cut each time.
        return None
    association, year = params.association, params.year
    snapshot = snapshots.latest(association, snapshots.scope_key(params.scope), year)
    if snapshot is None:
        return None
    need = snapshots.closed_through(association, year, snapshots.withheld_of(snapshot))
    if need is not None and snapshots.through_of(snapshot) < need:
        return None  # a further period has closed: the view is carried to a new row first
    return repr(("snapshot", snapshot.pk, snapshot.revision, snapshot.created_at.isoformat(),
                 snapshot.setting))
