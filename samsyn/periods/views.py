from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, association_view
from samsyn.periods import services
from samsyn.periods.forms import ReopenForm, SignForm
from samsyn.periods.models import LateChange, SignedPeriod


def _list_url(access: Access) -> str:
    return reverse("period_list", args=[access.association.slug])


@association_view()
def period_list(request: HttpRequest, access: Access) -> HttpResponse:
    periods = SignedPeriod.objects.filter(association=access.association)
    changes = (LateChange.objects.filter(period__association=access.association)
               .select_related("period")[:200])
    return render(request, "periods/period_list.html", {
        "access": access, "association": access.association, "periods": periods,
        "changes": changes, "now": timezone.now(),
    })


@association_view(edit=True)
def period_sign(request: HttpRequest, access: Access) -> HttpResponse:
    form = SignForm(request.POST or None, association=access.association)
    if request.method == "POST" and form.is_valid():
        start, end = services.period_bounds(form.cleaned_data["year"], form.cleaned_data["half"])
        period = services.sign(access.association, request.user, form.cleaned_data["kind"],
                               start, end)
        messages.success(request, _("Signed off: %(period)s") % {"period": period})
        return redirect(_list_url(access))
    return render(request, "form.html", {
        "access": access, "association": access.association, "form": form,
        "title": _("Sign off a reported period"), "cancel_url": _list_url(access)})


@association_view(admin=True)
def period_reopen(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    period = get_object_or_404(SignedPeriod, association=access.association, pk=period_id)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.reopen(period, request.user, form.cleaned_data["reason"])
        messages.success(request, _("%(period)s is open for changes for %(hours)s hours.")
                         % {"period": period, "hours": services.REOPEN_HOURS})
        return redirect(_list_url(access))
    return render(request, "form.html", {
        "access": access, "association": access.association, "form": form,
        "title": _("Open %(period)s for changes") % {"period": period},
        "cancel_url": _list_url(access)})


@association_view(admin=True)
def period_close(request: HttpRequest, access: Access, period_id: int) -> HttpResponse:
    period = get_object_or_404(SignedPeriod, association=access.association, pk=period_id)
    if request.method == "POST":
        services.close(period, request.user)
        messages.success(request, _("%(period)s is closed again.") % {"period": period})
        return redirect(_list_url(access))
    return render(request, "confirm_delete.html", {
        "access": access, "association": access.association, "object": period,
        "cancel_url": _list_url(access)})
