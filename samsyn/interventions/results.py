"""An insats's goals against its results, read from the participants report.

The report kind is found in the report framework's registry by name, so the insatser, a floor
below the participants, never import them.
"""

from typing import Any

from samsyn.associations.access import Access
from samsyn.publication.periods import OpenPeriod
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report


def goal_fulfilment(access: Access, intervention: Any, year: int) -> dict[int, dict[str, Any]]:
    """Each goal of an insats against its result, as the participants report gives it
    (published figures for the roles that must get them): goal pk → {result, met, year}.
    A goal set for a year is measured in that year; a goal for the whole period in `year`."""
    kind = get_kind("participants")
    assert kind is not None
    goals = list(intervention.goals.all())
    found: dict[int, dict[str, Any]] = {}
    for measured in sorted({g.year or year for g in goals}):
        try:
            report = build_report(kind, access.scope(), measured, intervention=intervention,
                                  publish=access.must_publish)
        except OpenPeriod:
            continue  # nothing of the year is published yet
        table = next(t for t in report.tables if any(c.key == "met" for c in t.columns))
        # The report lists the goals of the year in the insats' own order, one row each.
        in_year = [g for g in goals if g.year in (None, measured)]
        if len(in_year) != len(table.rows):
            continue
        for goal, row in zip(in_year, table.rows, strict=True):
            if (goal.year or year) == measured:
                found[goal.pk] = {"result": row["result"], "met": row["met"], "year": measured}
    return found
