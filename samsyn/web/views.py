"""The few steps every edit page shares, so views stay a handful of lines."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samsyn.associations.access import Access


def save_form(
    request: HttpRequest,
    access: Access,
    form: forms.ModelForm,
    *,
    title: str,
    cancel_url: str,
    success_url: str | Callable[[Any], str],
    another_url: str | None = None,
) -> HttpResponse:
    """`another_url`: where "Save and add another" goes, for lists typed line by line."""
    if request.method == "POST" and form.is_valid():
        obj = form.save()
        messages.success(request, _("Saved: %(object)s") % {"object": obj})
        if another_url and request.POST.get("_another"):
            return redirect(another_url)
        return redirect(success_url(obj) if callable(success_url) else success_url)
    return render(request, "form.html", {
        "access": access, "association": access.association, "form": form,
        "title": title, "cancel_url": cancel_url, "another_url": another_url,
    })


def confirm_delete(
    request: HttpRequest, access: Access, obj: models.Model, *, cancel_url: str, success_url: str
) -> HttpResponse:
    if request.method == "POST":
        try:
            obj.delete()
        except (ProtectedError, RestrictedError):
            message = _("%(object)s is in use and cannot be removed.") % {"object": obj}
            messages.error(request, message)
            return redirect(cancel_url)
        messages.success(request, _("Removed: %(object)s") % {"object": obj})
        return redirect(success_url)
    return render(request, "confirm_delete.html", {
        "access": access, "association": access.association, "object": obj,
        "cancel_url": cancel_url,
    })


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page links; send them to the real one."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("samsyn/favicon.svg"))
