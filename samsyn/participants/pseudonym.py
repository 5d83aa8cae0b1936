"""Pseudonyms: a keyed hash of the normalised personnummer, never the number itself.

A value that looks like a personnummer (10 or 12 digits, with or without - or +) must be a valid
one, and is hashed; anything else with a letter in it is a local code the insats keeps, hashed
the same way so both kinds look alike. Error messages never repeat what was typed.

A placeholder or interim number is neither: a birth date followed by letters or masked digits
(19800101-T123 and 19800101-TF10 as IVO asks them for people without a personnummer,
19800101-XXXX for a protected identity) or the template itself (ÅÅÅÅMMDD-XXXX). Many people
share one, so hashing it as a local code would make them one participant, and a second
import with the same insats and start date would overwrite the first person's participation.
It is refused (`PlaceholderIdentity`), never merged.
"""

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Callable

from django.utils import timezone

_PNR = re.compile(r"^(\d{6}|\d{8})([-+]?)(\d{4})$")
_LOCAL = re.compile(r"^[A-Za-zÅÄÖåäö0-9_.-]{1,40}$")
# The letters _LOCAL allows (those that are str.isalpha()).
_LETTER = re.compile(r"[A-Za-zÅÄÖåäö]")


class PseudonymError(ValueError):
    pass


class PlaceholderIdentity(PseudonymError):
    """A placeholder or interim number: it names no one person."""


# What staff are told (translated where it is shown; this module stays free of Django).
PLACEHOLDER_FAULT = (
    "a placeholder or interim number (protected identity, T- or reserve number) cannot tell "
    "people apart: register the person with a local code the insats keeps, one for each "
    "person, e.g. SKYDD-0001"
)

# A birth date where a personnummer's date stands, then a tail that is not four digits.
# Both readings of the digits are tried: 000101000X is 2000-01-01 with a masked tail.
_DATED = (re.compile(r"^(\d{8})[-+]?([A-ZÅÄÖ0-9*#?]{1,6})$"),
          re.compile(r"^(\d{6})[-+]?([A-ZÅÄÖ0-9*#?]{1,6})$"))
# The template written instead of a number: ÅÅÅÅMMDD-XXXX, YYMMDD-NNNN, XXXXXX-XXXX ...
_TEMPLATE = re.compile(r"^[0-9ÅYMDXN*#?]{6}(?:[0-9ÅYMDXN*#?]{2})?[-+]?[0-9XNCTF*#?]{4}$")
# What a template starts with besides a digit (its first character class less 0-9).
_TEMPLATE_START = "ÅYMDXN*#?"


def looks_like_personnummer(value: str) -> bool:
    return bool(_PNR.match(value.replace(" ", "")))


def looks_like_placeholder(value: str) -> bool:
    """A date part followed by letters or masked digits, or the template of a number."""
    text = value.replace(" ", "").upper()
    first = text[:1]
    if not first or not (first.isdecimal() or first in _TEMPLATE_START):
        # Neither pattern can match (`\d` is a decimal digit, as `isdecimal` says): most
        # local codes stop here, one test instead of three patterns a row of an import.
        return False
    for pattern in _DATED:
        dated = pattern.match(text)
        if dated and not dated[2].isdigit() and _plausible_date(dated[1]):
            return True
    return bool(_TEMPLATE.match(text)) and not text.replace("-", "").replace("+", "").isdigit()


def _plausible_date(digits: str) -> bool:
    """A birth date as people write one: month 00-12, day 00-31 or 60-91 (samordningsnummer);
    00 where the date is unknown. A local code that merely starts with digits is left alone."""
    if len(digits) == 8:
        if not 1800 <= int(digits[:4]) <= 2199:
            return False
        digits = digits[2:]
    month, day = int(digits[2:4]), int(digits[4:6])
    return month <= 12 and (day <= 31 or 60 <= day <= 91)


def normalise_personnummer(value: str, today: dt.date | None = None) -> str:
    """YYYYMMDDNNNN from any of the ways people write a personnummer or samordningsnummer."""
    match = _PNR.match(value.replace(" ", ""))
    if match is None:
        raise PseudonymError("not a personnummer")
    date_part, sign, tail = match.groups()
    if len(date_part) == 6:
        date_part = _century(date_part, sign, today or timezone.localdate()) + date_part
    digits = date_part + tail
    if not _luhn_ok(digits[2:]):
        raise PseudonymError("the check digit of the personnummer is wrong")
    month, day = int(digits[4:6]), int(digits[6:8])
    # Samordningsnummer add 60 to the day.
    if day > 60:
        day -= 60
    try:
        dt.date(int(digits[:4]), month, day)
    except ValueError:
        raise PseudonymError("the personnummer has no valid date") from None
    return digits


def legal_gender(value: str) -> str | None:
    """"kvinna" or "man" as a personnummer or samordningsnummer states it (the ninth digit:
    even for a woman, odd for a man; a change of legal gender gives a new number); None for
    a local code or anything that is not a valid number."""
    if not looks_like_personnummer(value):
        return None
    try:
        digits = normalise_personnummer(value)
    except PseudonymError:
        return None
    return "man" if int(digits[10]) % 2 else "kvinna"


def _century(yymmdd: str, sign: str, today: dt.date) -> str:
    year = int(yymmdd[:2])
    century = today.year // 100
    if year > today.year % 100:
        century -= 1
    if sign == "+":
        century -= 1  # a plus sign marks someone 100 years or older
    return str(century)


def _luhn_ok(ten_digits: str) -> bool:
    total = 0
    for i, char in enumerate(ten_digits):
        n = int(char) * (2 if i % 2 == 0 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def association_key(secret: str, salt: str) -> bytes:
    """Each förbund's own key: its salt under the installation's secret."""
    return hmac.new(secret.encode(), f"samsyn-pseudonym:{salt}".encode(), hashlib.sha256).digest()


def pseudonym(key: bytes, value: str, today: dt.date | None = None) -> str:
    return hmac.new(key, _subject(value, today).encode(), hashlib.sha256).hexdigest()


def hasher(key: bytes) -> Callable[[str], str]:
    """`pseudonym` under one key, for many values (an import hashes one a row).

    HMAC as RFC 2104 builds it, with the two keyed SHA-256 states set up once and copied
    for each value: the same pseudonyms as `hmac.new`, in half the time of copying an
    `hmac` object (0.6 against 1.1 us, measured)."""
    block = hashlib.sha256().block_size
    padded = (hashlib.sha256(key).digest() if len(key) > block else key).ljust(block, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in padded)).copy
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in padded)).copy

    def hashed(value: str) -> str:
        state = inner()
        state.update(_subject(value).encode())
        result = outer()
        result.update(state.digest())
        return result.hexdigest()

    return hashed


def _subject(value: str, today: dt.date | None = None) -> str:
    value = value.strip()
    # A local code has a letter, a personnummer none: the cheaper test first.
    if _LOCAL.match(value) and _LETTER.search(value):
        if looks_like_placeholder(value):
            raise PlaceholderIdentity(PLACEHOLDER_FAULT)
        return "local:" + value.upper()
    if looks_like_personnummer(value):
        return "pnr:" + normalise_personnummer(value, today)
    if looks_like_placeholder(value):
        raise PlaceholderIdentity(PLACEHOLDER_FAULT)
    raise PseudonymError(
        "neither a valid personnummer nor a local code (letters and digits, with a letter)"
    )
