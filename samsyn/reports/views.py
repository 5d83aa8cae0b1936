import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import save_form
from samsyn.associations.years import chosen_year, years_with_data
from samsyn.publication.periods import (
    KINDS,
    NonStandardPeriod,
    OpenPeriod,
    closed_part,
    describe,
    is_standard,
    label,
    standard_period,
    standard_periods,
)
from samsyn.publication.withheld import Withheld
from samsyn.reports import kept, page, writes
from samsyn.reports.document import Report, ReportParams
from samsyn.reports.forms import DecisionForm, FreezeForm, ReportTextForm
from samsyn.reports.jobs import DOCUMENT_KINDS
from samsyn.reports.models import Decision, ReportText, ReportVersion
from samsyn.reports.registry import all_kinds, get_kind
from samsyn.reports.render import FORMATS, file_name, notice, tables_html
from samsyn.reports.services import build_report, published_kinds, report_params
from samsyn.reports.versions import figures_of, swedish_date


@association_view()
def report_list(request: HttpRequest, access: Access) -> HttpResponse:
    kinds = [k for k in all_kinds() if k.readable_by(access)]
    return render(request, "reports/report_list.html",
                  {"access": access, "association": access.association, "kinds": kinds,
                   "years": years_with_data(access.association),
                   "year": chosen_year(request, access.association)})


def ended_year(association: Any, year: int) -> int:
    """The latest year before `year` with records that has ended; the last year that has
    ended when there is none."""
    last = min(year - 1, timezone.localdate().year - 1)
    return next((y for y in years_with_data(association) if y <= last), last)


def _year(request: HttpRequest, access: Access) -> int:
    return chosen_year(request, access.association)


def _period(request: HttpRequest, year: int) -> tuple[dt.date, dt.date]:
    """A half-year, a month or any dates within the year asked for; the year otherwise."""
    chosen = request.GET.get("period", "")
    for period in standard_periods(year, KINDS):
        if period.key == chosen:
            return period.start, period.end
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if end < start or (end - start).days > 3 * 366:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return start, end


@association_view()
def report_view(request: HttpRequest, access: Access, kind_slug: str) -> HttpResponse:
    kind = get_kind(kind_slug)
    if kind is None:
        raise Http404
    if not kind.readable_by(access):
        raise PermissionDenied
    year = _year(request, access)
    intervention = None
    slug = request.GET.get("intervention", "")
    if slug and not slug_re.match(slug):  # a NUL byte would be a 500 on PostgreSQL
        raise Http404
    if kind.per_intervention and slug:
        intervention = access.interventions().filter(slug=slug).first()
        if intervention is None:
            raise Http404
    publish = access.must_publish or request.GET.get("publish") == "1"
    start, end = _period(request, year)
    kinds = published_kinds(access.association)
    refused = ""
    if publish and not is_standard(start, end, kinds):
        # Published figures only for standard periods: the year instead, and why.
        refused = str(NonStandardPeriod(start, end, kinds))
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if request.GET.get("format", "page") != "page":
            return HttpResponse(refused, status=400, content_type="text/plain; charset=utf-8")
    fmt = request.GET.get("format", "page")
    if fmt == "page":
        # The page's report and tables, computed again only after a write to what its kind
        # reads (page.py) or on another day (what is published depends on the date).
        shown = page.kept(
            access, kind, (kind.slug, year, slug, publish, start, end, refused,
                           timezone.localdate()),
            # A published period with no closed part falls back to the latest year with
            # records (ended_year), which reads every app's years.
            whole=publish and _open(start, end, kinds),
            params=lambda: _params(access, year, intervention, publish, start, end),
            compute=lambda: _kept_page_report(kind, access, year, intervention, publish,
                                              start, end, refused))
        return _report_page(request, access, kind, slug, publish, kinds, shown)
    try:
        report = build_report(kind, access.scope(), year, intervention=intervention,
                              publish=publish, start=start, end=end)
    except (OpenPeriod, NonStandardPeriod) as not_yet:
        return HttpResponse(str(not_yet), status=409, content_type="text/plain; charset=utf-8")
    found = FORMATS.get(fmt)
    if found is None:
        raise Http404
    response = HttpResponse(found.render(report), content_type=found.content_type)
    if found.download:
        response["Content-Disposition"] = content_disposition_header(
            True, file_name(kind.title, report, found.extension)) or ""
    return response


def _open(start: dt.date, end: dt.date, kinds: Any) -> bool:
    """Whether nothing of a published period has closed yet."""
    try:
        return closed_part(start, end, kinds, timezone.localdate()) is None
    except NonStandardPeriod:
        return True


def _params(access: Access, year: int, intervention: Any, publish: bool, start: dt.date,
            end: dt.date) -> ReportParams | None:
    """The params of the report the page shows, where it is the one asked for."""
    try:
        return report_params(access.scope(), year, intervention=intervention, publish=publish,
                             start=start, end=end)
    except (OpenPeriod, NonStandardPeriod):
        return None


def _kept_page_report(kind: Any, access: Access, year: int, intervention: Any,
                      publish: bool, start: dt.date, end: dt.date, refused: str
                      ) -> page.Content:
    """_page_report, a document's sections each kept under the parts it reads (kept.py)."""
    scope = access.scope()
    with kept.sections(access, scope):
        return _page_report(kind, access, year, intervention, publish, start, end, refused,
                            scope)


def _page_report(kind: Any, access: Access, year: int, intervention: Any, publish: bool,
                 start: dt.date, end: dt.date, refused: str, scope: Any
                 ) -> page.Content:
    """The report a page shows, with what it fell back to and its rendered tables."""
    nothing = False
    try:
        report = build_report(kind, scope, year, intervention=intervention,
                              publish=publish, start=start, end=end)
    except Withheld as withheld:
        # The year was published without its months: the year itself instead, and why.
        refused, start, end = str(withheld), dt.date(year, 1, 1), dt.date(year, 12, 31)
        report = build_report(kind, scope, year, intervention=intervention,
                              publish=publish, start=start, end=end)
    except (OpenPeriod, NonStandardPeriod) as not_yet:
        # Nothing of the period can be published yet: the latest year with records that has
        # ended instead (a whole year that has ended is always published), and why.
        refused, asked = str(not_yet), (year, start, end)
        year = ended_year(access.association, year)
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        try:
            report = build_report(kind, scope, year, intervention=intervention,
                                  publish=publish, start=start, end=end)
        except (OpenPeriod, NonStandardPeriod):
            # A report of periods the förbund does not publish (a half-year where only whole
            # years are): no year has it, so the page says why and shows no table.
            year, start, end = asked
            report = Report(kind=kind.slug, title=str(kind.title),
                            association=access.association.slug,
                            association_name=access.association.name, period_start=start,
                            period_end=end, published=True)
            nothing = True
    return page.Content(page.Shown.of(report), year, start, end, refused, nothing,
                        tables_html(report), notice(report))


def _report_page(request: HttpRequest, access: Access, kind: Any, slug: str, publish: bool,
                 kinds: Any, shown: page.Page) -> HttpResponse:
    content = shown.content
    year, start, end, refused = content.year, content.start, content.end, content.refused
    chosen = standard_period(start, end, kinds) if publish else None
    dates = ("", "") if refused or chosen else (request.GET.get("start", ""),
                                                request.GET.get("end", ""))
    query = urlencode({k: v for k, v in (("year", year), ("intervention", slug),
                                         ("period", chosen.key if chosen else ""),
                                         ("start", dates[0]), ("end", dates[1]),
                                         ("publish", "1" if publish else "")) if v})
    return render(request, "reports/page.html", {
        "access": access, "association": access.association, "kind": kind, "year": year,
        "interventions": shown.options,
        "intervention_slug": slug, "may_see_exact": not access.must_publish, "query": query,
        "start": dates[0], "end": dates[1],
        "standard_only": access.must_publish,
        "periods": [(p.key, label(p)) for p in standard_periods(year, kinds)],
        "period": chosen.key if chosen else "",
        "kinds_text": describe(kinds), "refused": refused, "nothing": content.nothing,
        "report": content.shown, "notice": content.notice, "tables_html": content.tables,
        "background": kind.slug in DOCUMENT_KINDS,
    })


def _readable_kind(access: Access, kind_slug: str) -> Any:
    kind = get_kind(kind_slug)
    if kind is None:
        raise Http404
    if not kind.readable_by(access):
        raise PermissionDenied
    return kind


def _report_url(access: Access, kind_slug: str, year: int) -> str:
    return f"{reverse('report_view', args=[access.association.slug, kind_slug])}?year={year}"


@association_view(edit=True)
def report_texts(request: HttpRequest, access: Access, kind_slug: str) -> HttpResponse:
    """The foreword and analysis of one report of one year, kept with it."""
    _readable_kind(access, kind_slug)
    year = _year(request, access)
    text = (ReportText.objects.filter(association=access.association, kind=kind_slug,
                                      year=year).first()
            or ReportText(association=access.association, kind=kind_slug, year=year))
    form = ReportTextForm(request.POST or None, instance=text)
    back = _report_url(access, kind_slug, year)
    return save_form(request, access, form, title=_("Texts of the report %(year)s")
                     % {"year": year}, cancel_url=back, success_url=back,
                     save=writes.save_report_text)


@association_view(edit=True)
def report_checks(request: HttpRequest, access: Access, kind_slug: str) -> HttpResponse:
    """Before the board adopts a document: the kansli's checks, what the document still lacks,
    and whether the decision is entered and a version frozen."""
    kind = _readable_kind(access, kind_slug)
    year = _year(request, access)
    report = build_report(kind, access.scope(), year)
    version = ReportVersion.objects.filter(association=access.association, kind=kind_slug,
                                           year=year).first()
    return render(request, "reports/checks.html", {
        "access": access, "association": access.association, "kind": kind, "year": year,
        "report": report, "back": _report_url(access, kind_slug, year),
        "missing": [s for s in report.outline if s.missing and not s.signatures],
        "version": version,
        "version_date": swedish_date(version.decided) if version else "",
    })


@association_view(edit=True)
def report_decision(request: HttpRequest, access: Access, kind_slug: str) -> HttpResponse:
    """The board's decision on one document of one year, printed as its signature page."""
    _readable_kind(access, kind_slug)
    year = _year(request, access)
    decision = (Decision.objects.filter(association=access.association, kind=kind_slug,
                                        year=year).first()
                or Decision(association=access.association, kind=kind_slug, year=year))
    form = DecisionForm(request.POST or None, instance=decision)
    back = _report_url(access, kind_slug, year)
    return save_form(request, access, form, title=_("The board's decision on the report "
                                                    "%(year)s") % {"year": year},
                     cancel_url=back, success_url=back, save=writes.save_decision)


@association_view(edit=True)
def report_freeze(request: HttpRequest, access: Access, kind_slug: str) -> HttpResponse:
    """Keep the figures as decided; later changes in the records then show as differences."""
    kind = _readable_kind(access, kind_slug)
    year = _year(request, access)
    form = FreezeForm(request.POST or None)
    back = _report_url(access, kind_slug, year)
    if request.method == "POST" and form.is_valid():
        publish = form.cleaned_data["published"]
        try:
            report = build_report(kind, access.scope(), year, publish=publish)
        except (OpenPeriod, NonStandardPeriod) as not_yet:
            form.add_error("published", str(not_yet))
            return render(request, "form.html", {
                "access": access, "association": access.association, "form": form,
                "cancel_url": back,
                "title": _("Freeze the report %(year)s as decided") % {"year": year},
            })
        ReportVersion.objects.create(
            association=access.association, kind=kind_slug, year=year,
            decided=form.cleaned_data["decided"],
            frozen_by=request.user if request.user.is_authenticated else None,
            figures={**figures_of(report), "__published__": publish},
        )
        versions.changed(access.association, versions.parts_of(ReportVersion))
        messages.success(request, _("The version decided %(date)s is kept.")
                         % {"date": swedish_date(form.cleaned_data["decided"])})
        return redirect(back)
    return render(request, "form.html", {
        "access": access, "association": access.association, "form": form,
        "cancel_url": back, "title": _("Freeze the report %(year)s as decided") % {"year": year},
    })
