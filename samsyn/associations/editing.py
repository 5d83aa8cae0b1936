"""The few steps every edit page shares, so views stay a handful of lines."""

import inspect
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
from django.utils.translation import gettext_lazy

from samsyn.associations import trash
from samsyn.associations.access import Access
from samsyn.associations.models import RemovedRow
from samsyn.associations.writes import (
    NEEDS_REASON,
    Actor,
    Conflict,
    Saved,
    delete_row,
    save_row,
)
from samsyn.web.forms import VersionedForm

# A service that saves one row: (actor, row, version=..., **the form's options) -> Saved.
SaveService = Callable[..., Saved]
# A service that removes one row: (actor, row) -> the copy kept to restore it, or None.
RemoveService = Callable[..., "RemovedRow | None"]


# The field in which an administrator states why a row of a signed-off period is changed.
LATE_REASON = "late_reason"

# Who is asked for that reason: (förbund, user) -> bool, registered by samsyn.periods (its
# AppConfig.ready), which knows the signed-off periods and which this floor does not import.
_REASON_ASKERS: list[Callable[[Any, Any], bool]] = []


def register_reason_asker(asks: Callable[[Any, Any], bool]) -> None:
    if asks not in _REASON_ASKERS:
        _REASON_ASKERS.append(asks)


def takes_reason(service: Callable[..., Any]) -> bool:
    """A write service whose record kind is checked against the signed-off periods takes the
    reason an administrator gives for a change in one (`reason=`, samsyn.periods.hooks)."""
    try:
        return "reason" in inspect.signature(service).parameters
    except (TypeError, ValueError):  # a callable Python cannot read the signature of
        return False


def asks_reason(access: Access, user: Any, service: Callable[..., Any]) -> bool:
    """Whether a page writing through `service` offers `user` the reason field: one form
    base for every record kind, so no administrator is told to give a reason on a page that
    has nowhere to give it."""
    return takes_reason(service) and any(asks(access.association, user)
                                         for asks in _REASON_ASKERS)


def reason_field() -> forms.CharField:
    return forms.CharField(
        label=capfirst(gettext_lazy("reason for a change after sign-off")), max_length=300,
        required=False, widget=forms.TextInput(attrs={"size": 60}),
        help_text=gettext_lazy("Only needed when the change touches a period signed off as "
                               "reported: it is logged with the change and shown on the "
                               "report."))


class ReasonForm(forms.Form):
    """The reason field alone, on the page that confirms a removal."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[LATE_REASON] = reason_field()


def form_options(form: forms.ModelForm) -> dict[str, Any]:
    """What a form hands the saving service besides the row and its version."""
    if isinstance(form, VersionedForm):
        options = form.service_options()
    else:
        m2m = {f.name for f in form._meta.model._meta.many_to_many}
        options = {"m2m": {name: form.cleaned_data[name] for name in form.fields
                           if name in m2m and name in form.cleaned_data}}
    if LATE_REASON in form.fields:
        options.setdefault("reason", form.cleaned_data.get(LATE_REASON))
    return options


def _needs_reason(refused: ValidationError) -> bool:
    return not hasattr(refused, "error_dict") and all(
        error.code == NEEDS_REASON for error in refused.error_list)


def add_refusal(form: forms.BaseForm, refused: ValidationError) -> None:
    """A service's refusal on the form: by field where the form has the field, and one a
    reason would lift at the reason field."""
    if LATE_REASON in form.fields and _needs_reason(refused):
        form.add_error(LATE_REASON, refused.messages)
    elif hasattr(refused, "error_dict"):
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
    if LATE_REASON not in form.fields and asks_reason(access, request.user, save):
        form.fields[LATE_REASON] = reason_field()
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
    reason = (ReasonForm(request.POST if request.method == "POST" else None)
              if asks_reason(access, request.user, remove) else None)
    if request.method == "POST" and (reason is None or reason.is_valid()):
        options = {"reason": reason.cleaned_data[LATE_REASON]} if reason is not None else {}
        try:
            kept = remove(Actor.of(access, request, restorable=True), obj, **options)
        except (ProtectedError, RestrictedError):
            message = _("%(object)s is in use and cannot be removed.") % {"object": obj}
            messages.error(request, message)
            return redirect(cancel_url)
        except Conflict:
            messages.info(request, _("%(object)s was already removed.") % {"object": obj})
            return redirect(success_url)
        except ValidationError as refused:  # a signed-off period
            if reason is None:
                messages.error(request, " ".join(refused.messages))
                return redirect(cancel_url)
            # Asked again on the same page, so the administrator can give the reason.
            add_refusal(reason, refused)
        else:
            return _removed(request, access, obj, kept, success_url)
    return render(request, "confirm_delete.html", {
        "access": access, "association": access.association, "object": obj,
        "cancel_url": cancel_url, "form": reason,
    })


def _removed(request: HttpRequest, access: Access, obj: models.Model, kept: Any,
             success_url: str) -> HttpResponse:
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
