"""Sessions in the database, refusing malformed keys before they reach a query, and written
back at most once a minute when nothing in them changed.

Django's keys are 32 lower-case letters and digits. A cookie holding anything else (a NUL byte
makes PostgreSQL refuse the whole transaction) is treated as no session at all.

SESSION_SAVE_EVERY_REQUEST keeps the idle timeout sliding: each save moves the session's
expiry to SESSION_COOKIE_AGE from now. Saving on every page, though, is a write and a commit
per request, most of a busy page's database time. So a session nothing changed is saved again
only when its last save is TOUCH_SECONDS old: the idle timeout then ends at most TOUCH_SECONDS
early, never late.

The session is read on every request, so its statement is written out (samsyn/web/rows.py):
the same row, the same expiry check, without the ORM building the query each time.
"""

import time
from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections
from django.utils import timezone

from samsyn.web import rows

TOUCHED = "samsyn_touched"
TOUCH_SECONDS = 60


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key: Any) -> bool:
        # Django's own check asks only for 8 characters or more.
        return isinstance(key, str) and len(key) >= 8 and key.isascii() and key.isalnum()

    def _get_session_from_db(self) -> AbstractBaseSession | None:
        """The live session of this key, as Django's store reads it (no row, or an expired
        one: no session, and the key is dropped so that a new one is made)."""
        model = self.model
        using = rows.alias_for(model)
        connection = connections[using]
        # Only the model's own table and column names go into the text.
        sql = (f"SELECT {rows.columns(model, using)} FROM {rows.table(model, using)} "  # noqa: S608
               f"WHERE {connection.ops.quote_name('session_key')} = %s "
               f"AND {connection.ops.quote_name('expire_date')} > %s")
        found = rows.fetch(using, sql, [
            self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())])
        if not found:
            self._session_key = None
            return None
        return rows.instance(model, using, found[0])

    def save(self, must_create: bool = False) -> None:
        now = int(time.time())
        if (not must_create and not self.modified and self.session_key is not None
                and 0 <= now - int(self.get(TOUCHED, 0)) < TOUCH_SECONDS):
            return
        self[TOUCHED] = now
        super().save(must_create)
