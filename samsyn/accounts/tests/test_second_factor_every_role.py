"""Every role that needs the second factor, gets only the second factor's page.

test_second_factor_everywhere.py walks every URL as the installation's superuser with GET and
POST. Here each role of SECOND_FACTOR_ROLES walks them as a plain member of the förbund; one
of them also with the other HTTP methods a script may send and with download formats in the
query string; a kansli member with no device yet is sent to set one up; and a key each role
made with the password alone opens no API URL by any method. One walk per test, the
refusals gathered, so a leak names every URL at once.
"""

import pytest
from django.test import Client

from samsyn.accounts.tests.test_second_factor_everywhere import API_ROUTES, CLOSED, _path
from samsyn.api.models import ApiToken
from samsyn.associations.access import SECOND_FACTOR_ROLES
from samsyn.testing import second_factor_device
from samsyn.web.urlwalk import world_values

METHODS = ("get", "post", "put", "patch", "delete", "head", "options")
# The gate stands before the view, so the method or format cannot matter to it; one role
# tries the rest of them, each role GET and POST, to keep the walk to seconds.
OTHER_METHODS = ("put", "delete", "head")
# A download asked for by its format: the gate must stand before any file is built.
DOWNLOADS = ({"format": "pdf"}, {"format": "xlsx"})
ROLES = sorted(SECOND_FACTOR_ROLES)


def _values(world, user):
    token, _key = ApiToken.issue(user, "walk", second_factor=True)
    return {**world_values(world), "token_id": token.pk, "id": user.pk, "object_id": user.pk,
            "pk": 1}


def _leaks(client, world, user, page, tries):
    """The (method, path, query, status) of every answer that is not the refusal."""
    leaks = []
    values = _values(world, user)
    for route, _name in CLOSED:
        path = _path(route, values)
        for method, query in tries:
            response = (client.get(path, query) if query
                        else getattr(client, method)(path))
            if route.startswith("api/"):
                refused = (response.status_code == 403 and (
                    method == "head" or response.json()["code"] == "second_factor_required"))
            else:
                refused = (response.status_code == 302
                           and response["Location"].startswith(page))
            if not refused:
                leaks.append((method, path, query, response.status_code))
    return leaks


@pytest.mark.parametrize("role", ROLES)
def test_a_member_who_has_not_given_the_code_gets_only_the_code_page_by_get_and_post(
        alfa, role):
    user = alfa.users[role]
    second_factor_device(user)
    client = Client()
    client.force_login(user)
    tries = [("get", None), ("post", None)]
    assert _leaks(client, alfa, user, "/konto/tvastegs/?", tries) == []


def test_downloads_and_other_methods_get_only_the_code_page(alfa):
    user = alfa.users["analyst"]
    second_factor_device(user)
    client = Client()
    client.force_login(user)
    tries = [(m, None) for m in OTHER_METHODS] + [("get", q) for q in DOWNLOADS]
    assert _leaks(client, alfa, user, "/konto/tvastegs/?", tries) == []


def test_an_office_member_without_a_device_is_sent_to_set_one_up_from_every_url(alfa):
    user = alfa.users["office"]
    client = Client()
    client.force_login(user)
    assert _leaks(client, alfa, user, "/konto/tvastegs/ny/", [("get", None)]) == []


@pytest.mark.parametrize("role", ROLES)
def test_a_key_made_with_the_password_alone_opens_no_api_url_by_any_method(alfa, role):
    user = alfa.users[role]
    _token, key = ApiToken.issue(user, "gammal")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    values = _values(alfa, user)
    leaks = []
    for route, _name in API_ROUTES:
        path = _path(route, values)
        for method in METHODS:
            response = getattr(client, method)(path)
            if response.status_code != 403 or (
                    method != "head"
                    and response.json()["code"] != "second_factor_required"):
                leaks.append((method, path, response.status_code))
    assert leaks == []
