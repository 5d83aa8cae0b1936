from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from samsyn.accounts import brakes
from samsyn.accounts.network import client_ip
from samsyn.accounts.second_factor import missing
from samsyn.api.models import ApiToken, hash_key
from samsyn.audit.services import security_event


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` with a personal key made under Konto → API-nycklar.

    A valid key always works, whatever others tried from the same address; wrong keys are
    braked per address (samsyn.accounts.brakes), answered 429 while the brake holds. A key of
    someone whose role needs the second factor works only if it was made after one.
    """

    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace")
        parts = header.split()
        if not parts or parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the key after the word Token."))
        django_request = getattr(request, "_request", request)
        token = (ApiToken.objects.select_related("user")
                 .filter(key_hash=hash_key(parts[1]), revoked__isnull=True,
                         expires__gt=timezone.now()).first())
        if token is None or not token.user.is_active:
            address_wait = brakes.key_wait(client_ip(django_request))
            if address_wait:
                raise exceptions.Throttled(wait=address_wait,
                                           detail=_("Too many failed attempts. Wait a while."))
            brakes.key_failed(django_request)
            # Printable characters only: PostgreSQL keeps no NUL byte in the log's text.
            shown = "".join(ch for ch in parts[1][:8] if ch.isprintable())
            security_event("api_key_failed", username=f"api-key:{shown}",
                           request=django_request)
            raise exceptions.AuthenticationFailed(_("The API key is not valid."))
        if missing(token.user, token=token):
            raise exceptions.PermissionDenied(
                detail=_("This key was made without the second factor, which your role "
                         "needs. Make a new key after giving the second factor."),
                code="second_factor_required")
        ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema how a key is sent."""

    target_class = "samsyn.accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token <key>"}
