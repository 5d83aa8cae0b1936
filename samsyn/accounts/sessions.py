"""A user's signed-in sessions: recorded at sign-in, refreshed by requests, listed, ended.

Why a row of our own (SignedInSession) rather than reading Django's session table: that table
holds the user id only inside each session's encoded data, so listing one person's sessions
would mean decoding every session of the installation. The row is written by the sign-in
signal (which knows the new session key) and refreshed by `SessionActivity` at most once a
minute, as the session store itself is (samsyn/web/sessions.py), so a page costs no extra
write. The session key changes when the password changes (Django cycles it); the row's id
travels inside the session, so the next request moves the row to the new key.
"""

import time
from collections.abc import Callable
from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from samsyn.accounts.browsers import shortened_address, stored_user_agent
from samsyn.accounts.models import SignedInSession
from samsyn.accounts.network import client_ip
from samsyn.audit.services import security_event

RECORD = "samsyn_session_record"
SEEN_SECONDS = 60


def record_sign_in(request: Any, user: Any) -> None:
    """Write the row for the session a sign-in has just made."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    now = timezone.now()
    meta = getattr(request, "META", {})
    row, _created = SignedInSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={"user": user, "signed_in": now, "last_seen": now,
                  "user_agent": stored_user_agent(meta.get("HTTP_USER_AGENT", "")),
                  "network": shortened_address(client_ip(request)) if meta else ""})
    session[RECORD] = [row.pk, session.session_key, int(time.time())]


def forget(request: Any) -> None:
    """The row of a session that is signing out."""
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        SignedInSession.objects.filter(session_key=session.session_key).delete()


def active(user: Any) -> list[SignedInSession]:
    """The user's sessions that have not ended, newest first; rows of ended ones are removed."""
    rows = list(SignedInSession.objects.filter(user=user).order_by("-last_seen"))
    live = set(Session.objects.filter(session_key__in=[r.session_key for r in rows],
                                      expire_date__gt=timezone.now())
               .values_list("session_key", flat=True))
    ended = [r.pk for r in rows if r.session_key not in live]
    if ended:
        SignedInSession.objects.filter(pk__in=ended).delete()
    return [r for r in rows if r.session_key in live]


def _unlisted(user: Any) -> list[str]:
    """Keys of the user's live sessions that have no row: signed in before rows were kept
    (every session at the upgrade), or by a path without the sign-in signal. Only sessions
    without a row are decoded, which once every session has been used since are few."""
    unlisted = (Session.objects.filter(expire_date__gt=timezone.now())
                .exclude(session_key__in=SignedInSession.objects.values("session_key"))
                .only("session_key", "session_data"))
    return [row.session_key for row in unlisted.iterator()
            if row.get_decoded().get(SESSION_KEY) == str(user.pk)]


def end_others(request: HttpRequest) -> int:
    """End every session of the user but this one; the number ended (audit log)."""
    user: Any = request.user
    with transaction.atomic():
        others = SignedInSession.objects.filter(user=user).exclude(
            session_key=request.session.session_key)
        # A session without a row is ended too: "log out all others" must leave none.
        keys = list(others.values_list("session_key", flat=True)) + [
            key for key in _unlisted(user) if key != request.session.session_key]
        ended = Session.objects.filter(session_key__in=keys,
                                       expire_date__gt=timezone.now()).count()
        Session.objects.filter(session_key__in=keys).delete()
        others.delete()
        security_event("other_sessions_ended", user=user, request=request,
                       detail={"sessions": ended})
    return ended


class SessionActivity:
    """Refresh the signed-in session's row: last seen, and its key after a cycle."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        session = getattr(request, "session", None)
        # Only a session someone signed in to: an API key's request has a user but no session.
        if user is None or not user.is_authenticated or session is None \
                or SESSION_KEY not in session:
            return response
        kept = session.get(RECORD)
        now = int(time.time())
        if not kept:
            # Signed in before rows were kept (or by a path without the signal): start one.
            record_sign_in(request, user)
            return response
        pk, key, seen = kept
        if key != session.session_key or not 0 <= now - seen < SEEN_SECONDS:
            moved = SignedInSession.objects.filter(pk=pk, user=user).update(
                session_key=session.session_key, last_seen=timezone.now())
            if moved:
                session[RECORD] = [pk, session.session_key, now]
            else:
                record_sign_in(request, user)
        return response
