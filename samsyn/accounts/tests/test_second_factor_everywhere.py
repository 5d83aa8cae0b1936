"""Only the second factor opens the door (issue 25): every URL the configuration has, pages,
downloads, the admin, the API and the API-key pages, refuses a role that needs the second
factor until the session has given it; and a key works only if made after it.

The URLs are read from the URL configuration itself, so a URL added later is walked too: it
must refuse, unless it is one of the few written down here as open (signing in, the second
factor itself, password reset, invitations, and what anonymous visitors see anyway).
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.accounts.second_factor import OPEN_VIEWS
from samsyn.api.models import ApiToken
from samsyn.testing import log_in_verified, second_factor_device
from samsyn.web.urlwalk import world_values

# Written here by hand, apart from the code's own list: opening a URL takes both.
OPEN = {
    "login", "logout", "second_factor_verify", "second_factor_setup",
    "oidc_authentication_init", "oidc_authentication_callback", "oidc_logout",
    "password_reset", "password_reset_done", "password_reset_confirm",
    "password_reset_complete", "invitation_accept",
    "set_language", "catalog", "catalog_association", "catalog_entry", "survey_answer",
    "api_catalog", "api_schema", "api_docs",
}
# Values for URL arguments that name no object of the test's förbund; the gate answers
# before any view looks anything up.
DEFAULTS = {"int": "1", "slug": "x", "str": "x", "path": "1"}
_ARGUMENT = re.compile(r"<(?:(\w+):)?(\w+)>")
_GROUP = re.compile(r"\(\?P<(\w+)>([^)]*)\)")


def _routes(patterns=None, prefix="", namespace=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _routes(p.url_patterns, prefix + str(p.pattern), inner)
        else:
            yield prefix + str(p.pattern), (f"{namespace}{p.name}" if p.name else None)


def _path(route, values):
    """A concrete path for a route: known values by name, else any value its converter takes."""
    def argument(match):
        converter, name = match.group(1) or "str", match.group(2)
        return str(values.get(name, DEFAULTS.get(converter, "1")))

    def group(match):
        name, body = match.groups()
        if name in values:
            return str(values[name])
        return body.split("|")[0] if "|" in body else "x"

    path = _GROUP.sub(group, _ARGUMENT.sub(argument, route))
    return "/" + path.replace("^", "").replace("$", "")


ROUTES = sorted(set(_routes()))
CLOSED = [(route, name) for route, name in ROUTES if name not in OPEN]
API_ROUTES = [(route, name) for route, name in CLOSED if route.startswith("api/")]


def test_the_walk_reads_pages_downloads_the_admin_the_api_and_the_key_pages():
    names = {name for _route, name in CLOSED}
    assert {"association_home", "report_view", "national_export", "admin:index",
            "api_members", "api_participations", "api_keys", "api_key_revoke"} <= names
    assert any(name is None for _route, name in CLOSED)  # unnamed views are closed too
    assert len(CLOSED) > 200


def test_the_code_opens_exactly_the_urls_written_down_here():
    assert set(OPEN_VIEWS) == OPEN


@pytest.fixture
def unverified(alfa):
    """The förbund's administrator, also the installation's superuser, signed in with the
    password alone: a session that has not given the second factor."""
    user = alfa.users["admin"]
    user.is_superuser = user.is_staff = True
    user.save()
    second_factor_device(user)
    client = Client()
    client.force_login(user)
    return client


def _values(world):
    token, _key = ApiToken.issue(world.users["admin"], "walk", second_factor=True)
    return {**world_values(world), "token_id": token.pk, "id": world.users["admin"].pk,
            "object_id": world.users["admin"].pk, "pk": 1}


@pytest.mark.parametrize(("route", "name"), CLOSED, ids=[r for r, _n in CLOSED])
def test_a_role_needing_the_second_factor_gets_nothing_without_it(route, name, alfa,
                                                                  unverified):
    path = _path(route, _values(alfa))
    for method in ("get", "post"):
        response = getattr(unverified, method)(path)
        if route.startswith("api/"):
            assert response.status_code == 403, (method, path)
            assert response.json()["code"] == "second_factor_required"
        else:
            assert response.status_code == 302, (method, path, response.status_code)
            assert response["Location"].startswith("/konto/tvastegs/"), (method, path)


@pytest.mark.parametrize(("route", "name"), API_ROUTES, ids=[r for r, _n in API_ROUTES])
def test_a_key_made_without_the_second_factor_opens_no_api_url(route, name, alfa):
    _token, key = ApiToken.issue(alfa.users["analyst"], "gammal")
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get(_path(route, _values(alfa)))
    assert response.status_code == 403
    assert response.json()["code"] == "second_factor_required"


def test_a_key_made_after_the_second_factor_opens_the_api(alfa):
    _token, key = ApiToken.issue(alfa.users["analyst"], "ny", second_factor=True)
    url = reverse("api_participations", args=["alfa"])
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(url).status_code == 200


@pytest.mark.parametrize("role", ["admin", "office", "analyst"])
def test_the_password_alone_cannot_make_a_key(alfa, role):
    user = alfa.users[role]
    second_factor_device(user)
    client = Client()
    client.force_login(user)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("api_keys"), {"name": "smuggel"})
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/tvastegs/")
    assert not ApiToken.objects.filter(user=user).exists()


def test_a_key_made_after_the_second_factor_is_marked_so_and_shown_once(alfa, login):
    client = login(alfa.users["analyst"])
    page = client.post(reverse("api_keys"), {"name": "Rapportskript"}).content.decode()
    key = re.search(r"<code>(sam_[^<]+)</code>", page).group(1)
    token = ApiToken.objects.get(user=alfa.users["analyst"])
    assert token.second_factor and key.startswith(token.prefix)
    assert key not in client.get(reverse("api_keys")).content.decode()


def test_staff_make_keys_with_a_password_and_those_keys_stay_for_staff_only(alfa):
    user = alfa.users["staff"]
    client = Client()
    client.force_login(user)
    page = client.post(reverse("api_keys"), {"name": "skript"}).content.decode()
    key = re.search(r"<code>(sam_[^<]+)</code>", page).group(1)
    assert not ApiToken.objects.get(user=user).second_factor
    keyed = Client(HTTP_AUTHORIZATION=f"Token {key}")
    url = reverse("api_members", args=["alfa"])
    assert keyed.get(url).status_code == 200
    # Made an analyst later, the key no longer opens anything.
    membership = alfa.memberships["staff"]
    membership.role = "analyst"
    membership.save()
    assert keyed.get(url).status_code == 403


def _working_key(user):
    token, key = ApiToken.issue(user, "skript", second_factor=True)
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get(
        reverse("api_members", args=["alfa"])).status_code == 200
    return token


def test_keys_die_when_a_totp_device_is_added(alfa):
    user = alfa.users["office"]
    token = _working_key(user)
    TOTPDevice.objects.create(user=user, name="ny telefon", confirmed=True)
    token.refresh_from_db()
    assert token.revoked is not None


def test_keys_die_when_a_pending_device_is_confirmed_but_not_when_it_is_only_shown(alfa):
    user = alfa.users["office"]
    token = _working_key(user)
    pending = TOTPDevice.objects.create(user=user, name="app", confirmed=False)
    token.refresh_from_db()
    assert token.revoked is None
    pending.confirmed = True
    pending.save()
    token.refresh_from_db()
    assert token.revoked is not None


def test_keys_die_when_a_totp_device_is_removed_or_reset(alfa):
    user = alfa.users["office"]
    device = second_factor_device(user)
    token = _working_key(user)
    device.throttle_increment()  # counters change: the same device, the keys stay
    token.refresh_from_db()
    assert token.revoked is None
    device.key = TOTPDevice(user=user).key
    device.save()
    token.refresh_from_db()
    assert token.revoked is not None
    second = _working_key(user)
    device.delete()
    second.refresh_from_db()
    assert second.revoked is not None and second.revoked <= timezone.now()


def test_a_verified_session_opens_what_the_role_allows(alfa):
    client = log_in_verified(Client(), alfa.users["analyst"])
    assert client.get(reverse("api_participations", args=["alfa"])).status_code == 200
    assert client.get(reverse("association_home", args=["alfa"])).status_code == 200
