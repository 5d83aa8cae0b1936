import datetime as dt
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from samsyn.associations.access import Access, association_view
from samsyn.reports.registry import all_kinds, get_kind
from samsyn.reports.render import html_context, to_html, to_json, to_pdf, to_xlsx
from samsyn.reports.services import build_report, must_publish

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@association_view()
def report_list(request: HttpRequest, access: Access) -> HttpResponse:
    kinds = [k for k in all_kinds() if k.readable_by(access)]
    return render(request, "reports/report_list.html",
                  {"access": access, "association": access.association, "kinds": kinds})


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return dt.date.today().year
    if not raw.isdigit() or not 2004 <= int(raw) <= 2100:
        raise Http404
    return int(raw)


def _period(request: HttpRequest, year: int) -> tuple[dt.date, dt.date]:
    """A half-year, a month or any dates within the year asked for; the year otherwise."""
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
    year = _year(request)
    intervention = None
    slug = request.GET.get("intervention", "")
    if kind.per_intervention and slug:
        intervention = access.interventions().filter(slug=slug).first()
        if intervention is None:
            raise Http404
    publish = must_publish(access) or request.GET.get("publish") == "1"
    start, end = _period(request, year)
    report = build_report(kind, access.association, year, intervention=intervention,
                          publish=publish, start=start, end=end)
    fmt = request.GET.get("format", "page")
    filename = slugify(f"{access.association.slug}-{kind.slug}-{year}")
    if fmt == "json":
        return HttpResponse(to_json(report), content_type="application/json")
    if fmt == "xlsx":
        response = HttpResponse(to_xlsx(report), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if fmt == "html":
        return HttpResponse(to_html(report))
    if fmt == "pdf":
        response = HttpResponse(to_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    if fmt != "page":
        raise Http404
    query = urlencode({k: v for k, v in (("year", year), ("intervention", slug),
                                         ("start", request.GET.get("start", "")),
                                         ("end", request.GET.get("end", "")),
                                         ("publish", "1" if publish else "")) if v})
    return render(request, "reports/page.html", {
        "access": access, "association": access.association, "kind": kind, "year": year,
        "interventions": access.interventions() if kind.per_intervention else [],
        "intervention_slug": slug, "may_see_exact": not must_publish(access), "query": query,
        "start": request.GET.get("start", ""), "end": request.GET.get("end", ""),
        **html_context(report),
    })
