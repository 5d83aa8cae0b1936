"""Password sign-in, refused to the people of a förbund that signs in only through SSO."""

from typing import Any

from django.contrib.auth.backends import ModelBackend


def sso_only(user: Any) -> bool:
    from samsyn.accounts.models import SingleSignOn

    return SingleSignOn.objects.filter(required=True,
                                       association__memberships__user=user).exists()


class PasswordBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not sso_only(user)
