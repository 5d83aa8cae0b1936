"""Enrolling and giving the second factor; linking single sign-on; lifting brakes."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token

from samsyn.accounts import brakes
from samsyn.accounts.devices import (
    has_device,
    new_recovery_codes,
    pending_totp,
    qr_svg,
    secret_text,
)
from samsyn.accounts.forms import NewAccountForm, SingleSignOnForm, TokenForm
from samsyn.accounts.models import SingleSignOn, SsoIdentity
from samsyn.accounts.oidc import LINK_SESSION_KEY
from samsyn.associations import invitations
from samsyn.associations.access import Access, association_view
from samsyn.associations.editing import save_form
from samsyn.associations.models import Membership
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
        # Drawn by segno from our own URI: no markup of anyone else's goes in.
        "qr": mark_safe(qr_svg(device.config_url)),  # noqa: S308
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


@association_view(admin=True)
@require_http_methods(["GET", "POST"])
def brake_lift(request: HttpRequest, access: Access, membership_id: int) -> HttpResponse:
    """The förbund's admin lifts the sign-in brakes on one of its people."""
    membership = get_object_or_404(Membership.objects.select_related("user"),
                                   association=access.association, pk=membership_id)
    back = reverse("membership_list", args=[access.association.slug])
    if request.method == "POST":
        lifted = brakes.lift(membership.user)
        security_event("brake_lifted", username=membership.user.get_username(),
                       request=request, association=access.association,
                       detail={"by": request.user.get_username(), "brakes": lifted})
        messages.success(request, _("The sign-in brakes on %(user)s are lifted.")
                         % {"user": membership.user.get_username()})
        return redirect(back)
    return render(request, "accounts/brake_lift.html", {
        "access": access, "association": access.association, "membership": membership,
        "braked": bool(brakes.braked_names([membership.user.get_username()])),
        "cancel_url": back})


@login_required
@require_http_methods(["GET", "POST"])
def sso_identities(request: HttpRequest) -> HttpResponse:
    """Link one's account to the identity provider, or remove a link."""
    identities = (SsoIdentity.objects.filter(user__username=request.user.get_username())
                  .order_by("issuer"))
    if request.method == "POST":
        if request.POST.get("remove"):
            removed = identities.filter(pk=request.POST["remove"]).first()
            if removed is not None:
                removed.delete()
                security_event("sso_unlinked", user=request.user, request=request,
                               detail={"issuer": removed.issuer})
                messages.success(request, _("The link is removed."))
            return redirect("sso_identities")
        if settings.SAMSYN_OIDC_ENABLED:
            request.session[LINK_SESSION_KEY] = request.user.pk
            return redirect(f"{reverse('oidc_authentication_init')}?"
                            f"{urlencode({'next': reverse('sso_identities')})}")
    return render(request, "accounts/sso_identities.html", {
        "identities": identities, "enabled": settings.SAMSYN_OIDC_ENABLED,
        "sso_name": settings.SAMSYN_OIDC_NAME})


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """An invitation's link: a new account with a password, or an existing one signed in."""
    invitation = invitations.pending(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    context: dict[str, object] = {"invitation": invitation,
                                  "association": invitation.association}
    user = request.user
    if user.is_authenticated:
        if not invitations.matches(invitation, user):
            return render(request, "accounts/invitation_other.html", context, status=403)
        if request.method == "POST":
            try:
                invitations.accept(invitation, user, request)
            except invitations.InvitationRefused as refused:
                messages.error(request, str(refused))
                return redirect("home")
            return redirect("association_home", invitation.association.slug)
        return render(request, "accounts/invitation_accept.html", context)
    if invitations.holder_exists(invitation):
        # The link's holder has the mailbox, so may learn that its address has an account.
        context["login_url"] = f"{reverse('login')}?{urlencode({'next': request.path})}"
        return render(request, "accounts/invitation_sign_in.html", context)
    form = NewAccountForm(request.POST or None, email=invitation.email,
                          initial={"username": invitation.email})
    if request.method == "POST" and form.is_valid():
        try:
            new = invitations.create_account_and_accept(
                invitation, form.cleaned_data["username"], form.cleaned_data["password1"],
                request)
        except invitations.InvitationRefused as refused:
            messages.error(request, str(refused))
            return redirect("login")
        login(request, new, backend="samsyn.accounts.backends.PasswordBackend")
        return redirect("association_home", invitation.association.slug)
    return render(request, "accounts/invitation_new_account.html", {**context, "form": form})
