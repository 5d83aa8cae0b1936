"""One version per förbund, and what a page computes kept under it.

`changed(association)` is called in the transaction of every write to the förbund (a test,
associations/tests/test_data_version.py, reads every writing service and holds it to that);
`page_data` keeps a page's computed data under (the version, the reader's scope, the
language, the page's own arguments). A key holds the version, so nothing kept is ever shown
after a write: the next request reads the new token and misses.

Within a request (`request_memo`, entered by `association_view`) each version is read once,
however many parts of the page ask; a write in the same request forgets what it changed.

Parts: beside the whole version, each part of a förbund's data (`PARTS`: the records, the
economy, the plan, the surveys, the reports) has a token of its own, moved by the same
statement. A writer names the parts it wrote (`changed(association, ["economy"])`; `save_row`
and `delete_row` name them from the row's model, `parts_of`); a writer that names none moves
them all, so forgetting to name a part can make a page slower, never stale. `part_data` keeps
one part of a page under the tokens of the parts it reads: after a budget save the start
page computes its economy again and takes everything else from the cache.
"""

import contextlib
import hashlib
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import connections
from django.db.models import Model
from django.utils import translation

from samsyn.associations.models import Association, DataVersion
from samsyn.replicas import read_alias, replica_reads

CACHE_SECONDS = 60 * 60 * 24
# Raised when what a page keeps changes shape, so no process reads data kept by older code.
REVISION = 1

_memo: ContextVar[dict[Any, Any] | None] = ContextVar("samsyn_versions", default=None)
_MISSING = object()

# The parts of a förbund's data, each the rows of the apps named for it below (named, not
# imported: this floor imports no domain app). A row of any other app (the förbund itself,
# its members and settings, the audit log...) is in every part. Sign-off (periods) is the
# reports': no part of a page kept under parts reads it (the board's published figures are
# kept under the whole version).
PARTS = ("records", "economy", "plan", "surveys", "reports")
_PART_OF_APP = {"participants": "records", "finance": "economy", "interventions": "plan",
                "surveys": "surveys", "reports": "reports", "periods": "reports"}


@contextlib.contextmanager
def request_memo() -> Iterator[None]:
    """Within it, each version is read from the database once."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


@contextlib.contextmanager
def memo() -> Iterator[None]:
    """request_memo() where none is open (a command, a job, a test building a report): the
    versions read once within it; within a request, the request's."""
    if _memo.get() is not None:
        yield
        return
    with request_memo():
        yield


def remembered(key: Any, read: Callable[[], Any]) -> Any:
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


def _moved(parts: Iterable[str] | None) -> dict[str, str]:
    names = PARTS if parts is None else tuple(parts)
    unknown = set(names) - set(PARTS)
    if unknown:
        raise ValueError(f"no such part of a förbund's data: {sorted(unknown)}")
    return {"token": uuid.uuid4().hex, **{name: uuid.uuid4().hex for name in names}}


def changed(association: Association | int, parts: Iterable[str] | None = None) -> None:
    """What is kept for the förbund is stale: call in the transaction of any write to it.

    `parts`: the parts of PARTS the write changed, when it knows (a budget line: "economy");
    None, every part. The whole version moves either way, in the same statement."""
    pk = _pk(association)
    # No row yet: nothing was kept under a version of it, so there is nothing to make stale.
    DataVersion.objects.filter(association_id=pk).update(**_moved(parts))
    forget("data", pk)


def changed_where(association_id: Any, parts: Iterable[str] | None = None) -> None:
    """`changed` for the förbund a query gives (an expression for its id, such as the
    Subquery of an insats's förbund), in one statement."""
    DataVersion.objects.filter(association_id=association_id).update(**_moved(parts))
    forget("data")


def parts_of(model: type[Model], *, deleting: bool = False) -> tuple[str, ...] | None:
    """The parts a saved row of `model` is in; deleting, also the parts of every row that
    points at it (removed or changed with it). None: a row of an app in no one part."""
    found: set[str] = set()
    todo, seen = [model], set()
    while todo:
        one = todo.pop()
        if one in seen:
            continue
        seen.add(one)
        part = _PART_OF_APP.get(one._meta.app_label)
        if part is None:
            return None
        found.add(part)
        if deleting:
            todo.extend(rel.related_model for rel in one._meta.related_objects
                        if not isinstance(rel.related_model, str))
    return tuple(sorted(found))


def parts_in(models: Iterable[type[Model]]) -> tuple[str, ...] | None:
    """The parts rows of all `models` are in (parts_of of each, together); None if any is in
    no one part."""
    found: set[str] = set()
    for model in models:
        parts = parts_of(model)
        if parts is None:
            return None
        found.update(parts)
    return tuple(sorted(found))


def current(association: Association | int) -> str:
    """The förbund's version token (made the first time it is asked for)."""
    return _tokens(association)[0]


def part_tokens(association: Association | int) -> dict[str, str]:
    """The token of each part of the förbund's data (made the first time asked for)."""
    return _tokens(association)[1]


def parts_key(association: Association | int, parts: Iterable[str]) -> str:
    """The tokens of `parts`, as a key: it changes when any of them is written."""
    tokens = part_tokens(association)
    return ".".join(f"{name}={tokens[name]}" for name in sorted(set(parts)))


def _tokens(association: Association | int) -> tuple[str, dict[str, str]]:
    pk = _pk(association)
    # Per database read: a replica's token may lag the primary's, and a key must never be
    # newer than the data kept under it. The whole token and the parts' in one statement:
    # a first view reads both (and the participant figures' key is the records part).
    found: tuple[str, dict[str, str]] = remembered(("data", pk, read_alias()),
                                                   lambda: _read(pk))
    return found


_READ = (f"SELECT token, {', '.join(PARTS)} FROM {DataVersion._meta.db_table} "  # noqa: S608 - a model's table name and fields
         "WHERE association_id = %s")


def _read(pk: int) -> tuple[str, dict[str, str]]:
    # A random token, not a counter: a förbund made anew (a test database rolled back, an
    # installation restored) never meets data kept for an earlier one. Read before
    # get_or_create, which would pin the request's reads to the primary (samsyn/replicas.py).
    # Written out rather than built by the ORM: every page of a förbund reads it, and building
    # the query cost about a twentieth of a repeated page's CPU. The router's database.
    with connections[read_alias()].cursor() as cursor:
        cursor.execute(_READ, [pk])
        row = cursor.fetchone()
    if row is not None and all(row):
        return str(row[0]), dict(zip(PARTS, (str(token) for token in row[1:]), strict=True))
    # No row yet, or one made before the parts were (or by older code): made now, each token
    # random for the reason above. Only a token still empty is set, so two requests doing
    # this at once agree on the result.
    DataVersion.objects.get_or_create(association_id=pk, defaults=_moved(None))
    for name in PARTS:
        DataVersion.objects.filter(association_id=pk, **{name: ""}).update(
            **{name: uuid.uuid4().hex})
    token, *parts = DataVersion.objects.filter(association_id=pk).values_list(
        "token", *PARTS).get()
    return token, dict(zip(PARTS, parts, strict=True))


def scope_key(access: Any) -> str:
    """What the reader may see, and nothing else about them: role, flags and (for staff of
    some insatser) which ones. Two readers with the same key are shown the same page data."""
    scope = access.scope()
    ids = "*" if scope.intervention_ids is None else ",".join(
        str(pk) for pk in sorted(scope.intervention_ids))
    return f"{access.role}:{'+'.join(access.flags)}:{ids}"


def kept(association: Association, name: str, compute: Callable[[], Any],
         parts: Iterable[str] | None = None) -> Any:
    """What `compute()` gives for the förbund as a whole (the same for every reader), kept
    under its version, or with `parts` under the tokens of those parts (all it reads)."""
    version = current(association) if parts is None else parts_key(association, parts)
    key = f"samsyn-kept:{REVISION}:{name}:{association.pk}:{version}"
    found = cache.get(key, _MISSING)
    if found is _MISSING:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def _reader(access: Any, arguments: Any) -> str:
    return hashlib.sha256(repr((scope_key(access), translation.get_language(), arguments))
                          .encode()).hexdigest()[:32]


def page_key(access: Any, page: str, arguments: Any) -> str:
    """The key of what the page shows this reader; keyed_page_data's key is also the key of
    its rendered content (`{% cache ... page_key %}` around a block holding no form, message
    or account menu)."""
    association = access.association
    return (f"samsyn-page:{REVISION}:{page}:{association.pk}:{current(association)}:"
            f"{_reader(access, arguments)}")


def page_data(access: Any, page: str, arguments: Any, compute: Callable[[], Any]) -> Any:
    """keyed_page_data's data alone."""
    return keyed_page_data(access, page, arguments, compute)[1]


def keyed_page_data(access: Any, page: str, arguments: Any, compute: Callable[[], Any]
                    ) -> tuple[str, Any]:
    """What `compute()` gives for the page, kept under the förbund's version, the reader's
    scope, the language and `arguments` (the page's own: year, insats, today...).

    Only data every reader of the scope is shown may go in: never a CSRF token, a message or
    the account menu (those stay live in the template).

    The version and the data are read from one database (a replica where there are any,
    samsyn/replicas.py): data read after the token is never older than the token, so what is
    kept under a key is never older than the key says."""
    with replica_reads():
        key = page_key(access, page, arguments)
        found = cache.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            cache.set(key, found, CACHE_SECONDS)
    return key, found


def part_data(access: Any, name: str, parts: Iterable[str], arguments: Any,
              compute: Callable[[], Any]) -> Any:
    """keyed_part_data's data alone."""
    return keyed_part_data(access, name, parts, arguments, compute)[1]


def keyed_part_data(access: Any, name: str, parts: Iterable[str], arguments: Any,
                    compute: Callable[[], Any]) -> tuple[str, Any]:
    """One part of a page, kept as keyed_page_data keeps a whole one but under the tokens of
    `parts` (every part of the förbund's data `compute` reads) instead of the whole version:
    a write to another part leaves it cached. A part that reads rows of an app in no part
    (the förbund's own settings, its members) needs nothing more: such a write moves every
    token. The key is also the key of the part's rendered fragment."""
    association = access.association
    with replica_reads():
        key = (f"samsyn-part:{REVISION}:{name}:{association.pk}:"
               f"{parts_key(association, parts)}:{_reader(access, arguments)}")
        found = cache.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            cache.set(key, found, CACHE_SECONDS)
    return key, found
