"""Brakes on guessing that never lock the right person out (issue 25)."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from samsyn.accounts import delays
from samsyn.accounts.models import BrakeKind, SignInBrake
from samsyn.api.models import ApiToken
from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD

LOGIN = "/konto/logga-in/"
HOME_ADDRESS = "192.0.2.10"
ATTACKER = "203.0.113.66"


def _fail(client, username, address, path=LOGIN, **extra):
    return client.post(path, {"username": username, "password": "wrong-password-1"},
                       REMOTE_ADDR=address, **extra)


def _log_in(client, username, address, **extra):
    return client.post(LOGIN, {"username": username, "password": PASSWORD},
                       REMOTE_ADDR=address, **extra)


def _expire_brakes():
    """As if the waits were over: every brake's time has come."""
    SignInBrake.objects.update(not_before=timezone.now() - dt.timedelta(seconds=1))


@pytest.fixture
def limit(settings):
    return settings.SAMSYN_LOGIN_FAILURE_LIMIT


def test_the_right_password_from_the_users_own_address_works_however_much_others_guess(
        alfa, limit):
    name = alfa.users["board"].username
    assert _log_in(Client(), name, HOME_ADDRESS).status_code == 302
    attacker = Client()
    for i in range(3):
        for _ in range(limit + 1):
            _fail(attacker, name, f"203.0.113.{i + 1}")
    assert _fail(attacker, name, "203.0.113.1").status_code == 429
    client = Client()
    assert _log_in(client, name, HOME_ADDRESS).status_code == 302
    assert client.session["_auth_user_id"] == str(alfa.users["board"].pk)


def test_a_new_address_is_not_punished_for_guesses_from_another(alfa, limit):
    name = alfa.users["board"].username
    for _ in range(limit + 3):
        _fail(Client(), name, ATTACKER)
    assert _log_in(Client(), name, "198.51.100.7").status_code == 302


def test_guesses_from_one_address_wait_longer_and_longer(alfa, limit):
    name = alfa.users["board"].username
    client = Client()
    for _ in range(limit - 1):
        assert _fail(client, name, ATTACKER).status_code == 200
    assert _fail(client, name, ATTACKER).status_code == 200  # the limit-th failure
    # Now every attempt from there waits, even with the right password, and is not checked.
    refused = _log_in(client, name, ATTACKER)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    row = SignInBrake.objects.get(kind=BrakeKind.USER, username=name, address=ATTACKER)
    assert row.failures == limit
    waits = []
    for _ in range(3):
        _expire_brakes()
        _fail(client, name, ATTACKER)
        row.refresh_from_db()
        waits.append(round((row.not_before - row.last_failure).total_seconds()))
    assert waits == [2, 4, 8]
    _expire_brakes()
    assert _log_in(client, name, ATTACKER).status_code == 302


def test_the_wait_page_says_how_long_and_that_nothing_is_locked(alfa, limit):
    name = alfa.users["board"].username
    client = Client()
    for _ in range(limit + 2):
        _fail(client, name, ATTACKER)
    page = _log_in(client, name, ATTACKER)
    assert page.status_code == 429
    text = page.content.decode()
    assert "sekund" in text and "Inget är låst" in text


def test_an_address_spraying_many_user_names_is_slowed_but_not_for_someone_at_home_there(
        alfa, settings):
    office = "198.51.100.20"
    board = alfa.users["board"].username
    assert _log_in(Client(), board, office).status_code == 302
    client = Client()
    for i in range(settings.SAMSYN_ADDRESS_FAILURE_LIMIT + 1):
        _fail(client, f"gissning-{i}", office)
    # A user who never signed in from there waits; one who has gets in.
    assert _log_in(Client(), alfa.users["staff"].username, office).status_code == 429
    assert _log_in(Client(), board, office).status_code == 302


def test_the_admin_login_is_braked_the_same_way(alfa, limit):
    client = Client()
    for _ in range(limit + 1):
        _fail(client, "root", ATTACKER, path="/admin/login/")
    assert _fail(client, "root", ATTACKER, path="/admin/login/").status_code == 429


def test_behind_a_trusted_proxy_each_client_is_counted_apart(alfa, settings, limit):
    settings.SAMSYN_TRUSTED_PROXIES = ["10.0.0.1"]
    name = alfa.users["board"].username
    client = Client()
    for _ in range(limit + 1):
        _fail(client, name, "10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.60")
    assert _log_in(Client(), name, "10.0.0.1",
                   HTTP_X_FORWARDED_FOR="203.0.113.60").status_code == 429
    assert _log_in(Client(), name, "10.0.0.1",
                   HTTP_X_FORWARDED_FOR="203.0.113.61").status_code == 302


def test_a_forged_forwarded_header_does_not_dodge_the_brake(alfa, limit):
    name = alfa.users["board"].username
    client = Client()
    for i in range(limit + 1):
        _fail(client, name, ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    assert _log_in(client, name, ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99").status_code == 429


def test_the_user_is_told_by_mail_when_a_brake_starts_and_at_the_next_sign_in(alfa, limit):
    user = alfa.users["board"]
    user.email = "styrelse@alfa.example"
    user.save()
    for _ in range(limit + 2):
        _fail(Client(), user.username, ATTACKER)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email] and ATTACKER in mail.outbox[0].body
    client = Client()
    page = client.post(LOGIN, {"username": user.username, "password": PASSWORD},
                       REMOTE_ADDR=HOME_ADDRESS, follow=True).content.decode()
    assert f"{limit + 2} misslyckade försök" in page
    # Told once: the next sign-in has nothing to tell.
    again = Client().post(LOGIN, {"username": user.username, "password": PASSWORD},
                          REMOTE_ADDR=HOME_ADDRESS, follow=True).content.decode()
    assert "misslyckade försök" not in again
    assert AuditEntry.objects.filter(action="brake", username=user.username).exists()


def test_no_mail_tells_a_guesser_whether_the_user_name_exists(db, limit):
    first = _fail(Client(), "finns-inte", ATTACKER)
    for _ in range(limit):
        _fail(Client(), "finns-inte", ATTACKER)
    assert mail.outbox == [] and first.status_code == 200


def test_the_forbunds_admin_lifts_a_members_brakes(alfa, login, limit):
    name = alfa.users["board"].username
    for _ in range(limit + 1):
        _fail(Client(), name, ATTACKER)
    assert _log_in(Client(), name, ATTACKER).status_code == 429
    url = reverse("brake_lift", args=["alfa", alfa.memberships["board"].pk])
    assert login(alfa.users["office"]).post(url).status_code == 403
    admin = login(alfa.users["admin"])
    listing = admin.get(reverse("membership_list", args=["alfa"])).content.decode()
    assert url in listing
    assert admin.post(url).status_code == 302
    assert _log_in(Client(), name, ATTACKER).status_code == 302
    assert AuditEntry.objects.filter(action="brake_lifted", username=name).exists()


def test_an_admin_cannot_lift_brakes_of_another_forbunds_member(alfa, beta, login):
    url = reverse("brake_lift", args=["alfa", beta.memberships["board"].pk])
    assert login(alfa.users["admin"]).post(url).status_code == 404


def test_a_valid_api_key_works_from_an_address_others_guessed_keys_from(alfa, settings):
    _token, key = ApiToken.issue(alfa.users["board"], "skript")
    url = reverse("api_members", args=["alfa"])
    client = Client()
    for i in range(settings.SAMSYN_ADDRESS_FAILURE_LIMIT):
        bad = client.get(url, HTTP_AUTHORIZATION=f"Token sam_gissning{i}", REMOTE_ADDR=ATTACKER)
        assert bad.status_code == 401
    braked = client.get(url, HTTP_AUTHORIZATION="Token sam_gissning", REMOTE_ADDR=ATTACKER)
    assert braked.status_code == 429 and braked.json()["code"] == "throttled"
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {key}",
                      REMOTE_ADDR=ATTACKER).status_code == 200
    assert AuditEntry.objects.filter(action="api_key_failed").exists()


def test_bad_api_keys_do_not_brake_password_sign_in_from_the_address(alfa, settings):
    url = reverse("api_members", args=["alfa"])
    for i in range(settings.SAMSYN_ADDRESS_FAILURE_LIMIT + 2):
        Client().get(url, HTTP_AUTHORIZATION=f"Token sam_x{i}", REMOTE_ADDR=ATTACKER)
    assert _log_in(Client(), alfa.users["board"].username, ATTACKER).status_code == 302


@given(st.integers(0, 200), st.integers(1, 20), st.integers(1, 3600))
def test_the_wait_doubles_after_the_limit_and_never_passes_the_cap(failures, limit, cap):
    wait = delays.delay(failures, limit, cap)
    assert 0 <= wait <= cap
    assert (wait == 0) == (failures < limit)
    if wait and wait < cap:
        assert delays.delay(failures + 1, limit, cap) == min(2 * wait, cap)


def test_failures_are_forgotten_after_a_quiet_day():
    now = timezone.now()
    assert delays.counted(7, now - dt.timedelta(hours=1), now) == 7
    assert delays.counted(7, now - dt.timedelta(hours=25), now) == 0
