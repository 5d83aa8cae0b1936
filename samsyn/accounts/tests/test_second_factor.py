"""A second factor for admin, kansli and analysts: enrol, verify, recover."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD, second_factor_token

HOME = "/f/alfa/"


def _password_only(user):
    client = Client()
    response = client.post("/konto/logga-in/", {"username": user.username, "password": PASSWORD,
                                                "next": HOME})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize("role", ["admin", "office", "analyst"])
def test_a_password_alone_does_not_open_the_pages_of_these_roles(alfa, role):
    client = _password_only(alfa.users[role])
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))
    api = client.get(reverse("api_members", args=["alfa"]))
    assert api.status_code == 403


@pytest.mark.parametrize("role", ["staff", "board"])
def test_staff_and_board_get_in_with_a_password(alfa, role):
    assert _password_only(alfa.users[role]).get(HOME).status_code == 200


def test_enrolling_shows_the_secret_as_text_and_gives_recovery_codes(alfa):
    user = alfa.users["office"]
    client = _password_only(user)
    page = client.get(reverse("second_factor_setup"), {"next": HOME}).content.decode()
    assert "otpauth://totp/" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    code = f"{totp(device.bin_key):06d}"
    done = client.post(reverse("second_factor_setup"), {"token": code, "next": HOME})
    codes = re.findall(r"<code>([0-9a-f]{6}-[0-9a-f]{6})</code>", done.content.decode())
    assert len(codes) == 10
    assert client.get(HOME).status_code == 200
    assert AuditEntry.objects.filter(action="second_factor_enrolled",
                                     username=user.username).exists()


def test_a_wrong_code_does_not_enrol(alfa):
    client = _password_only(alfa.users["office"])
    client.get(reverse("second_factor_setup"))
    page = client.post(reverse("second_factor_setup"), {"token": "000000"})
    assert "Koden stämmer inte" in page.content.decode()
    assert client.get(HOME).status_code == 302


def test_a_known_device_asks_for_its_code_at_each_sign_in(alfa):
    user = alfa.users["admin"]
    token = second_factor_token(user)
    client = _password_only(user)
    assert client.get(HOME)["Location"].startswith(reverse("second_factor_verify"))
    right = client.post(reverse("second_factor_verify"), {"token": token, "next": HOME})
    assert right.status_code == 302 and right["Location"] == HOME
    assert client.get(HOME).status_code == 200
    other = _password_only(user)
    wrong = other.post(reverse("second_factor_verify"), {"token": "12345", "next": HOME})
    assert wrong.status_code == 200 and other.get(HOME).status_code == 302
    actions = set(AuditEntry.objects.filter(username=user.username)
                  .values_list("action", flat=True))
    assert {"second_factor_failed", "second_factor"} <= actions


def test_a_recovery_code_works_once(alfa):
    from samsyn.accounts.devices import new_recovery_codes

    user = alfa.users["analyst"]
    second_factor_token(user)
    codes = new_recovery_codes(user)
    first = _password_only(user)
    first.post(reverse("second_factor_verify"), {"token": codes[0]})
    assert first.get(HOME).status_code == 200
    again = _password_only(user)
    again.post(reverse("second_factor_verify"), {"token": codes[0]})
    assert again.get(HOME).status_code == 302


def test_the_installations_admin_site_wants_the_second_factor_too(alfa):
    root = alfa.users["board"]
    root.is_superuser = root.is_staff = True
    root.save()
    client = _password_only(root)
    assert client.get("/admin/").status_code == 302


def test_the_requirement_can_be_turned_off_for_development(alfa, settings):
    settings.SAMSYN_REQUIRE_SECOND_FACTOR = False
    assert _password_only(alfa.users["admin"]).get(HOME).status_code == 200
