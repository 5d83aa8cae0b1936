"""Sign-in fit for personal data: hashing, length, sessions, keys, events (brakes:
test_brakes.py)."""

import time

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samsyn.accounts.middleware import SIGNED_IN_AT
from samsyn.api.models import ApiToken
from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD

LOGIN = "/konto/logga-in/"


def _fail(client, username, address="192.0.2.10", path=LOGIN, **extra):
    return client.post(path, {"username": username, "password": "wrong-password-1"},
                       REMOTE_ADDR=address, **extra)


def _log_in(client, username, address="192.0.2.10"):
    return client.post(LOGIN, {"username": username, "password": PASSWORD}, REMOTE_ADDR=address)


def test_production_hashes_passwords_with_argon2():
    from samsyn import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    from django.contrib.auth.hashers import Argon2PasswordHasher

    assert make_password("a long passphrase", hasher=Argon2PasswordHasher()).startswith(
        "argon2$argon2id$")


def test_a_password_needs_twelve_characters():
    with pytest.raises(ValidationError):
        validate_password("Kort-lösen1")
    validate_password("en mening som lösenord")


def test_sign_in_events_are_in_the_audit_log(alfa, settings):
    client = Client()
    name = alfa.users["board"].username
    for _ in range(settings.SAMSYN_LOGIN_FAILURE_LIMIT):
        _fail(client, name)
    actions = list(AuditEntry.objects.filter(username=name).values_list("action", flat=True))
    assert actions.count("login_failed") == settings.SAMSYN_LOGIN_FAILURE_LIMIT
    assert "brake" in actions
    _log_in(Client(), alfa.users["office"].username, "192.0.2.11")
    entry = AuditEntry.objects.filter(action="login").latest("pk")
    assert (entry.username, entry.address) == (alfa.users["office"].username, "192.0.2.11")


def test_role_changes_are_in_the_audit_log(alfa):
    membership = alfa.memberships["board"]
    membership.role = "office"
    membership.save()
    entry = AuditEntry.objects.filter(action="role_changed").latest("pk")
    assert entry.association_id == alfa.association.pk and '"role": "office"' in entry.detail


def test_a_session_ends_after_half_an_hour_without_a_request(alfa, login, settings):
    client = login(alfa.users["board"])
    client.get("/")
    assert client.session.get_expiry_age() == 30 * 60 == settings.SESSION_COOKIE_AGE
    assert settings.SESSION_SAVE_EVERY_REQUEST


def test_a_session_ends_after_the_longest_day_however_busy(alfa, login):
    client = login(alfa.users["board"])
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - 11 * 3600
    session.save()
    response = client.get(reverse("association_home", args=["alfa"]))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_password_reset_by_e_mail(alfa):
    user = alfa.users["board"]
    user.email = "styrelse@example.org"
    user.save()
    Client().post(reverse("password_reset"), {"email": "styrelse@example.org"})
    assert len(mail.outbox) == 1
    link = next(w for w in mail.outbox[0].body.split() if "/konto/losenord/nytt/" in w)
    client = Client()
    form = client.get(link, follow=True)
    new = "ett nytt långt lösenord"
    done = client.post(form.redirect_chain[-1][0],
                       {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_api_keys_expire(alfa):
    token, key = ApiToken.issue(alfa.users["board"], "skript", days=1)
    url = reverse("api_members", args=["alfa"])
    assert Client().get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now())
    assert Client().get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_a_password_change_revokes_every_api_key(alfa):
    user = alfa.users["board"]
    _token, key = ApiToken.issue(user, "skript")
    user.set_password("ett helt annat lösenord")
    user.save()
    url = reverse("api_members", args=["alfa"])
    assert Client().get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    assert AuditEntry.objects.filter(action="password_changed", username=user.username).exists()


def test_a_password_hash_upgraded_at_login_keeps_the_keys(alfa):
    user = alfa.users["board"]
    _token, key = ApiToken.issue(user, "skript")
    user.check_password(PASSWORD)  # may re-hash; no new password
    url = reverse("api_members", args=["alfa"])
    assert Client().get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def test_making_and_revoking_a_key_is_logged(alfa, login):
    client = login(alfa.users["board"])
    client.post(reverse("api_keys"), {"name": "skript", "days": "30"})
    token = ApiToken.objects.get(user=alfa.users["board"])
    assert (token.expires - timezone.now()).days in (29, 30)
    client.post(reverse("api_key_revoke", args=[token.pk]))
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"api_key_created", "api_key_revoked"} <= actions
