import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API key: only its hash is kept, and it acts with its owner's roles."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the key is for, e.g. the script that uses it."))
    prefix = models.CharField(_("begins with"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    last_used = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked = models.DateTimeField(_("revoked"), null=True, blank=True)
    # A key without an end date is not valid (keys made before expiry existed get one).
    expires = models.DateTimeField(_("expires"), null=True)
    # Made in a session that had passed the second factor. A key of someone whose role needs
    # the second factor works only with this set (samsyn.accounts.second_factor.missing), so
    # a password alone can never be turned into a key.
    second_factor = models.BooleanField(_("made after the second factor"), default=False)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, user: object, name: str, days: int | None = None, *,
              second_factor: bool = False) -> tuple["ApiToken", str]:
        key = "sam_" + secrets.token_urlsafe(32)
        lifetime = dt.timedelta(days=days or settings.SAMSYN_API_KEY_DAYS)
        token = cls.objects.create(user=user, name=name, prefix=key[:8], key_hash=hash_key(key),
                                   expires=timezone.now() + lifetime,
                                   second_factor=second_factor)
        return token, key

    @property
    def expired(self) -> bool:
        return self.expires is None or self.expires <= timezone.now()
