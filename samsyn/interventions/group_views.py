"""Groups of insatser the förbund reports together (002 Bilaga 1's youth teams): the kansli
keeps them here; the annual report adds up their members' counts."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.associations.models import Association
from samsyn.interventions import services
from samsyn.interventions.models import InterventionGroup
from samsyn.web.forms import ScopedModelForm, limit_choices


class InterventionGroupForm(ScopedModelForm):
    class Meta:
        model = InterventionGroup
        fields = ["name", "interventions", "description"]
        widgets = {"interventions": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this förbund's insatser may be chosen: the choices are the tenant boundary.
        limit_choices(self, "interventions", association.interventions.order_by("name"))


def _list_url(access: Access) -> str:
    return reverse("intervention_group_list", args=[access.association.slug])


def _group(access: Access, group_id: int) -> InterventionGroup:
    return get_object_or_404(InterventionGroup, association=access.association, pk=group_id)


@association_view()
def intervention_group_list(request: HttpRequest, access: Access) -> HttpResponse:
    groups = (InterventionGroup.objects.filter(association=access.association)
              .prefetch_related("interventions"))
    return render(request, "interventions/intervention_group_list.html",
                  {"access": access, "association": access.association, "groups": groups})


@association_view(edit=True)
def intervention_group_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = InterventionGroupForm(request.POST or None, association=access.association,
                                 instance=InterventionGroup(association=access.association))
    return save_form(request, access, form, title=_("New group of interventions"),
                     cancel_url=_list_url(access), success_url=_list_url(access),
                     save=services.save_intervention_group)


@association_view(edit=True)
def intervention_group_edit(request: HttpRequest, access: Access, group_id: int) -> HttpResponse:
    form = InterventionGroupForm(request.POST or None, association=access.association,
                                 instance=_group(access, group_id))
    return save_form(request, access, form, title=_("Edit group of interventions"),
                     cancel_url=_list_url(access), success_url=_list_url(access),
                     save=services.save_intervention_group)


@association_view(edit=True)
def intervention_group_delete(request: HttpRequest, access: Access,
                              group_id: int) -> HttpResponse:
    return confirm_delete(request, access, _group(access, group_id),
                          cancel_url=_list_url(access), success_url=_list_url(access))
