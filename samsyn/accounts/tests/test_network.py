"""The real client address: forwarded addresses are believed from our own proxies only."""

import ipaddress

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from samsyn.accounts.models import SignInBrake
from samsyn.accounts.network import parse_networks, real_address

PROXIES = parse_networks(["10.0.0.0/24", "::1"])
ipv4 = st.ip_addresses(v=4).map(str)


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored():
    assert real_address("203.0.113.9", "198.51.100.1", PROXIES) == "203.0.113.9"


def test_behind_our_proxy_the_client_it_names_is_used():
    assert real_address("10.0.0.5", "198.51.100.1", PROXIES) == "198.51.100.1"


def test_an_address_the_client_made_up_left_of_the_real_one_is_not_believed():
    # The client sent "X-Forwarded-For: 1.1.1.1"; our proxy appended the client's address.
    assert real_address("10.0.0.5", "1.1.1.1, 198.51.100.1", PROXIES) == "198.51.100.1"


@given(ipv4, st.lists(ipv4, max_size=4))
def test_the_answer_is_the_peer_or_an_address_a_trusted_hop_named(peer, forwarded):
    answer = real_address(peer, ", ".join(forwarded), PROXIES)
    assert answer == peer or answer in forwarded
    if not any(ipaddress.ip_address(peer) in n for n in PROXIES):
        assert answer == peer


@given(ipv4, st.text(max_size=40))
def test_any_header_gives_an_address_and_never_fails(peer, header):
    answer = real_address(peer, header, PROXIES)
    assert ipaddress.ip_address(answer)


# A scoped IPv6 address ("fe80::1%eth0") parses, but its zone names an interface of the
# host that wrote it, and a forged one can be longer than the 64 characters the audit log and
# the brakes store: on PostgreSQL the sign-in failed with a DataError (found by redteam6).
SCOPED = ["fe80::1%" + "x" * 80, "fe80::1%eth0", "::ffff:10.0.0.9%1"]


def test_a_scoped_forwarded_hop_is_not_believed():
    for hop in SCOPED:
        assert real_address("10.0.0.5", hop, PROXIES) == "10.0.0.5"
        assert real_address("10.0.0.5", f"198.51.100.1, {hop}", PROXIES) == "10.0.0.5"


def test_a_scoped_peer_gives_no_address():
    assert real_address("fe80::1%" + "x" * 80, "", PROXIES) == ""


@given(st.text(max_size=40), st.text(max_size=200))
def test_every_answer_fits_the_stored_address(peer, header):
    answer = real_address("10.0.0.5", f"{header}, {peer}", PROXIES)
    assert len(answer) <= 64 and "%" not in answer


@pytest.mark.parametrize("hop", SCOPED)
@override_settings(SAMSYN_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_wrong_password_behind_a_scoped_hop_is_braked_on_the_proxys_address(alfa, hop):
    response = Client().post(reverse("login"), {"username": "alfa-board", "password": "fel"},
                             REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=hop)
    assert response.status_code == 200
    assert set(SignInBrake.objects.values_list("address", flat=True)) == {"10.0.0.5"}
