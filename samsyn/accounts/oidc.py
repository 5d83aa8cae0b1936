"""Single sign-on through a member organisation's identity provider (OpenID Connect).

Users are found by the provider's stable subject: the id_token's issuer and `sub`, linked to
the account once by the user themselves, signed in (and past the second factor if their role
needs it), at /konto/sso/; or, with SAMSYN_OIDC_MATCH_NIN, by the personal identity number
claim `nin` linked the same way. Never by e-mail: an address can be reassigned or, at some
providers, edited by the user. The provider never creates accounts or grants roles.

The sign-in counts as the second factor only when the provider says it asked for one: an
`amr` value or the `acr` among SAMSYN_OIDC_MFA_VALUES (by default "mfa" and "otp").
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from samsyn.accounts.models import SsoIdentity
from samsyn.accounts.second_factor import missing
from samsyn.audit.services import security_event

SSO_BACKEND = "samsyn.accounts.oidc.SsoBackend"
# The user who asked to link their account to the next identity the provider names.
LINK_SESSION_KEY = "samsyn_sso_link"
# The issuer under which a linked personal identity number is kept (as a keyed hash).
NIN_ISSUER = "nin"


def mfa_asserted(claims: Mapping[str, Any], accepted: Iterable[str]) -> bool:
    """Whether the provider's claims say the person gave more than a password."""
    wanted = {value.strip().casefold() for value in accepted if value.strip()}
    amr = claims.get("amr")
    methods = [amr] if isinstance(amr, str) else list(amr or []) if isinstance(amr, list) else []
    if any(str(m).casefold() in wanted for m in methods):
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr.casefold() in wanted


def nin_digest(nin: Any) -> str | None:
    """A keyed hash of a personal identity number (digits only), never the number itself."""
    digits = "".join(ch for ch in str(nin or "") if ch.isdigit())
    if len(digits) < 10:
        return None
    return salted_hmac("samsyn.accounts.sso.nin", digits, algorithm="sha256").hexdigest()


class SsoBackend(OIDCAuthenticationBackend):
    def get_or_create_user(self, access_token: str, id_token: str,
                           payload: dict[str, Any]) -> Any:
        userinfo = self.get_userinfo(access_token, id_token, payload) or {}
        issuer, subject = str(payload.get("iss") or ""), str(payload.get("sub") or "")
        if not issuer or not subject or str(userinfo.get("sub", subject)) != subject:
            return None
        claims = {**userinfo, **payload}  # what the signed id_token says wins
        user = self._link(issuer, subject, claims)
        if user is None:
            user = self._match(issuer, subject, claims)
        if user is None:
            messages.error(self.request, _(
                "Your account is not linked to this sign-in service. Sign in with your "
                "password, then link it at %(url)s.") % {"url": reverse("sso_identities")},
                fail_silently=True)
            return None
        user.sso_mfa = mfa_asserted(claims, settings.SAMSYN_OIDC_MFA_VALUES)
        return user

    def _match(self, issuer: str, subject: str, claims: dict[str, Any]) -> Any:
        users = get_user_model().objects.filter(is_active=True)
        found = users.filter(sso_identities__issuer=issuer,
                             sso_identities__subject=subject).first()
        if found is None and settings.SAMSYN_OIDC_MATCH_NIN:
            digest = nin_digest(claims.get("nin"))
            if digest:
                found = users.filter(sso_identities__issuer=NIN_ISSUER,
                                     sso_identities__subject=digest).first()
        return found

    def _link(self, issuer: str, subject: str, claims: dict[str, Any]) -> Any:
        """The signed-in user asked to link this identity (samsyn.accounts.views.sso_link)."""
        session = self.request.session
        wanted = session.pop(LINK_SESSION_KEY, None)
        user = getattr(self.request, "user", None)
        if (wanted is None or user is None or not user.is_authenticated
                or wanted != user.pk or missing(user, session=session)):
            return None
        identities = [(issuer, subject)]
        digest = nin_digest(claims.get("nin")) if settings.SAMSYN_OIDC_MATCH_NIN else None
        if digest:
            identities.append((NIN_ISSUER, digest))
        try:
            with transaction.atomic():
                for iss, sub in identities:
                    SsoIdentity.objects.filter(user=user, issuer=iss).delete()
                    SsoIdentity.objects.create(user=user, issuer=iss, subject=sub)
        except IntegrityError:
            messages.error(self.request, _("This identity is already linked to another "
                                           "account."), fail_silently=True)
            return None
        security_event("sso_linked", user=user, request=self.request,
                       detail={"issuer": issuer, "nin": bool(digest)})
        return user

    def create_user(self, claims: dict[str, Any]) -> Any:
        return None
