"""Single sign-on through a member organisation's identity provider (OpenID Connect).

Only people who already have a Samsyn account sign in this way, matched by e-mail address;
the identity provider never creates accounts or grants roles. A sign-in through it counts as
the second factor too (the provider is trusted to ask for its own).
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class SsoBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[Any]:
        email = str(claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict[str, Any]) -> Any:
        return None
