"""The årsredovisning in 002's order, numbered as 002 numbers it, with the parts LKBR (2018:597)
11 kap. asks of a förvaltningsberättelse where 002 has none.

Förord; 1 Sammanfattning (1.1 Resultat i siffror, 1.2 Om förbundet); 2 Förvaltningsberättelse
(2.1 översikt with 2.1.1 the year's economy and 2.1.2 five years, 2.2 viktiga förhållanden, 2.3
händelser av väsentlig betydelse, 2.4 personal, 2.5 styrning och uppföljning, 2.6 god ekonomisk
hushållning: 2.6.1 måluppfyllelse, 2.6.2 ekonomisk ställning, 2.6.3 balanskravsutredning, 2.6.4
driftredovisning, 2.6.5 investeringsredovisning, 2.6.6 förväntad utveckling); 3
Resultaträkning; 4 Balansräkning; 5 Kassaflödesanalys; 6 Noter (Not 1 Redovisningsprinciper
first); 7 Styrelsens beslut; Bilaga 1 results per insats; Bilaga 2 indicator surveys.
"""

from django.utils.translation import gettext as _

from samsyn.documents.annual import operations
from samsyn.finance.categories import Category
from samsyn.reports import kept
from samsyn.reports.document import (
    Chart,
    Report,
    ReportParams,
    Section,
    Table,
    lay_out,
)
from samsyn.reports.models import ReportText
from samsyn.web.formatting import format_number

STATEMENTS = "financial-statements"


def not_written() -> str:
    return _("Not written yet: the kansli writes this part under “The document's texts”.")


def _economy_sentence(params: ReportParams) -> str:
    """002 2.1.1's "Årets tilldelning … 16,3 miljoner kronor … 15,1 miljoner kronor ifrån
    Europeiska Socialfonden", from the outcome lines."""
    # Sums of the lines by category, no insats in them: kept under the economy alone, so the
    # page's first view after a records change reads no lines for it.
    sentence: str = kept.piece(params, "annual_outline.economy_sentence", ("economy",),
                               lambda: _economy_sentence_of(params))
    return sentence


def _economy_sentence_of(params: ReportParams) -> str:
    found = operations(params)
    if found is None or not found.outcome:
        return ""
    members = sum((x.amount for x in found.outcome if x.category == Category.CONTRIBUTION), 0)
    grants = sum((x.amount for x in found.outcome
                  if x.category in (Category.ESF, Category.GRANT)), 0)
    sentence = _("The members' contributions of %(year)s were %(members)s kr.") % {
        "year": params.year, "members": format_number(members, 0)}
    if grants:
        sentence += " " + _("ESF funds and other grants added %(grants)s kr.") % {
            "grants": format_number(grants, 0)}
    return sentence


def _has_interventions(params: ReportParams) -> bool:
    # The plan's rows: a page reads them again only after a write of the plan.
    found: bool = kept.piece(params, "annual_outline.has_interventions", ("plan",),
                             lambda: params.association.interventions.exists())
    return found


def arrange(report: Report, params: ReportParams, charts: dict[str, list[Chart]],
            text: ReportText | None) -> None:
    """Put the document's tables, charts and texts into its numbered sections, in order."""
    pool = {t.key: t for t in report.tables}

    def kind(name: str) -> list[Table]:
        found = [t for k, t in pool.items() if k.split(".", 1)[0] == name]
        for t in found:
            del pool[t.key]
        return found

    def one(key: str) -> list[Table]:
        return [pool.pop(key)] if key in pool else []

    def written(*names: str) -> str:
        if text is None:
            return ""
        return "\n\n".join(getattr(text, n).strip() for n in names if getattr(text, n).strip())

    def required(number: str, title: str, level: int, *names: str) -> Section:
        """A part the law asks for: the text, or one line saying it is not written."""
        body = written(*names)
        return Section(number, title, level, text=body, missing="" if body else not_written())

    statements = any(k.startswith(f"{STATEMENTS}.") for k in pool)
    no_books = _("No bookkeeping is imported for %(year)s: the statements are made from it.") % {
        "year": params.year}

    def statement(number: str, title: str, index: int) -> Section:
        tables = one(f"{STATEMENTS}.{index}")
        return Section(number, title, tables=tables, missing="" if tables else no_books)

    five_years = one(f"{STATEMENTS}.10")
    earlier = kind("earlier_years")
    # The inflow over the years goes with the year in figures; the shares to work or studies
    # with the goal fulfilment, as 002 2.6.1 has them. A chart of one bar, or one that draws
    # what another already does, is left out: compared as drawn (a bar's label has one
    # decimal), so a share from a float (26.44000000000000238…) and the same share from a
    # count (26.4400) are one figure, and a chart "by gender" whose one series left is "All"
    # (no woman's or man's figure known) is the chart without series again.
    drawn: list[tuple[object, ...]] = []

    def distinct(found: list[Chart]) -> list[Chart]:
        kept = []
        for chart in found:
            shown = [None if v is None else round(v, 1) for v in chart.values]
            figures = (tuple(chart.labels), tuple(shown), len(chart.series) > 1)
            if sum(v is not None for v in chart.values) > 1 and figures not in drawn:
                drawn.append(figures)
                kept.append(chart)
        return kept

    overview = charts.get("charts", [])
    inflow_charts = distinct([c for c in overview if c.unit == "count"])
    people_charts = distinct([c for c in overview if c.unit == "percent"]
                             + charts.get("participants", []))
    sections = [
        Section("", _("Foreword"), text=written("foreword")),
        Section("1", _("Summary of the year"), text=written("summary")),
        Section("1.1", _("Results in figures"), 2,
                tables=kind("key_figures") + kind("year_before") + kind("charts"),
                charts=inflow_charts),
        required("1.2", _("About the förbund"), 2, "about", "vision", "direction"),
        Section("2", _("Administration report"), text=_(
            "The administration report follows the Act (2018:597) on municipal bookkeeping and "
            "accounting, chapter 11, where it applies to a coordination association.")),
        required("2.1", _("Overview of the development of the operations"), 2, "overview"),
        Section("2.1.1", _("The economy of the operations %(year)s") % {"year": params.year},
                3, text=_economy_sentence(params), tables=kind("contributions")),
        Section("2.1.2", _("The economy compared with earlier years"), 3,
                tables=five_years or earlier),
        required("2.2", _("Important conditions for the result and the financial position"), 2,
                 "conditions"),
        required("2.3", _("Events of significant importance"), 2, "events"),
        required("2.4", _("Significant personnel matters"), 2, "personnel"),
        Section("2.5", _("Governance, management and follow-up of the operations"), 2,
                text=written("governance"), tables=kind("board"),
                missing="" if written("governance") else not_written()),
        Section("2.6", _("Sound financial management and financial position"), 2,
                text=written("management")),
        Section("2.6.1", _("Goal fulfilment and results"), 3, text=written("analysis"),
                tables=kind("management_goals") + kind("follow_up"), charts=people_charts),
        Section("2.6.2", _("Financial position and result"), 3, text=written("position"),
                tables=one(f"{STATEMENTS}.9")),
        Section("2.6.3", _("Balance requirement reconciliation"), 3,
                tables=kind("balance_requirement")),
        Section("2.6.4", _("Operating account"), 3,
                tables=kind("cost_split") + kind("operations")),
        Section("2.6.5", _("Investment account"), 3, tables=kind("investments")),
        required("2.6.6", _("Expected development"), 3, "outlook"),
        statement("3", _("Income statement"), 0),
        statement("4", _("Balance sheet"), 1),
        statement("5", _("Cash flow statement"), 2),
        Section("6", _("Notes"), missing="" if statements else no_books),
        required("", _("Note 1. Accounting principles"), 2, "principles"),
        *[Section("", t.title, 2, tables=[t]) for t in
          [*one(f"{STATEMENTS}.3"), *one(f"{STATEMENTS}.4"), *one(f"{STATEMENTS}.5"),
           *one(f"{STATEMENTS}.6"), *one(f"{STATEMENTS}.7"), *one(f"{STATEMENTS}.8")]],
        Section("7", _("The board's decision"), signatures=report.decision is not None,
                missing="" if report.decision is not None else _(
                    "The board has not decided on the annual report yet: the decision and who "
                    "signs it are entered under “The board's decision”.")),
        Section(_("Appendix 1"), _("Interventions, goals and results"),
                tables=kind("participants") + kind("intervention_groups")
                + kind("referrals") + kind("stated_counts"),
                missing="" if _has_interventions(params) else _(
                    "The förbund has no interventions.")),
        Section(_("Appendix 2"), _("Indicator surveys"), tables=kind("indicators"),
                charts=charts.get("indicators", [])),
    ]
    # A table no section names (a new part of a report kind) is not lost: it ends Appendix 1.
    sections[-2].tables.extend(t for t in pool.values() if not t.key.startswith(STATEMENTS))
    # A chapter is kept for its numbered parts even with no text of its own ("1", "2.6", "6").
    shown = [s for s in sections if not s.empty]
    outline = [s for s in sections if not s.empty or (s.number and s.level == 1) or any(
        o.number.startswith(f"{s.number}.") for o in shown if s.number)]
    lay_out(report, outline)
