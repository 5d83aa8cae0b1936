"""The account's own pages: the header menu, the overview, the QR code, sessions, turning off."""

import json
import re

import segno
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.accounts.devices import qr_svg
from samsyn.accounts.models import SignedInSession
from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD, log_in_verified, second_factor_device

HOME = "/f/alfa/"
FIREFOX = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 "
           "Firefox/133.0")


def _signed_in(user, address="192.0.2.55", agent=FIREFOX):
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post("/konto/logga-in/", {"username": user.username,
                                                "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_header_of_a_signed_in_person_has_the_account_menu(alfa, login):
    page = login(alfa.users["office"]).get(HOME).content.decode()
    menu = page[page.index('<details class="account-menu">'):]
    menu = menu[:menu.index("</details>")]
    for url in ("/konto/", "/konto/losenord/", "/konto/tvastegs/reservkoder/",
                "/konto/api-nycklar/", "/konto/inloggningar/"):
        assert f'href="{url}' in menu, url
    assert 'action="/konto/logga-ut/" method="post"' in menu
    assert alfa.users["office"].username in menu


def test_an_anonymous_visitor_has_no_account_menu(alfa):
    page = Client().get("/katalog/").content.decode()
    assert "account-menu" not in page
    assert 'class="site-menu"' in page


def test_the_account_page_links_every_part_of_the_account(alfa, login):
    page = login(alfa.users["office"]).get(reverse("account")).content.decode()
    for name in ("password_change", "recovery_codes", "sessions", "api_keys"):
        assert f'href="{reverse(name)}"' in page, name
    assert "Tvåstegsinloggning" in page
    # The office's role requires the second factor: no way to turn it off is offered.
    assert reverse("second_factor_off") not in page
    assert "kan inte stängas av" in page


def test_the_set_up_page_draws_the_qr_code_from_exactly_the_devices_address(alfa, login):
    user = alfa.users["board"]
    client = Client()
    client.force_login(user)
    page = client.get(reverse("second_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    drawn = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    assert drawn == qr_svg(device.config_url)
    # The same modules as a QR code made from the address by segno itself.
    expected = segno.make(device.config_url, error="m", micro=False)
    assert drawn == expected.svg_inline(scale=4, border=4, dark="#000", light="#fff",
                                        omitsize=True, svgclass="qr")
    assert device.config_url.startswith("otpauth://totp/")
    # Drawn with attributes only (the CSP forbids inline styles) and from nothing outside.
    assert "style" not in drawn and "href" not in drawn and "<image" not in drawn
    # The key stays readable for those who type it: 32 characters in groups of four.
    key = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", key)


def test_another_person_never_sees_the_first_persons_qr_code_or_key(alfa):
    first, second = Client(), Client()
    first.force_login(alfa.users["board"])
    second.force_login(alfa.users["staff"])
    first_page = first.get(reverse("second_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=alfa.users["board"], confirmed=False)
    second_page = second.get(reverse("second_factor_setup")).content.decode()
    assert qr_svg(device.config_url) in first_page
    assert qr_svg(device.config_url) not in second_page
    assert device.config_url.split("secret=")[1][:16] not in second_page
    assert first.get(reverse("second_factor_setup"))["Cache-Control"] == "no-store"


def test_a_sign_in_is_listed_with_its_browser_and_a_shortened_address(alfa):
    client = _signed_in(alfa.users["staff"])
    page = client.get(reverse("sessions")).content.decode()
    assert "Firefox 133, Windows" in page
    assert "192.0.2.x" in page
    assert "192.0.2.55" not in page
    assert "den här inloggningen" in page
    row = SignedInSession.objects.get(user=alfa.users["staff"])
    assert row.network == "192.0.2.x"
    assert row.session_key == client.session.session_key


def test_logging_out_all_other_sessions_ends_them_and_is_logged(alfa):
    user = alfa.users["staff"]
    here = _signed_in(user)
    elsewhere = _signed_in(user, address="198.51.100.7", agent="Mozilla/5.0 (iPhone) "
                           "Version/17.0 Mobile/15E148 Safari/604.1")
    assert elsewhere.get(HOME).status_code == 200
    page = here.get(reverse("sessions")).content.decode()
    assert "Safari 17, iPhone" in page and "198.51.100.x" in page
    done = here.post(reverse("sessions_end_others"), follow=True)
    assert "1 annan inloggning är avslutad." in done.content.decode()
    assert elsewhere.get(HOME).status_code == 302
    assert here.get(HOME).status_code == 200
    assert SignedInSession.objects.filter(user=user).count() == 1
    entry = AuditEntry.objects.get(action="other_sessions_ended")
    assert entry.username == user.username
    assert json.loads(entry.detail) == {"sessions": 1}


def test_ending_other_sessions_takes_a_post(alfa):
    client = _signed_in(alfa.users["staff"])
    assert client.get(reverse("sessions_end_others")).status_code == 405


def test_a_session_that_signed_out_is_no_longer_listed(alfa):
    user = alfa.users["staff"]
    gone = _signed_in(user)
    stays = _signed_in(user)
    gone.post(reverse("logout"))
    page = stays.get(reverse("sessions")).content.decode()
    assert page.count("Firefox 133, Windows") == 1
    assert SignedInSession.objects.filter(user=user).count() == 1


def test_the_session_row_follows_the_new_key_after_a_password_change(alfa):
    user = alfa.users["staff"]
    client = _signed_in(user)
    new = "ett-helt-nytt-losenord-2026"
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    page = client.get(reverse("sessions")).content.decode()
    assert "den här inloggningen" in page
    assert SignedInSession.objects.get(user=user).session_key == client.session.session_key


def test_someone_whose_role_allows_it_turns_the_second_factor_off(alfa):
    user = alfa.users["staff"]
    client = log_in_verified(Client(), user)
    StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    page = client.get(reverse("account")).content.decode()
    assert f'href="{reverse("second_factor_off")}"' in page
    response = client.post(reverse("second_factor_off"))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="second_factor_removed",
                                     username=user.username).exists()


def test_a_password_alone_cannot_turn_the_second_factor_off(alfa):
    user = alfa.users["staff"]
    second_factor_device(user)
    client = _signed_in(user)
    response = client.post(reverse("second_factor_off"))
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/tvastegs/?")
    assert TOTPDevice.objects.filter(user=user).exists()


def test_a_role_that_requires_the_second_factor_cannot_turn_it_off(alfa, login):
    user = alfa.users["office"]
    response = login(user).post(reverse("second_factor_off"))
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
