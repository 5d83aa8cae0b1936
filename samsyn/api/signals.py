"""Keys die with what made them trustworthy: the password, and the TOTP device behind the
second factor of the session that made them."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.api.models import ApiToken
from samsyn.audit.services import security_event


def revoke_all(user_id: Any) -> int:
    return ApiToken.objects.filter(user_id=user_id, revoked__isnull=True).update(
        revoked=timezone.now())


def _device_changed(device: TOTPDevice) -> None:
    revoked = revoke_all(device.user_id)
    if revoked:
        name = (get_user_model().objects.filter(pk=device.user_id)
                .values_list("username", flat=True).first())
        security_event("api_keys_revoked", username=name or "?",
                       detail={"reason": "second_factor_device", "keys_revoked": revoked,
                               "user_id": device.user_id})


@receiver(pre_save, sender=get_user_model())
def _revoke_keys_on_password_change(sender: Any, instance: Any, **kwargs: Any) -> None:
    # set_password() leaves the raw password in _password until the save; a hash upgraded
    # at login (check_password) clears it first, and is no change of password.
    if instance.pk is None or getattr(instance, "_password", None) is None:
        return
    revoked = revoke_all(instance.pk)
    security_event("password_changed", user=instance, detail={"keys_revoked": revoked})


@receiver(pre_save, sender=TOTPDevice)
def _revoke_keys_on_new_device(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    # A device confirmed, or its key replaced: an app added or reset. The many saves of a
    # device's counters (last_t, throttling) change neither and keep the keys.
    if not instance.confirmed:
        return
    before = (TOTPDevice.objects.filter(pk=instance.pk).values("confirmed", "key").first()
              if instance.pk else None)
    if before is not None and before["confirmed"] and before["key"] == instance.key:
        return
    _device_changed(instance)


@receiver(post_delete, sender=TOTPDevice)
def _revoke_keys_on_removed_device(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if not instance.confirmed:
        return
    _device_changed(instance)
