"""What the sessions page says of a browser and an address (samsyn/accounts/browsers.py)."""

import pytest

from samsyn.accounts.browsers import browser_name, shortened_address


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
