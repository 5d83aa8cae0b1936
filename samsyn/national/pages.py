"""The national view as tables of text, from the snapshots of one year."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from samsyn.associations.models import County
from samsyn.finance.categories import Category
from samsyn.national import figures as f
from samsyn.participants.codes import ExitReason, Gender, Referrer
from samsyn.surveys.services import nns_question_texts
from samsyn.web.formatting import format_number, format_percent


@dataclass
class Grid:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


def shown(total: f.Sum) -> str:
    """An exact sum as it is; one with a hidden cell in it as a lower bound ("≥ 123"); one
    of hidden cells and zeros only as hidden ("≥ 0" tells a reader nothing, and looks like 0)."""
    if total.exact:
        return format_number(total.known)
    if not total.known:
        return _("hidden")
    return "≥ " + format_number(total.known)


def cell(value: Any) -> str:
    return value if isinstance(value, str) else format_number(value)


def share(value: Decimal | None) -> str:
    return "–" if value is None else format_percent(value * 100, 1)


def _money(value: Decimal) -> str:
    return format_number(value, 0)


def _label(section: str, code: str) -> str:
    labels: dict[str, Any] = {"new": Gender, "active": Gender, "exited": Gender,
              "exits_by_reason": ExitReason, "new_by_referrer": Referrer}
    heading = {"new": _("New"), "active": _("Active"), "exited": _("Exited"),
               "exits_by_reason": _("Exit"), "new_by_referrer": _("New, referred by")}[section]
    if code == "total":
        return f"{heading}: {_('total')}"
    return f"{heading}: {labels[section](code).label}"


def _natural(code: str) -> tuple[str, int, str]:
    """C2 before C10."""
    head = code.rstrip("0123456789")
    tail = code[len(head):]
    return (head, int(tail) if tail else -1, code)


def _question(code: str) -> str:
    """An indicator as a reader knows it: its code and, for a national NNS question, its
    text (a förbund's own codes have no shared text)."""
    text = nns_question_texts().get(code)
    return f"{code} {text}" if text else code


def build(snapshots: Sequence[Any], preview: bool = False,
          rollup: tuple[dict[str, f.Rollup], f.Rollup] | None = None) -> dict[str, Any]:
    """Every table of the national page; snapshots carry .figures, .name, .county, .origin.

    preview: one förbund's own figures before it publishes them (no nation, no län).
    rollup: the sums per län and for the nation, as the database adds them up
    (queries.year_rollup); without it they are added up here from the snapshots' figures.
    """
    by_county, nation = rollup or f.by_county((s.county, s.figures) for s in snapshots)
    counties = list(by_county)
    county_names = {code: str(label) for code, label in County.choices}

    def _county(code: str) -> str:
        return county_names.get(code) or _("County not given")

    def summary(label: str, up: f.Rollup) -> list[str]:
        return [label, format_number(up.members), shown(up.people["new"]["total"]),
                shown(up.people["active"]["total"]), shown(up.people["exited"]["total"]),
                shown(up.work_or_studies), share(up.work_or_studies_share),
                _money(up.result["budget"]), _money(up.result["outcome"])]

    summary_columns = [_("Area"), _("Associations"), _("New"), _("Active"), _("Exited"),
                       _("To work or studies"), _("Share to work or studies"),
                       _("Result, budget"), _("Result, outcome")]
    areas = Grid(_("The nation and each county"), summary_columns,
                 [summary(_("The nation"), nation)]
                 + [summary(_county(c), by_county[c]) for c in counties])

    side_by_side = Grid(
        _("Associations side by side"),
        [_("Association"), _("County"), _("New"), _("Active"), _("Exited"),
         _("To work or studies"), _("Share to work or studies"), _("Result, outcome")],
        [],
    )
    for s in snapshots:
        people = s.figures["participants"]
        # Snapshots from before "counted" was kept hold figures.
        counts = [cell(people["new"]["total"]), cell(people["active"]["total"]),
                  cell(people["exited"]["total"]), cell(people["work_or_studies"]),
                  share(f.share_of(s.figures))] if s.figures.get("counted", True) else ["–"] * 5
        side_by_side.rows.append([
            s.name, _county(s.county), *counts,
            _money(Decimal(s.figures["economy"]["result"]["outcome"])),
        ])
    if any(not s.figures.get("counted", True) for s in snapshots):
        side_by_side.note = _("–: the association's register holds no participations or "
                              "counts for the year, so it published no participant figures.")

    if preview:
        side_by_side.caption = _("Summary")
        categories = Grid(_("Participants by national category"),
                          [_("Category"), _("This association")], [])
        for section, codes in f.SECTIONS.items():
            for code in codes:
                categories.rows.append([_label(section, code), cell(
                    snapshots[0].figures["participants"][section][code])])
    else:
        categories = Grid(_("Participants by national category"),
                          [_("Category"), _("The nation")] + [_county(c) for c in counties],
                          [])
        for section, codes in f.SECTIONS.items():
            for code in codes:
                categories.rows.append(
                    [_label(section, code), shown(nation.people[section][code])]
                    + [shown(by_county[c].people[section][code]) for c in counties])

    economy = Grid(_("Budget and outcome"), [_("Category"), _("Budget"), _("Outcome")], [
        [str(Category(k).label) if k in Category.values else k,
         _money(v["budget"]), _money(v["outcome"])]
        for k, v in nation.economy.items() if v["budget"] or v["outcome"]
    ] + [[_("Result"), _money(nation.result["budget"]), _money(nation.result["outcome"])]])

    indicators = Grid(_("Indicator results"),
                      [_("Question"), _("Answers"), _("Positive answers")],
                      [[_question(code), format_number(nation.indicators[code]["answers"]),
                        share(nation.positive_share(code))]
                       for code in sorted(nation.indicators, key=_natural)])
    tables = [side_by_side, categories, economy, indicators]
    return {"nation": nation, "tables": tables if preview else [areas, *tables]}
