"""The indicators report: every round of a year, as 002 Bilaga 2 lays it out."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.reports.document import Cell, Chart, Column, Report, ReportParams, Table
from samsyn.reports.registry import register
from samsyn.surveys.bands import Shares
from samsyn.surveys.models import Round
from samsyn.surveys.services import RoundResult, published_sums_off, results

HUNDRED = Decimal(100)


def _pct(value: Decimal | None) -> Decimal | None:
    return value * HUNDRED if value is not None else None


def _shares_row(label: str, year: int, shares: Shares | None, too_few: bool) -> dict[str, Cell]:
    # A published round can hold a question with no share at all (002's 2022 row the OCR
    # lost): the row says so, as a row without a round does, rather than stand blank.
    if shares is not None and all(v is None for v in (
            shares.negative, shares.neither, shares.positive, shares.clearly_positive)):
        shares = None
    if shares is None or too_few:
        note = _("too few answers") if too_few else _("no figures")
        return {"question": label, "year": str(year), "negative": None, "neither": None,
                "positive": None, "clearly_positive": None, "note": note}
    return {"question": label, "year": str(year), "negative": _pct(shares.negative),
            "neither": _pct(shares.neither), "positive": _pct(shares.positive),
            "clearly_positive": _pct(shares.clearly_positive), "note": ""}


def _table(result: RoundResult) -> Table:
    r = result.round
    rows: list[dict[str, Cell]] = []
    for q in result.questions:
        rows.append(_shares_row(q.question.text, r.year, q.current, q.too_few))
        rows.append(_shares_row("", r.year - 1, q.previous, False))
    rate = f"{result.rate * HUNDRED:.0f} %" if result.rate is not None else "–"
    # A published round may not say how many were asked (002 gives only the 2021 answers).
    asked = "–" if r.published_answers is not None and not result.asked else result.asked
    note = (_("Asked %(asked)s, answered %(answers)s, response rate %(rate)s.")
            % {"asked": asked, "answers": result.answers, "rate": rate})
    if r.published_answers is not None:
        note += " " + _("The shares as the förbund published them, not computed from answers "
                        "held here.")
    return Table(
        title=str(r),
        columns=[Column("question", _("Question")), Column("year", _("Year")),
                 Column("negative", _("Negative"), "percent", 0),
                 Column("neither", _("Neither"), "percent", 0),
                 Column("positive", _("Positive"), "percent", 0),
                 Column("clearly_positive", _("(Clearly positive)"), "percent", 0),
                 Column("note", "")],
        rows=rows,
        note=note,
    )


def _json(result: RoundResult) -> dict[str, Any]:
    r = result.round
    return {
        "template": r.template.name, "group": r.template.group,
        "intervention": r.intervention.slug if r.intervention else None,
        "asked": result.asked, "answers": result.answers, "response_rate": result.rate,
        "too_few": result.too_few,
        "questions": [
            {"code": q.question.code, "text": q.question.text, "local": q.question.local,
             "current": None if q.too_few else q.current.as_json(),
             "previous": q.previous.as_json() if q.previous else None}
            for q in result.questions
        ],
    }


@register("indicators", title=gettext_lazy("Indicator surveys"))
def indicators_report(params: ReportParams) -> Report:
    return survey_rounds(params)


def survey_rounds(params: ReportParams, closed_by: dt.date | None = None) -> Report:
    """The year's rounds; with `closed_by`, only those closed by that day (a delårsrapport's
    end: a round still open then has no result yet)."""
    rounds = (Round.objects.filter(association=params.association, year=params.year)
              .select_related("template", "intervention", "association"))
    if closed_by is not None:
        rounds = rounds.filter(closes__lte=closed_by)
    all_results = [results(r) for r in rounds]
    report = Report(
        kind="indicators", title=str(_("Indicator surveys")),
        association=params.association.slug, association_name=params.association.name,
        period_start=params.start, period_end=params.end,
        tables=[_table(r) for r in all_results],
        data={"association": params.association.slug, "year": params.year,
              "rounds": [_json(r) for r in all_results]},
        # Answers are not published by count: a round with too few is not reported at all.
        counts_people=False,
        charts=[Chart(title=_("Positive answers: %(round)s") % {"round": r.round},
                      labels=[q.question.text for q in r.questions],
                      values=[None if q.too_few else _pct(q.current.positive)
                              for q in r.questions], unit="percent")
                for r in all_results if r.questions],
    )
    for result in all_results:
        report.warnings.extend(
            _("%(round)s: the published shares of “%(question)s” add up to %(total)s %%, "
              "not 100 %%.") % {"round": result.round, "question": text, "total": f"{total:.0f}"}
            for text, total in ((q.question.text, t) for q in result.questions
                                for code, t in published_sums_off(result)
                                if code == q.question.code))
    if not all_results:
        report.warnings.append(_("No survey rounds in %(year)s.") % {"year": params.year})
    return report
