"""Password sign-in, refused to the people of a förbund that signs in only through SSO."""

from typing import Any

from axes.backends import AxesBackend
from django.contrib.auth.backends import ModelBackend

from samsyn.accounts.models import SingleSignOn


def sso_only(user: Any) -> bool:
    return SingleSignOn.objects.filter(required=True,
                                       association__memberships__user=user).exists()


class PasswordBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not sso_only(user)


class LockoutBackend(AxesBackend):
    """axes' lockout check; a check of a password with no request (a command, a script) has
    no address to lock and no one to brake, so it is let through to the password check."""

    def authenticate(self, request: Any, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
