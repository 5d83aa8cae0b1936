from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import invitations
from samsyn.associations.access import Access, association_view
from samsyn.associations.forms import (
    AssociationForm,
    InvitationForm,
    MemberForm,
    MembershipForm,
    PopulationForm,
)
from samsyn.associations.models import Invitation, Member, Membership, Population, Role
from samsyn.web.views import confirm_delete, save_form


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(request.user.memberships.select_related("association"))  # type: ignore[union-attr]
    if len(memberships) == 1:
        return redirect("association_home", memberships[0].association.slug)
    return render(request, "associations/home.html", {"memberships": memberships})


@association_view()
def association_home(request: HttpRequest, access: Access) -> HttpResponse:

    from samsyn.interventions.models import PlanYear
    from samsyn.web import dashboard, years

    a = access.association
    year = years.chosen_year(request, a)
    return render(request, "web/dashboard.html", {
        "access": access, "association": a,
        "board": dashboard.build(access, year, years.years_with_data(a), timezone.localdate()),
        "interventions": access.interventions().select_related("run_by").order_by("name"),
        "plans": PlanYear.objects.filter(association=a),
    })


@association_view(edit=True)
def association_edit(request: HttpRequest, access: Access) -> HttpResponse:
    url = reverse("association_home", args=[access.association.slug])
    form = AssociationForm(request.POST or None, instance=access.association)
    return save_form(request, access, form, title=_("Settings"), cancel_url=url, success_url=url)


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
                     cancel_url=_members_url(access), success_url=_members_url(access))


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
                     success_url=url)


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
                     success_url=url)


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
                     success_url=url)


@association_view(edit=True)
def population_delete(
    request: HttpRequest, access: Access, member_id: int, population_id: int
) -> HttpResponse:
    population = _population(access, member_id, population_id)
    url = _member_url(access, population.member)
    return confirm_delete(request, access, population, cancel_url=url, success_url=url)


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
                     cancel_url=_users_url(access), success_url=_users_url(access))


@association_view(admin=True)
def membership_delete(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    membership = _membership(access, membership_id)
    admins = access.association.memberships.filter(role=Role.ADMIN)
    if membership.role == Role.ADMIN and admins.count() == 1:
        # A förbund without an administrator could never manage its people again.
        messages.error(request, _("The last administrator cannot be removed."))
        return redirect(_users_url(access))
    return confirm_delete(request, access, membership, cancel_url=_users_url(access),
                          success_url=_users_url(access))
