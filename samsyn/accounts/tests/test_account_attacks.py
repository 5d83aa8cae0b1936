"""Attacks on the account pages: turning the second factor off without it, and sessions that
outlive "log out all others" or a password change."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.accounts.models import SignedInSession
from samsyn.accounts.second_factor import SSO_SESSION_KEY
from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD, log_in_verified, second_factor_device

HOME = "/f/alfa/"


def _signed_in(user, address="192.0.2.55"):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/konto/logga-in/", {"username": user.username,
                                                "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("role", ["admin", "office", "analyst"])
def test_no_role_that_requires_the_second_factor_can_turn_it_off(alfa, role):
    user = alfa.users[role]
    client = log_in_verified(Client(), user)
    assert client.post(reverse("second_factor_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_board_member_who_is_also_installation_staff_cannot_turn_it_off(alfa):
    user = alfa.users["board"]
    user.is_staff = True
    user.save()
    client = log_in_verified(Client(), user)
    assert client.post(reverse("second_factor_off")).status_code == 403
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_a_single_sign_on_flag_alone_does_not_turn_the_app_off(alfa):
    # The provider's "more than a password" is not this app's code: whoever turns the app
    # off shows a code from it first.
    user = alfa.users["staff"]
    second_factor_device(user)
    client = _signed_in(user)
    session = client.session
    session[SSO_SESSION_KEY] = True
    session.save()
    response = client.post(reverse("second_factor_off"))
    assert response.status_code == 302 and response["Location"].startswith("/konto/tvastegs/")
    assert TOTPDevice.objects.filter(user=user).exists()


def test_a_session_without_its_row_is_ended_by_log_out_all_others_too(alfa):
    # A session signed in before the rows were kept (every session at the upgrade) has no
    # row until its next request; the intruder's must not outlive "log out all others".
    user = alfa.users["staff"]
    intruder = _signed_in(user, address="198.51.100.7")
    SignedInSession.objects.filter(session_key=intruder.session.session_key).delete()
    owner = _signed_in(user)
    owner.post(reverse("sessions_end_others"))
    assert intruder.get(HOME).status_code == 302
    assert owner.get(HOME).status_code == 200


def test_another_person_s_sessions_are_left_alone(alfa):
    mine = _signed_in(alfa.users["staff"])
    theirs = _signed_in(alfa.users["board"], address="198.51.100.7")
    SignedInSession.objects.all().delete()
    mine.post(reverse("sessions_end_others"))
    assert theirs.get(HOME).status_code == 200
    assert mine.get(HOME).status_code == 200


def test_a_password_change_ends_the_other_sessions(alfa):
    user = alfa.users["staff"]
    elsewhere = _signed_in(user, address="198.51.100.7")
    here = _signed_in(user)
    new = "ett-helt-nytt-losenord-2026"
    assert here.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new,
        "new_password2": new}).status_code == 302
    assert elsewhere.get(HOME).status_code == 302
    assert here.get(HOME).status_code == 200


# A NUL byte in a wrong key went into the audit entry's user name: on PostgreSQL, which keeps
# no NUL in text, the request was a DataError (500) instead of 401 (found by redteam6).
@pytest.mark.parametrize("key", ["sam_\x00abcdef", "\x00" * 9, "sam_\x01\x7f\x1b[31m"])
def test_a_wrong_key_with_control_characters_is_refused_and_logged_without_them(alfa, key):
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get(
        reverse("api_members", args=["alfa"]))
    assert response.status_code == 401
    entry = AuditEntry.objects.filter(action="api_key_failed").latest("pk")
    assert entry.username.startswith("api-key:") and entry.username.isprintable()
