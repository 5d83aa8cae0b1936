"""Password sign-in: braked guessing first, then the password, refused to SSO-only förbund."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL

from samsyn.accounts import brakes
from samsyn.accounts.models import SingleSignOn
from samsyn.accounts.network import client_ip
from samsyn.associations.models import Membership

# Set on a request refused by a brake: the seconds to wait (read by BrakeResponse).
BRAKED = "samsyn_brake_seconds"

# What PasswordBackend.get_user reads with the user: sso_only() at that moment.
SSO_ONLY = "samsyn_sso_only"


def _sso_required(user: Any) -> Any:
    return SingleSignOn.objects.filter(required=True, association__memberships__user=user)


def _sso_required_sql() -> RawSQL:
    """_sso_required(user).exists() for the user of the statement, written out: the ORM's
    building of the same EXISTS cost more of a page's CPU than the statement it saves."""
    user = get_user_model()._meta.db_table
    sso = SingleSignOn._meta.db_table
    member = Membership._meta.db_table
    # Only the models' own table names go into the text; no value does.
    return RawSQL(f"EXISTS (SELECT 1 FROM {sso} s JOIN {member} m "  # noqa: S608, S611
                  f"ON m.association_id = s.association_id "
                  f"WHERE s.required AND m.user_id = {user}.id)", [],
                  output_field=BooleanField())


def sso_only(user: Any) -> bool:
    return _sso_required(user).exists()


class PasswordBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """The session's user, refused as user_can_authenticate refuses, with sso_only() read
        in the same statement as the user. Still asked on every request, so a password
        session ends at its next request once a förbund of the user's turns SSO-only or the
        user joins one."""
        model = get_user_model()
        try:
            user = model._default_manager.annotate(**{SSO_ONLY: _sso_required_sql()}).get(
                pk=user_id)
        except model.DoesNotExist:
            return None
        if not super().user_can_authenticate(user) or getattr(user, SSO_ONLY):
            return None
        return user

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
