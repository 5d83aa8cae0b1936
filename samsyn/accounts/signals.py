"""Keys die with the password behind them; SSO sign-ins and role changes are noted."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from samsyn.accounts.second_factor import SSO_SESSION_KEY
from samsyn.api.models import ApiToken
from samsyn.associations.models import Membership
from samsyn.audit.services import security_event


@receiver(pre_save, sender=get_user_model())
def _revoke_keys_on_password_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    # set_password() leaves the raw password in _password until the save; a hash upgraded
    # at login (check_password) clears it first, and is no change of password.
    if instance.pk is None or getattr(instance, "_password", None) is None:
        return
    revoked = ApiToken.objects.filter(user=instance, revoked__isnull=True).update(
        revoked=timezone.now())
    security_event("password_changed", user=instance, detail={"keys_revoked": revoked})


@receiver(user_logged_in)
def _mark_sso(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and getattr(user, "backend", "") == "samsyn.accounts.oidc.SsoBackend":
        request.session[SSO_SESSION_KEY] = True


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
