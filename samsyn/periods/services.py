"""Signing periods off, and the check every write of records or budget lines goes through."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.models import Association, Membership, Role
from samsyn.associations.writes import NEEDS_REASON
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.periods.locks import Span, touched
from samsyn.periods.models import LateChange, ReportedKind, SignedPeriod

REOPEN_HOURS = 24


class PeriodLocked(ValidationError):
    """A change inside a signed-off period that may not be made (or not without a reason)."""


def _username(user: Any) -> str:
    return user.get_username() if user is not None else "manage.py"


def _is_admin(association: Association, user: Any) -> bool:
    if user is None:  # the command line acts for the installation
        return True
    return Membership.objects.filter(association=association, user=user,
                                     role=Role.ADMIN).exists()


def check_open(association: Association, spans: Iterable[Span], user: Any,
               reason: str | None = None, what: str = "", *,
               asked: bool = True) -> list[LateChange]:
    """Refuses a change touching a signed-off period, or accepts and logs it.

    Accepted: while an administrator has opened the period for changes (the opening's reason
    is logged with the change), or when `user` is an administrator who states a reason. Call
    it inside the transaction that writes, so a refusal leaves nothing half-written.

    `asked`: whether the writer's page has a field for that reason. A page without one (an
    import, a grid of counts, a restore) tells an administrator to open the period first
    instead, never to fill in a field that is not there.
    """
    periods = touched(spans, list(SignedPeriod.objects.filter(association=association)))
    if not periods:
        return []
    now = timezone.now()
    # The API takes the reason from a query string: a NUL byte, which no form lets through,
    # would fail the write on PostgreSQL.
    reason = (reason or "").replace("\x00", "").strip()
    logged = []
    for period in periods:
        if period.reopened_until and period.reopened_until > now:
            why = period.reopen_reason
        elif reason and _is_admin(association, user):
            why = reason
        else:
            admin = _is_admin(association, user)
            raise PeriodLocked(refusal(period, admin, asked=asked),
                               code=NEEDS_REASON if admin and asked else "period_locked")
        logged.append(LateChange.objects.create(
            period=period, user=user, username=_username(user), what=what[:300],
            reason=why[:300]))
    versions.changed(association, versions.parts_of(LateChange))
    return logged


def refusals(association: Association, spans: Iterable[Span], user: Any, *,
             asked: bool = True) -> list[str]:
    """What check_open would refuse without a reason, read only: a preview says so before
    its confirmation rather than after it."""
    now = timezone.now()
    held = [p for p in touched(spans, list(SignedPeriod.objects.filter(association=association)))
            if not (p.reopened_until and p.reopened_until > now)]
    if not held:
        return []
    admin = _is_admin(association, user)
    return [refusal(p, admin, asked=asked) for p in held]


def refusal(period: SignedPeriod, admin: bool, *, asked: bool = True) -> str:
    base = _("The period %(start)s–%(end)s is signed off as reported (%(report)s, "
             "%(date)s by %(user)s).") % {
        "start": period.start.isoformat(), "end": period.end.isoformat(),
        "report": period.get_kind_display(), "date": f"{period.signed_at:%Y-%m-%d}",
        "user": period.signed_by_name}
    if admin and asked:
        return base + " " + _("Give a reason for the change; it is logged and shown on the "
                              "report as a later change.")
    if admin:
        return base + " " + _("This page asks for no reason: open the period for changes "
                              "first, under Reported periods (Open for changes, with the "
                              "reason), then do this again. The change is logged as a later "
                              "change with that reason.")
    return base + " " + _("The change is refused. An administrator can open the period for "
                          "changes under Reported periods, with a stated reason.")


def asks_reason(association: Association, user: Any) -> bool:
    """Whether an edit page offers `user` a field for the reason of a change after sign-off:
    an administrator of a förbund that has signed a period off. Which periods a row touches
    only its service knows, so the field is offered on every form of a kind that checks them,
    and needed only when the service says so."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (SignedPeriod.objects.filter(association=association).exists()
            and _is_admin(association, user))


def blocking(association: Association, spans: Iterable[Span], user: Any,
             reason: str | None = None) -> list[str]:
    """Why check_open would refuse (nothing if it would accept); writes nothing."""
    periods = touched(spans, list(SignedPeriod.objects.filter(association=association)))
    now = timezone.now()
    admin = _is_admin(association, user) if periods else False
    return [refusal(p, admin) for p in periods
            if not (p.reopened_until and p.reopened_until > now)
            and not ((reason or "").strip() and admin)]


# The parts of a year that may be signed off, by the sign-off form's value: (first month,
# last month). The tertials are for förbund that follow up per tertial (issue 27); their
# delårsrapport covers January–August.
PARTS = {"h1": (1, 6), "t1": (1, 4), "t2": (5, 8), "t1-2": (1, 8)}


def period_bounds(year: int, half: str) -> tuple[dt.date, dt.date]:
    first, last = PARTS.get(half, (1, 12))
    end = dt.date(year + 1, 1, 1) if last == 12 else dt.date(year, last + 1, 1)
    return dt.date(year, first, 1), end - dt.timedelta(days=1)


@transaction.atomic
def sign(association: Association, user: Any, kind: str, start: dt.date,
         end: dt.date) -> SignedPeriod:
    period, created = SignedPeriod.objects.get_or_create(
        association=association, kind=kind, start=start, end=end,
        defaults={"signed_by": user, "signed_by_name": _username(user)})
    if created:
        # Signing off decides what every later write may do: the log says who did it, when.
        _log("sign_off", period, user)
    versions.changed(association, versions.parts_of(SignedPeriod))
    return period


@transaction.atomic
def reopen(period: SignedPeriod, user: Any, reason: str) -> None:
    period.reopened_until = timezone.now() + dt.timedelta(hours=REOPEN_HOURS)
    period.reopen_reason = reason.strip()[:300]
    period.reopened_by_name = _username(user)
    period.save(update_fields=["reopened_until", "reopen_reason", "reopened_by_name"])
    LateChange.objects.create(period=period, user=user, username=_username(user),
                              what=str(_("opened the period for changes")),
                              reason=period.reopen_reason)
    _log("reopen", period, user, reason=period.reopen_reason)
    versions.changed(period.association_id, versions.parts_of(SignedPeriod))


@transaction.atomic
def close(period: SignedPeriod, user: Any = None) -> None:
    period.reopened_until = None
    period.save(update_fields=["reopened_until"])
    _log("close_reopened", period, user)
    versions.changed(period.association_id, versions.parts_of(SignedPeriod))


def _log(action: str, period: SignedPeriod, user: Any, **detail: str) -> None:
    record(category=Category.DATA, action=action, user=user,
           association=period.association, obj=period,
           detail={"kind": period.kind, "start": period.start.isoformat(),
                   "end": period.end.isoformat(), **detail})


def late_change_notes(association: Association, start: dt.date, end: dt.date, *,
                      published: bool = False) -> list[str]:
    """What changed after sign-off in signed periods overlapping [start, end], for a report.

    `published`: for a reader who may see no record (the board, the national view, a
    document that leaves the office). What was written is left out (a participation's
    pseudonym and start day, a count as typed), and changes alike in period, day, user and
    reason are one line, so neither a person nor how many rows were changed is told."""
    changes = (LateChange.objects.filter(period__association=association,
                                         period__start__lte=end, period__end__gte=start)
               .select_related("period").order_by("at", "pk"))
    if published:
        lines = [_("Changed after sign-off of %(period)s: %(date)s by %(user)s. Reason: "
                   "%(reason)s") % {"period": str(c.period), "date": f"{c.at:%Y-%m-%d}",
                                    "user": c.username, "reason": c.reason} for c in changes]
        return list(dict.fromkeys(lines))
    return [
        _("Changed after sign-off of %(period)s: %(date)s by %(user)s, %(what)s. "
          "Reason: %(reason)s") % {"period": str(c.period), "date": f"{c.at:%Y-%m-%d}",
                                   "user": c.username, "what": c.what, "reason": c.reason}
        for c in changes
    ]


def classification_reported(intervention: Any) -> SignedPeriod | None:
    """The first Uppföljning Finsam sign-off covering the insats: its orientation is then
    locked, as the national system locks it."""
    end = intervention.end or dt.date.max
    return (SignedPeriod.objects.filter(association_id=intervention.association_id,
                                        kind=ReportedKind.UPPFOLJNING,
                                        start__lte=end, end__gte=intervention.start)
            .order_by("start").first())
