"""What the sessions page says of a browser and an address (samsyn/accounts/browsers.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from samsyn.accounts.browsers import browser_name, shortened_address, stored_user_agent
from samsyn.accounts.models import SignedInSession
from samsyn.testing import PASSWORD


@pytest.mark.parametrize(("agent", "name"), [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86", "Edge 131, Windows"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.1 Safari/605.1.15", "Safari 18, macOS"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome 131, Android"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
     "Firefox 133, Linux"),
    ("curl/8.5.0", ""),
])
def test_a_browser_is_named_by_its_family_version_and_system(agent, name):
    assert browser_name(agent) == name


def test_an_ipv4_address_loses_its_last_part():
    assert shortened_address("203.0.113.77") == "203.0.113.x"


def test_an_ipv6_address_is_cut_to_its_network():
    assert shortened_address("2001:db8:85a3:8d3:1319:8a2e:370:7348") == "2001:db8:85a3::/48"


def test_an_ipv4_address_inside_ipv6_is_shortened_as_ipv4():
    assert shortened_address("::ffff:198.51.100.9") == "198.51.100.x"


def test_no_address_gives_nothing():
    assert shortened_address("") == ""
    assert shortened_address("not an address") == ""


# A NUL byte in the User-Agent header failed the sign-in on PostgreSQL, which stores no NUL
# in text (DataError, found by redteam6); a lone surrogate failed to encode.
HOSTILE_AGENTS = ["Mozilla\x00evil", "Mözilla \ud800 \udcff", "x\r\n\x1b[31m" * 200]


@pytest.mark.parametrize("agent", HOSTILE_AGENTS)
def test_a_stored_user_agent_is_printable_text_of_bounded_length(agent):
    stored = stored_user_agent(agent)
    assert stored.isprintable() and len(stored) <= 300
    assert stored.encode("utf-8")


@pytest.mark.parametrize("agent", HOSTILE_AGENTS)
def test_a_sign_in_with_a_hostile_user_agent_is_recorded_without_it(alfa, agent):
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": "alfa-board", "password": PASSWORD})
    assert response.status_code == 302
    (row,) = SignedInSession.objects.filter(user=alfa.users["board"])
    assert row.user_agent == stored_user_agent(agent) and "\x00" not in row.user_agent
