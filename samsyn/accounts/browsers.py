"""What the sessions page says about a session: a short browser name and a shortened address.

Plain functions, no ORM. The address is shortened before it is stored, not only when shown:
the page needs no more than "which network", and the full address of every session would be
one more copy of personal data (the audit log keeps the full one for sign-in events).
"""

import ipaddress
import re

# Checked in order: Edge and Opera say "Chrome" too, Chrome says "Safari".
_BROWSERS = (
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"OPR/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+).*Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
)
USER_AGENT_LENGTH = 300


def stored_user_agent(header: str) -> str:
    """The User-Agent header as the sessions page keeps it: printable characters only (a NUL
    byte is refused by PostgreSQL, a lone surrogate cannot be encoded), at most 300."""
    return "".join(ch for ch in header if ch.isprintable())[:USER_AGENT_LENGTH]


def browser_name(user_agent: str) -> str:
    """"Firefox 133, Windows" from a User-Agent header; "" when nothing is recognised."""
    browser = next((f"{name} {match.group(1)}" for name, pattern in _BROWSERS
                    if (match := re.search(pattern, user_agent))), "")
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), "")
    return ", ".join(part for part in (browser, system) if part)


def shortened_address(address: str) -> str:
    """An IPv4 address without its last part (192.0.2.x), an IPv6 one to its /48 network."""
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    if isinstance(parsed, ipaddress.IPv4Address):
        return ".".join(str(parsed).split(".")[:3]) + ".x"
    network = ipaddress.IPv6Network(f"{parsed}/48", strict=False)
    return str(network)
