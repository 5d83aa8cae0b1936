"""One figure per thing in "The year in figures" (002 1.1).

A board adopts the document, so where the förbund stated a figure for the period (002's 779
active, 414 finished, 52 %) that figure stands in the table; the register's, where it differs,
is said in the table's note with why, from what the records hold. The year's money is the
income statement's own lines under its own labels, so the page never sets a second income
or cost figure beside the statements' (the budget lines' sums hold the financial items and
depreciation inside income and costs: 31 432 664 against the statements' 31 379 624).
"""

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from samsyn.finance.financial import statements_for
from samsyn.finance.queries import finance_year
from samsyn.interventions.models import InterventionKind
from samsyn.participants import queries
from samsyn.participants.metrics import Period
from samsyn.publication.suppression import HIDDEN
from samsyn.reports.document import NO_FIGURE, Cell, ReportParams


def named(names: list[str]) -> str:
    """"A, B and C": the insatser a sentence names."""
    return _(" and ").join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


def _lower_labels() -> dict[str, str]:
    return {"new": _("new participants"), "active": _("active participants"),
            "exited": _("finished participations")}


def _kind_of(key: str) -> str:
    # The register's kinds of count (participants.queries.KINDS) by the table's row keys.
    return {"new": "new", "active": "active", "exited": "exit"}[key]


def _silent(params: ReportParams, found: Any) -> list[str]:
    """The individual insatser running in the period of which the register holds nothing."""
    start, end = params.start, params.end
    running = (params.interventions().filter(kind=InterventionKind.INDIVIDUAL)
               .filter(Q(start__isnull=True) | Q(start__lte=end))
               .filter(Q(end__isnull=True) | Q(end__gte=start))
               .order_by("name").values_list("slug", "name"))
    return [name for slug, name in running if slug not in found.slugs]


def register_differs(params: ReportParams, stated: dict[str, Cell],
                     records: dict[str, Cell]) -> list[str]:
    """For each figure whose stated value stands in the table and the register's differs:
    one sentence with the register's figure and, where the register holds less, why."""
    found = queries.figures_for(params.scope, Period(params.start, params.end))
    names = dict(params.interventions().values_list("slug", "name"))
    silent = _silent(params, found)
    labels = _lower_labels()
    sentences: list[str] = []
    for key in ("new", "active", "exited"):
        figure, held = stated.get(key), records.get(key)
        if not isinstance(figure, int) or not isinstance(held, int) or figure == held:
            continue
        what = {"records": held, "what": labels[key]}
        missing = [names[s] for s in found.not_given.get(_kind_of(key), []) if s in names]
        if held > figure or not (missing or silent):
            sentences.append(_("The register in Samsyn gives %(records)s %(what)s.") % what)
        elif missing and silent:
            sentences.append(_(
                "The register in Samsyn gives %(records)s %(what)s: it holds no such count "
                "for %(missing)s, and nothing of the period for %(silent)s.")
                % {**what, "missing": named(missing), "silent": named(silent)})
        elif missing:
            sentences.append(_(
                "The register in Samsyn gives %(records)s %(what)s: it holds no such count "
                "for %(missing)s.") % {**what, "missing": named(missing)})
        else:
            sentences.append(_(
                "The register in Samsyn gives %(records)s %(what)s: it holds nothing of the "
                "period for %(silent)s.") % {**what, "silent": named(silent)})
    share, held_share = stated.get("work_share"), records.get("work_share")
    exits = records.get("exited")
    if (share is not None and held_share not in (None, NO_FIGURE, HIDDEN, share)
            and isinstance(exits, int)):
        sentences.append(_("The register in Samsyn gives %(share)s to work or studies, of "
                           "the %(exits)s finished participations it holds.")
                         % {"share": held_share, "exits": exits})
    return sentences


def economy_rows(params: ReportParams) -> tuple[list[dict[str, Cell]], str] | None:
    """The year's money as the document states it elsewhere, with the same labels.

    With imported books: the income statement's lines (its signs; depreciation, financial
    items and extraordinary items each a line of their own where not 0). Without them: the
    figures the board adopted, as the five-year overview shows them. Neither: None, and the
    year is read from its lines as the earlier years' table reads it.
    """
    found = statements_for(params.association, params.year)
    if found is not None:
        year = found.current
        lines: list[tuple[str, str, Decimal, bool]] = [
            ("income", _("Operating income"), year.income, True),
            ("costs", _("Operating costs"), -year.costs, True),
            ("depreciation", _("Depreciation"), -year.depreciation, False),
            ("financial_income", _("Financial income"), year.financial_income, False),
            ("financial_costs", _("Financial costs"), -year.financial_cost, False),
            ("extraordinary", _("Extraordinary items"), year.extraordinary, False),
            ("unmapped", _("Accounts without a statement line"), year.unmapped_result, False),
            ("result", _("The year's result"), year.result, True),
        ]
        rows: list[dict[str, Cell]] = [{"_key": key, "what": label, "value": value}
                                       for key, label, value, always in lines
                                       if always or value]
        return rows, _("Amounts in kr: the lines of the income statement.")
    adopted = finance_year(params.association, params.year)
    if adopted is None or all(v is None for v in (
            adopted.adopted_income, adopted.adopted_costs, adopted.adopted_result)):
        return None
    picked = [("income", _("Operating income"), adopted.adopted_income),
              ("costs", _("Operating costs"), adopted.adopted_costs),
              ("result", _("The year's result"), adopted.adopted_result)]
    rows = [{"_key": key, "what": label, "value": value} for key, label, value in picked
            if value is not None]
    return rows, _("Amounts in kr, as the board adopted them (the economy compared with "
                   "earlier years).")
