"""Signed files of published figures: Ed25519 over the exact bytes of the payload.

A file is JSON: {"format", "installation", "key", "payload", "signature"}. The payload is kept
as a string, so the bytes that were signed are the bytes that are checked (no re-encoding of
JSON in between). The receiving installation trusts a key only when its public key is in its
configured list; the list's name for the key is what the figures are filed under.
"""

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.utils.translation import gettext as _

FILE_FORMAT = "samsyn-national-figures/1"
MAX_FILE_BYTES = 5 * 1024 * 1024


class SignatureRefused(ValueError):
    """The file is refused; the message is one Swedish line saying why."""


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any, length: int | None = None) -> bytes | None:
    if not isinstance(text, str):
        return None
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return None
    if length is not None and len(raw) != length:
        return None
    return raw


def new_key() -> tuple[str, str]:
    """A new key pair: (private key, public key), each 32 bytes in base64."""
    private = Ed25519PrivateKey.generate()
    return (_b64(private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())),
            public_of(private))


def public_of(private: Ed25519PrivateKey) -> str:
    return _b64(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def load_private(text: str) -> Ed25519PrivateKey:
    raw = _unb64(text.strip(), 32)
    if raw is None:
        raise SignatureRefused(_("The signing key is not a 32-byte Ed25519 key in base64."))
    return Ed25519PrivateKey.from_private_bytes(raw)


def parse_trusted(text: str) -> dict[str, str]:
    """Public key → name, from lines (or comma-separated entries) of "name key"."""
    trusted: dict[str, str] = {}
    for entry in text.replace(",", "\n").splitlines():
        entry = entry.strip()
        if not entry or entry.startswith("#"):
            continue
        name, _sep, key = entry.rpartition(" ")
        if _unb64(key, 32) is None or not name.strip():
            raise ValueError(f"not a trusted key entry (name, a space, a base64 key): {entry!r}")
        trusted[key] = name.strip()
    return trusted


def sign(payload: Mapping[str, Any], private_key: str, installation: str) -> bytes:
    private = load_private(private_key)
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    signature = private.sign(body.encode("utf-8"))
    document = {"format": FILE_FORMAT, "installation": installation,
                "key": public_of(private), "payload": body, "signature": _b64(signature)}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def verify(data: bytes, trusted: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    """(the trusted key's name, the payload) or SignatureRefused naming what is wrong."""
    if len(data) > MAX_FILE_BYTES:
        raise SignatureRefused(_("The file is larger than 5 MB."))
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise SignatureRefused(_("The file is not a signed figures file.")) from exc
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise SignatureRefused(_("The file is not a signed figures file."))
    key = document.get("key")
    raw_key = _unb64(key, 32)
    signature = _unb64(document.get("signature"), 64)
    body = document.get("payload")
    if raw_key is None or signature is None or not isinstance(body, str):
        raise SignatureRefused(_("The file is not a signed figures file."))
    name = trusted.get(str(key))
    if name is None:
        raise SignatureRefused(
            _("The file is signed with a key that is not trusted here (%(key)s).")
            % {"key": key})
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, body.encode("utf-8"))
    except UnicodeEncodeError as exc:  # half a UTF-16 pair ("\ud800"): nothing signed it
        raise SignatureRefused(_("The file is not a signed figures file.")) from exc
    except InvalidSignature as exc:
        raise SignatureRefused(
            _("The signature does not match the figures: the file has been changed.")) from exc
    try:
        payload = json.loads(body)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SignatureRefused(_("The file is not a signed figures file.")) from exc
    if not isinstance(payload, dict):
        raise SignatureRefused(_("The file is not a signed figures file."))
    return name, payload
