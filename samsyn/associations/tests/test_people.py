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


def test_the_admin_adds_a_new_person_with_a_password(alfa, login):
    client = login(alfa.users["admin"])
    response = client.post(reverse("membership_create", args=[alfa.association.slug]), {
        "username": "ny.handlaggare", "email": "ny@example.se", "password": "Lång-fras-2026!",
        "role": "staff", "interventions": [alfa.intervention.pk],
    })
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="ny.handlaggare")
    assert membership.role == "staff"
    assert list(membership.interventions.all()) == [alfa.intervention]
    assert client.login(username="ny.handlaggare", password="Lång-fras-2026!")


def test_an_existing_account_is_added_without_a_password(alfa, beta, login):
    client = login(alfa.users["admin"])
    outsider = beta.users["office"]
    response = client.post(reverse("membership_create", args=[alfa.association.slug]),
                           {"username": outsider.username, "role": "board"})
    assert response.status_code == 302
    assert Membership.objects.filter(user=outsider, association=alfa.association,
                                     role="board").exists()
    outsider.refresh_from_db()
    assert outsider.check_password(PASSWORD)


def test_a_new_account_needs_a_strong_password(alfa, login):
    client = login(alfa.users["admin"])
    response = client.post(reverse("membership_create", args=[alfa.association.slug]),
                           {"username": "svag", "password": "123", "role": "board"})
    assert response.status_code == 200
    assert "Det här lösenordet är för kort" in response.content.decode()
    assert not get_user_model().objects.filter(username="svag").exists()


def test_staff_must_be_given_their_interventions(alfa, login):
    client = login(alfa.users["admin"])
    response = client.post(reverse("membership_edit", args=[alfa.association.slug,
                                                             alfa.memberships["board"].pk]),
                           {"role": "staff"})
    assert "Välj de insatser personen arbetar i." in response.content.decode()
    alfa.memberships["board"].refresh_from_db()
    assert alfa.memberships["board"].role == "board"


def test_a_person_cannot_be_added_twice(alfa, login):
    client = login(alfa.users["admin"])
    response = client.post(reverse("membership_create", args=[alfa.association.slug]),
                           {"username": alfa.users["board"].username, "role": "office"})
    assert "Personen tillhör redan förbundet." in response.content.decode()


def test_the_interventions_offered_are_the_associations_own(alfa, beta, login):
    client = login(alfa.users["admin"])
    response = client.post(reverse("membership_create", args=[alfa.association.slug]), {
        "username": "smuggel", "password": "Lång-fras-2026!", "role": "staff",
        "interventions": [beta.intervention.pk],
    })
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="smuggel").exists()


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
