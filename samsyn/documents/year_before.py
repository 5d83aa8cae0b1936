"""1.1's comparisons with the year before (002: "i linje med inflödet 2021 då det totala antalet
nyinskrivna deltagare var 416", "fler än 2021 då teamen hade totalt 168"): the new participants
of the year before, from the records where the register holds that year, else as the förbund
stated them, with the source."""

import dataclasses
import datetime as dt

from django.utils.translation import gettext as _

from samsyn.documents.groups import added, insats_rows
from samsyn.interventions import kept
from samsyn.participants import queries
from samsyn.participants.models import StatedFigure
from samsyn.participants.reports import participant_counts
from samsyn.publication.periods import stated_count
from samsyn.reports.document import Cell, Column, Report, ReportParams, Table


def year_before(params: ReportParams) -> Report:
    before = params.year - 1
    start, end = dt.date(before, 1, 1), dt.date(before, 12, 31)
    begins = queries.first_year(params.association)
    held = begins is not None and begins <= before
    threshold = params.association.suppression_threshold
    stated = {(f.group_id, f.measure): f for f in StatedFigure.objects.filter(
        association=params.association, period_start=start, period_end=end, gender="",
        measure=StatedFigure.Measure.NEW).order_by()}
    # By insats slug: the new participants of the year before, where the register holds it.
    counts: dict[str, Cell] | None = None
    total: Cell | None = None
    interventions = {slug: pk for pk, slug, _name in insats_rows(params)}
    if held and params.publish:
        # Published, each count is hidden as that year's report hides it.
        found = dataclasses.replace(params, year=before, start=start, end=end,
                                    intervention=None).once(participant_counts).data
        counts = {e["intervention"]: e["new"]["total"] for e in found["interventions"]}
        total = found["total"]["new"]["total"]
    elif held:
        # The count alone, not that year's whole report: the same years as the inflow chart
        # asks for (charts), so both take one kept answer.
        new = queries.new_per_intervention(params.scope, range(before - 3, before + 1))[before]
        counts = {slug: new.get(pk, 0) for slug, pk in interventions.items()}
        total = sum(new.values())
    in_scope = set(interventions)
    rows: list[dict[str, Cell]] = []

    def row(key: str, what: str, group_id: int | None, from_records: Cell | None) -> None:
        if from_records is not None:
            rows.append({"_key": key, "what": what, "value": from_records,
                         "source": _("The records")})
            return
        figure = stated.get((group_id, StatedFigure.Measure.NEW))
        if figure is not None:
            rows.append({"_key": key, "what": what,
                         "value": stated_count(figure.value, threshold, params.publish),
                         "source": _("Stated by the förbund: %(source)s") % {
                             "source": figure.source} if figure.source
                         else _("Stated by the förbund")})

    if params.scope.whole:
        row("association", _("The förbund"), None, total if counts is not None else None)
    for group in kept.groups(params.association):
        members = [i.slug for i in group.interventions.all()]
        if not members or any(m not in in_scope for m in members):
            continue
        value: Cell | None = None
        if counts is not None:
            value = added([counts.get(m) for m in members])
        row(f"g{group.pk}", group.name, group.pk, value)
    tables = []
    if rows:
        tables.append(Table(
            title=_("New participants %(year)s, the year before") % {"year": before},
            columns=[Column("what", ""), Column("value", _("New participants"), "int"),
                     Column("source", _("Source"))],
            rows=rows, note=_(
                "From the records where the register holds %(year)s; otherwise as the förbund "
                "stated the figure, with where.") % {"year": before}))
    return Report(kind="year_before", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, counts_people=True,
                  data={"year": before, "from_records": held})
