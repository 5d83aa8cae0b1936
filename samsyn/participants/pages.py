"""What the participant pages show and do, so the views stay thin."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.access import Access
from samsyn.interventions.models import Intervention
from samsyn.participants import importing, queries, services
from samsyn.participants.codes import ExitReason, Gender, Referrer
from samsyn.participants.forms import ImportForm, MonthForm, MonthlyCountsForm, count_field_name
from samsyn.participants.models import MonthlyCount, Participation, month_end
from samsyn.participants.participation_file import Faults, FileError
from samsyn.periods.hooks import import_check
from samsyn.periods.services import PeriodLocked, check_open
from samsyn.publication.periods import OpenPeriod
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

SESSION_KEY = "samsyn_participations_import"


def home(access: Access, today: dt.date) -> dict[str, Any]:
    """This year's counts per insats, exactly as the participants report gives them.

    Board and staff get the published figures, suppressed the same way as in the report, so
    no page shows a count that the published report hides.
    """
    kind = get_kind("participants")
    assert kind is not None
    publish = access.must_publish
    # Published figures exist for standard periods only: the whole year, never "until today",
    # which would differ from yesterday's page by today's starts and exits.
    note = ""
    try:
        report = build_report(kind, access.scope(), today.year, publish=publish,
                              start=dt.date(today.year, 1, 1),
                              end=dt.date(today.year, 12, 31) if publish else today)
    except OpenPeriod as not_yet:
        by_slug: dict[str, Any] = {}
        none: int | str = "–"
        note = str(not_yet)
    else:
        by_slug = {e["intervention"]: e for e in report.data["interventions"]}
        none = 0
        if publish and report.period_end < dt.date(today.year, 12, 31):
            note = report.warnings[0]
    rows = []
    for i in access.interventions().order_by("name"):
        entry = by_slug.get(i.slug)
        rows.append({"intervention": i, "reads_records": access.reads_records,
                     "new": entry["new"]["total"] if entry else none,
                     "active": entry["active"]["total"] if entry else none,
                     "exited": entry["exited"]["total"] if entry else none})
    return {"rows": rows, "year": today.year, "publish": publish, "note": note}


def participation_list(access: Access, user: Any, intervention: Intervention, today: dt.date,
                       show_closed: bool) -> dict[str, Any]:
    participations = (Participation.objects.filter(intervention=intervention)
                      .select_related("participant", "municipality"))
    if not show_closed:
        participations = participations.filter(end_date__isnull=True)
    rows = list(participations)
    services.audit(access, user, intervention, "list", len(rows))
    stale = services.forgotten(rows, today)
    return {
        "participations": [
            {"p": p, "days": ((p.end_date or today) - p.start_date).days,
             "forgotten": p.pk in stale}
            for p in rows
        ],
        "show_closed": show_closed, "forgotten_count": len(stale),
    }


def monthly_counts(request: HttpRequest, access: Access,
                   intervention: Intervention) -> dict[str, Any] | HttpResponse:
    """One month's counts for an aggregate-only insats; kept by its staff or the office.

    A reader who gets published figures only (the board) sees no month's counts here: they
    are exact, by referrer and gender, finer than any published table, and the published
    report gives them suppressed for its standard periods instead.
    """
    may_edit = access.can_edit or (access.keeps_records
                                   and access.interventions().filter(pk=intervention.pk).exists())
    published_only = access.must_publish and not may_edit
    month_form = MonthForm(request.GET or None)
    month = (month_form.cleaned_data["month"] if month_form.is_valid()
             else timezone.localdate().replace(day=1))
    month = month.replace(day=1)
    existing = {} if published_only else {
        count_field_name(c.kind, c.gender, c.referrer_category or c.exit_reason): c.count
        for c in _month_counts(intervention, month)
    }
    form = MonthlyCountsForm(request.POST or None, initial=existing)
    if request.method == "POST":
        if not may_edit or not intervention.aggregate_only:
            raise PermissionDenied
        if form.is_valid():
            try:
                with transaction.atomic():
                    if any((v or 0) != existing.get(k, 0) for k, v in form.cleaned_data.items()):
                        check_open(access.association, [(month, month)], request.user,
                                   what=f"{intervention.slug}: {month:%Y-%m}")
                    _save_counts(intervention, month, form.cleaned_data)
            except PeriodLocked as locked:
                form.add_error(None, locked)
            else:
                messages.success(request, _("The counts of %(month)s are saved.")
                                 % {"month": month.strftime("%Y-%m")})
                url = reverse("monthly_counts", args=[access.association.slug,
                                                      intervention.slug])
                return redirect(f"{url}?month={month:%Y-%m}")
    return {
        "month_form": month_form, "month": month, "form": form, "may_edit": may_edit,
        "new_rows": _grid(form, "new", Referrer), "exit_rows": _grid(form, "exit", ExitReason),
        "genders": Gender, "published_only": published_only,
    }


def _grid(form: MonthlyCountsForm, kind: str, codes: Any) -> list[dict[str, Any]]:
    return [{"label": code.label,
             "fields": [form[count_field_name(kind, g.value, code.value)] for g in Gender]}
            for code in codes]


def _month_counts(intervention: Intervention, month: dt.date) -> QuerySet[MonthlyCount]:
    """The counts this page keeps: the month's own, not those of longer periods."""
    return MonthlyCount.objects.filter(intervention=intervention, month=month,
                                       period_end=month_end(month), municipality=None,
                                       age_group="")


@transaction.atomic
def _save_counts(intervention: Intervention, month: dt.date, data: dict[str, int]) -> None:
    _month_counts(intervention, month).delete()
    rows = []
    for name, count in data.items():
        if not count:
            continue
        kind, gender, code = name.split("__")
        rows.append(MonthlyCount(
            intervention=intervention, month=month, period_end=month_end(month), kind=kind,
            gender=gender, count=count,
            referrer_category=code if kind == "new" else "",
            exit_reason=code if kind == "exit" else "",
        ))
    MonthlyCount.objects.bulk_create(rows)
    queries.records_changed(intervention.association_id)


def import_page(request: HttpRequest, access: Access) -> dict[str, Any] | HttpResponse:
    """Upload shows what would change; confirming applies it. Nothing is written on error.

    Between the two only pseudonymised rows wait, in a file of their own named by a token in
    the session: never the upload, never a personnummer, never in the session or the database.
    """
    importing.sweep_pending()
    home = reverse("participations_import", args=[access.association.slug])
    stored = request.session.get(SESSION_KEY) or {}
    if request.method != "POST":
        return {"form": ImportForm()}
    if request.POST.get("action") == "cancel":
        importing.discard_pending(str(stored.get("token", "")))
        request.session.pop(SESSION_KEY, None)
        messages.info(request, _("The import is cancelled; nothing was written."))
        return redirect(home)
    if request.POST.get("action") == "import":
        return _confirm(request, access, stored, home)
    limit = settings.IMPORT_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit + 64 * 1024:  # refused before Django reads the upload
        return {"form": ImportForm(), "errors": [_("The file is larger than %(max)s MB.")
                                                 % {"max": limit // (1024 * 1024)}]}
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return {"form": form}
    upload = form.cleaned_data["file"]
    name = shown_name(upload.name)
    importing.discard_pending(str(stored.get("token", "")))
    request.session.pop(SESSION_KEY, None)
    pending = importing.PendingWriter(access.association.pk, request.user.pk)
    try:
        summary = importing.import_file(access, upload.file, upload.name, apply=False,
                                        user=request.user, pending=pending,
                                        check=import_check(access.association, request.user))
    except FileError as exc:
        pending.discard()
        return {"form": form, "errors": [f"{name}: {exc}"]}
    except BaseException:
        pending.discard()
        raise
    if summary.errors:
        pending.discard()
        return {"form": form, "errors": summary.errors}
    request.session[SESSION_KEY] = {"token": pending.token}
    return {"form": form, "plan": summary, "filename": name, "token": pending.token}


def _confirm(request: HttpRequest, access: Access, stored: dict[str, Any],
             home: str) -> HttpResponse | dict[str, Any]:
    token = str(stored.get("token", ""))
    rows = None
    if token and request.POST.get("token") == token:
        rows = importing.pending_rows(token, access.association.pk, request.user.pk)
    if rows is None:
        messages.error(request, _("Upload the file again: the preview has expired."))
        return redirect(home)
    try:
        summary = importing.import_rows(access, rows, Faults(), apply=True, user=request.user,
                                        check=import_check(access.association, request.user))
    finally:
        importing.discard_pending(token)
        request.session.pop(SESSION_KEY, None)
    if summary.errors:
        return {"form": ImportForm(), "errors": summary.errors}
    messages.success(request, _("Imported: %(create)s new, %(update)s changed, %(same)s "
                                "unchanged.") % {"create": summary.create,
                                                 "update": summary.update,
                                                 "same": summary.unchanged})
    return redirect(reverse("participants_home", args=[access.association.slug]))


def shown_name(name: str) -> str:
    """A file name as a page repeats it: a name may itself be someone's personnummer."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1][:100]
    if sum(c.isdigit() for c in base) >= 10:
        return _("the file")
    return base
