"""The few steps every edit page shares, so views stay a handful of lines."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samsyn.associations.access import Access
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.web.forms import VersionedForm


def _log_write(request: HttpRequest, access: Access, action: str, obj: models.Model) -> None:
    record(category=Category.DATA, action=action, user=request.user,
           association=access.association, obj=obj, rows=1, request=request)


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
    status = 200
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if isinstance(form, VersionedForm) and not form.claim_version():
                form.add_error(None, form.conflict_message)
                status = 409
            else:
                obj = form.save()
                _log_write(request, access, "save", obj)
        if status == 200:
            messages.success(request, _("Saved: %(object)s") % {"object": obj})
            if another_url and request.POST.get("_another"):
                return redirect(another_url)
            return redirect(success_url(obj) if callable(success_url) else success_url)
    return render(request, "form.html", {
        "access": access, "association": access.association, "form": form,
        "title": title, "cancel_url": cancel_url, "another_url": another_url,
    }, status=status)


def confirm_delete(
    request: HttpRequest, access: Access, obj: models.Model, *, cancel_url: str, success_url: str
) -> HttpResponse:
    if request.method == "POST":
        try:
            with transaction.atomic():
                _log_write(request, access, "delete", obj)
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
