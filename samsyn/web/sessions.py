"""Sessions in the database, refusing malformed keys before they reach a query, and written
back at most once a minute when nothing in them changed.

Django's keys are 32 lower-case letters and digits. A cookie holding anything else (a NUL byte
makes PostgreSQL refuse the whole transaction) is treated as no session at all.

SESSION_SAVE_EVERY_REQUEST keeps the idle timeout sliding: each save moves the session's
expiry to SESSION_COOKIE_AGE from now. Saving on every page, though, is a write and a commit
per request, most of a busy page's database time. So a session nothing changed is saved again
only when its last save is TOUCH_SECONDS old: the idle timeout then ends at most TOUCH_SECONDS
early, never late.
"""

import time
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

TOUCHED = "samsyn_touched"
TOUCH_SECONDS = 60


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: Any) -> bool:
        # Django's own check asks only for 8 characters or more.
        return isinstance(key, str) and len(key) >= 8 and key.isascii() and key.isalnum()

    def save(self, must_create: bool = False) -> None:
        now = int(time.time())
        if (not must_create and not self.modified and self.session_key is not None
                and 0 <= now - int(self.get(TOUCHED, 0)) < TOUCH_SECONDS):
            return
        self[TOUCHED] = now
        super().save(must_create)
