"""Enrolling and giving the second factor; the lockout page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from samsyn.accounts.devices import (
    has_device,
    new_recovery_codes,
    pending_totp,
    secret_text,
)
from samsyn.accounts.forms import SingleSignOnForm, TokenForm
from samsyn.accounts.models import SingleSignOn
from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import save_form
from samsyn.audit.services import security_event


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        return "/"
    return target


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a new app key (text and otpauth URI) and confirm it with a first code."""
    if has_device(request.user) and not request.user.is_verified():  # type: ignore[union-attr]
        # Replacing a device takes the device one already has.
        return redirect(f"/konto/tvastegs/?next={_next(request)}")
    device = pending_totp(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            codes = new_recovery_codes(request.user)
            security_event("second_factor_enrolled", user=request.user, request=request)
            return render(request, "accounts/recovery_codes.html",
                          {"codes": codes, "next": _next(request)})
        form.add_error("token", _("The code does not match. Check the clock of the phone "
                                  "and give the code the app shows now."))
    return render(request, "accounts/setup.html", {
        "form": form, "secret": secret_text(device), "uri": device.config_url,
        "next": _next(request),
    })


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    if not has_device(request.user):
        return redirect(f"/konto/tvastegs/ny/?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            security_event("second_factor", user=request.user, request=request,
                           detail={"device": device.name})
            return redirect(_next(request))
        security_event("second_factor_failed", user=request.user, request=request)
        form.add_error("token", _("The code is not valid."))
    return render(request, "accounts/verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, for someone who has signed in with the second factor."""
    if not request.user.is_verified():  # type: ignore[union-attr]
        return redirect(f"/konto/tvastegs/?next={request.path}")
    if request.method == "POST":
        codes = new_recovery_codes(request.user)
        security_event("recovery_codes_renewed", user=request.user, request=request)
        messages.success(request, _("New recovery codes are made; the old ones no longer work."))
        return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": "/"})
    return render(request, "accounts/recovery_renew.html")


def locked_out(request: HttpRequest, credentials: object = None,
               *args: object, **kwargs: object) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the same answer for the login page, the admin and the API."""
    if request.path.startswith("/api/"):
        return HttpResponse('{"detail": "För många misslyckade försök. Vänta en stund."}',
                            status=429, content_type="application/json")
    return render(request, "accounts/locked_out.html", status=429)


@association_view(admin=True)
def sign_in_settings(request: HttpRequest, access: Access) -> HttpResponse:
    """The förbund's admin decides whether its people sign in only through SSO."""
    setting = (SingleSignOn.objects.filter(association=access.association).first()
               or SingleSignOn(association=access.association))
    form = SingleSignOnForm(request.POST or None, instance=setting)
    back = reverse("membership_list", args=[access.association.slug])
    if request.method == "POST" and form.is_valid():
        security_event("sso_setting_changed", user=request.user, request=request,
                       association=access.association,
                       detail={"required": form.cleaned_data["required"]})
    return save_form(request, access, form, title=_("Sign-in"), cancel_url=back,
                     success_url=back)
