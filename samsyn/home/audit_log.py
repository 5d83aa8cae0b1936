"""The audit log of a förbund, for its administrators: search and export."""

import csv
import datetime as dt
import io
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import capfirst

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
    # The log holds nothing before 1970 or after 9000: a bound beyond is no bound, and the
    # first and last days a date field takes would overflow the shift to UTC (a 500).
    if data["start"] and data["start"] > _EARLIEST:
        qs = qs.filter(at__gte=dt.datetime.combine(data["start"], dt.time.min, zone))
    if data["end"] and data["end"] < _LATEST:
        qs = qs.filter(at__lt=dt.datetime.combine(data["end"] + dt.timedelta(days=1),
                                                  dt.time.min, zone))
    return qs


_EARLIEST, _LATEST = dt.date(1970, 1, 1), dt.date(9000, 1, 1)


# Apps whose rows are about people in rehabilitation: the log names their kind and number only.
_NOT_NAMED = {"participants", "surveys"}


def readable_objects(entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """What each entry's object is, as a person reads it ("Medlem: Haninge kommun"), its
    kind in Swedish where it no longer exists. One query per kind of object on the page."""
    wanted: dict[str, set[str]] = {}
    for e in entries:
        if e.object_type:
            wanted.setdefault(e.object_type, set()).add(e.object_id)
    found: dict[tuple[str, str], str] = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        kind = capfirst(str(model._meta.verbose_name))
        names: dict[str, str] = {}
        if model._meta.app_label not in _NOT_NAMED:
            pks = [i for i in ids if i.isdigit()]
            names = {str(o.pk): str(o) for o in model._default_manager.filter(pk__in=pks)}
        for object_id in ids:
            name = names.get(object_id)
            found[(label, object_id)] = (f"{kind}: {name}" if name
                                         else f"{kind} {object_id}".strip())
    return found


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
    entries = list(qs[:PAGE_ROWS])
    names = readable_objects(entries)
    for e in entries:
        e.readable = names.get((e.object_type, e.object_id), "")  # type: ignore[attr-defined]
    return render(request, "audit/search.html", {
        "access": access, "association": access.association, "form": form,
        "entries": entries, "query": request.GET.urlencode(),
    })
