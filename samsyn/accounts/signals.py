"""Sign-in bookkeeping: brakes counted, SSO's second factor noted, role changes logged."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import ngettext

from samsyn.accounts import brakes, sessions
from samsyn.accounts.backends import BRAKED
from samsyn.accounts.oidc import SSO_BACKEND
from samsyn.accounts.second_factor import SSO_SESSION_KEY
from samsyn.associations.models import Membership
from samsyn.audit.services import security_event


@receiver(user_login_failed)
def _count_failure(sender: Any, credentials: dict[str, Any], request: Any = None,
                   **kwargs: Any) -> None:
    # An attempt the brake refused unseen is not another guess; nor is a check with no
    # request (a command) or without a user name.
    username = credentials.get("username")
    if request is None or not username:
        return
    if getattr(request, BRAKED, None):
        brakes.refused(str(username), request)
    else:
        brakes.failed(str(username), request)


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    if getattr(user, "backend", "") == SSO_BACKEND:
        # Only what the provider asserted counts (samsyn.accounts.oidc.mfa_asserted).
        request.session[SSO_SESSION_KEY] = bool(getattr(user, "sso_mfa", False))
    sessions.record_sign_in(request, user)
    failures = brakes.succeeded(user, request)
    if failures:
        messages.warning(request, ngettext(
            "There was %(n)s failed attempt to sign in as you since you were last told. If "
            "it was not you, tell your förbund's administrator.",
            "There were %(n)s failed attempts to sign in as you since you were last told. If "
            "they were not yours, tell your förbund's administrator.", failures)
            % {"n": failures}, fail_silently=True)


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        sessions.forget(request)


@receiver(post_save, sender=Membership)
def _role_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    security_event("role_granted" if created else "role_changed",
                   username=instance.user.get_username(), association=instance.association,
                   detail={"role": instance.role, "sees_finance": instance.sees_finance,
                           "user_id": instance.user_id})


@receiver(post_delete, sender=Membership)
def _role_removed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    security_event("role_removed", username=instance.user.get_username(),
                   association=instance.association, detail={"role": instance.role})
