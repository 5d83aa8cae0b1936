import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import invitations, kolada, services
from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.associations.forms import (
    AssociationForm,
    InvitationForm,
    KoladaForm,
    MemberForm,
    MembershipForm,
    PopulationForm,
    RetentionDecisionForm,
)
from samsyn.associations.models import (
    Invitation,
    Member,
    Membership,
    Population,
    RetentionDecision,
    Role,
)


@association_view(edit=True)
def association_edit(request: HttpRequest, access: Access) -> HttpResponse:
    url = reverse("association_home", args=[access.association.slug])
    form = AssociationForm(request.POST or None, instance=access.association)
    return save_form(request, access, form, title=_("Settings"), cancel_url=url, success_url=url,
                     save=services.save_association)


def _member(access: Access, member_id: int) -> Member:
    return get_object_or_404(Member, association=access.association, pk=member_id)


def _members_url(access: Access) -> str:
    return reverse("member_list", args=[access.association.slug])


@association_view()
def member_list(request: HttpRequest, access: Access) -> HttpResponse:
    members = access.association.members.prefetch_related("populations")
    return render(request, "associations/member_list.html", {
        "access": access, "association": access.association, "members": members,
    })


@association_view(edit=True)
def member_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = MemberForm(request.POST or None, instance=Member(association=access.association))
    return save_form(request, access, form, title=_("New member"),
                     cancel_url=_members_url(access), success_url=_members_url(access),
                     save=services.save_member)


@association_view()
def member_detail(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    member = _member(access, member_id)
    return render(request, "associations/member_detail.html", {
        "access": access, "association": access.association, "member": member,
        "populations": member.populations.all(),
        "runs": access.interventions().filter(run_by=member),
    })


def _member_url(access: Access, member: Member) -> str:
    return reverse("member_detail", args=[access.association.slug, member.pk])


@association_view(edit=True)
def member_edit(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    member = _member(access, member_id)
    form = MemberForm(request.POST or None, instance=member)
    url = _member_url(access, member)
    return save_form(request, access, form, title=_("Edit member"), cancel_url=url,
                     success_url=url,
                     save=services.save_member)


@association_view(edit=True)
def member_delete(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    member = _member(access, member_id)
    return confirm_delete(request, access, member, cancel_url=_member_url(access, member),
                          success_url=_members_url(access))


@association_view(edit=True)
def population_create(request: HttpRequest, access: Access, member_id: int) -> HttpResponse:
    member = _member(access, member_id)
    form = PopulationForm(request.POST or None, instance=Population(member=member))
    url = _member_url(access, member)
    return save_form(request, access, form, title=_("New population figure"), cancel_url=url,
                     success_url=url,
                     save=services.save_population)


def _population(access: Access, member_id: int, population_id: int) -> Population:
    return get_object_or_404(
        Population, member__association=access.association, member_id=member_id,
        pk=population_id,
    )


@association_view(edit=True)
def population_edit(
    request: HttpRequest, access: Access, member_id: int, population_id: int
) -> HttpResponse:
    population = _population(access, member_id, population_id)
    form = PopulationForm(request.POST or None, instance=population)
    url = _member_url(access, population.member)
    return save_form(request, access, form, title=_("Edit population figure"), cancel_url=url,
                     success_url=url,
                     save=services.save_population)


@association_view(edit=True)
def population_delete(
    request: HttpRequest, access: Access, member_id: int, population_id: int
) -> HttpResponse:
    population = _population(access, member_id, population_id)
    url = _member_url(access, population.member)
    return confirm_delete(request, access, population, cancel_url=url, success_url=url)


def _kolada_key(access: Access) -> str:
    return f"kolada_preview:{access.association.pk}"


@association_view(edit=True)
def population_fetch(request: HttpRequest, access: Access) -> HttpResponse:
    """Kolada's population of each member kommun: fetched, shown, then saved on confirm.

    What was shown waits in the session, so what is saved is exactly what Kolada said."""
    association = access.association
    if request.method == "POST" and request.POST.get("action") == "save":
        pending = request.session.pop(_kolada_key(access), None)
        if not pending:
            messages.error(request, _("Nothing is waiting to be saved: fetch the figures again."))
            return redirect("population_fetch", association.slug)
        saved = services.save_populations(
            association, dt.date.fromisoformat(pending["date"]),
            {int(k): int(v) for k, v in pending["figures"].items()}, year=int(pending["year"]),
            user=request.user, request=request)
        messages.success(request, _("%(count)s population figures from Kolada saved.")
                         % {"count": saved})
        return redirect(_members_url(access))
    last_year_end = dt.date(timezone.localdate().year - 1, 12, 31)
    form = KoladaForm(request.POST or None, initial={"date": last_year_end})
    lines, error, day = None, "", None
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["date"]
        try:
            lines = services.kolada_preview(association, day)
        except kolada.KoladaError as exc:
            error = str(exc)
        else:
            request.session[_kolada_key(access)] = {
                "date": day.isoformat(), "year": kolada.population_year(day),
                "figures": {str(line.member.pk): line.count for line in lines
                            if line.count is not None}}
    return render(request, "associations/population_fetch.html", {
        "access": access, "association": association, "form": form, "lines": lines,
        "error": error, "day": day, "year": kolada.population_year(day) if day else None,
        "saveable": any(line.count is not None for line in lines or []),
    })


def _users_url(access: Access) -> str:
    return reverse("membership_list", args=[access.association.slug])


@association_view(admin=True)
def membership_list(request: HttpRequest, access: Access) -> HttpResponse:
    memberships = access.association.memberships.select_related("user").prefetch_related(
        "interventions"
    )
    pending = (access.association.invitations.filter(accepted__isnull=True,
                                                     expires__gt=timezone.now())
               .order_by("email"))
    return render(request, "associations/membership_list.html", {
        "access": access, "association": access.association, "memberships": memberships,
        "invitations": pending,
    })


@association_view(admin=True)
def membership_create(request: HttpRequest, access: Access) -> HttpResponse:
    """Invite a person by e-mail (samsyn/associations/invitations.py)."""
    form = InvitationForm(request.POST or None, association=access.association)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitations.invite(
            access.association, data["email"], data["role"], data["interventions"],
            data["sees_finance"], by=request.user, request=request,
            link_for=lambda token: request.build_absolute_uri(
                reverse("invitation_accept", args=[token])))
        # The same words whether or not the address has an account somewhere.
        messages.success(request, _("An invitation is sent to %(email)s.")
                         % {"email": data["email"]})
        return redirect(_users_url(access))
    return render(request, "form.html", {
        "access": access, "association": access.association, "form": form,
        "title": _("Invite a person"), "cancel_url": _users_url(access)})


@association_view(admin=True)
def invitation_withdraw(request: HttpRequest, access: Access, invitation_id: int
                        ) -> HttpResponse:
    invitation = get_object_or_404(Invitation, association=access.association,
                                   pk=invitation_id, accepted__isnull=True)
    if request.method == "POST":
        invitations.withdraw(invitation, by=request.user, request=request)
        messages.success(request, _("The invitation is withdrawn."))
        return redirect(_users_url(access))
    return render(request, "confirm_delete.html", {
        "access": access, "association": access.association, "object": invitation,
        "cancel_url": _users_url(access)})


def _membership(access: Access, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), association=access.association,
        pk=membership_id,
    )


@association_view(admin=True)
def membership_edit(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    membership = _membership(access, membership_id)
    form = MembershipForm(request.POST or None, instance=membership,
                          association=access.association)
    return save_form(request, access, form, title=_("Edit role"),
                     cancel_url=_users_url(access), success_url=_users_url(access),
                     save=services.save_membership)


@association_view(admin=True)
def membership_delete(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    membership = _membership(access, membership_id)
    admins = access.association.memberships.filter(role=Role.ADMIN)
    if membership.role == Role.ADMIN and admins.count() == 1:
        # A förbund without an administrator could never manage its people again.
        messages.error(request, _("The last administrator cannot be removed."))
        return redirect(_users_url(access))
    return confirm_delete(request, access, membership, cancel_url=_users_url(access),
                          success_url=_users_url(access), remove=services.delete_membership)


def _decisions_url(access: Access) -> str:
    return reverse("retention_decision_list", args=[access.association.slug])


@association_view()
def retention_decision_list(request: HttpRequest, access: Access) -> HttpResponse:
    return render(request, "associations/retention_decision_list.html", {
        "access": access, "association": access.association,
        "decisions": access.association.retention_decisions.all(),
    })


@association_view(edit=True)
def retention_decision_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = RetentionDecisionForm(request.POST or None,
                                 instance=RetentionDecision(association=access.association))
    return save_form(request, access, form, title=_("New gallring decision"),
                     cancel_url=_decisions_url(access), success_url=_decisions_url(access))


@association_view(edit=True)
def retention_decision_edit(request: HttpRequest, access: Access,
                            decision_id: int) -> HttpResponse:
    decision = get_object_or_404(RetentionDecision, association=access.association,
                                 pk=decision_id)
    form = RetentionDecisionForm(request.POST or None, instance=decision)
    return save_form(request, access, form, title=_("Edit gallring decision"),
                     cancel_url=_decisions_url(access), success_url=_decisions_url(access))
