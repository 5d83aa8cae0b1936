"""Uppföljning Finsam: exactly what the national follow-up asks of a förbund, in its order.

Tilldelade medel (the members' contributions for the year), eget kapital (closing equity),
budget and outcome of the administration; then each insats field by field as the form asks
(docs/uppfoljning-finsam.md): its inriktning and preciserad inriktning, målgrupp,
uppföljningsmetod and ESF finansiering by the form's own labels (the code lists in
samsyn/interventions/codes/), budget and outcome, the budgeted number of participants and the
new participants of the year by legal gender, those without a recorded legal gender counted
apart; the insatser still to classify; and the participants of the structural insatser.
"""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.documents.builders import year_summary
from samsyn.finance.budget import Line
from samsyn.finance.categories import Category, Scenario
from samsyn.finance.models import ContributionYear
from samsyn.finance.queries import has_lines, lines_for
from samsyn.interventions import codelists
from samsyn.interventions.models import InterventionKind, running_in
from samsyn.participants import metrics, queries, services, snapshots
from samsyn.participants.reports import ALL, MAKER, published_key, suppressed_year
from samsyn.periods.services import late_change_notes
from samsyn.publication.suppression import HIDDEN, grid_constraints, suppress
from samsyn.reports.document import NO_FIGURE, Cell, Column, Report, ReportParams, Table
from samsyn.reports.registry import register

GENDERS = ("kvinna", "man", "ej_angett")
OFFICE = "office"


def _sum(lines: list[Line], pick: Any) -> Decimal | None:
    """The sum of the lines picked; None where no line is (nothing given is not 0 kr)."""
    picked = [line.amount for line in lines if pick(line)]
    return sum(picked, Decimal(0)) if picked else None


def _closing_equity(params: ReportParams) -> Decimal | None:
    summary = year_summary(params.association, params.year)
    return summary["equity"] if summary else None


def _allocated(params: ReportParams, budget: list[Line]) -> Decimal | None:
    decided = ContributionYear.objects.filter(association=params.association,
                                              year=params.year).first()
    if decided is not None:
        return decided.total
    contributions = [line for line in budget if line.category == Category.CONTRIBUTION]
    return _sum(contributions, lambda line: True)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _hidden(params: ReportParams, values: dict[Any, int], slugs: list[str],
            threshold: int) -> set[Any]:
    """The new participants of the year by gender, hidden as the participants report's year
    hides the same counts (participants.reports.suppressed_year, audited over every view of
    the year): published apart, a different pattern of the same cells would let a reader of
    both put them together. A count not in that report (an insats it does not list, or a
    total of other insatser) is hidden, and the per-line rules complete the table."""
    hidden_there = suppressed_year(params).main[published_key(params)]
    exact = queries.figures_for(params.scope, metrics.Period(params.start, params.end)).per
    start: set[Any] = set()
    for (row, gender), value in values.items():
        main_row = ALL if row == "*" else row
        key = ("new_total", main_row) if gender == "total" else ("new", main_row, gender)
        figures = exact.get(main_row)
        same = figures is not None and int(figures.new[gender]) == value
        if key in hidden_there or (not same and value):
            start.add((row, gender))
    # A cell hidden here is a small count to the per-line rules, so its partners go with it.
    lines = grid_constraints(slugs, GENDERS, lambda r, c: (r, c), lambda r: (r, "total"),
                             lambda c: ("*", c), ("*", "total"))
    return start | suppress({k: 1 if k in start else v for k, v in values.items()}, lines,
                            threshold, totals=[k for k in values if k[0] == "*" or k[1] == "total"])


@register("uppfoljning-finsam", title=gettext_lazy("Uppföljning Finsam"))
def uppfoljning_report(params: ReportParams) -> Report:
    association, year = params.association, params.year
    threshold = association.suppression_threshold
    budget = lines_for(association, year, Scenario.BUDGET)
    has_outcome = has_lines(association, year, Scenario.OUTCOME)
    outcome = lines_for(association, year, Scenario.OUTCOME) if has_outcome else []
    interventions = sorted(running_in(params.interventions(), year),
                           key=lambda i: (i.kind != InterventionKind.INDIVIDUAL, i.name))
    records = services.records(association, params.start, params.end, params.interventions())
    new = {i.slug: metrics.by_gender(r for r in records if r.intervention == i.slug
                                     and metrics.is_new(r, metrics.Period(params.start,
                                                                          params.end)))
           for i in interventions}
    slugs = [i.slug for i in interventions]
    values: dict[Any, int] = {}
    for s in slugs:
        for g in (*GENDERS, "total"):
            values[(s, g)] = new[s][g]
    for g in (*GENDERS, "total"):
        values[("*", g)] = sum(new[s][g] for s in slugs)
    hidden: set[Any] = set()
    # Published, an ended year lists the insatser its snapshot lists: which have figures is
    # frozen with the figures (a backdated row must not turn "nothing held" into a count).
    listed = (snapshots.published_rows(params, MAKER)
              if params.publish and snapshots.is_frozen(params) else None)
    if params.publish:
        hidden = _hidden(params, values, slugs, threshold)

    def count(key: Any) -> int | str:
        return HIDDEN if key in hidden else values[key]

    administration = {
        "allocated_funds": _money(_allocated(params, budget)),
        "equity": _money(_closing_equity(params)),
        "budget": _money(_sum(budget, lambda line: line.group == OFFICE)),
        "outcome": _money(_sum(outcome, lambda line: line.group == OFFICE)),
    }
    entries = []
    for i in interventions:
        mine = [line for line in budget if line.intervention == i.slug and not line.is_income]
        done = [line for line in outcome if line.intervention == i.slug and not line.is_income]
        entry = {
            "intervention": i.slug, "name": i.name, "kind": i.kind,
            "target_group": i.target_group_text or ", ".join(
                t.name for t in i.target_groups.all()),
            "followup_method": i.followup_method, "esf_funded": i.esf_funded,
            "precise_orientation": i.precise_orientation, "esf_programme": i.esf_programme,
            "target_group_codes": list(i.target_group_codes or []),
            "budget": _money(_sum(mine, lambda line: True)),
            "outcome": _money(_sum(done, lambda line: True)),
            "budgeted_participants": i.budgeted_participants,
            "new_participants": {g: count((i.slug, g)) for g in (*GENDERS, "total")},
            # No participation or count of the year at all: its 0 new would be a figure
            # nobody gave (002's Resursrådet counts referrals, not participants).
            "participants_held": (i.slug in listed) if listed is not None
            else any(r.intervention == i.slug for r in records),
            "to_classify": i.to_classify,
        }
        entry["form"] = form_fields(entry)
        entries.append(entry)
    structural = [e for e in entries if e["kind"] == InterventionKind.STRUCTURAL]
    structural_total = sum(new[e["intervention"]]["total"] for e in structural)
    structural_hidden = params.publish and 0 < structural_total < threshold
    data = {
        "association": association.slug, "year": year, "administration": administration,
        "interventions": entries,
        "structural_participants": HIDDEN if structural_hidden else structural_total,
        "later_changes": late_change_notes(association, params.start, params.end,
                                           published=params.publish),
        "code_lists": {name: {"source": listed.source, "source_url": listed.source_url,
                              "read_on": listed.read_on.isoformat() if listed.read_on else None,
                              "verified": listed.verified}
                       for name, listed in ((n, codelists.code_list(n))
                                            for n in codelists.LISTS)},
    }
    # What the kansli has to answer or compare is its checklist, printed after the form's
    # figures in the office version, never before them.
    report = Report(
        kind="uppfoljning-finsam", title=str(_("Uppföljning Finsam %(year)s") % {"year": year}),
        association=association.slug, association_name=association.name,
        period_start=params.start, period_end=params.end, data=data,
        tables=_tables(administration, entries, data),
        checks=list(data["later_changes"]),
    )
    unstated = values[("*", "ej_angett")]
    if unstated:
        report.checks.append(
            _("%(n)s new participants have no recorded legal gender; they are counted apart "
              "as “not stated”.") % {"n": count(("*", "ej_angett"))})
    if not has_outcome:
        report.checks.append(_("No outcome for %(year)s yet.") % {"year": year})
    report.checks += _classification_warnings(entries)
    return report


def _classification_warnings(entries: list[dict[str, Any]]) -> list[str]:
    found = []
    unclassified = [e["name"] for e in entries if e["to_classify"]]
    if unclassified:
        found.append(_("Not yet classified for the national form: %(names)s. Answer what is "
                       "missing on each insats' page (Edit).") % {"names": ", ".join(unclassified)})
    kinds = {e["kind"] for e in entries}
    precise = codelists.code_list(codelists.PRECISE)
    if any(not precise.for_kind(kind) for kind in kinds):
        found.append(_("Samsyn has no list of %(question)s (Försäkringskassan shows it only "
                       "inside the form): choose it there.") % {"question": precise.question})
    for name in (codelists.METHOD, codelists.ESF, codelists.TARGET_GROUP):
        listed = codelists.code_list(name)
        if not listed.verified:
            found.append(_("The options of %(question)s are not read from Uppföljning Finsam "
                           "itself (source: %(source)s): compare them with the form.") % {
                "question": listed.question, "source": listed.source})
    return found


def _text_of(entry: dict[str, Any]) -> dict[str, str]:
    """Each coded answer as the form words it ("" where Samsyn has none)."""
    said = codelists.answers(codelists.Classification(
        kind=entry["kind"], precise=entry["precise_orientation"],
        method=entry["followup_method"], esf_funded=entry["esf_funded"],
        esf_programme=entry["esf_programme"], target_codes=tuple(entry["target_group_codes"])))
    return {**said, "target_group": "; ".join(
        x for x in (said["target_groups"], entry["target_group"]) if x)}


def form_fields(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The insats as the national form asks it, field by field: the field's key, the form's
    label, the value to type or choose, and a note where Samsyn cannot give the value."""
    text = _text_of(entry)
    precise = codelists.code_list(codelists.PRECISE)
    missing = _("not answered in Samsyn: to classify")

    def choice(key: str, label: str, value: str, unknown: str = "") -> dict[str, Any]:
        return {"field": key, "label": label, "value": value or None,
                "note": "" if value else (unknown or missing)}

    def figure(key: str, label: str, value: Any, note: str = "") -> dict[str, Any]:
        return {"field": key, "label": label, "value": value, "note": note}

    new = entry["new_participants"]
    nothing = _("no participant of the year is held")
    if not entry.get("participants_held", True):
        new = dict.fromkeys(new)
    return [
        choice("kind", codelists.code_list(codelists.ORIENTATION).question, text["kind"]),
        choice("precise_orientation", precise.question, text["precise"],
               missing if precise.for_kind(entry["kind"]) else
               _("no list in Samsyn: choose it in the form")),
        figure("name", _("Name of the intervention"), entry["name"]),
        choice("target_group", codelists.code_list(codelists.TARGET_GROUP).question,
               text["target_group"]),
        choice("followup_method", codelists.code_list(codelists.METHOD).question,
               text["method"]),
        choice("esf", codelists.code_list(codelists.ESF).question, text["esf"]),
        figure("budget", _("Budget (kr)"), entry["budget"],
               "" if entry["budget"] is not None else _("no budget lines")),
        figure("outcome", _("Outcome (kr)"), entry["outcome"],
               "" if entry["outcome"] is not None else _("no outcome lines")),
        figure("budgeted", _("Planned number of participants in the year"),
               entry["budgeted_participants"],
               "" if entry["budgeted_participants"] is not None else _("not given in Samsyn")),
        *(figure(key, label, new[gender], "" if new[gender] is not None else nothing)
          for key, label, gender in (
              ("new_kvinna", _("New participants: women"), "kvinna"),
              ("new_man", _("New participants: men"), "man"),
              ("new_ej_angett", _("New participants: legal gender not recorded"),
               "ej_angett"),
              ("new_total", _("New participants: total"), "total"))),
    ]


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


FIGURES = ("budget", "outcome", "budgeted", "new_kvinna", "new_man", "new_ej_angett",
           "new_total")


def _field_rows(entry: dict[str, Any]) -> list[dict[str, Cell]]:
    """One row per field of the form: what to choose or type, a figure in a column of its
    own (so a spreadsheet holds it as a number and a frozen version keeps it); where Samsyn
    has no value, why, in its place."""
    rows: list[dict[str, Cell]] = []
    for f in entry["form"]:
        row: dict[str, Cell] = {"_row": f["field"], "field": f["label"]}
        if f["field"] in FIGURES:
            value = f["value"]
            row["figure"] = (_dec(value) if f["field"] in ("budget", "outcome") else value) \
                if value is not None else f"({f['note']})"
        else:
            row["value"] = f["value"] if f["value"] is not None else f"({f['note']})"
        rows.append(row)
    return rows


def _tables(administration: dict[str, Any], entries: list[dict[str, Any]],
            data: dict[str, Any]) -> list[Table]:
    # The keys "t0", "t2" and "t3" are the places these tables had before the insatser were
    # laid out field by field: versions frozen then still compare with them.
    admin_rows: list[dict[str, Cell]] = [
        {"what": _("Allocated funds (member contributions)"),
         "amount": _dec(administration["allocated_funds"])},
        {"what": _("Equity at the end of the year"), "amount": _dec(administration["equity"])},
        {"what": _("Administration: budget"), "amount": _dec(administration["budget"])},
        {"what": _("Administration: outcome"), "amount": _dec(administration["outcome"])},
    ]
    field_columns = [Column("field", _("Field on the form")),
                     Column("value", _("Choose or type")),
                     Column("figure", _("Type (kr or number)"), "money")]
    per_insats = [
        Table(title=_("Intervention: %(name)s") % {"name": e["name"]}, columns=field_columns,
              rows=_field_rows(e), key=f"insats/{e['intervention']}",
              section=_("The interventions, field by field") if n == 0 else "")
        for n, e in enumerate(entries)
    ]
    unclassified: list[dict[str, Cell]] = [
        {"_row": e["intervention"], "name": e["name"], "missing": ", ".join(e["to_classify"])}
        for e in entries if e["to_classify"]
    ]
    money: list[dict[str, Cell]] = [
        {"name": e["name"], "budget": _dec(e["budget"]),
         "outcome": _dec(e["outcome"]), "budgeted": e["budgeted_participants"],
         **(e["new_participants"] if e["participants_held"]
            else dict.fromkeys(e["new_participants"], NO_FIGURE))} for e in entries
    ]
    unheld = [e["name"] for e in entries if not e["participants_held"]]
    structural: list[dict[str, Cell]] = [
        {"name": e["name"], "total": e["new_participants"]["total"]
         if e["participants_held"] else NO_FIGURE}
        for e in entries if e["kind"] == InterventionKind.STRUCTURAL
    ]
    # Nothing held for any structural insats: one line, not a table of "–" and a sum of 0.
    structural_table = Table(
        title=_("Participants of structural interventions"),
        columns=[Column("name", _("Intervention")),
                 Column("total", _("New participants"), "int")],
        rows=structural, key="t3",
        total={"name": _("Total"), "total": data["structural_participants"]},
    ) if any(e["participants_held"] for e in entries
             if e["kind"] == InterventionKind.STRUCTURAL) else Table(
        title=_("Participants of structural interventions"), columns=[], rows=[], key="t3",
        note=_("No participant of the year is held for a structural intervention.")
        if structural else _("No structural intervention runs in the year."))
    return [
        Table(title=_("The förbund: funds, equity and administration (kr)"),
              columns=[Column("what", ""), Column("amount", _("Amount (kr)"), "money")],
              rows=admin_rows, key="t0",
              # The form's first part has a heading as its other two parts do.
              section=_("The förbund")),
        *per_insats,
        Table(title=_("Interventions to classify"),
              columns=[Column("name", _("Intervention")),
                       Column("missing", _("Not answered in Samsyn"))],
              rows=unclassified, key="to-classify",
              section=_("Summary"),
              note="" if unclassified else _("Every intervention is classified.")),
        Table(title=_("Interventions: budget, outcome and new participants by legal gender"),
              columns=[Column("name", _("Intervention")),
                       Column("budget", _("Budget (kr)"), "money"),
                       Column("outcome", _("Outcome (kr)"), "money"),
                       Column("budgeted", _("Budgeted participants"), "int"),
                       Column("kvinna", _("Women"), "int"), Column("man", _("Men"), "int"),
                       Column("ej_angett", _("Legal gender not recorded"), "int"),
                       Column("total", _("Total"), "int")],
              rows=money, key="t2",
              note=_("–: no participant of the year is held for %(names)s.")
              % {"names": ", ".join(unheld)} if unheld else ""),
        structural_table,
    ]
