"""What the participant pages show and do, so the views stay thin."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.access import Access
from samsyn.associations.writes import Actor, Conflict
from samsyn.interventions.models import Intervention
from samsyn.participants import importing, page_keys, services, summary
from samsyn.participants.codes import ExitReason, Gender, Referrer
from samsyn.participants.forms import ImportForm, MonthForm, MonthlyCountsForm, count_field_name
from samsyn.participants.metrics import Period
from samsyn.participants.models import Participation
from samsyn.participants.participation_file import Faults, FileError
from samsyn.periods.hooks import import_check
from samsyn.periods.services import PeriodLocked
from samsyn.publication.periods import OpenPeriod
from samsyn.reports.registry import get_kind
from samsyn.reports.services import build_report

SESSION_KEY = "samsyn_participations_import"


def home(access: Access, today: dt.date) -> dict[str, Any]:
    """This year's counts per insats, exactly as the participants report gives them.

    Board and staff get the published figures, suppressed the same way as in the report, so
    no page shows a count that the published report hides.
    """
    publish = access.must_publish
    if not publish:
        return _exact_home(access, today)
    kind = get_kind("participants")
    assert kind is not None
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


def _exact_home(access: Access, today: dt.date) -> dict[str, Any]:
    """The exact counts from the summary kept on write (summary.py): the figures the report
    counts from the rows, without counting them again after every change to the records."""
    # The reader's insatser are the plan's rows, kept under its token: a participation saved
    # builds the page again from the summary's tiles, not from this statement as well.
    insatser: list[Intervention] = versions.part_data(
        access, "participants-home-insatser", page_keys.PLAN, None,
        lambda: list(access.interventions().order_by("name")))
    found = summary.tiles([i.pk for i in insatser], Period(dt.date(today.year, 1, 1), today))
    rows = []
    for i in insatser:
        tile = found.get(i.pk, summary.Tile())
        rows.append({"intervention": i, "reads_records": access.reads_records,
                     "new": tile.new, "active": tile.active, "exited": tile.exited})
    return {"rows": rows, "year": today.year, "publish": False, "note": ""}


def participation_list(access: Access, user: Any, intervention: Intervention, today: dt.date,
                       show_closed: bool, just_ended: int | None = None) -> dict[str, Any]:
    """`just_ended`: a participation whose end was just saved stays in the list of open ones,
    marked, until the page is left (the redirect after the save names it), so that it does
    not vanish without a word."""
    participations = (Participation.objects.filter(intervention=intervention)
                      .select_related("participant", "municipality"))
    if not show_closed:
        participations = participations.filter(Q(end_date__isnull=True) | Q(pk=just_ended))
    rows = list(participations)
    services.audit(access, user, intervention, "list", len(rows))
    stale = services.forgotten(rows, today)
    return {
        "participations": [
            {"p": p, "days": ((p.end_date or today) - p.start_date).days,
             "forgotten": p.pk in stale,
             "just_ended": p.pk == just_ended and p.end_date is not None}
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
    stored = {} if published_only else services.month_counts(intervention, month)
    existing: dict[str, Any] = {count_field_name(*key): n for key, n in stored.items()}
    form = MonthlyCountsForm(request.POST or None,
                             initial={**existing, "seen": MonthlyCountsForm.seal(stored)})
    status = 200
    if request.method == "POST":
        if not may_edit or not intervention.aggregate_only:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_monthly_count(Actor.of(access, request), intervention, month,
                                            form.counts(), seen=form.seen_counts())
            except Conflict as conflict:
                for line in _count_conflict(form, conflict):
                    form.add_error(None, line)
                form.rebase(conflict.current)
                status = 409
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
        "genders": Gender, "published_only": published_only, "status": status,
    }


def _count_conflict(form: MonthlyCountsForm, conflict: Conflict) -> list[str]:
    """Count by count, what the other person changed while this one typed."""
    seen, now = form.seen_counts() or {}, conflict.current
    who = conflict.by() or _("Someone else")
    lines = [_("%(user)s changed %(field)s from %(old)s to %(new)s while you were editing.")
             % {"user": who, "field": form.fields[count_field_name(*key)].label,
                "old": seen.get(key, 0), "new": now.get(key, 0)}
             for key in sorted(set(seen) | set(now)) if seen.get(key, 0) != now.get(key, 0)]
    lines.append(_("Your change is not saved. What you typed is kept below, and the fields you "
                   "left show theirs: check, and save again to keep yours."))
    return lines


def _grid(form: MonthlyCountsForm, kind: str, codes: Any) -> list[dict[str, Any]]:
    return [{"label": code.label,
             "fields": [form[count_field_name(kind, g.value, code.value)] for g in Gender]}
            for code in codes]


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
        summary = importing.import_file(access.scope(), upload.file, upload.name, apply=False,
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
    request.session[SESSION_KEY] = {"token": pending.token, "seen": summary.seen}
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
        summary = importing.import_rows(access.scope(), rows, Faults(), apply=True,
                                        user=request.user,
                                        check=import_check(access.association, request.user),
                                        expect=stored.get("seen"))
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
