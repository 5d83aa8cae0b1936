"""Sign-in events into the audit log: logins, failures, logouts, lockouts, password changes."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from samsyn.audit.services import security_event


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    security_event("login", user=user, request=request)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        security_event("logout", user=user, request=request)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None,
                  **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    security_event("login_failed", username=username or "?", request=request)


try:
    from axes.signals import user_locked_out
except ImportError:  # pragma: no cover - axes is a dependency
    user_locked_out = None

if user_locked_out is not None:
    @receiver(user_locked_out)
    def _locked_out(sender: Any, request: Any, username: str | None = None,
                    ip_address: str | None = None, **kwargs: Any) -> None:
        security_event("lockout", username=(username or "?")[:150], request=request)
