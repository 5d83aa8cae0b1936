"""Referrals to an insats that advises rather than takes participants, as 002 Bilaga 1 prints
Resursrådet's: "Antal anmälningar (inflöde) till Resursrådet 2022", gender by kommun with
their totals (141). Published as every other count is: the per-line rules' pattern, then the
audit (publication/audit.py) that no combination of the table's rows and columns narrows a
count from 1 to N − 1. The table is its own grid, tied to no other published figure."""

from collections.abc import Hashable

from django.utils.translation import gettext as _

from samsyn.participants.codes import Gender
from samsyn.participants.models import ReferralCount
from samsyn.publication.audit import audit
from samsyn.publication.suppression import HIDDEN, suppress
from samsyn.reports.document import Cell, Column, Report, ReportParams, Table

ALL = "*"
AUDIT_SECONDS = 10.0


def referral_tables(params: ReportParams) -> Report:
    counts = (ReferralCount.objects
              .filter(intervention__in=params.interventions(), period_start__gte=params.start,
                      period_end__lte=params.end)
              .select_related("intervention", "municipality"))
    by_insats: dict[int, list[ReferralCount]] = {}
    for count in counts:
        by_insats.setdefault(count.intervention_id, []).append(count)
    tables = [_table(params, found) for found in
              sorted(by_insats.values(), key=lambda c: c[0].intervention.name.casefold())]
    return Report(kind="referrals", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, counts_people=True,
                  data={str(c[0].intervention.slug): sum(x.count for x in c)
                        for c in by_insats.values()})


def _table(params: ReportParams, counts: list[ReferralCount]) -> Table:
    intervention = counts[0].intervention
    kommuner = sorted({c.municipality.name if c.municipality else "" for c in counts},
                      key=lambda k: (k == "", k))
    genders = [g for g in Gender.values if any(c.gender == g for c in counts)]
    values: dict[Hashable, int] = {}
    for c in counts:
        key = (c.gender, c.municipality.name if c.municipality else "")
        values[key] = values.get(key, 0) + c.count
    for g in genders:
        for k in kommuner:
            values.setdefault((g, k), 0)
        values[(g, ALL)] = sum(values[(g, k)] for k in kommuner)
    for k in [*kommuner, ALL]:
        values[(ALL, k)] = sum(values[(g, k)] for g in genders)
    hidden: set[Hashable] = set()
    if params.publish:
        constraints = ([[(g, k) for k in [*kommuner, ALL]] for g in [*genders, ALL]]
                       + [[(g, k) for g in [*genders, ALL]] for k in [*kommuner, ALL]])
        totals = [(g, ALL) for g in genders] + [(ALL, k) for k in [*kommuner, ALL]]
        threshold = params.association.suppression_threshold
        # A grid of a few kommuner is audited in well under a second; out of time, the audit
        # hides the whole of every line tied to a count it could not show protected.
        hidden = set(audit(values, constraints, suppress(values, constraints, threshold, totals),
                           threshold, totals=totals, seconds=AUDIT_SECONDS).hidden)
    labels = dict(Gender.choices)

    def line(g: str) -> dict[str, Cell]:
        row: dict[str, Cell] = {"_key": f"{intervention.slug}:{g}",
                                "gender": str(labels[g]) if g != ALL else _("Total")}
        for i, k in enumerate([*kommuner, ALL]):
            row[f"k{i}"] = HIDDEN if (g, k) in hidden else values[(g, k)]
        return row

    columns = ([Column("gender", "")]
               + [Column(f"k{i}", k or _("No municipality"), "int")
                  for i, k in enumerate(kommuner)]
               + [Column(f"k{len(kommuner)}", _("Total"), "int")])
    return Table(
        title=_("%(insats)s: referrals (inflow) %(year)s")
        % {"insats": intervention.name, "year": params.year},
        columns=columns, rows=[line(g) for g in genders], total=line(ALL),
        note=_("People referred to the intervention, by municipality and gender. They are not "
               "its participants and are not counted among the förbund's participants."))
