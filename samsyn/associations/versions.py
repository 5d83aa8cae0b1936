"""One version per förbund, and what a page computes kept under it.

`changed(association)` is called in the transaction of every write to the förbund (a test,
associations/tests/test_data_version.py, reads every writing service and holds it to that);
`page_data` keeps a page's computed data under (the version, the reader's scope, the
language, the page's own arguments). A key holds the version, so nothing kept is ever shown
after a write: the next request reads the new token and misses.

Within a request (`request_memo`, entered by `association_view`) each version is read once,
however many parts of the page ask; a write in the same request forgets what it changed.
"""

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.utils import translation

from samsyn.associations.models import Association, DataVersion
from samsyn.replicas import read_alias, replica_reads

CACHE_SECONDS = 60 * 60 * 24
# Raised when what a page keeps changes shape, so no process reads data kept by older code.
REVISION = 1

_memo: ContextVar[dict[Any, str] | None] = ContextVar("samsyn_versions", default=None)
_MISSING = object()


@contextlib.contextmanager
def request_memo() -> Iterator[None]:
    """Within it, each version is read from the database once."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembered(key: Any, read: Callable[[], str]) -> str:
    """`read()` once per request for `key` (every time outside a request)."""
    memo = _memo.get()
    if memo is None:
        return read()
    found = memo.get(key)
    if found is None:
        found = memo[key] = read()
    return found


def forget(kind: str, pk: int | None = None) -> None:
    """A write changed the version of `kind` (of förbund `pk`; None: of every förbund)."""
    memo = _memo.get()
    if memo:
        for key in [k for k in memo if k[0] == kind and (pk is None or k[1] == pk)]:
            del memo[key]


def _pk(association: Association | int) -> int:
    return association if isinstance(association, int) else association.pk


def changed(association: Association | int) -> None:
    """Everything kept for the förbund is stale: call in the transaction of any write to it."""
    pk = _pk(association)
    # No row yet: nothing was kept under a version of it, so there is nothing to make stale.
    DataVersion.objects.filter(association_id=pk).update(token=uuid.uuid4().hex)
    forget("data", pk)


def current(association: Association | int) -> str:
    """The förbund's version token (made the first time it is asked for)."""
    pk = _pk(association)
    # Per database read: a replica's token may lag the primary's, and a key must never be
    # newer than the data kept under it.
    return remembered(("data", pk, read_alias()), lambda: _read(pk))


_READ = (f"SELECT token FROM {DataVersion._meta.db_table} "  # noqa: S608 - a model's table name
         "WHERE association_id = %s")


def _read(pk: int) -> str:
    # A random token, not a counter: a förbund made anew (a test database rolled back, an
    # installation restored) never meets data kept for an earlier one. Read before
    # get_or_create, which would pin the request's reads to the primary (samsyn/replicas.py).
    # Written out rather than built by the ORM: every page of a förbund reads it, and building
    # the query cost about a twentieth of a repeated page's CPU. The router's database.
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(_READ, [pk])
        row = cursor.fetchone()
    if row is not None:
        return str(row[0])
    found, _created = DataVersion.objects.get_or_create(
        association_id=pk, defaults={"token": uuid.uuid4().hex})
    return found.token


def scope_key(access: Any) -> str:
    """What the reader may see, and nothing else about them: role, flags and (for staff of
    some insatser) which ones. Two readers with the same key are shown the same page data."""
    scope = access.scope()
    ids = "*" if scope.intervention_ids is None else ",".join(
        str(pk) for pk in sorted(scope.intervention_ids))
    return f"{access.role}:{'+'.join(access.flags)}:{ids}"


def kept(association: Association, name: str, compute: Callable[[], Any]) -> Any:
    """What `compute()` gives for the förbund as a whole (the same for every reader), kept
    under its version."""
    key = f"samsyn-kept:{REVISION}:{name}:{association.pk}:{current(association)}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def page_key(access: Any, page: str, parts: Any) -> str:
    """The key of what the page shows this reader; keyed_page_data's key is also the key of
    its rendered content (`{% cache ... page_key %}` around a block holding no form, message
    or account menu)."""
    association = access.association
    what = hashlib.sha256(repr((scope_key(access), translation.get_language(), parts))
                          .encode()).hexdigest()[:32]
    return f"samsyn-page:{REVISION}:{page}:{association.pk}:{current(association)}:{what}"


def page_data(access: Any, page: str, parts: Any, compute: Callable[[], Any]) -> Any:
    """keyed_page_data's data alone."""
    return keyed_page_data(access, page, parts, compute)[1]


def keyed_page_data(access: Any, page: str, parts: Any, compute: Callable[[], Any]
                    ) -> tuple[str, Any]:
    """What `compute()` gives for the page, kept under the förbund's version, the reader's
    scope, the language and `parts` (the page's own arguments: year, insats, today...).

    Only data every reader of the scope is shown may go in: never a CSRF token, a message or
    the account menu (those stay live in the template).

    The version and the data are read from one database (a replica where there are any,
    samsyn/replicas.py): data read after the token is never older than the token, so what is
    kept under a key is never older than the key says."""
    with replica_reads():
        key = page_key(access, page, parts)
        found = cache.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            cache.set(key, found, CACHE_SECONDS)
    return key, found
