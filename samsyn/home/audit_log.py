"""The audit log of a förbund, for its administrators: search and export."""

import csv
import datetime as dt
import io
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from samsyn.associations.access import Access, Action, association_view
from samsyn.audit.forms import SearchForm
from samsyn.audit.models import AuditEntry, Category
from samsyn.audit.services import record

PAGE_ROWS = 200
EXPORT_ROWS = 100_000


def entries_of(access: Access) -> QuerySet[AuditEntry]:
    """The förbund's entries, and the sign-in events of its members (logged before any förbund)."""
    members = access.association.memberships.values_list("user_id", flat=True)
    return AuditEntry.objects.filter(
        Q(association_id=access.association.pk)
        | Q(association_id__isnull=True, category=Category.SECURITY, user_id__in=members))


def _filtered(access: Access, form: SearchForm) -> QuerySet[AuditEntry]:
    qs = entries_of(access)
    if not form.is_valid():
        return qs
    data = form.cleaned_data
    if data["who"]:
        qs = qs.filter(username__icontains=data["who"])
    if data["category"]:
        qs = qs.filter(category=data["category"])
    if data["action"]:
        qs = qs.filter(action__iexact=data["action"])
    zone = timezone.get_current_timezone()
    if data["start"]:
        qs = qs.filter(at__gte=dt.datetime.combine(data["start"], dt.time.min, zone))
    if data["end"]:
        qs = qs.filter(at__lt=dt.datetime.combine(data["end"] + dt.timedelta(days=1),
                                                  dt.time.min, zone))
    return qs


def _cell(value: Any) -> str:
    # A spreadsheet must not run what a user typed as a name.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@association_view(action=Action.AUDIT_READ)
def audit_search(request: HttpRequest, access: Access) -> HttpResponse:
    form = SearchForm(request.GET or None)
    qs = _filtered(access, form)
    if request.GET.get("format") == "csv":
        rows = list(qs[:EXPORT_ROWS])
        record(category=Category.DATA, action="audit_export", user=request.user,
               association=access.association, rows=len(rows), request=request)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["seq", "at", "category", "action", "user", "intervention", "object",
                         "object_id", "rows", "address", "detail", "hash"])
        for e in rows:
            writer.writerow([e.pk, timezone.localtime(e.at).isoformat(), e.category,
                             _cell(e.action), _cell(e.username), _cell(e.intervention),
                             e.object_type, _cell(e.object_id), e.rows, e.address,
                             _cell(e.detail), e.hash])
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{access.association.slug}-granskningslogg.csv"')
        return response
    return render(request, "audit/search.html", {
        "access": access, "association": access.association, "form": form,
        "entries": qs[:PAGE_ROWS], "query": request.GET.urlencode(),
    })
