"""People and roles of a förbund. Adding a person is by e-mail invitation:
samsyn/accounts/tests/test_invitations.py."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from samsyn.associations.models import Membership, Role
from samsyn.testing import PASSWORD, make_user


def test_a_user_of_two_associations_chooses_between_them(alfa, beta, login):
    user = make_user("tva-forbund")
    Membership.objects.create(user=user, association=alfa.association, role=Role.OFFICE)
    Membership.objects.create(user=user, association=beta.association, role=Role.BOARD)
    page = login(user).get(reverse("home")).content.decode()
    assert alfa.association.name in page and beta.association.name in page


def test_a_user_of_one_association_goes_straight_to_it(alfa, login):
    response = login(alfa.users["office"]).get(reverse("home"))
    assert response["Location"] == reverse("association_home", args=[alfa.association.slug])


def test_staff_must_be_given_their_interventions(alfa, login):
    client = login(alfa.users["admin"])
    response = client.post(reverse("membership_edit", args=[alfa.association.slug,
                                                             alfa.memberships["board"].pk]),
                           {"role": "staff"})
    assert "Välj de insatser personen arbetar i." in response.content.decode()
    alfa.memberships["board"].refresh_from_db()
    assert alfa.memberships["board"].role == "board"


def test_the_last_administrator_cannot_be_removed(alfa, login):
    client = login(alfa.users["admin"])
    url = reverse("membership_delete", args=[alfa.association.slug,
                                             alfa.memberships["admin"].pk])
    client.post(url)
    assert Membership.objects.filter(pk=alfa.memberships["admin"].pk).exists()


def test_django_admin_is_for_superusers_only(alfa, login):
    staff_user = alfa.users["office"]
    staff_user.is_staff = True
    staff_user.save()
    response = login(staff_user).get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    root = get_user_model().objects.create_superuser("root", "root@example.se", PASSWORD)
    assert login(root).get("/admin/").status_code == 200


def test_logging_in_through_the_form_works_in_swedish(alfa, client):
    page = client.get(reverse("login")).content.decode()
    assert "Logga in" in page and 'lang="sv"' in page
    response = client.post(reverse("login"), {"username": alfa.users["board"].username,
                                               "password": PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert "Ange ett korrekt användarnamn och lösenord" in response.content.decode()
