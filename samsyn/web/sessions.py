"""Sessions in the database, refusing malformed keys before they reach a query.

Django's keys are 32 lower-case letters and digits. A cookie holding anything else (a NUL byte
makes PostgreSQL refuse the whole transaction) is treated as no session at all.
"""

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: Any) -> bool:
        # Django's own check asks only for 8 characters or more.
        return isinstance(key, str) and len(key) >= 8 and key.isascii() and key.isalnum()
