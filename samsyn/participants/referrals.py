"""Referrals to an insats that advises rather than takes participants (002's Resursrådet):
counts by kommun and gender for a period, kept by the kansli on its own page. Exact counts,
so the page needs the right to see them (Action.AGGREGATES_EXACT)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, Action, association_view
from samsyn.associations.editing import confirm_delete, save_form
from samsyn.associations.models import MemberKind
from samsyn.participants import services
from samsyn.participants.models import ReferralCount
from samsyn.web.forms import DateInput, ScopedModelForm, limit_choices


class ReferralCountForm(ScopedModelForm):
    scope_fields = ()

    class Meta:
        model = ReferralCount
        fields = ["intervention", "period_start", "period_end", "municipality", "gender",
                  "count"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args: Any, access: Access, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the reader's insatser and the förbund's kommuner: the choices are the tenant
        # boundary.
        limit_choices(self, "intervention", access.interventions().order_by("name"))
        limit_choices(self, "municipality",
                      access.association.members.filter(kind=MemberKind.MUNICIPALITY))


def _list_url(access: Access) -> str:
    return reverse("referral_list", args=[access.association.slug])


def _count(access: Access, referral_id: int) -> ReferralCount:
    return get_object_or_404(ReferralCount, intervention__in=access.interventions(),
                             pk=referral_id)


@association_view(action=Action.AGGREGATES_EXACT)
def referral_list(request: HttpRequest, access: Access) -> HttpResponse:
    counts = (ReferralCount.objects.filter(intervention__in=access.interventions())
              .select_related("intervention", "municipality"))
    return render(request, "participants/referral_list.html",
                  {"access": access, "association": access.association, "counts": counts})


@association_view(edit=True, action=Action.AGGREGATES_EXACT)
def referral_create(request: HttpRequest, access: Access) -> HttpResponse:
    form = ReferralCountForm(request.POST or None, access=access,
                             instance=ReferralCount())
    return save_form(request, access, form, title=_("New referral count"),
                     cancel_url=_list_url(access), success_url=_list_url(access),
                     save=services.save_referral_count)


@association_view(edit=True, action=Action.AGGREGATES_EXACT)
def referral_edit(request: HttpRequest, access: Access, referral_id: int) -> HttpResponse:
    form = ReferralCountForm(request.POST or None, access=access,
                             instance=_count(access, referral_id))
    return save_form(request, access, form, title=_("Edit referral count"),
                     cancel_url=_list_url(access), success_url=_list_url(access),
                     save=services.save_referral_count)


@association_view(edit=True, action=Action.AGGREGATES_EXACT)
def referral_delete(request: HttpRequest, access: Access, referral_id: int) -> HttpResponse:
    return confirm_delete(request, access, _count(access, referral_id),
                          cancel_url=_list_url(access), success_url=_list_url(access),
                          remove=services.delete_referral_count)
