"""People join a förbund by an e-mail invitation; no administrator can attach or probe an
account of the installation by user name (issue 25)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samsyn.associations.models import Invitation, Membership, Role
from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD, log_in_verified

NEW_PASSWORD = "en lång och god lösenfras"


def _invite(client, email, role="board", follow=False, **extra):
    return client.post(reverse("membership_create", args=["alfa"]),
                       {"email": email, "role": role, **extra}, follow=follow)


def _link():
    body = mail.outbox[-1].body
    return re.search(r"https?://[^\s]+/konto/inbjudan/[^\s]+/", body).group(0)


def _path(link):
    return link.split("testserver", 1)[1]


@pytest.fixture
def admin(alfa):
    return log_in_verified(Client(), alfa.users["admin"])


def test_the_admin_invites_by_e_mail_and_the_invitee_makes_an_account(alfa, admin):
    response = _invite(admin, "ny@example.se", "staff", interventions=[alfa.intervention.pk])
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["ny@example.se"]
    invitee = Client()
    page = invitee.get(_path(_link()))
    assert page.status_code == 200 and "ny@example.se" in page.content.decode()
    done = invitee.post(_path(_link()), {"username": "ny.handlaggare",
                                         "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    membership = Membership.objects.get(user__username="ny.handlaggare")
    assert (membership.role, membership.user.email) == ("staff", "ny@example.se")
    assert list(membership.interventions.all()) == [alfa.intervention]
    assert invitee.get(reverse("association_home", args=["alfa"])).status_code == 200
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"invitation_sent", "invitation_accepted"} <= actions


def test_the_link_works_once(alfa, admin):
    _invite(admin, "ny@example.se")
    path = _path(_link())
    Client().post(path, {"username": "forsta", "password1": NEW_PASSWORD,
                         "password2": NEW_PASSWORD})
    again = Client().post(path, {"username": "andra", "password1": NEW_PASSWORD,
                                 "password2": NEW_PASSWORD})
    assert again.status_code == 404
    assert not get_user_model().objects.filter(username="andra").exists()


def test_the_link_expires(alfa, admin):
    _invite(admin, "ny@example.se")
    Invitation.objects.filter(email="ny@example.se").update(
        expires=timezone.now() - dt.timedelta(minutes=1))
    assert Client().get(_path(_link())).status_code == 404


def test_a_new_account_needs_a_strong_password(alfa, admin):
    _invite(admin, "ny@example.se")
    page = Client().post(_path(_link()), {"username": "svag", "password1": "123",
                                          "password2": "123"})
    assert page.status_code == 200
    assert "Det här lösenordet är för kort" in page.content.decode()
    assert not get_user_model().objects.filter(username="svag").exists()


def test_an_existing_account_accepts_after_signing_in(alfa, beta, admin):
    person = beta.users["office"]
    person.email = "kansli@beta.example"
    person.save()
    _invite(admin, "Kansli@beta.example", "analyst")
    path = _path(_link())
    anonymous = Client().get(path)
    assert "logga-in" in anonymous.content.decode()
    client = Client()
    client.force_login(person)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=person, association=alfa.association).role == "analyst"
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_someone_else_signed_in_cannot_take_the_invitation(alfa, beta, admin):
    _invite(admin, "kansli@beta.example")
    intruder = beta.users["board"]
    intruder.email = "styrelse@beta.example"
    intruder.save()
    client = Client()
    client.force_login(intruder)
    assert client.post(_path(_link())).status_code == 403
    assert not Membership.objects.filter(user=intruder, association=alfa.association).exists()


def test_the_admin_is_told_the_same_whether_or_not_an_account_exists(alfa, beta, admin):
    existing = beta.users["office"]
    existing.email = "finns@beta.example"
    existing.save()
    answers = []
    for email in ("finns@beta.example", "finns-inte@example.org"):
        response = _invite(admin, email, follow=True)
        told = [str(m).replace(email, "ADDRESS") for m in response.context["messages"]]
        answers.append((response.redirect_chain, response.status_code, told))
    assert answers[0] == answers[1]
    assert answers[0][2] == ["En inbjudan har skickats till ADDRESS."]
    assert len(mail.outbox) == 2
    # Nothing about beta's person shows on alfa's pages.
    page = admin.get(reverse("membership_list", args=["alfa"])).content.decode()
    assert existing.username not in page


def test_the_form_takes_no_user_name_so_no_account_is_attached_by_name(alfa, beta, admin):
    outsider = beta.users["office"]
    response = admin.post(reverse("membership_create", args=["alfa"]),
                          {"username": outsider.username, "role": "board"})
    assert response.status_code == 200
    assert not Membership.objects.filter(user=outsider, association=alfa.association).exists()
    assert mail.outbox == []


def test_someone_already_in_the_forbund_is_not_invited_again(alfa, admin):
    member = alfa.users["board"]
    member.email = "styrelse@alfa.example"
    member.save()
    page = _invite(admin, "styrelse@alfa.example")
    assert "tillhör redan förbundet" in page.content.decode()


def test_the_interventions_offered_are_the_associations_own(alfa, beta, admin):
    response = _invite(admin, "smuggel@example.se", "staff",
                       interventions=[beta.intervention.pk])
    assert response.status_code == 200
    assert not Invitation.objects.filter(email="smuggel@example.se").exists()


def test_the_admin_withdraws_a_pending_invitation(alfa, admin):
    _invite(admin, "ny@example.se")
    invitation = Invitation.objects.get(email="ny@example.se")
    listing = admin.get(reverse("membership_list", args=["alfa"])).content.decode()
    assert "ny@example.se" in listing
    url = reverse("invitation_withdraw", args=["alfa", invitation.pk])
    assert admin.post(url).status_code == 302
    assert Client().get(_path(_link())).status_code == 404


def test_only_the_admin_invites(alfa):
    client = log_in_verified(Client(), alfa.users["office"])
    assert _invite(client, "ny@example.se").status_code == 403


def test_the_last_administrator_keeps_the_role_and_the_membership(alfa, admin):
    only = alfa.memberships["admin"]
    admin.post(reverse("membership_edit", args=["alfa", only.pk]), {"role": "board"})
    admin.post(reverse("membership_delete", args=["alfa", only.pk]))
    only.refresh_from_db()
    assert only.role == Role.ADMIN
