"""The hash chain of the audit log: plain functions, no database.

Each entry carries the hash of the one before it and its own hash over its fields and that
previous hash; changing, removing or reordering any entry breaks every hash after it.

Two schemes. Entries written before issue 25 (scheme 1) carry a plain SHA-256, which anyone
who can write to the database could recompute for a rewritten chain. Entries since (scheme 2)
carry an HMAC-SHA256 under the installation's audit key (SAMSYN_AUDIT_KEY), which is not in
the database: rewriting one, or anything before it, needs the key. The first keyed entry's
hash covers the last plain one, so the older entries are held by the keyed ones after them.
A chain never goes back from keyed to plain, and a chain that has entries ends keyed (the
migration that brought the key wrote a keyed entry at the end of every existing chain), so a
chain rebuilt from the start with plain hashes does not pass either.
"""

import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
PLAIN = 1  # SHA-256, before the audit key
KEYED = 2  # HMAC-SHA256 under the audit key


def entry_hash(prev_hash: str, fields: Mapping[str, Any], key: bytes | None = None) -> str:
    """The plain hash without a key (scheme 1), the keyed HMAC with one (scheme 2)."""
    payload = json.dumps(dict(fields), sort_keys=True, separators=(",", ":"),
                         ensure_ascii=False, default=str)
    message = f"{prev_hash}\n{payload}".encode()
    if key is None:
        return hashlib.sha256(message).hexdigest()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def scheme_hash(scheme: int, prev_hash: str, fields: Mapping[str, Any], key: bytes) -> str:
    return entry_hash(prev_hash, fields, key if scheme == KEYED else None)


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    fields: Mapping[str, Any]
    scheme: int = KEYED
    at: str = ""


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str  # "link", "hash", "scheme" (plain after keyed, or unknown), "unkeyed end"
    at: str = ""


def first_break(links: Iterable[Link], key: bytes) -> Break | None:
    """The first entry whose hash, link or scheme does not hold, in order of seq."""
    expected_prev = GENESIS
    keyed = False
    last: Link | None = None
    for link in links:
        last = link
        if link.prev_hash != expected_prev:
            return Break(link.seq, "link", link.at)
        if link.scheme not in (PLAIN, KEYED) or (keyed and link.scheme == PLAIN):
            return Break(link.seq, "scheme", link.at)
        keyed = keyed or link.scheme == KEYED
        if not hmac.compare_digest(scheme_hash(link.scheme, link.prev_hash, link.fields, key),
                                   link.hash):
            return Break(link.seq, "hash", link.at)
        expected_prev = link.hash
    if last is not None and last.scheme != KEYED:
        return Break(last.seq, "unkeyed end", last.at)
    return None
