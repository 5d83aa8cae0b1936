"""What every signed-in request reads: each thing once, and every check still made each time."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samsyn.accounts.backends import PasswordBackend, sso_only
from samsyn.accounts.models import SingleSignOn
from samsyn.associations.models import Membership
from samsyn.testing import PASSWORD, log_in_verified, make_world

HOME = "/f/alfa/"


def _statements(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def _table(sql):
    """The table a statement reads: the first one named in its FROM outside parentheses
    (the user's statement holds the single-sign-on check as a subquery before its FROM)."""
    depth = 0
    for at, char in enumerate(sql):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0 and sql.startswith(" FROM ", at):
            return sql[at + len(" FROM "):].split()[0].strip('"`')
    raise AssertionError(f"no FROM in {sql}")


def test_a_repeated_start_page_reads_session_user_device_membership_and_version_once_each(
        alfa):
    client = log_in_verified(Client(), alfa.users["office"])
    client.get(HOME)
    statements = _statements(client, HOME)
    tables = [_table(sql) for sql in statements]
    assert tables == ["django_session", "auth_user", "otp_totp_totpdevice",
                      "associations_membership", "associations_dataversion"]
    # The single-sign-on check rides on the user's statement; nothing is written.
    assert "accounts_singlesignon" in statements[1]
    assert not any(sql.startswith(("UPDATE", "INSERT", "DELETE")) for sql in statements)


def test_staff_here_and_kansli_in_another_forbund_still_owes_the_second_factor_here(alfa):
    beta = make_world("beta")
    user = alfa.users["staff"]
    Membership.objects.create(user=user, association=beta.association, role="office")
    client = Client()
    assert client.post("/konto/logga-in/", {"username": user.username,
                                             "password": PASSWORD}).status_code == 302
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))


def test_a_member_of_another_forbund_only_gets_404_here(alfa):
    beta = make_world("beta")
    client = log_in_verified(Client(), beta.users["office"])
    assert client.get(HOME).status_code == 404
    assert client.get("/f/beta/").status_code == 200


def test_a_password_session_ends_at_its_next_request_once_its_forbund_takes_sso_only(alfa):
    user = alfa.users["board"]
    client = Client()
    assert client.post("/konto/logga-in/", {"username": user.username,
                                             "password": PASSWORD}).status_code == 302
    assert client.get(HOME).status_code == 200
    SingleSignOn.objects.create(association=alfa.association, required=True)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_sso_check_read_with_the_user_agrees_with_sso_only(alfa):
    beta = make_world("beta")
    both = alfa.users["staff"]
    Membership.objects.create(user=both, association=beta.association, role="board")
    backend = PasswordBackend()
    users = [both, alfa.users["office"], beta.users["office"]]
    steps = [None, (beta.association, False), (beta.association, True),
             (alfa.association, True)]
    for step in steps:
        if step is not None:
            SingleSignOn.objects.update_or_create(association=step[0],
                                                  defaults={"required": step[1]})
        for user in users:
            assert (backend.get_user(user.pk) is None) == sso_only(user), (step, user)
    # At the end both förbund are SSO-only: nobody gets in with a password.
    assert all(backend.get_user(user.pk) is None for user in users)
