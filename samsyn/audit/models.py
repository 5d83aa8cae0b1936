from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """An audit entry was about to be changed or removed."""


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("the audit log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the audit log is append-only")


class Category(models.TextChoices):
    RECORD = "record", _("participant records")
    DATA = "data", _("personal or economic data")
    SECURITY = "security", _("sign-in and rights")


# What each action means, for the admin reading the log; an action not named here is shown as
# it was logged.
ACTION_LABELS = {
    "list": _("read the list of participations"),
    "api": _("read participations through the API"),
    "extract": _("register extract (search by personnummer)"),
    "open_edit": _("opened a participation to edit"),
    "open_delete": _("opened a participation to erase"),
    "change": _("changed a participation"),
    "import": _("imported participations"),
    "erase": _("erased a participation"),
    "reduce": _("reduced participations to counts under a gallring decision"),
    "reduce_dry_run": _("counted what a gallring decision would reduce (dry run)"),
    "save": _("saved"),
    "delete": _("removed"),
    "audit_export": _("exported the audit log"),
    "document": _("asked for a document made in the background"),
    "login": _("logged in"),
    "logout": _("logged out"),
    "login_failed": _("failed to log in"),
    "lockout": _("locked out after failed attempts"),
    "brake": _("sign-in slowed after failed attempts"),
    "brake_lifted": _("had the sign-in brakes lifted"),
    "api_key_failed": _("gave an API key that is not valid"),
    "api_keys_revoked": _("had the API keys revoked (second factor changed)"),
    "invitation_sent": _("was invited"),
    "invitation_accepted": _("accepted an invitation"),
    "invitation_withdrawn": _("had an invitation withdrawn"),
    "sso_linked": _("linked a single sign-on identity"),
    "sso_unlinked": _("removed a single sign-on identity"),
    "restored": _("the database was restored from a backup"),
    "audit_keyed": _("the audit log's hashes are keyed from here on"),
    "second_factor": _("gave the second factor"),
    "second_factor_failed": _("gave a wrong second-factor code"),
    "second_factor_enrolled": _("set up the second factor"),
    "recovery_codes_renewed": _("made new recovery codes"),
    "password_changed": _("changed password (API keys revoked)"),
    "api_key_created": _("made an API key"),
    "api_key_revoked": _("revoked an API key"),
    "role_granted": _("was given a role"),
    "role_changed": _("had a role changed"),
    "role_removed": _("had a role removed"),
    "sign_off": _("signed off a reported period"),
    "reopen": _("opened a signed-off period for changes"),
    "close_reopened": _("closed an opened period again"),
}


class AuditEntry(models.Model):
    """One event, never changed: who did what to which records, when.

    No foreign keys, so that removing a user, a förbund or an insats can never cascade into
    the log; names are kept as they were at the time.
    """

    at = models.DateTimeField(_("when"), db_index=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    action = models.CharField(_("action"), max_length=40)
    association_id = models.BigIntegerField(_("association"), null=True, db_index=True)
    user_id = models.BigIntegerField(null=True, db_index=True)
    username = models.CharField(_("user name"), max_length=150)
    intervention_id = models.BigIntegerField(null=True)
    intervention = models.CharField(_("intervention"), max_length=200, blank=True)
    object_type = models.CharField(_("object"), max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    address = models.CharField(_("address"), max_length=64, blank=True)
    detail = models.TextField(_("detail"), blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # How `hash` was made (samsyn.audit.chain): 1 a plain SHA-256 (entries from before the
    # audit key), 2 an HMAC under SAMSYN_AUDIT_KEY (every entry written since).
    scheme = models.PositiveSmallIntegerField(default=1)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnly("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("the audit log is append-only")

    def hashed_fields(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(), "category": self.category, "action": self.action,
            "association_id": self.association_id, "user_id": self.user_id,
            "username": self.username, "intervention_id": self.intervention_id,
            "intervention": self.intervention, "object_type": self.object_type,
            "object_id": self.object_id, "rows": self.rows, "address": self.address,
            "detail": self.detail,
        }

    @property
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
