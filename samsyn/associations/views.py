from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.associations.forms import (
    AssociationForm,
    MemberForm,
    MembershipForm,
    NewMembershipForm,
    PopulationForm,
)
from samsyn.associations.models import Member, Membership, Population, Role


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
    return render(request, "associations/membership_list.html", {
        "access": access, "association": access.association, "memberships": memberships,
    })


@association_view(admin=True)
def membership_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = NewMembershipForm(request.POST or None, association=access.association,
                             instance=Membership(association=access.association))
    return save_form(request, access, form, title=_("Add a person"),
                     cancel_url=_users_url(access), success_url=_users_url(access))


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
