"""Sign-in rules that hold on every request."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from samsyn.accounts.devices import has_device
from samsyn.accounts.second_factor import required_of, satisfied

SIGNED_IN_AT = "samsyn_signed_in_at"

# Pages a signed-in person still needs before the second factor is shown.
_OPEN_PREFIXES = ("/konto/", "/static/", "/i18n/", "/oidc/")


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


class SecondFactorRequired:
    """Admin, kansli and analysts reach nothing but the account pages before their 2nd factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (user.is_authenticated and not request.path.startswith(_OPEN_PREFIXES)
                and required_of(user) and not satisfied(request)):
            if request.path.startswith("/api/"):
                return HttpResponse(status=403)
            target = "second_factor_verify" if has_device(user) else "second_factor_setup"
            return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


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
