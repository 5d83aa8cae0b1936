"""Password sign-in: braked guessing first, then the password, refused to SSO-only förbund."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from samsyn.accounts import brakes
from samsyn.accounts.models import SingleSignOn
from samsyn.accounts.network import client_ip

# Set on a request refused by a brake: the seconds to wait (read by BrakeResponse).
BRAKED = "samsyn_brake_seconds"



def sso_only(user: Any) -> bool:
    return SingleSignOn.objects.filter(required=True,
                                       association__memberships__user=user).exists()


class PasswordBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not sso_only(user)


class BrakeBackend:
    """First in AUTHENTICATION_BACKENDS: refuses an attempt while its brake holds, before any
    password is checked. A check with no request (a command, a script) is let through."""

    def authenticate(self, request: Any, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if request is None or username is None or password is None:
            return None
        seconds = brakes.wait(username, client_ip(request))
        if seconds:
            setattr(request, BRAKED, seconds)
            # Stops Django's authenticate() at once: no other backend sees the password.
            raise PermissionDenied
        # No get_user(): a session is never this backend's, and test clients' force_login
        # takes the first backend that has one.
        return None
