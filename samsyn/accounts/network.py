"""The client's real address: behind a proxy we trust, the one it forwarded; else the peer.

Plain functions. A forwarded header from anyone but a configured proxy is ignored, so a client
cannot name another address to dodge a brake or to brake someone else.
"""

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip()]


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # A zone ("fe80::1%eth0") names an interface of the host that wrote it, means nothing
    # here, and can be made longer than the stored address: unreadable.
    if getattr(address, "scope_id", None) is not None:
        return None
    return address


def _trusted(address: Any, proxies: list[Network]) -> bool:
    return any(address in net for net in proxies)


def real_address(remote_addr: str, forwarded_for: str, proxies: list[Network]) -> str:
    """Walk X-Forwarded-For from the right, past our own proxies, to the first other hop."""
    peer = _address(remote_addr)
    if peer is None:
        return ""
    if not _trusted(peer, proxies) or not forwarded_for:
        return str(peer)
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            # A hop we cannot read: trust nothing further left of it.
            return str(peer)
        if not _trusted(address, proxies):
            return str(address)
        peer = address
    return str(peer)


def client_ip(request: Any) -> str:
    """The address the sign-in brakes and the audit log see (SAMSYN_CLIENT_ADDRESS)."""

    meta: Mapping[str, str] = request.META
    return real_address(meta.get("REMOTE_ADDR", ""), meta.get("HTTP_X_FORWARDED_FOR", ""),
                        parse_networks(settings.SAMSYN_TRUSTED_PROXIES))
