"""Report reads on PostgreSQL streaming replicas; everything else on the primary.

Only code inside `replica_reads()` (report builders, the national roll-up) reads a replica, and
only until anything in the same request or job writes: from then on every read goes to the
primary, so a person never reads a state older than what they just saved. The middleware also
pins a browser to the primary for a few seconds after a request that wrote, because a replica
may lag behind by that much. Without DATABASE_REPLICA_URLS the router sends everything to
"default".
"""

import contextvars
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse

PIN_COOKIE = "samsyn_primary"

# The replica the current block reads (one per block, so its reads see one consistent state).
_replica: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "samsyn_replica", default=None)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("samsyn_wrote", default=False)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads inside may go to a replica (unless something has written already)."""
    replicas = replica_aliases()
    token = _replica.set(_replica.get() or (random.choice(replicas) if replicas else None))
    try:
        yield
    finally:
        _replica.reset(token)


def read_alias() -> str:
    """The database the reads here go to (ReplicaRouter.db_for_read)."""
    replica = _replica.get()
    return replica if replica is not None and not _wrote.get() else "default"


@contextmanager
def one_snapshot() -> Iterator[None]:
    """Reads inside see one state of the database, however many statements they take.

    On PostgreSQL a REPEATABLE READ transaction (allowed on a replica: it only reads); on
    SQLite a transaction, whose first read fixes what the rest see. Inside a transaction that
    has begun already, reads keep its isolation: it can no longer be chosen.
    """
    alias = read_alias()
    outer = connections[alias].in_atomic_block
    with transaction.atomic(using=alias):
        if not outer and connections[alias].vendor == "postgresql":
            with connections[alias].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


@contextmanager
def fresh_request(pinned: bool = False) -> Iterator[None]:
    """A request or job starts with nothing written (or pinned to the primary)."""
    token = _wrote.set(pinned)
    try:
        yield
    finally:
        _wrote.reset(token)


def mark_written() -> None:
    _wrote.set(True)


def has_written() -> bool:
    return _wrote.get()


class ReplicaRouter:
    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        mark_written()
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # A replica holds the primary's rows: an object read from either may point to the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "default"


class PinPrimaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with fresh_request(pinned=PIN_COOKIE in request.COOKIES):
            response = self.get_response(request)
            wrote = has_written()
        if wrote and replica_aliases():
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.SAMSYN_REPLICA_PIN_SECONDS,
                                httponly=True, samesite="Lax",
                                secure=settings.SESSION_COOKIE_SECURE)
        return response
