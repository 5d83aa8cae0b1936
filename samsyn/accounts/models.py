from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association


class SingleSignOn(models.Model):
    """A förbund's sign-in through its members' identity provider (OpenID Connect)."""

    association = models.OneToOneField(Association, on_delete=models.CASCADE,
                                       related_name="single_sign_on",
                                       verbose_name=_("association"))
    required = models.BooleanField(
        _("single sign-on is the only way in"), default=False,
        help_text=_("When set, the förbund's users cannot sign in with a password."))

    class Meta:
        verbose_name = _("single sign-on")
        verbose_name_plural = _("single sign-on")

    def __str__(self) -> str:
        return str(self.association)


class BrakeKind(models.TextChoices):
    USER = "user", _("user name from one address")
    ADDRESS = "address", _("any user name from one address")
    API_KEY = "api", _("API keys from one address")


class SignInBrake(models.Model):
    """Failed attempts of one user name from one address (or of one address), and how long
    the next attempt must wait (samsyn.accounts.delays). Never a lock: see brakes.py."""

    kind = models.CharField(max_length=10, choices=BrakeKind.choices)
    # Case-folded user name for kind "user"; empty for the others.
    username = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    # Failures the person has not yet been told of at a sign-in.
    unreported = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField(null=True)
    not_before = models.DateTimeField(null=True)
    # The user has signed in from this address: the address-wide brake does not hold them.
    known = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "username", "address"],
                                               name="sign_in_brake_unique")]
        indexes = [models.Index(fields=["username"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.username}@{self.address}: {self.failures}"


class SsoIdentity(models.Model):
    """Who a user is at an identity provider: its issuer and stable subject (`sub`), or, with
    SAMSYN_OIDC_MATCH_NIN, a keyed hash of the personal identity number (`nin`) under the
    issuer "nin". Single sign-on finds users only through these, never by e-mail."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="sso_identities", verbose_name=_("user"))
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique"),
            models.UniqueConstraint(fields=["user", "issuer"], name="sso_identity_per_issuer"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.issuer}"


class SignedInSession(models.Model):
    """One sign-in of a user, for the list of their sessions (samsyn/accounts/sessions.py).

    Django's session table cannot be searched by user (the user id sits inside the encoded
    data), so each sign-in writes this row and a request refreshes `last_seen` at most once a
    minute. The session itself stays in Django's table: a row whose session has ended or
    expired is not shown and is removed the next time the list is read.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="signed_in_sessions", verbose_name=_("user"))
    session_key = models.CharField(max_length=40, unique=True)
    signed_in = models.DateTimeField(_("signed in"))
    last_seen = models.DateTimeField(_("last seen"))
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    # Shortened before it is stored (samsyn.accounts.browsers.shortened_address).
    network = models.CharField(_("network"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user} {self.signed_in:%Y-%m-%d %H:%M}"
