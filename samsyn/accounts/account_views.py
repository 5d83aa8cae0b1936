"""The signed-in person's own account: an overview, the second factor's state, sessions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from samsyn.accounts import sessions
from samsyn.accounts.browsers import browser_name
from samsyn.accounts.devices import has_device, remove_devices
from samsyn.accounts.second_factor import required_of
from samsyn.api.models import ApiToken
from samsyn.audit.services import security_event


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    """Everything about one's own sign-in on one page: password, two steps, keys, sessions."""
    user = request.user
    return render(request, "accounts/account.html", {
        "has_device": has_device(user),
        "required": required_of(user),
        "sessions": len(sessions.active(user)),
        "keys": ApiToken.objects.filter(user__username=user.get_username(),
                                        revoked__isnull=True).count(),
        "sso": settings.SAMSYN_OIDC_ENABLED,
        "sso_name": settings.SAMSYN_OIDC_NAME,
    })


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_off(request: HttpRequest) -> HttpResponse:
    """Turn the second factor off, for a person whose roles do not require it."""
    user = request.user
    if required_of(user) or not has_device(user):
        return render(request, "accounts/second_factor_off.html",
                      {"required": required_of(user), "has_device": has_device(user)},
                      status=403 if required_of(user) else 200)
    if not user.is_verified():  # type: ignore[union-attr]
        # Whoever turns it off shows it first: a password alone must not undo it.
        return redirect(f"/konto/tvastegs/?next={request.path}")
    if request.method == "POST":
        remove_devices(user)
        security_event("second_factor_removed", user=user, request=request)
        messages.success(request, _("Sign-in in two steps is turned off."))
        return redirect("account")
    return render(request, "accounts/second_factor_off.html",
                  {"required": False, "has_device": True})


@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    rows = sessions.active(request.user)
    current = request.session.session_key
    return render(request, "accounts/sessions.html", {
        "sessions": [{"row": row, "current": row.session_key == current,
                      "browser": browser_name(row.user_agent)} for row in rows],
        "others": sum(1 for row in rows if row.session_key != current),
    })


@login_required
@require_POST
def session_end_others(request: HttpRequest) -> HttpResponse:
    ended = sessions.end_others(request)
    messages.success(request, ngettext("%(n)s other session is ended.",
                                       "%(n)s other sessions are ended.", ended) % {"n": ended}
                     if ended else _("There were no other sessions."))
    return redirect("sessions")
