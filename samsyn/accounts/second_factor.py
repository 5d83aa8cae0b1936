"""Who must show a second factor, and whether this session has."""

from typing import Any

from django.conf import settings

from samsyn.associations.access import SECOND_FACTOR_ROLES

SSO_SESSION_KEY = "samsyn_sso"


def required_of(user: Any) -> bool:
    """Admin, kansli and analysts of any förbund, and the installation's superusers."""
    if not settings.SAMSYN_REQUIRE_SECOND_FACTOR or not user.is_authenticated:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return bool(user.memberships.filter(role__in=SECOND_FACTOR_ROLES).exists())


def satisfied(request: Any) -> bool:
    """A verified OTP device in this session, or a sign-in through the förbund's SSO."""
    user = request.user
    if getattr(user, "is_verified", lambda: False)():
        return True
    return bool(request.session.get(SSO_SESSION_KEY))
