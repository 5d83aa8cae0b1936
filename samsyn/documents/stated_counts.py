"""Figures the förbund stated for an insats in a split or over a period the counts do not carry
(StatedCount), as 002 Bilaga 1 prints them: the youth teams' new by the förbund's own referrers,
SamMA's project period, the regional MIA Vidare (its 633 new with the shares of women and
men stated beside them), Vuxteamet's share to work or studies.

They are printed as stated, with their source, and never added to the register's counts. A
published version hides them by the rule for every count: the per-line rules' pattern, then
the audit (publication/audit.py) over the lines that add up. A line whose stated total is more
than its cells (people who did not state gender, a column the document does not print) is no
equation; where one of its cells is hidden its total is hidden too, so no bound narrows it.

The youth teams' finer referrers split a count the participants report publishes (the national
category kommun): a team's split of a category is audited against that published cell, and
hidden whole where the cell is hidden or the split does not add up to it.
"""

from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samsyn.documents.groups import added, insats_rows
from samsyn.interventions import kept
from samsyn.interventions.models import InterventionGroup
from samsyn.participants.codes import Referrer
from samsyn.participants.models import StatedCount
from samsyn.participants.reports import participants_report
from samsyn.publication.audit import audit
from samsyn.publication.suppression import HIDDEN, suppress
from samsyn.reports.document import Cell, Column, Report, ReportParams, Table
from samsyn.web.formatting import format_percent

ALL = ""
AUDIT_SECONDS = 5.0
Key = tuple[Any, ...]
CellKey = tuple[str, str]


def stated_tables(params: ReportParams) -> Report:
    counts = list(StatedCount.objects
                  .filter(intervention__in=params.interventions(),
                          period_end__gte=params.start, period_end__lte=params.end)
                  .select_related("intervention")
                  .order_by("intervention__name", "period_start", "pk"))
    tables: list[Table] = []
    shown: set[int] = set()
    for table, used in _group_tables(params, counts):
        tables.append(table)
        shown |= used
    by_table: dict[Key, list[StatedCount]] = {}
    for count in counts:
        if count.pk not in shown:
            # A share of the new participants stands in the table of the count it is of.
            measure = (StatedCount.Measure.NEW if count.measure == StatedCount.Measure.NEW_SHARE
                       else count.measure)
            key = (count.intervention.name.casefold(), count.intervention_id, count.scope,
                   count.period_start, count.period_end, count.title, measure)
            by_table.setdefault(key, []).append(count)
    warnings: list[str] = []
    for key in sorted(by_table, key=lambda k: (k[0], k[2], k[3], k[4], k[5])):
        table = _table(params, by_table[key])
        tables.append(table)
        # The kansli's checks (the office version's appendix, the checks page): a total the
        # document prints as more, or less, than its cells, with both figures. Never in a
        # published version, which prints no checks.
        if not params.publish:
            warnings += _checks(table.title, by_table[key])
    return Report(kind="stated_counts", title="", association=params.association.slug,
                  association_name=params.association.name, period_start=params.start,
                  period_end=params.end, tables=tables, counts_people=True,
                  warnings=warnings)


def _ordered(counts: Sequence[StatedCount], attr: str) -> list[str]:
    first: dict[str, int] = {}
    for c in counts:
        label = getattr(c, attr)
        if label != ALL:
            first[label] = min(first.get(label, c.position), c.position)
    return sorted(first, key=lambda label: first[label])


def _note(counts: Sequence[StatedCount]) -> str:
    sources = sorted({c.source for c in counts if c.source})
    note = _("As stated by the förbund; the register's counts do not carry this split or "
             "period, and these figures are not added to them.")
    if sources:
        note += " " + _("Source: %(sources)s.") % {"sources": "; ".join(sources)}
    return note


# The youth teams' new participants by the förbund's own referrers


def _group_tables(params: ReportParams,
                  counts: list[StatedCount]) -> list[tuple[Table, set[int]]]:
    in_scope = {pk for pk, _slug, _name in insats_rows(params)}
    found = []
    for group in kept.groups(params.association):
        members = sorted(group.interventions.all(), key=lambda i: i.name.casefold())
        if not members or any(i.pk not in in_scope for i in members):
            continue
        ids = {i.pk for i in members}
        cells = [c for c in counts if c.intervention_id in ids and c.scope == ALL
                 and c.measure == StatedCount.Measure.NEW and c.row == ALL
                 and c.period_start == params.start and c.period_end == params.end
                 and (c.category or c.column == ALL)]
        if not any(c.category for c in cells):
            continue
        found.append((_group_table(params, group, members, cells), {c.pk for c in cells}))
    return found


def _group_table(params: ReportParams, group: InterventionGroup, members: list[Any],
                 cells: list[StatedCount]) -> Table:
    columns = _ordered([c for c in cells if c.category], "column")
    category = {c.column: c.category for c in cells if c.category}
    people = params.once(participants_report).data if params.publish else {}
    national = {e["intervention"]: e for e in people.get("interventions", [])}
    rows: list[dict[str, Cell]] = []
    for member in members:
        mine = {c.column: c.value for c in cells if c.intervention_id == member.pk}
        if not mine:
            continue
        row: dict[str, Cell] = {"_row": member.slug, "name": member.name}
        row.update({f"c{j}": mine.get(label) for j, label in enumerate(columns)})
        row["total"] = mine.get(ALL, sum(mine.get(label) or 0 for label in columns))
        if params.publish:
            _publish_split(params, row, columns, category, national.get(member.slug))
        rows.append(row)
    total: dict[str, Cell] = {"_key": f"g{group.pk}:stated:total", "name": _("Total")}
    for key in [f"c{j}" for j in range(len(columns))] + ["total"]:
        total[key] = added([r[key] for r in rows])
    return Table(
        title=_("%(group)s: new participants %(year)s by the förbund's own referrers")
        % {"group": group.name, "year": params.year},
        columns=[Column("name", _("Intervention"))]
        + [Column(f"c{j}", label, "int") for j, label in enumerate(columns)]
        + [Column("total", _("Total"), "int")],
        rows=rows, total=total,
        note=_split_note(columns, category) + " " + _note(cells))


def _split_note(columns: list[str], category: dict[str, str]) -> str:
    labels = dict(Referrer.choices)
    split = {cat for cat in category.values() if list(category.values()).count(cat) > 1}
    return _("The förbund's own referrers %(split)s are counted nationally as %(category)s: "
             "the table of new participants by referrer adds them up.") % {
        "split": ", ".join(c for c in columns if category[c] in split),
        "category": ", ".join(str(labels[cat]) for cat in sorted(split))}


def _publish_split(params: ReportParams, row: dict[str, Cell], columns: list[str],
                   category: dict[str, str], entry: dict[str, Any] | None) -> None:
    """Hide a team's finer cells as the published participants report allows: a category of
    one column is that report's own cell; a split category is audited against it."""
    if entry is None:
        for j in range(len(columns)):
            row[f"c{j}"] = HIDDEN
        row["total"] = HIDDEN
        return
    row["total"] = entry["new"]["total"]
    threshold = params.association.suppression_threshold
    for cat in dict.fromkeys(category.values()):
        keys = [f"c{j}" for j, label in enumerate(columns) if category[label] == cat]
        shown = entry["new_by_referrer"].get(cat, HIDDEN)
        parts: dict[Hashable, int] = {k: v if isinstance(v := row[k], int) else 0 for k in keys}
        if len(keys) == 1:
            row[keys[0]] = shown if shown == HIDDEN or shown == parts[keys[0]] else HIDDEN
            continue
        if shown == HIDDEN or sum(parts.values()) != shown:
            for k in keys:
                row[k] = HIDDEN
            continue
        values: dict[Hashable, int] = {**parts, "national": int(shown)}
        line = [[*keys, "national"]]
        hidden = set(audit(values, line, suppress(values, line, threshold, ["national"]),
                           threshold, totals=["national"], seconds=AUDIT_SECONDS).hidden)
        for k in keys:
            if k in hidden or "national" in hidden:
                row[k] = HIDDEN


# One insats's stated table


def _beside(counts: list[StatedCount]) -> tuple[list[StatedCount], dict[CellKey, int]]:
    """The table's counts, and the shares of the new participants stated beside them (002:
    "633 nya deltagare varav 58 procent kvinnor och 39 procent män"); a table of shares
    alone is a table of shares, as Vuxteamet's "43 procent" is."""
    of_new = [c for c in counts if c.measure == StatedCount.Measure.NEW_SHARE]
    figures = [c for c in counts if c.measure != StatedCount.Measure.NEW_SHARE]
    if not figures:
        return of_new, {}
    return figures, {(c.row, c.column): c.value for c in of_new}


def _table(params: ReportParams, counts: list[StatedCount]) -> Table:
    figures, shares = _beside(counts)
    first = figures[0]
    rows = _ordered(counts, "row")
    columns = _ordered(counts, "column")
    values: dict[CellKey, int] = {(c.row, c.column): c.value for c in figures}
    share = first.measure in (StatedCount.Measure.SHARE, StatedCount.Measure.NEW_SHARE)
    hidden = _hidden(params, values, rows, columns) if params.publish and not share else set()
    # A share beside a hidden count would give the count back: hidden with its row's counts.
    hidden_rows = {r for r, _c in hidden}

    def cell(key: tuple[str, str]) -> Cell:
        if key in shares:
            return HIDDEN if key[0] in hidden_rows else format_percent(Decimal(shares[key]), 0)
        if key not in values:
            return None
        if key in hidden:
            return HIDDEN
        return format_percent(Decimal(values[key]), 0) if share else values[key]

    def line(label: str) -> dict[str, Cell]:
        shown = label or (str(first.get_measure_display()) if not rows else _("Total"))
        out: dict[str, Cell] = {"_key": f"stated:{first.pk}:{label}", "name": shown}
        for j, column in enumerate(columns):
            out[f"c{j}"] = cell((label, column))
        out["total"] = cell((label, ALL))
        return out

    share_columns = {c for _r, c in shares} - {c for _r, c in values}
    table_columns = ([Column("name", "")]
                     + [Column(f"c{j}", column,
                               "text" if share or column in share_columns else "int")
                        for j, column in enumerate(columns)]
                     + [Column("total", _("Total") if columns else "",
                               "text" if share else "int")])
    whole_year = (first.period_start, first.period_end) == (params.start, params.end)
    title = first.title or str(first.get_measure_display())
    if not whole_year:
        title = _("%(title)s, %(start)s–%(end)s") % {
            "title": title, "start": date_format(first.period_start, "j F Y"),
            "end": date_format(first.period_end, "j F Y")}
    note = _note(counts)
    if first.scope:
        note = _("Reported by the document under %(insats)s.") % {
            "insats": first.intervention.name} + " " + note
    if first.measure == StatedCount.Measure.SHARE:
        note = _("A share given without the number who finished.") + " " + note
    elif share:
        note = _("Shares given without the numbers they are of.") + " " + note
    else:
        note += _differences(values, rows, columns, hidden)
    if shares:
        note = _("%(columns)s: shares of the total in per cent, as the document states "
                 "them, without the numbers they are of.") % {
            "columns": ", ".join(c for c in columns if c in share_columns)} + " " + note
    return Table(
        title=_("%(who)s: %(title)s") % {"who": first.scope or first.intervention.name,
                                          "title": title},
        columns=table_columns, rows=[line(r) for r in rows] if rows else [line(ALL)],
        total=line(ALL) if rows and (ALL, ALL) in values else None, note=note)


def _lines(values: dict[CellKey, int], rows: list[str],
           columns: list[str]) -> list[tuple[list[CellKey], bool]]:
    """Each row and column whose total is stated, and whether its cells add up to it."""
    found: list[tuple[list[CellKey], bool]] = []
    for r in [*rows, ALL]:
        parts: list[CellKey] = [(r, c) for c in columns if (r, c) in values]
        if columns and (r, ALL) in values and parts:
            found.append(([*parts, (r, ALL)],
                          sum(values[k] for k in parts) == values[(r, ALL)]))
    for c in [*columns, ALL]:
        parts = [(r, c) for r in rows if (r, c) in values]
        if rows and (ALL, c) in values and parts:
            found.append(([*parts, (ALL, c)],
                          sum(values[k] for k in parts) == values[(ALL, c)]))
    return found


def _hidden(params: ReportParams, values: dict[CellKey, int], rows: list[str],
            columns: list[str]) -> set[CellKey]:
    threshold = params.association.suppression_threshold
    lines = _lines(values, rows, columns)
    equations = [line for line, adds_up in lines if adds_up]
    loose = [line for line, adds_up in lines if not adds_up]
    totals = [k for k in values if ALL in k]
    start = suppress(values, equations, threshold, totals)
    # A loose total hidden for its cells' sake is in no equation of its own line, so the
    # audit's tidying would show it again (and the loop never end): it is given as a cell no
    # view prints, which the audit keeps hidden and protects the equations it is in around.
    forced: set[CellKey] = set()
    while True:
        hidden = set(audit(values, equations, start, threshold, unpublished=forced,
                           totals=totals, seconds=AUDIT_SECONDS).hidden)
        more = {line[-1] for line in loose if any(k in hidden for k in line[:-1])} - hidden
        if not more:
            return hidden
        forced |= more
        start = hidden | more


def _loose(values: dict[CellKey, int], rows: list[str],
           columns: list[str]) -> list[tuple[CellKey, list[CellKey]]]:
    """The stated totals whose cells do not add up to them: (the total, its cells)."""
    return [(line[-1], line[:-1]) for line, adds_up in _lines(values, rows, columns)
            if not adds_up]


def _what(key: CellKey) -> str:
    r, c = key
    return r or c or _("the table")


def _differences(values: dict[CellKey, int], rows: list[str], columns: list[str],
                 hidden: set[CellKey]) -> str:
    """The note's list of totals printed as the document prints them. Where a cell or the
    total is hidden (a published version), the figures are left out: the total and the sum
    of its cells would give the hidden cell back."""
    said = []
    for total, cells in _loose(values, rows, columns):
        if hidden & {total, *cells}:
            said.append(_("the total of %(what)s, which is not the sum of its cells")
                        % {"what": _what(total)})
        else:
            said.append(_("the total %(total)s of %(what)s, whose cells add up to %(sum)s")
                        % {"total": values[total], "what": _what(total),
                           "sum": sum(values[k] for k in cells)})
    if not said:
        return ""
    return " " + _("Totals as the document prints them: %(list)s.") % {"list": "; ".join(said)}


def _checks(title: str, counts: list[StatedCount]) -> list[str]:
    """One check per table naming each total the document states other than the sum of its
    cells, with both figures."""
    counts, _shares = _beside(counts)
    if counts[0].measure in (StatedCount.Measure.SHARE, StatedCount.Measure.NEW_SHARE):
        return []
    rows, columns = _ordered(counts, "row"), _ordered(counts, "column")
    values: dict[CellKey, int] = {(c.row, c.column): c.value for c in counts}
    found = [_("%(total)s for %(what)s, whose cells add up to %(sum)s")
             % {"total": values[total], "what": _what(total),
                "sum": sum(values[k] for k in cells)}
             for total, cells in _loose(values, rows, columns)]
    if not found:
        return []
    return [_("%(table)s: the document states totals other than the sum of their cells: "
              "%(list)s. The table prints them as stated; check them against the document.")
            % {"table": title, "list": "; ".join(found)}]
