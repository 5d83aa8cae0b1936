"""The few steps every edit page shares, so views stay a handful of lines."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from samsyn.associations import trash
from samsyn.associations.access import Access
from samsyn.associations.models import RemovedRow
from samsyn.associations.writes import Actor, Conflict, Saved, delete_row, save_row
from samsyn.web.forms import VersionedForm

# A service that saves one row: (actor, row, version=..., **the form's options) -> Saved.
SaveService = Callable[..., Saved]
# A service that removes one row: (actor, row) -> the copy kept to restore it, or None.
RemoveService = Callable[..., "RemovedRow | None"]


def form_options(form: forms.ModelForm) -> dict[str, Any]:
    """What a form hands the saving service besides the row and its version."""
    if isinstance(form, VersionedForm):
        return form.service_options()
    m2m = {f.name for f in form._meta.model._meta.many_to_many}
    return {"m2m": {name: form.cleaned_data[name] for name in form.fields
                    if name in m2m and name in form.cleaned_data}}


def add_refusal(form: forms.BaseForm, refused: ValidationError) -> None:
    """A service's refusal on the form: by field where the form has the field."""
    if hasattr(refused, "error_dict"):
        for name, errors in refused.error_dict.items():
            form.add_error(name if name in form.fields else None,
                           [m for e in errors for m in e.messages])
    else:
        form.add_error(None, refused.messages)


def _label(form: forms.BaseForm, name: str) -> str:
    if name in form.fields and form.fields[name].label:
        return capfirst(str(form.fields[name].label))
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        return capfirst(str(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
    except FieldDoesNotExist:  # a name the log keeps that the model no longer has
        return name


def _value(text: str) -> str:
    return text if text != "" else _("(empty)")


def conflict_lines(form: forms.BaseForm, conflict: Conflict) -> list[str]:
    """What the other person changed, field by field, and what to do now."""
    if conflict.current is None:
        return [_("Someone removed this while you were editing it. Your change is not saved.")]

    def who(name: str | None = None) -> str:
        return conflict.by(name) or _("Someone else")

    lines = []
    seen = form.seen() if isinstance(form, VersionedForm) else None
    if seen is not None and isinstance(form, VersionedForm):
        for name, now in form.snapshot(conflict.current).items():
            if name in seen and seen[name] != now:
                lines.append(_("%(user)s changed %(field)s from %(old)s to %(new)s while you "
                               "were editing.") % {"user": who(name), "field": _label(form, name),
                                                   "old": _value(seen[name]),
                                                   "new": _value(now)})
    if not lines:
        lines = [_("%(user)s changed %(field)s while you were editing.")
                 % {"user": who(name), "field": _label(form, name)} for name in conflict.fields]
    if not lines:
        lines = [_("%(user)s saved this while you were editing.") % {"user": who()}]
    lines.append(_("Your change is not saved. What you typed is kept below, and the fields you "
                   "left show theirs: check, and save again to keep yours."))
    return lines


def show_conflict(form: forms.BaseForm, conflict: Conflict) -> None:
    for line in conflict_lines(form, conflict):
        form.add_error(None, line)
    if conflict.current is not None and isinstance(form, VersionedForm):
        form.rebase(conflict.current)


def save_form(
    request: HttpRequest,
    access: Access,
    form: forms.ModelForm,
    *,
    title: str,
    cancel_url: str,
    success_url: str | Callable[[Any], str],
    another_url: str | None = None,
    save: SaveService = save_row,
) -> HttpResponse:
    """Save through `save` (the record kind's service; the plain one by default), which
    checks the version the form was opened on: a stale save is 409 with what changed.

    `another_url`: where "Save and add another" goes, for lists typed line by line."""
    status = 200
    if request.method == "POST" and form.is_valid():
        version = form.seen_version if isinstance(form, VersionedForm) else None
        try:
            with transaction.atomic():
                obj = form.save(commit=False)  # the form's own steps (a new account...)
                save(Actor.of(access, request), obj, version=version, **form_options(form))
        except Conflict as conflict:
            show_conflict(form, conflict)
            status = 409
        except ValidationError as refused:  # the record's rules, a signed-off period
            add_refusal(form, refused)
        else:
            messages.success(request, _("Saved: %(object)s") % {"object": obj})
            if another_url and request.POST.get("_another"):
                return redirect(another_url)
            return redirect(success_url(obj) if callable(success_url) else success_url)
    return render(request, "form.html", {
        "access": access, "association": access.association, "form": form,
        "title": title, "cancel_url": cancel_url, "another_url": another_url,
    }, status=status)


def confirm_delete(
    request: HttpRequest, access: Access, obj: models.Model, *, cancel_url: str,
    success_url: str, remove: RemoveService = delete_row,
) -> HttpResponse:
    if request.method == "POST":
        try:
            kept = remove(Actor.of(access, request, restorable=True), obj)
        except (ProtectedError, RestrictedError):
            message = _("%(object)s is in use and cannot be removed.") % {"object": obj}
            messages.error(request, message)
            return redirect(cancel_url)
        except Conflict:
            messages.info(request, _("%(object)s was already removed.") % {"object": obj})
            return redirect(success_url)
        except ValidationError as refused:  # a signed-off period
            messages.error(request, " ".join(refused.messages))
            return redirect(cancel_url)
        if isinstance(kept, RemovedRow):
            messages.success(request, format_html(
                '{} <a href="{}">{}</a>',
                _("Removed: %(object)s. It can be restored for %(days)s days.")
                % {"object": obj, "days": trash.KEEP_DAYS},
                reverse("removed_rows", args=[access.association.slug]),
                _("Restore it from the wastebasket")))
        else:
            messages.success(request, _("Removed: %(object)s") % {"object": obj})
        return redirect(success_url)
    return render(request, "confirm_delete.html", {
        "access": access, "association": access.association, "object": obj,
        "cancel_url": cancel_url,
    })
