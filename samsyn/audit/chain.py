"""The hash chain of the audit log: plain functions, no database.

Each entry carries the hash of the one before it and its own hash over its fields and that
previous hash; changing, removing or reordering any entry breaks every hash after it.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def entry_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    payload = json.dumps(dict(fields), sort_keys=True, separators=(",", ":"),
                         ensure_ascii=False, default=str)
    return hashlib.sha256(f"{prev_hash}\n{payload}".encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def first_break(links: Iterable[Link]) -> Break | None:
    """The first entry whose hash or link to the one before does not hold, in order of seq."""
    expected_prev = GENESIS
    for link in links:
        if link.prev_hash != expected_prev:
            return Break(link.seq, "link")
        if entry_hash(link.prev_hash, link.fields) != link.hash:
            return Break(link.seq, "hash")
        expected_prev = link.hash
    return None
