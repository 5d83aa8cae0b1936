"""Groups of insatser as a document shows them together (002 Bilaga 1's "Samverkansteam för
unga vuxna": the three youth teams, their total row 175 and "121 … 69 procent").

A group's figures are added up from its members' figures in the participants report, after
that report's suppression: a published group cell is the sum of published member cells, and
where one of them is hidden the group's is hidden too. So a group table tells a reader nothing
the member tables do not (the sum of shown counts is known to whoever reads them), and needs
no audit of its own.
"""

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from samsyn.interventions import kept
from samsyn.interventions.models import InterventionGroup
from samsyn.participants.codes import ExitReason, Gender, Referrer
from samsyn.participants.models import StatedFigure
from samsyn.participants.reports import participants_report
from samsyn.publication.periods import stated_count, stated_split
from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import Cell, Column, Report, ReportParams, Table
from samsyn.web.formatting import format_percent

HUNDRED = Decimal(100)


def insats_rows(params: ReportParams) -> list[tuple[int, str, str]]:
    """params.interventions() as (pk, slug, name), in the order of their names: kept under
    the plan's token (interventions/kept.py), where each section read them again."""
    rows = kept.insats_rows(params.scope)
    if params.intervention is None:
        return rows
    return [row for row in rows if row[0] == params.intervention.pk]


def added(values: Sequence[Any]) -> int | str:
    """The sum of the members' shown counts; hidden where any of them is."""
    if any(v == HIDDEN for v in values):
        return HIDDEN
    return sum(int(v or 0) for v in values)


def group_share(count: Cell, total: Cell) -> Decimal | None:
    """The share to work or studies of a group, in per cent; none where a count is hidden or
    nobody finished."""
    if not isinstance(count, int) or not isinstance(total, int) or not total:
        return None
    return Decimal(count) * HUNDRED / Decimal(total)


def _table(title: str, codes: Any, measure: str, entries: list[dict[str, Any]],
           names: dict[str, str], total_of: str, key: str,
           extra: list[Column] | None = None) -> tuple[Table, dict[str, Cell]]:
    # A referrer or reason none of the members had is left out, as 002 prints only the
    # columns its teams use; the member tables still show its zeros.
    used = [c.value for c in codes if any(e[measure][c.value] != 0 for e in entries)]
    rows: list[dict[str, Cell]] = []
    for entry in entries:
        slug = entry["intervention"]
        row: dict[str, Cell] = {"_row": slug, "name": names[slug]}
        row.update({code: entry[measure][code] for code in used})
        row["total"] = entry[total_of]["total"]
        rows.append(row)
    total: dict[str, Cell] = {"_key": f"{key}:total", "name": _("Total")}
    for column in [*used, "total"]:
        total[column] = added([r[column] for r in rows])
    labels = {c.value: str(c.label) for c in codes}
    columns = ([Column("name", _("Intervention"))]
               + [Column(code, labels[code], "int") for code in used]
               + [Column("total", _("Total"), "int")] + (extra or []))
    return Table(title=title, columns=columns, rows=rows, total=total), total


def intervention_groups(params: ReportParams) -> Report:
    """For each group of insatser: its members' new participants by referrer and finished
    participations by exit reason, each with the group's total row and share to work or
    studies."""
    people = params.once(participants_report).data
    by_slug = {e["intervention"]: e for e in people["interventions"]}
    in_scope = {slug for _pk, slug, _name in insats_rows(params)}
    tables: list[Table] = []
    data: dict[str, object] = {}
    for group in kept.groups(params.association):
        members = sorted(group.interventions.all(), key=lambda i: i.name.casefold())
        # A reader who sees only some of the members gets no group total: it would be
        # theirs, not the group's.
        if not members or any(i.slug not in in_scope for i in members):
            continue
        entries = [by_slug[i.slug] for i in members if i.slug in by_slug]
        if not entries:
            continue
        names = {i.slug: i.name for i in members}
        key = f"g{group.pk}"
        new, new_total = _table(
            _("%(group)s: new participants %(year)s by referrer")
            % {"group": group.name, "year": params.year},
            Referrer, "new_by_referrer", entries, names, "new", f"{key}:new")
        work_columns = [Column("work", _("To work or studies"), "int"),
                        Column("share", _("Share to work or studies"), "percent")]
        finished, total = _table(
            _("%(group)s: finished participations %(year)s by exit reason")
            % {"group": group.name, "year": params.year},
            ExitReason, "exits_by_reason", entries, names, "exited", f"{key}:exit",
            work_columns)
        for row, entry in zip(finished.rows, entries, strict=True):
            row["work"] = entry["work_or_studies"]["count"]
            row["share"] = group_share(row["work"], row["total"])
        total["work"] = added([r["work"] for r in finished.rows])
        total["share"] = group_share(total["work"], total["total"])
        shown_share = total["share"]
        if isinstance(total["work"], int) and isinstance(shown_share, Decimal):
            finished.note = _(
                "%(work)s of the %(total)s who finished went on to work or studies: "
                "%(share)s.") % {"work": total["work"], "total": total["total"],
                                 "share": format_percent(shown_share, 0)}
        note = _("%(group)s: the interventions %(names)s, reported together. The total row "
                 "adds up their figures.") % {
            "group": group.name, "names": ", ".join(i.name for i in members)}
        if group.description:
            note = f"{group.description} {note}"
        new.note = note
        tables += [new, finished]
        stated = stated_table(params, group)
        if stated is not None:
            tables.append(stated)
        data[key] = {"name": group.name, "new": new_total["total"],
                     "finished": total["total"], "work_or_studies": total["work"]}
    return Report(kind="intervention_groups", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, counts_people=True, data=data)


def stated_table(params: ReportParams, group: InterventionGroup) -> Table | None:
    """The figures the förbund stated for the group's insatser together and for no one of
    them (002 Bilaga 1: "313 deltagare … 127 kvinnor och 185 män", "182 … (75 kvinnor och 106
    män)"), published under the rule for the förbund's own stated totals."""
    held = list(StatedFigure.objects.filter(group=group, period_start=params.start,
                                            period_end=params.end))
    if not held:
        return None
    threshold = params.association.suppression_threshold
    labels = dict(StatedFigure.Measure.choices)
    genders = [g for g in Gender.values if any(f.gender == g for f in held)]
    rows: list[dict[str, Cell]] = []
    sources = sorted({f.source for f in held if f.source})
    for measure in StatedFigure.Measure.values:
        figures = {f.gender: f.value for f in held if f.measure == measure}
        if not figures:
            continue
        total = figures.get("")
        parts = {g: v for g, v in figures.items() if g}
        hidden = stated_split(total, parts, threshold, params.publish)
        row: dict[str, Cell] = {"_key": f"g{group.pk}:stated:{measure}",
                                "measure": str(labels[measure]),
                                "total": stated_count(total, threshold, params.publish)}
        for g in genders:
            row[g] = (HIDDEN if g in hidden else parts[g]) if g in parts else None
        rows.append(row)
    gender_labels = dict(Gender.choices)
    note = _("Stated by the förbund for the interventions together: the records hold counts "
             "per intervention, and not these.")
    if sources:
        note += " " + _("Source: %(sources)s.") % {"sources": "; ".join(sources)}
    return Table(
        title=_("%(group)s: figures stated by the förbund %(year)s")
        % {"group": group.name, "year": params.year},
        columns=[Column("measure", "")]
        + [Column(g, str(gender_labels[g]), "int") for g in genders]
        + [Column("total", _("Total"), "int")],
        rows=rows, note=note)
