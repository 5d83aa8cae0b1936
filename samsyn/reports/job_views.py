"""The pages of documents made in the background: ask for one, see its state, fetch it."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from samsyn.associations.access import Access, Action, association_view
from samsyn.associations.years import chosen_year
from samsyn.reports.jobs import DOCUMENT_KINDS, JOB_FORMATS, may_read, request_document
from samsyn.reports.models import DocumentJob
from samsyn.reports.views import _readable_kind

# Every document made in the background is one of the aggregate reports (registry default).
# Seconds between the state page's refreshes while the document is being made.
REFRESH_SECONDS = 3


@association_view(action=Action.REPORTS_AGGREGATE)
def report_order(request: HttpRequest, access: Access, document_kind: str) -> HttpResponse:
    """GET: what can be asked for; POST: ask for it (one job however often) and follow it."""
    kind_slug = document_kind
    if kind_slug not in DOCUMENT_KINDS:
        raise Http404
    kind = _readable_kind(access, kind_slug)
    year = chosen_year(request, access.association)
    if request.method == "POST":
        fmt = request.POST.get("format", "")
        if fmt not in JOB_FORMATS:
            fmt = "pdf"
        job = request_document(access, kind_slug, year, fmt,
                               publish=request.POST.get("publish") == "1", user=request.user,
                               request=request)
        return redirect("document_job", access.association.slug, job.pk)
    return render(request, "reports/order.html", {
        "access": access, "association": access.association, "kind": kind, "year": year,
        "may_see_exact": not access.must_publish,
        "back": f"{reverse('report_view', args=[access.association.slug, kind_slug])}"
                f"?year={year}",
    })


def _job(access: Access, job_id: int) -> DocumentJob:
    job = get_object_or_404(DocumentJob.objects.defer("content"),
                            association=access.association, pk=job_id)
    if not may_read(access, job):
        # As for a document of another förbund: nothing says what others have asked for.
        raise Http404
    return job


@association_view(action=Action.REPORTS_AGGREGATE)
def document_job(request: HttpRequest, access: Access, job_id: int) -> HttpResponse:
    job = _job(access, job_id)
    kind = _readable_kind(access, job.kind)
    working = job.state in (DocumentJob.State.WAITING, DocumentJob.State.RUNNING)
    return render(request, "reports/job.html", {
        "access": access, "association": access.association, "kind": kind, "job": job,
        "refresh": REFRESH_SECONDS if working else None,
        "back": f"{reverse('report_view', args=[access.association.slug, job.kind])}"
                f"?year={job.year}",
    })


@association_view(action=Action.REPORTS_AGGREGATE)
def document_job_file(request: HttpRequest, access: Access, job_id: int) -> HttpResponse:
    job = _job(access, job_id)
    if job.state != DocumentJob.State.DONE:
        return redirect("document_job", access.association.slug, job.pk)
    content = DocumentJob.objects.values_list("content", flat=True).get(pk=job.pk)
    response = HttpResponse(bytes(content or b""), content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(True, job.file_name) or ""
    return response
