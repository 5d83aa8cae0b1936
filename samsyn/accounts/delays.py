"""How long a brake holds after failed sign-ins: plain functions, no database.

A brake is kept per user name and address (and per address across user names). The first
`limit` failures cost nothing; after that each further attempt must wait twice as long as
the one before, 1, 2, 4 ... seconds, never more than `cap`. Nothing ever locks: a correct
password from an address that is not braked always gets in.
"""

import datetime as dt

# Failures older than this are forgotten at the next failure.
MEMORY = dt.timedelta(hours=24)


def delay(failures: int, limit: int, cap: int) -> int:
    """Seconds the next attempt must wait after `failures` failures in a row."""
    if failures < limit:
        return 0
    exponent = failures - limit
    # 2**exponent grows past any cap quickly; stop counting before the number gets large.
    return cap if exponent >= cap.bit_length() else min(2 ** exponent, cap)


def counted(failures: int, last_failure: dt.datetime | None, now: dt.datetime) -> int:
    """The failures still remembered at `now` (all of them, or none after a quiet day)."""
    if last_failure is None or now - last_failure > MEMORY:
        return 0
    return failures


def remaining(not_before: dt.datetime | None, now: dt.datetime) -> int:
    """Whole seconds left of a brake (0: none), rounded up so a wait is never too short."""
    if not_before is None or not_before <= now:
        return 0
    seconds = (not_before - now).total_seconds()
    return max(1, int(seconds) + (0 if seconds.is_integer() else 1))
