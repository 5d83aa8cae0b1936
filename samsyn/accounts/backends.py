"""Password sign-in: braked guessing first, then the password, refused to SSO-only förbund."""

from functools import lru_cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connections

from samsyn.accounts import brakes
from samsyn.accounts.models import SingleSignOn
from samsyn.accounts.network import client_ip
from samsyn.associations.models import Membership
from samsyn.web import rows

# Set on a request refused by a brake: the seconds to wait (read by BrakeResponse).
BRAKED = "samsyn_brake_seconds"

# What PasswordBackend.get_user reads with the user: sso_only() at that moment.
SSO_ONLY = "samsyn_sso_only"


def _sso_required(user: Any) -> Any:
    return SingleSignOn.objects.filter(required=True, association__memberships__user=user)


@lru_cache(maxsize=8)
def _user_statement(using: str, model: Any) -> str:
    """The user of a pk and sso_only() for them, in one statement written out: building it
    with the ORM (an annotated query with an EXISTS) cost more of a page's CPU than the
    statement. Only the models' own table and column names go into the text; no value does."""
    quote = connections[using].ops.quote_name
    user = rows.table(model, using)
    user_pk = f"{user}.{quote(model._meta.pk.column)}"
    sso = rows.table(SingleSignOn, using)
    member = rows.table(Membership, using)
    required = quote(SingleSignOn._meta.get_field("required").column)
    in_association = quote(Membership._meta.get_field("association").column)
    of_user = quote(Membership._meta.get_field("user").column)
    association = quote(SingleSignOn._meta.get_field("association").column)
    return (f"SELECT {rows.columns(model, using, user)}, "  # noqa: S608
            f"EXISTS (SELECT 1 FROM {sso} s JOIN {member} m "
            f"ON m.{in_association} = s.{association} "
            f"WHERE s.{required} AND m.{of_user} = {user_pk}) "
            f"FROM {user} WHERE {user_pk} = %s")


def sso_only(user: Any) -> bool:
    return _sso_required(user).exists()


class PasswordBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        """The session's user, refused as user_can_authenticate refuses, with sso_only() read
        in the same statement as the user. Still asked on every request, so a password
        session ends at its next request once a förbund of the user's turns SSO-only or the
        user joins one."""
        model = get_user_model()
        using = rows.alias_for(model)
        found = rows.fetch(using, _user_statement(using, model), [
            model._meta.pk.get_db_prep_value(user_id, connections[using])])
        if not found:
            return None
        user = rows.instance(model, using, found[0])
        setattr(user, SSO_ONLY, bool(found[0][rows.width(model)]))
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
