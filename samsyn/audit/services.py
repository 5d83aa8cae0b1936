"""Writing to and checking the audit log: the one way anything is logged."""

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from samsyn.audit import chain
from samsyn.audit.models import AuditEntry, Category

# Any fixed number: the PostgreSQL advisory lock that makes writers take turns at the chain.
_CHAIN_LOCK = 7_151_515


def client_address(request: HttpRequest | None) -> str:
    """The client's address as axes sees it: behind a trusted proxy only, the forwarded one."""
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address  # noqa: PLC0415 - axes reads Django's settings when imported

    return str(get_client_ip_address(request) or "")[:64]


def record(*, category: str, action: str, user: Any = None, username: str | None = None,
           association: Any = None, intervention: Any = None, obj: Any = None,
           rows: int = 0, request: HttpRequest | None = None,
           detail: dict[str, Any] | None = None) -> AuditEntry:
    """Append one entry, chained to the one before it.

    user None and no username: the command line. Called inside the caller's transaction, so
    a write that rolls back takes its log entry with it.
    """
    if username is None:
        username = user.get_username() if user is not None else "manage.py"
    entry = AuditEntry(
        at=timezone.now(), category=category, action=action[:40],
        association_id=getattr(association, "pk", None),
        user_id=getattr(user, "pk", None), username=username[:150],
        intervention_id=getattr(intervention, "pk", None),
        intervention=str(intervention or "")[:200],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        rows=rows, address=client_address(request),
        detail=json.dumps(detail, ensure_ascii=False, sort_keys=True) if detail else "",
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
        prev = (AuditEntry.objects.order_by("-pk").values_list("hash", flat=True).first()
                or chain.GENESIS)
        entry.prev_hash = prev
        entry.hash = chain.entry_hash(prev, entry.hashed_fields())
        entry.save(force_insert=True)
    return entry


def record_read(access: Any, user: Any, intervention: Any, action: str, rows: int,
                request: HttpRequest | None = None) -> AuditEntry:
    return record(category=Category.RECORD, action=action, user=user,
                  association=access.association, intervention=intervention, rows=rows,
                  request=request)


def security_event(action: str, *, user: Any = None, username: str | None = None,
                   request: HttpRequest | None = None, association: Any = None,
                   detail: dict[str, Any] | None = None) -> AuditEntry:
    return record(category=Category.SECURITY, action=action, user=user, username=username,
                  request=request, association=association, detail=detail)


def _links() -> Iterator[chain.Link]:
    for entry in AuditEntry.objects.order_by("pk").iterator(chunk_size=2000):
        yield chain.Link(entry.pk, entry.prev_hash, entry.hash, entry.hashed_fields())


def verify() -> tuple[int, chain.Break | None]:
    """How many entries there are, and the first one that does not hold (None: all hold)."""
    count = 0

    def counted() -> Iterator[chain.Link]:
        nonlocal count
        for link in _links():
            count += 1
            yield link

    broken = chain.first_break(counted())
    return count, broken


def anchor() -> dict[str, Any]:
    """The chain's newest entry, to keep apart from the database (with each backup).

    Trimming the newest entries leaves a shorter chain that still holds; held against an
    anchor taken earlier, it does not (`check_anchor`).
    """
    last = AuditEntry.objects.order_by("-pk").values("pk", "hash").first()
    return {"entries": AuditEntry.objects.count(), "last_seq": last["pk"] if last else 0,
            "last_hash": last["hash"] if last else chain.GENESIS,
            "taken": timezone.now().isoformat()}


def check_anchor(kept: dict[str, Any]) -> str | None:
    """None when the chain still holds the anchored entry unchanged; else what is wrong."""
    try:
        seq, digest, entries = int(kept["last_seq"]), str(kept["last_hash"]), int(kept["entries"])
    except (KeyError, TypeError, ValueError):
        return "the anchor file is not one written by `backup`"
    if not seq:
        return None
    found = AuditEntry.objects.filter(pk=seq).values_list("hash", flat=True).first()
    if found is None:
        return f"entry {seq} of the anchor is gone: the chain was cut short"
    if found != digest:
        return f"entry {seq} differs from the anchor: the chain was rewritten"
    if AuditEntry.objects.filter(pk__lte=seq).count() != entries:
        return f"the chain up to entry {seq} has not the anchor's {entries} entries"
    return None
