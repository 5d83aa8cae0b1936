"""The start of the installation and of a förbund: where a person lands after signing in."""

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from samsyn.associations import versions, years
from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import add_refusal, show_conflict
from samsyn.associations.models import Association
from samsyn.associations.writes import Actor, Conflict
from samsyn.finance import queries as finance
from samsyn.home import accessibility, dashboard, due, gdpr, reminders, services
from samsyn.home.forms import AccessibilityReportForm, ReminderPreferenceForm
from samsyn.home.models import ReminderPreference
from samsyn.interventions.models import PlanYear
from samsyn.reports.render import FORMATS, file_name, html_context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(request.user.memberships.select_related("association"))  # type: ignore[union-attr]
    if len(memberships) == 1:
        return redirect("association_home", memberships[0].association.slug)
    return render(request, "associations/home.html", {"memberships": memberships})


@association_view()
def association_home(request: HttpRequest, access: Access) -> HttpResponse:
    a = access.association
    # The year menu and the economy's tiles read the same tables of the economy: once.
    with finance.one_document():
        year, today = years.chosen_year(request, a), timezone.localdate()
        # Computed again only after a write to the förbund (versions.py) or on another day.
        page = versions.page_data(access, "start", (year, today),
                                  lambda: _start_page(access, year, today))
    return render(request, "web/dashboard.html", {"access": access, "association": a, **page})


def _start_page(access: Access, year: int, today: dt.date) -> dict[str, Any]:
    a = access.association
    board = dashboard.build(access, year, years.years_with_data(a), today)
    # The plan alone (and the members running insatser: a write to them moves every part):
    # kept, and rendered once, through writes of the records, the economy and the surveys.
    plans_key, plans = versions.keyed_part_data(access, "start:plans", ("plan",), None,
                                                lambda: {
        "interventions": list(access.interventions().select_related("run_by")
                              .order_by("name")),
        "plans": list(PlanYear.objects.filter(association=a)),
    })
    # The page's content and each tile are rendered again only when what they show has
    # changed, not after every write: a records change that leaves the year's figures as
    # they were renders nothing.
    language = translation.get_language()
    tiles = dashboard.tile_keys(board, a.slug, access.sees_finance, language)
    # What the heading, the search box and the year menu read.
    head = dashboard.content_key(board.year, board.years, board.published, a.name, a.slug,
                                 a.org_number, access.membership.get_role_display(),
                                 access.can_edit, language)
    return {
        "board": board, "tile_keys": tiles, "head_key": head, **plans, "plans_key": plans_key,
        # The whole content block: its parts' keys and what it reads besides.
        "content_key": dashboard.content_key(head, tiles, plans_key, access.sees_finance,
                                             access.sees_all_interventions),
    }


@association_view()
def due_page(request: HttpRequest, access: Access) -> HttpResponse:
    """What is due in the year: figures per insats and period, participations open too long,
    the reports to adopt and the surveys to send (home/due.py)."""
    a = access.association
    year = years.chosen_year(request, a)
    wanted = reminders.chosen(access.membership) & set(reminders.offered(access))
    return render(request, "home/due.html", {
        "access": access, "association": a, "years": years.years_with_data(a),
        "page": due.build(access, year, timezone.localdate()),
        "reminders": ", ".join(str(reminders.KIND_LABELS[kind]).lower()
                               for kind in reminders.KINDS if kind in wanted),
    })


@association_view()
def reminder_settings(request: HttpRequest, access: Access) -> HttpResponse:
    """The reminders this person gets by e-mail; each chooses their own."""
    membership = access.membership
    stored = ReminderPreference.objects.filter(membership=membership).first()
    defaults = reminders.chosen(membership)
    instance = stored or ReminderPreference(
        membership=membership, **{kind: kind in defaults for kind in reminders.KINDS})
    form = ReminderPreferenceForm(request.POST or None, instance=instance,
                                  offered=reminders.offered(access))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reminder_preference(Actor.of(access, request), form.save(commit=False),
                                              version=form.seen_version)
        except Conflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as refused:
            add_refusal(form, refused)
        else:
            messages.success(request, _("Your reminders are saved."))
            return redirect("reminder_settings", access.association.slug)
    return render(request, "home/reminder_settings.html", {
        "access": access, "association": access.association, "form": form,
        "email": request.user.email,  # type: ignore[union-attr]
        "chosen_yet": stored is not None,
    }, status=status)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    """The installation's tillgänglighetsredogörelse, public, with the form to report.

    `?forbund=<slug>` (every page of a förbund, its catalogue and surveys link so) names the
    förbund whose contact the report also reaches; `?sida=` the page the reader came from.
    """
    slug = request.POST.get("forbund") or request.GET.get("forbund") or ""
    # Not a slug (a NUL byte would be a 500 on PostgreSQL): no förbund.
    association = (Association.objects.filter(slug=slug).first() if slug_re.match(slug)
                   else None)
    page = request.GET.get("sida", "")[:500]
    form = AccessibilityReportForm(
        request.POST or None,
        initial={"page": page, "forbund": association.slug if association else ""})
    status = 200
    if request.method == "POST":
        if accessibility.throttled(request):
            form.add_error(None, _("Too many reports from your address within an hour. Try "
                                   "again later, or write to the e-mail address above."))
            status = 429
        elif form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "forbund"}
            accessibility.report(fields, association, request)
            messages.success(request, _("Thank you: your report has been sent."))
            query = urlencode({"forbund": association.slug} if association else {})
            return redirect(f"{reverse('accessibility_statement')}"
                            f"{'?' + query if query else ''}#rapportera")
    known = accessibility.known()
    return render(request, "home/accessibility_statement.html", {
        "form": form, "statement_association": association, "known": known,
        "shortcomings": [(s.criterion, s.text()) for s in known.shortcomings],
        "organisation": settings.SAMSYN_ACCESSIBILITY_ORGANISATION,
        "service": settings.SAMSYN_INSTALLATION_NAME,
        "contact": settings.SAMSYN_ACCESSIBILITY_CONTACT,
        "idle_minutes": settings.SESSION_COOKIE_AGE // 60,
        "digg_url": accessibility.DIGG_REPORT_URL,
    }, status=status)


@association_view(edit=True)
def accessibility_reports(request: HttpRequest, access: Access) -> HttpResponse:
    """The reports that named this förbund, for the office and the administrator to answer."""
    return render(request, "home/accessibility_reports.html", {
        "access": access, "association": access.association,
        "reports": access.association.accessibility_reports.all()[:500],
        "contact": access.association.contact_email,
    })


@association_view(admin=True)
def gdpr_documents(request: HttpRequest, access: Access) -> HttpResponse:
    """The förbund's GDPR documents, each made afresh from its records when opened."""
    today = timezone.localdate()
    facts = gdpr.facts(access.association, today)
    return render(request, "home/gdpr_documents.html", {
        "access": access, "association": access.association, "facts": facts,
        "documents": [(slug, build(facts).title) for slug, build in gdpr.DOCUMENTS.items()],
    })


@association_view(admin=True)
def gdpr_document(request: HttpRequest, access: Access, document: str) -> HttpResponse:
    build = gdpr.DOCUMENTS.get(document)
    if build is None:
        raise Http404
    report = build(gdpr.facts(access.association, timezone.localdate()))
    fmt = request.GET.get("format", "page")
    if fmt in ("pdf", "docx"):
        found = FORMATS[fmt]
        response = HttpResponse(found.render(report), content_type=found.content_type)
        response["Content-Disposition"] = content_disposition_header(
            True, file_name(report.title, report, found.extension)) or ""
        return response
    if fmt != "page":
        raise Http404
    return render(request, "home/gdpr_document.html", {
        "access": access, "association": access.association, "document": document,
        **html_context(report),
    })
