"""The idle timeout slides with each page, without a database write on every page."""

import datetime as dt

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from samsyn.web import sessions


def _expiry(client) -> dt.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _age_the_last_save(client, seconds: int) -> None:
    """As if the session had last been written `seconds` ago (and its expiry with it)."""
    key = client.session.session_key
    data = client.session.load()
    data[sessions.TOUCHED] = int(data[sessions.TOUCHED]) - seconds
    Session.objects.filter(session_key=key).update(
        session_data=sessions.SessionStore().encode(data),
        expire_date=timezone.now() - dt.timedelta(seconds=seconds) + dt.timedelta(minutes=30))


def test_pages_within_a_minute_of_the_last_save_do_not_write_the_session(alfa, login):
    client = login(alfa.users["board"])
    home = reverse("association_home", args=["alfa"])
    client.get(home)
    before = _expiry(client)
    client.get(home)
    assert _expiry(client) == before


def test_a_page_after_a_minute_moves_the_idle_timeout_on(alfa, login):
    client = login(alfa.users["board"])
    home = reverse("association_home", args=["alfa"])
    client.get(home)
    _age_the_last_save(client, sessions.TOUCH_SECONDS + 5)
    aged = _expiry(client)
    client.get(home)
    moved = _expiry(client)
    assert moved - aged >= dt.timedelta(seconds=sessions.TOUCH_SECONDS)
    assert abs((moved - timezone.now()) - dt.timedelta(minutes=30)) < dt.timedelta(seconds=5)


def test_a_changed_session_is_saved_at_once(alfa, login):
    client = login(alfa.users["board"])
    home = reverse("association_home", args=["alfa"])
    client.get(home)
    client.get(home + "?year=2021")  # the chosen year is kept in the session
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert stored["samsyn:year:alfa"] == 2021
