"""Keys die with the password that stood behind them."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from samsyn.audit.services import security_event


@receiver(pre_save, sender=get_user_model())
def _revoke_keys_on_password_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    # set_password() leaves the raw password in _password until the save; a hash upgraded
    # at login (check_password) clears it first, and is no change of password.
    if instance.pk is None or getattr(instance, "_password", None) is None:
        return
    from samsyn.api.models import ApiToken

    revoked = ApiToken.objects.filter(user=instance, revoked__isnull=True).update(
        revoked=timezone.now())
    security_event("password_changed", user=instance, detail={"keys_revoked": revoked})
