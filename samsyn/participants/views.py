import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.associations.writes import Actor, Saved
from samsyn.associations.years import chosen_year, years_with_data
from samsyn.audit.models import AuditEntry, Category
from samsyn.interventions.models import Intervention
from samsyn.participants import file_template, pages, reports, services, snapshots
from samsyn.participants.forms import (
    ExtractForm,
    ParticipationForm,
    ReferrerCodeForm,
    RevisionForm,
    StatedFigureForm,
)
from samsyn.participants.models import (
    Participation,
    PublishedSnapshot,
    ReferrerCode,
    StatedFigure,
)
from samsyn.participants.pseudonym import PLACEHOLDER_FAULT, PlaceholderIdentity


def _ctx(access: Access, **extra: object) -> dict[str, object]:
    return {"access": access, "association": access.association, **extra}


def _url(access: Access, name: str, *args: object) -> str:
    return reverse(name, args=[access.association.slug, *args])


def _intervention(access: Access, intervention_slug: str) -> Intervention:
    return get_object_or_404(access.interventions(), slug=intervention_slug)


def _participation(access: Access, intervention: Intervention,
                   participation_id: int) -> Participation:
    return get_object_or_404(
        Participation.objects.select_related("participant", "intervention"),
        intervention=intervention, pk=participation_id,
    )


@association_view()
def participants_home(request: HttpRequest, access: Access) -> HttpResponse:
    year, today = chosen_year(request, access.association), timezone.localdate()
    on = today if year == today.year else dt.date(year, 12, 31)
    # Computed again only after a write to the förbund (versions.py) or on another day.
    key, page = versions.keyed_page_data(access, "participants", on, lambda: {
        "years": years_with_data(access.association), **pages.home(access, on)})
    return render(request, "participants/home.html", _ctx(access, **page, page_key=key))


# Records of one insats


def _row_id(text: str) -> int | None:
    """A row id from the query string, or None: str.isdigit() takes "²" and "٣", which int()
    refuses, and a number past 64 bits makes the database refuse the query."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


@association_view(records="read")
def participation_list(request: HttpRequest, access: Access,
                       intervention_slug: str) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    ended = request.GET.get("avslutad", "")
    context = pages.participation_list(access, request.user, intervention, timezone.localdate(),
                                       show_closed=request.GET.get("alla") == "1",
                                       just_ended=_row_id(ended))
    return render(request, "participants/participation_list.html",
                  _ctx(access, intervention=intervention, **context))


def _save_participation(request: HttpRequest, access: Access, intervention: Intervention,
                        form: ParticipationForm, title: str) -> HttpResponse:
    back = _url(access, "participation_list", intervention.slug)

    def save(actor: Actor, participation: Participation, **options: Any) -> Saved:
        saved = services.save_participation(actor, participation, pseudonym=form.pseudonym,
                                            **options)
        if participation.end_date is not None and (saved.created
                                                   or "end_date" in saved.fields):
            messages.info(request, _(
                "The participation ended %(date)s. It is shown below until you leave the "
                "page; after that under “Show finished participations too”.")
                % {"date": participation.end_date.isoformat()})
        return saved

    def after(participation: Participation) -> str:
        if participation.end_date is None:
            return back
        return f"{back}?avslutad={participation.pk}"

    return save_form(request, access, form, title=title, cancel_url=back, success_url=after,
                     save=save)


@association_view(records="edit")
def participation_create(request: HttpRequest, access: Access,
                         intervention_slug: str) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    if intervention.aggregate_only:
        raise PermissionDenied
    form = ParticipationForm(request.POST or None,
                             instance=Participation(intervention=intervention),
                             association=access.association,
                             pseudonymise=services.pseudonymiser(access.association))
    return _save_participation(request, access, intervention, form,
                               _("New participation in %(insats)s") % {"insats": intervention})


@association_view(records="edit")
def participation_edit(request: HttpRequest, access: Access, intervention_slug: str,
                       participation_id: int) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    participation = _participation(access, intervention, participation_id)
    if request.method != "POST":
        # The form shows the whole record: opening it is a read.
        services.audit(access, request.user, intervention, "open_edit", 1)
    form = ParticipationForm(request.POST or None, instance=participation,
                             association=access.association,
                             pseudonymise=services.pseudonymiser(access.association))
    return _save_participation(request, access, intervention, form,
                               _("Participation %(object)s") % {"object": participation})


@association_view(records="edit")
def participation_delete(request: HttpRequest, access: Access, intervention_slug: str,
                         participation_id: int) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    participation = _participation(access, intervention, participation_id)
    back = _url(access, "participation_list", intervention.slug)
    if request.method != "POST":
        services.audit(access, request.user, intervention, "open_delete", 1)
    if request.method == "POST":
        services.erase(access, request.user, participation)
        messages.success(request, _("The participation is erased."))
        return redirect(back)
    return render(request, "confirm_delete.html",
                  _ctx(access, object=participation, cancel_url=back))


@association_view()
def monthly_counts(request: HttpRequest, access: Access, intervention_slug: str) -> HttpResponse:
    intervention = _intervention(access, intervention_slug)
    result = pages.monthly_counts(request, access, intervention)
    if isinstance(result, HttpResponse):
        return result
    status = result.pop("status", 200)
    return render(request, "participants/monthly_counts.html",
                  _ctx(access, intervention=intervention, **result), status=status)


# Förbund-wide pages


@association_view(records="edit")
def participations_import(request: HttpRequest, access: Access) -> HttpResponse:
    if request.method == "GET" and request.GET.get("format") == "xlsx":
        # The file to fill in: Excel, Swedish headers, the accepted words as lists in the
        # cells (participants/file_template.py); a download of this page, as reports are.
        response = HttpResponse(
            file_template.workbook(access.scope()),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="deltagare-mall.xlsx"'
        return response
    result = pages.import_page(request, access)
    if isinstance(result, HttpResponse):
        return result
    return render(request, "participants/import.html", _ctx(
        access, columns=file_template.columns(access.scope()), **result))


@association_view(records="edit")
def register_extract(request: HttpRequest, access: Access) -> HttpResponse:
    form = ExtractForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        try:
            found = services.participations_of(access, form.cleaned_data["personnummer"])
        except PlaceholderIdentity:
            form.add_error("personnummer", _(PLACEHOLDER_FAULT))
        except ValueError:
            form.add_error("personnummer",
                           _("Not a valid personnummer, nor a local code of letters and digits."))
        else:
            for participation in found:
                services.audit(access, request.user, participation.intervention, "extract", 1)
            if not found:
                # A search with no hit still tells whether someone is known: logged too.
                services.audit(access, request.user, None, "extract", 0)
    return render(request, "participants/extract.html", _ctx(access, form=form, found=found))


@association_view(admin=True)
def audit_log(request: HttpRequest, access: Access) -> HttpResponse:
    entries = AuditEntry.objects.filter(association_id=access.association.pk,
                                        category=Category.RECORD)[:500]
    return render(request, "participants/audit_log.html", _ctx(access, entries=entries))


# The förbund's own referrer codes


def _referrers_url(access: Access) -> str:
    return _url(access, "referrer_list")


@association_view()
def referrer_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "participants/referrer_list.html", _ctx(
        access, referrers=ReferrerCode.objects.filter(association=access.association)))


@association_view(edit=True)
def referrer_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = ReferrerCodeForm(request.POST or None,
                            instance=ReferrerCode(association=access.association))
    return save_form(request, access, form, title=_("New referrer"),
                     cancel_url=_referrers_url(access), success_url=_referrers_url(access),
                     save=services.save_referrer_code)


@association_view(edit=True)
def referrer_edit(request: HttpRequest, access: Access, referrer_id: int) -> HttpResponse:
    referrer = get_object_or_404(ReferrerCode, association=access.association, pk=referrer_id)
    form = ReferrerCodeForm(request.POST or None, instance=referrer)
    return save_form(request, access, form, title=_("Edit referrer"),
                     cancel_url=_referrers_url(access), success_url=_referrers_url(access),
                     save=services.save_referrer_code)


@association_view(edit=True)
def referrer_delete(request: HttpRequest, access: Access, referrer_id: int) -> HttpResponse:
    referrer = get_object_or_404(ReferrerCode, association=access.association, pk=referrer_id)
    return confirm_delete(request, access, referrer, cancel_url=_referrers_url(access),
                          success_url=_referrers_url(access))


# The förbund's own stated figures (StatedFigure)


def _stated_url(access: Access) -> str:
    return _url(access, "stated_list")


@association_view()
def stated_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "participants/stated_list.html", _ctx(
        access, figures=StatedFigure.objects.filter(association=access.association)
        .order_by("-period_start", "period_end", "measure", "gender")))


@association_view(edit=True)
def stated_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = StatedFigureForm(request.POST or None,
                            instance=StatedFigure(association=access.association))
    return save_form(request, access, form, title=_("New stated figure"),
                     cancel_url=_stated_url(access), success_url=_stated_url(access),
                     another_url=_url(access, "stated_create"),
                     save=services.save_stated_figure)


@association_view(edit=True)
def stated_edit(request: HttpRequest, access: Access, stated_id: int) -> HttpResponse:
    figure = get_object_or_404(StatedFigure, association=access.association, pk=stated_id)
    form = StatedFigureForm(request.POST or None, instance=figure)
    return save_form(request, access, form, title=_("Edit stated figure"),
                     cancel_url=_stated_url(access), success_url=_stated_url(access),
                     save=services.save_stated_figure)


@association_view(edit=True)
def stated_delete(request: HttpRequest, access: Access, stated_id: int) -> HttpResponse:
    figure = get_object_or_404(StatedFigure, association=access.association, pk=stated_id)
    return confirm_delete(request, access, figure, cancel_url=_stated_url(access),
                          success_url=_stated_url(access), remove=services.delete_stated_figure)


@association_view(edit=True)
def published_snapshots(request: HttpRequest, access: Access) -> HttpResponse:
    """The published snapshots of a year, how far the records now differ from them, and the
    sign-off of a new revision (participants/snapshots.py)."""
    association = access.association
    year = chosen_year(request, association)
    form = RevisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = snapshots.revise(association, year, form.cleaned_data["reason"], request.user,
                                reports.MAKER)
        messages.success(request, _("Revision %(revision)s of %(year)s is published.") % {
            "revision": max((s.revision for s in made), default=1), "year": year})
        return redirect(f"{_url(access, 'published_snapshots')}?year={year}")
    kept = list(PublishedSnapshot.objects.filter(association=association, year=year)
                .defer("reports", "hidden", "shown").order_by("scope_key", "revision"))
    differ = snapshots.differences(association, year, reports.MAKER) if kept else {}
    return render(request, "participants/published_snapshots.html", _ctx(
        access, year=year, years=years_with_data(association), snapshots=kept, form=form,
        differ=sum(differ.values()), whole=snapshots.WHOLE,
        scopes=_scope_names(association, {s.scope_key for s in kept})))


def _scope_names(association: Any, keys: set[str]) -> dict[str, str]:
    """A staff scope by its insatser's names, as the office knows them, not by their keys."""
    ids = {key: snapshots.scope_of(association, key).intervention_ids or frozenset()
           for key in keys if key != snapshots.WHOLE}
    names = dict(Intervention.objects.filter(
        association=association, pk__in=set().union(*ids.values()))
        .values_list("pk", "name")) if ids else {}
    return {key: ", ".join(sorted(names.get(pk, "?") for pk in found))
            for key, found in ids.items()}
