"""The förbund's records in Django admin: to look at, except people's roles.

A förbund, its members and their population figures each have one write path that validates,
checks the version and audits: the association file (`manage.py setup_association`) creates a
förbund and its members, the förbund's own pages (and Kolada) edit them. Django admin saves with
the model's own `save()` and would do none of that, so it shows them read only.

A membership is the exception: on a new installation nobody belongs to a new förbund yet, and
only a förbund's administrator may invite or give roles on its pages, so a superuser gives the
first administrator here. The admin saves and removes memberships through the same services as
the people pages (`save_membership`, `delete_membership`: the role's rules, the audit row with
the channel "admin"); a refusal is shown as the admin's message and nothing is written.
(docs/DEVELOPING.md, "Writes: one path per record kind".)"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _

from samsyn.associations import services
from samsyn.associations.access import Scope
from samsyn.associations.forms import check_role, is_last_admin
from samsyn.associations.models import Association, Member, Membership, Population
from samsyn.associations.writes import VIA_ADMIN, Actor, Conflict
from samsyn.web.read_only_admin import ToLookAt


class MemberInline(ToLookAt, admin.TabularInline):
    model = Member
    extra = 0


@admin.register(Association)
class AssociationAdmin(ToLookAt, admin.ModelAdmin):
    list_display = ["name", "slug", "org_number"]
    search_fields = ["name", "slug"]
    inlines = [MemberInline]


@admin.register(Population)
class PopulationAdmin(ToLookAt, admin.ModelAdmin):
    list_display = ["member", "date", "count"]
    list_filter = ["member__association"]


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "association", "role", "interventions", "sees_finance"]

    def clean(self) -> dict[str, Any]:
        data = check_role(self, super().clean() or {})
        association = data.get("association") or (
            self.instance.association if self.instance.association_id else None)
        if association is not None and any(i.association_id != association.pk
                                           for i in data.get("interventions") or ()):
            self.add_error("interventions",
                           _("Choose only interventions of %(association)s.")
                           % {"association": association})
        return data


_REFUSED = "_samsyn_admin_refused"


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "association", "role"]
    list_filter = ["association", "role"]
    filter_horizontal = ["interventions"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Whose role in which förbund is fixed once given, as on the people pages.
        return ["user", "association"] if obj is not None else []

    def _actor(self, request: HttpRequest, membership: Membership) -> Actor:
        return Actor(Scope.system(membership.association), request.user, request, VIA_ADMIN)

    def save_model(self, request: HttpRequest, obj: Membership, form: forms.ModelForm,
                   change: bool) -> None:
        try:
            services.save_membership(
                self._actor(request, obj), obj,
                m2m={"interventions": form.cleaned_data.get("interventions") or []})
        except (ValidationError, Conflict) as refused:
            setattr(request, _REFUSED, True)
            messages.error(request, _refusal(refused))

    def save_related(self, request: HttpRequest, form: forms.ModelForm, formsets: Any,
                     change: bool) -> None:
        """The service saved the insatser with the row, in its one transaction."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The last administrator stays: the förbund could never manage its people again.
        return super().has_delete_permission(request, obj) and not (
            isinstance(obj, Membership) and is_last_admin(obj))

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Removal in bulk would pass by the service: one at a time, on the row's own page.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        try:
            services.delete_membership(self._actor(request, obj), obj)
        except (ValidationError, Conflict) as refused:
            setattr(request, _REFUSED, True)
            messages.error(request, _refusal(refused))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        for membership in queryset:
            self.delete_model(request, membership)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        # Django's own history notes only what was saved.
        if not getattr(request, _REFUSED, False):
            return super().log_addition(request, obj, message)
        return None

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if not getattr(request, _REFUSED, False):
            return super().log_change(request, obj, message)
        return None

    def response_add(self, request: HttpRequest, obj: Membership,
                     post_url_continue: str | None = None) -> HttpResponse:
        if getattr(request, _REFUSED, False):
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request: HttpRequest, obj: Membership) -> HttpResponse:
        if getattr(request, _REFUSED, False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    def response_delete(self, request: HttpRequest, obj_display: str,
                        obj_id: Any) -> HttpResponse:
        if getattr(request, _REFUSED, False):
            return HttpResponseRedirect(request.path)
        return super().response_delete(request, obj_display, obj_id)


def _refusal(refused: ValidationError | Conflict) -> str:
    if isinstance(refused, Conflict):
        return _("Someone else changed or removed this membership since: nothing was saved.")
    return " ".join(refused.messages)
