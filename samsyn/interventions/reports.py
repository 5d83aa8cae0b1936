from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.reports.document import Cell, Column, Report, ReportParams, Table
from samsyn.reports.registry import register
from samsyn.web.formatting import format_target


@register("interventions", title=gettext_lazy("Interventions and expected results"),
          per_intervention=True)
def interventions_report(params: ReportParams) -> Report:
    """The insatser running in the period, each with its targets for that year."""
    qs = (
        params.interventions()
        .filter(start__lte=params.end)
        .exclude(end__lt=params.start)
        .select_related("run_by")
        .prefetch_related("goals", "target_groups")
        .order_by("kind", "name")
    )
    rows: list[dict[str, Cell]] = []
    data = []
    running = [(i, [g for g in i.goals.all() if g.year in (None, params.year)]) for i in qs]
    # Where some insats has expected results and another none, the empty cell says so; where
    # none has any, the document leaves the column out (documents.tidy).
    none_stated = _("None stated for the year") if any(goals for _i, goals in running) else ""
    # Likewise a target group: a blank cell beside others' groups reads as forgotten (000's
    # structural insatser: the plan names none), so it is a dash the note
    # explains; where no insats names one, the column is left out.
    groups = {i.pk: ", ".join(t.name for t in i.target_groups.all()) for i, _g in running}
    no_group = "–" if any(groups.values()) and not all(groups.values()) else ""
    for i, goals in running:
        rows.append({
            "name": i.name, "kind": i.get_kind_display(),
            "start": i.start, "end": i.end,
            "run_by": i.run_by.name if i.run_by else "",
            "target_groups": groups[i.pk] or no_group,
            "aims": "; ".join(line.strip().rstrip(".") for line in i.aims.splitlines()
                              if line.strip()),
            "goals": "; ".join(
                f"{g.name}: {format_target(g.target, g.unit, g.comparison)}" for g in goals
            ) or none_stated,
        })
        data.append({
            "intervention": i.slug, "name": i.name, "kind": i.kind,
            "start": i.start, "end": i.end, "aims": i.aims.splitlines(),
            "goals": [{"name": g.name, "metric": g.metric, "target": g.target,
                       "unit": g.unit, "comparison": g.comparison, "year": g.year}
                      for g in goals],
        })
    table = Table(
        title=_("Interventions running in the period"),
        columns=[
            Column("name", _("Intervention")), Column("kind", _("Kind")),
            Column("start", _("Start"), "date"), Column("end", _("End"), "date"),
            Column("run_by", _("Run by")), Column("target_groups", _("Target groups")),
            Column("aims", _("Goals")), Column("goals", _("Expected results")),
        ],
        rows=rows,
        note=_("–: no target group is named for the intervention.") if no_group else "",
    )
    return Report(
        kind="interventions", title=str(_("Interventions and expected results")),
        association=params.association.slug, association_name=params.association.name,
        period_start=params.start, period_end=params.end, tables=[table],
        data={"association": params.association.slug,
              "period": {"start": params.start, "end": params.end},
              "interventions": data},
    )
