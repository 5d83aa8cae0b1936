"""The one second-factor rule: who must show a second factor, and whether a request has.

Every entry point asks `missing()`: the middleware for every page, download, the admin and the
API through a session (samsyn.accounts.middleware.SecondFactorRequired), the API's key
authentication for a key (samsyn.accounts.authentication), and the page that makes keys. A view is
open without the second factor only when its URL name is in `OPEN_VIEWS`: signing in, the
second factor's own pages, password reset by e-mail, an invitation, and the public pages that
anonymous visitors see anyway. Anything else, including every URL added later, is closed.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings

from samsyn.associations.access import SECOND_FACTOR_ROLES

# Set in the session by a single sign-on whose provider said it asked for more than a
# password (samsyn.accounts.oidc.mfa_asserted); nothing else sets it.
SSO_SESSION_KEY = "samsyn_sso_mfa"

# URL names reachable by a signed-in person who still owes the second factor.
OPEN_VIEWS = frozenset({
    # Signing in and out, and the second factor itself.
    "login", "logout", "second_factor_verify", "second_factor_setup",
    "oidc_authentication_init", "oidc_authentication_callback", "oidc_logout",
    # Password reset by e-mail proves the mailbox, not the session.
    "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete",
    # An invitation is accepted before the invitee can have a second factor.
    "invitation_accept",
    # What anonymous visitors see anyway.
    "set_language", "catalog", "catalog_association", "catalog_entry", "survey_answer",
    "api_catalog", "api_schema", "api_docs",
})


Memberships = Callable[[], Iterable[Any]]


def required_of(user: Any, memberships: Memberships | None = None) -> bool:
    """Admin, kansli and analysts of any förbund, and the installation's superusers.

    memberships: gives all of the user's memberships (the request's one read,
    samsyn.associations.access.memberships_of), asked only when the roles decide.
    """
    if not settings.SAMSYN_REQUIRE_SECOND_FACTOR or not getattr(user, "is_authenticated",
                                                                 False):
        return False
    if user.is_superuser or user.is_staff:
        return True
    if memberships is not None:
        return any(m.role in SECOND_FACTOR_ROLES for m in memberships())
    return bool(user.memberships.filter(role__in=SECOND_FACTOR_ROLES).exists())


def missing(user: Any, *, session: Any = None, token: Any = None,
            memberships: Memberships | None = None) -> bool:
    """True when `user` must show a second factor and this request has not.

    session: the request's session (a TOTP or recovery code verified in it by django-otp, or
    a single sign-on whose provider asserted a second factor). token: the API key the request
    came with, which carries whether it was made in a session that had passed.
    memberships: as for required_of.
    """
    if not required_of(user, memberships):
        return False
    if token is not None:
        return not getattr(token, "second_factor", False)
    return not given(user, session)


def given(user: Any, session: Any) -> bool:
    """Whether this session has passed a second factor, whether or not the role needs one."""
    if getattr(user, "is_verified", lambda: False)():
        return True
    return bool(session is not None and session.get(SSO_SESSION_KEY))


def open_view(view_name: str | None) -> bool:
    return view_name in OPEN_VIEWS
