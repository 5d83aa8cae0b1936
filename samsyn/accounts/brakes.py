"""Brakes on guessing, that never lock anyone out.

Failures are counted per user name *and* address, and per address across user names (which
stops spraying one password over many names). Past a limit each further attempt from there
must wait 1, 2, 4 ... seconds, up to SAMSYN_BRAKE_MAX_SECONDS (samsyn/accounts/delays.py).
Someone guessing a user's password elsewhere therefore slows only themselves: the user, from
their own address, signs in as always; and an address they have signed in from before is not
held by the address-wide brake either. The user hears of failed attempts at their next sign-in
and, when a brake starts, by e-mail. A förbund's administrator can lift a member's brakes.

API keys: failed keys are counted per address and answered 429 while braked, but a valid key
always works, whoever else tried bad keys from the same address.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.accounts import delays
from samsyn.accounts.models import BrakeKind, SignInBrake
from samsyn.accounts.network import client_ip
from samsyn.audit.services import security_event


def _name(username: str) -> str:
    return username.strip().casefold()[:150]


def _row(kind: str, username: str, address: str) -> SignInBrake | None:
    return SignInBrake.objects.filter(kind=kind, username=username, address=address).first()


def wait(username: str, address: str, now: dt.datetime | None = None) -> int:
    """Seconds a password attempt for `username` from `address` must still wait (0: go)."""
    now = now or timezone.now()
    own = _row(BrakeKind.USER, _name(username), address)
    seconds = delays.remaining(own.not_before, now) if own else 0
    if own is None or not own.known:
        spray = _row(BrakeKind.ADDRESS, "", address)
        if spray is not None:
            seconds = max(seconds, delays.remaining(spray.not_before, now))
    return seconds


def key_wait(address: str, now: dt.datetime | None = None) -> int:
    row = _row(BrakeKind.API_KEY, "", address)
    return delays.remaining(row.not_before, now or timezone.now()) if row else 0


def _fail(kind: str, username: str, address: str, limit: int, now: dt.datetime) -> SignInBrake:
    with transaction.atomic():
        row, _created = (SignInBrake.objects.select_for_update()
                         .get_or_create(kind=kind, username=username, address=address))
        row.failures = delays.counted(row.failures, row.last_failure, now) + 1
        row.unreported += 1
        row.last_failure = now
        pause = delays.delay(row.failures, limit, settings.SAMSYN_BRAKE_MAX_SECONDS)
        row.not_before = now + dt.timedelta(seconds=pause) if pause else None
        row.save()
    return row


def failed(username: str, request: Any) -> None:
    """A wrong password for `username` from the request's address."""
    now = timezone.now()
    address = client_ip(request)
    name = _name(username)
    row = _fail(BrakeKind.USER, name, address, settings.SAMSYN_LOGIN_FAILURE_LIMIT, now)
    _fail(BrakeKind.ADDRESS, "", address, settings.SAMSYN_ADDRESS_FAILURE_LIMIT, now)
    if row.failures == settings.SAMSYN_LOGIN_FAILURE_LIMIT:
        security_event("brake", username=name or "?", request=request,
                       detail={"failures": row.failures})
        _tell_by_mail(name, address, row.failures)


def refused(username: str, request: Any) -> None:
    """An attempt the brake turned away unchecked: no failure, but the user hears of it."""
    SignInBrake.objects.filter(kind=BrakeKind.USER, username=_name(username),
                               address=client_ip(request)).update(unreported=F("unreported") + 1)


def key_failed(request: Any) -> None:
    _fail(BrakeKind.API_KEY, "", client_ip(request), settings.SAMSYN_ADDRESS_FAILURE_LIMIT,
          timezone.now())


def succeeded(user: Any, request: Any) -> int:
    """A sign-in: its address is the user's own from now on, and its brake is gone.

    Returns how many failed attempts there were for the user name, from anywhere, since the
    last time they were told, so the sign-in can tell them.
    """
    name = _name(user.get_username())
    address = client_ip(request)
    rows = SignInBrake.objects.filter(kind=BrakeKind.USER, username=name)
    unreported = rows.aggregate(n=Sum("unreported"))["n"] or 0
    rows.filter(unreported__gt=0).update(unreported=0)
    SignInBrake.objects.update_or_create(
        kind=BrakeKind.USER, username=name, address=address,
        defaults={"failures": 0, "not_before": None, "known": True, "unreported": 0})
    return int(unreported)


def braked_names(usernames: list[str], now: dt.datetime | None = None) -> set[str]:
    """Which of these user names have a brake holding at some address now (case-folded)."""
    names = {_name(u) for u in usernames}
    return set(SignInBrake.objects.filter(kind=BrakeKind.USER, username__in=names,
                                          not_before__gt=now or timezone.now())
               .values_list("username", flat=True))


def lift(user: Any) -> int:
    """Every brake on the user's name, at every address; returns how many there were."""
    rows = SignInBrake.objects.filter(kind=BrakeKind.USER, username=_name(user.get_username()),
                                      failures__gt=0)
    # What the person has not been told of stays, to be told at their next sign-in.
    return rows.update(failures=0, not_before=None, last_failure=None)


def _tell_by_mail(name: str, address: str, failures: int) -> None:
    user = (get_user_model().objects.filter(username__iexact=name, is_active=True)
            .exclude(email="").first())
    if user is None:
        return
    send_mail(
        _("Failed sign-in attempts to your Samsyn account"),
        _("There were %(n)s failed attempts to sign in as %(user)s from the address "
          "%(address)s. Further attempts from that address are now slowed down; you can still "
          "sign in as usual from your own address. If this was not you, tell your förbund's "
          "administrator and consider changing your password.")
        % {"n": failures, "user": user.get_username(), "address": address},
        None, [user.email], fail_silently=True)
