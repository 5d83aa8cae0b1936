"""Sign-in rules that hold on every request."""

import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.middleware import OTPMiddleware
from django_otp.models import Device

from samsyn.accounts.backends import BRAKED
from samsyn.accounts.devices import has_device
from samsyn.accounts.second_factor import missing, open_view
from samsyn.associations.access import memberships_of
from samsyn.web import rows

SIGNED_IN_AT = "samsyn_signed_in_at"


class SessionLimits:
    """An absolute limit on a session besides the idle timeout (SESSION_COOKIE_AGE)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(SIGNED_IN_AT, int(time.time()))
            if time.time() - started > settings.SAMSYN_SESSION_MAX_HOURS * 3600:
                logout(request)
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
        return self.get_response(request)


class SessionDevice(OTPMiddleware):
    """django-otp's middleware, reading the session's device by a statement written out.

    Every signed-in request reads it; django-otp builds the query with the ORM each time,
    which cost more of a repeated page's CPU than the statement (docs/benchmarks.md, round
    19). The same row of the same model by the same id as `Device.from_persistent_id`; the
    checks after it are django-otp's own (`_finalize_device`: the device is the user's and
    confirmed, otherwise it is dropped from the session). Replaces one private method of
    django-otp's middleware: accounts/tests/test_repeated_request.py holds the two reads to
    the same device, so an upgrade that renames it fails there.
    """

    def _device_from_persistent_id(self, persistent_id: str) -> Device | None:
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            label, number = persistent_id.rsplit("/", 1)
            app_label, model_name = label.split(".")
            model = apps.get_model(app_label, model_name)
            pk = int(number)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        using = rows.alias_for(model)
        key = f"{rows.table(model, using)}.{rows.quote(model._meta.pk.column, using)}"
        # Only the model's own table and column names go into the text.
        found = rows.fetch(using, f"SELECT {rows.columns(model, using)} "  # noqa: S608
                                  f"FROM {rows.table(model, using)} WHERE {key} = %s", [pk])
        return rows.instance(model, using, found[0]) if found else None


class SecondFactorRequired:
    """The one second-factor rule (samsyn.accounts.second_factor.missing) for every view.

    Decided per view, after the URL is resolved: only the URL names of `OPEN_VIEWS` are open
    to a person who still owes the second factor, so a page, download or API URL added later
    is closed until someone opens it on purpose. Requests that come with an API key and no
    session reach the key's own check in samsyn.accounts.authentication.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any],
                     view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        user = request.user
        match = request.resolver_match
        if open_view(match.view_name if match else None):
            return None
        # The memberships are read once for this rule and association_view together.
        if not missing(user, session=request.session,
                       memberships=lambda: memberships_of(request)):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"code": "second_factor_required",
                                 "message": _("Give the second factor first.")}, status=403)
        target = "second_factor_verify" if has_device(user) else "second_factor_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


class SecurityHeaders:
    """No cache keeps what a signed-in person saw; no page may use the camera and such."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # /enkat/: a participant's own answers, on a phone that may be shared.
        if (request.user.is_authenticated or request.path.startswith((
                "/f/", "/api/v1/f/", "/konto/", "/admin/", "/enkat/"))):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class BrakeResponse:
    """A sign-in refused by a brake answers 429 with how long to wait (samsyn/accounts/brakes.py).

    Last in MIDDLEWARE, so it sees the response of the login page and the admin's login alike.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        seconds = getattr(request, BRAKED, 0)
        if seconds:
            return render(request, "accounts/braked.html", {"seconds": seconds}, status=429)
        return response
