"""The second factor at the entry points test_second_factor_everywhere.py does not walk: a
session whose facts change under it (a device removed, a role raised, an invitation
accepted), every HTTP method, writes through the API with a key made without the factor,
and a password reset. docs/security.md: `second_factor.missing()` decides, at every
request, for every entry point."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from samsyn.api.models import ApiToken
from samsyn.associations.models import Membership, Role
from samsyn.finance.models import BudgetLine
from samsyn.participants.models import Participation
from samsyn.testing import PASSWORD, log_in_verified, second_factor_device

HOME = "/f/alfa/"
NEW_PASSWORD = "en lång och god lösenfras"


def _asked_for_the_factor(response):
    return response.status_code == 302 and response["Location"].startswith("/konto/tvastegs/")


def _api_refused(response):
    return response.status_code == 403 and response.json()["code"] == "second_factor_required"


def test_a_verified_session_loses_everything_the_moment_its_device_is_removed(alfa):
    client = log_in_verified(Client(), alfa.users["office"])
    assert client.get(HOME).status_code == 200
    # A superuser removes the device in the admin for a lost phone.
    TOTPDevice.objects.filter(user=alfa.users["office"]).delete()
    assert _asked_for_the_factor(client.get(HOME))
    assert _api_refused(client.get(reverse("api_members", args=["alfa"])))


def test_a_device_turned_unconfirmed_ends_the_factor_its_sessions_gave(alfa):
    client = log_in_verified(Client(), alfa.users["analyst"])
    assert client.get(HOME).status_code == 200
    TOTPDevice.objects.filter(user=alfa.users["analyst"]).update(confirmed=False)
    assert _asked_for_the_factor(client.get(HOME))


@pytest.mark.parametrize("role", [Role.ANALYST, Role.OFFICE, Role.ADMIN])
def test_a_staff_session_given_a_role_that_needs_the_factor_owes_it_at_its_next_request(
        alfa, role):
    user = alfa.users["staff"]
    client = Client()
    client.force_login(user)
    assert client.get(HOME).status_code == 200
    Membership.objects.filter(user=user, association=alfa.association).update(role=role)
    assert _asked_for_the_factor(client.get(HOME))
    assert _asked_for_the_factor(client.get(reverse("report_list", args=["alfa"])))
    assert _api_refused(client.get(reverse("api_participations", args=["alfa"])))


def test_a_board_member_made_admin_of_another_forbund_owes_the_factor_in_this_one_too(
        alfa, beta):
    user = alfa.users["board"]
    client = Client()
    client.force_login(user)
    assert client.get(HOME).status_code == 200
    Membership.objects.create(user=user, association=beta.association, role=Role.ADMIN)
    assert _asked_for_the_factor(client.get(HOME))


def _invite(world, email, role):
    admin = log_in_verified(Client(), world.users["admin"])
    response = admin.post(reverse("membership_create", args=["alfa"]),
                          {"email": email, "role": role})
    assert response.status_code == 302
    link = re.search(r"https?://[^\s]+/konto/inbjudan/[^\s]+/", mail.outbox[-1].body).group(0)
    return link.split("testserver", 1)[1]


def test_an_invitation_to_the_office_signs_the_new_account_in_without_the_factor(alfa):
    link = _invite(alfa, "ny.kansli@example.se", Role.OFFICE)
    invitee = Client()
    done = invitee.post(link, {"username": "ny.kansli", "password1": NEW_PASSWORD,
                               "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert Membership.objects.get(user__username="ny.kansli").role == Role.OFFICE
    assert _asked_for_the_factor(invitee.get(done["Location"]))
    assert _api_refused(invitee.get(reverse("api_members", args=["alfa"])))


def test_a_staff_session_accepting_an_admin_invitation_owes_the_factor_at_once(alfa, beta):
    user = beta.users["staff"]
    user.email = "personal@beta.example"
    user.save()
    link = _invite(alfa, "personal@beta.example", Role.ADMIN)
    client = Client()
    client.force_login(user)
    assert client.get(f"/f/{beta.association.slug}/").status_code == 200
    accepted = client.post(link)
    assert accepted.status_code == 302
    assert Membership.objects.get(user=user, association=alfa.association).role == Role.ADMIN
    assert _asked_for_the_factor(client.get(accepted["Location"]))
    assert _asked_for_the_factor(client.get(f"/f/{beta.association.slug}/"))


@pytest.fixture
def password_only(alfa):
    user = alfa.users["office"]
    second_factor_device(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("method", ["put", "patch", "delete", "head", "options"])
def test_every_method_on_a_page_asks_for_the_factor(alfa, password_only, method):
    for path in (HOME, reverse("report_list", args=["alfa"]),
                 reverse("budget_lines", args=["alfa", 2022])):
        assert _asked_for_the_factor(getattr(password_only, method)(path)), (method, path)


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_every_method_on_the_api_through_a_session_is_refused_without_the_factor(
        alfa, password_only, method):
    line = BudgetLine.objects.filter(association=alfa.association).first()
    for path in (reverse("api_budget_line", args=["alfa", line.pk]),
                 reverse("api_participations", args=["alfa"])):
        response = getattr(password_only, method)(path, {"amount": "1"},
                                                  content_type="application/json")
        assert _api_refused(response), (method, path, response.status_code)
    assert BudgetLine.objects.get(pk=line.pk).amount == line.amount


def test_a_key_made_without_the_factor_writes_nothing_by_any_method(alfa):
    _token, key = ApiToken.issue(alfa.users["office"], "gammal")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    line = BudgetLine.objects.filter(association=alfa.association).first()
    one = reverse("api_budget_line", args=["alfa", line.pk])
    rows = reverse("api_budget_lines", args=["alfa"])
    body = {"year": 2024, "scenario": "budget", "category": "individual",
            "intervention": alfa.intervention.slug, "amount": "125000.00"}
    before = BudgetLine.objects.count()
    assert _api_refused(client.post(rows, body, content_type="application/json"))
    assert _api_refused(client.patch(one, {"amount": "1.00"}, content_type="application/json"))
    assert _api_refused(client.put(one, body, content_type="application/json"))
    assert _api_refused(client.delete(one + "?reason=x"))
    records = reverse("api_intervention_participations", args=["alfa", alfa.intervention.slug])
    assert _api_refused(client.post(records, {"participant": "abc123"},
                                    content_type="application/json"))
    assert BudgetLine.objects.count() == before
    assert BudgetLine.objects.get(pk=line.pk).amount == line.amount
    assert Participation.objects.filter(intervention=alfa.intervention).count() == 1


def test_a_key_of_a_role_needing_the_factor_is_refused_in_the_other_forbund_too(alfa, beta):
    # The office of alfa is staff in beta: its unfactored key opens neither förbund.
    user = alfa.users["office"]
    Membership.objects.create(user=user, association=beta.association, role=Role.BOARD)
    _token, key = ApiToken.issue(user, "gammal")
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert _api_refused(client.get(reverse("api_members", args=[beta.association.slug])))


def test_a_password_reset_signs_no_one_in_and_gives_no_factor(alfa):
    user = alfa.users["office"]
    user.email = "kansli@alfa.example"
    user.save()
    second_factor_device(user)
    client = Client()
    assert client.post(reverse("password_reset"),
                       {"email": "kansli@alfa.example"}).status_code == 302
    link = re.search(r"https?://testserver(/konto/[^\s]+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0] if form.redirect_chain else link,
                       {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)
    # Signed out after the reset; the new password alone opens nothing.
    assert client.get(HOME)["Location"].startswith(reverse("login"))
    assert client.login(username=user.username, password=NEW_PASSWORD)
    assert _asked_for_the_factor(client.get(HOME))

