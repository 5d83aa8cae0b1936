from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from samsyn.api.models import ApiToken, hash_key

# Failed key guesses are counted under "api-key:<the key's first characters>" (so no one
# user name is locked for all) and, above all, under the caller's address.
_KEY_GUESS = "api-key"


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` with a personal key made under Konto → API-nycklar."""

    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace")
        parts = header.split()
        if not parts or parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the key after the word Token."))
        django_request = getattr(request, "_request", request)
        # Guessed keys count towards the same lockout of the address as guessed passwords.
        credentials = {"username": f"{_KEY_GUESS}:{parts[1][:8]}"}
        if not AxesProxyHandler.is_allowed(django_request, credentials):
            raise exceptions.Throttled(detail=_("Too many failed attempts. Wait a while."))
        token = (ApiToken.objects.select_related("user")
                 .filter(key_hash=hash_key(parts[1]), revoked__isnull=True,
                         expires__gt=timezone.now()).first())
        if token is None or not token.user.is_active:
            user_login_failed.send(sender=__name__, credentials=credentials,
                                   request=django_request)
            raise exceptions.AuthenticationFailed(_("The API key is not valid."))
        ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema how a key is sent."""

    target_class = "samsyn.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "Authorization",
                "description": "Token <key>"}
