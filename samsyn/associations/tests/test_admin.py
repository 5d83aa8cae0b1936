"""Django admin shows a förbund, its members and their populations read only (one write path
each: the association file and the förbund's pages), and writes memberships only through the
people pages' services: the role's rules, the version raised, the audit row with "admin"."""

import json

from django.contrib.auth import get_user_model
from django.urls import reverse

from samsyn.associations.models import Association, Member, Membership, Population, Role
from samsyn.audit.models import AuditEntry
from samsyn.testing import PASSWORD, make_user


def _root(login):
    return login(get_user_model().objects.create_superuser("root", "root@example.se", PASSWORD))


def _saves(membership):
    return AuditEntry.objects.filter(action="save", object_type="associations.Membership",
                                     object_id=str(membership.pk))


def test_a_foerbund_its_members_and_populations_are_shown_and_not_changed(alfa, login):
    client = _root(login)
    url = reverse("admin:associations_association_change", args=[alfa.association.pk])
    page = client.get(url)
    assert page.status_code == 200 and alfa.association.name in page.content.decode()
    assert 'name="_save"' not in page.content.decode()
    logged = AuditEntry.objects.count()
    kommun = alfa.members["kommun"]
    answer = client.post(url, {
        "name": "Ändrad i admin", "slug": alfa.association.slug,
        "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "1",
        "members-0-id": str(kommun.pk), "members-0-association": str(alfa.association.pk),
        "members-0-name": "Ändrad kommun", "members-0-kind": "kommun"})
    assert answer.status_code == 403
    alfa.association.refresh_from_db()
    kommun.refresh_from_db()
    assert alfa.association.name != "Ändrad i admin" and kommun.name != "Ändrad kommun"
    population = alfa.population
    answer = client.post(reverse("admin:associations_population_change", args=[population.pk]),
                         {"member": str(kommun.pk), "date": "2021-11-01", "count": "1"})
    assert answer.status_code == 403
    population.refresh_from_db()
    assert population.count == 96000
    assert AuditEntry.objects.count() == logged


def test_no_foerbund_member_or_population_is_added_or_deleted_in_the_admin(alfa, login):
    client = _root(login)
    for model, row in ((Association, alfa.association), (Population, alfa.population)):
        name = model._meta.model_name
        assert client.get(reverse(f"admin:associations_{name}_add")).status_code == 403
        assert client.post(reverse(f"admin:associations_{name}_add"),
                           {"name": "Ny", "slug": "ny", "count": "5"}).status_code == 403
        url = reverse(f"admin:associations_{name}_delete", args=[row.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert model.objects.filter(pk=row.pk).exists()
    assert not Association.objects.filter(slug="ny").exists()
    members = Member.objects.count()
    client.post(reverse("admin:associations_association_change", args=[alfa.association.pk]),
                {"name": alfa.association.name, "slug": alfa.association.slug,
                 "members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0",
                 "members-0-name": "Ny kommun", "members-0-kind": "kommun"})
    assert Member.objects.count() == members


def test_a_superuser_gives_a_new_foerbund_its_first_administrator_audited(alfa, login):
    client = _root(login)
    empty = Association.objects.create(slug="nytt", name="Nytt förbund")
    person = make_user("forste")
    answer = client.post(reverse("admin:associations_membership_add"), {
        "user": str(person.pk), "association": str(empty.pk), "role": Role.ADMIN})
    assert answer.status_code == 302
    membership = Membership.objects.get(user=person, association=empty)
    entry = _saves(membership).get()
    assert entry.username == "root" and entry.association_id == empty.pk
    assert json.loads(entry.detail)["via"] == "admin"


def test_a_role_changed_in_the_admin_follows_the_pages_rules_and_is_audited(alfa, login):
    client = _root(login)
    membership = alfa.memberships["analyst"]
    url = reverse("admin:associations_membership_change", args=[membership.pk])
    fields = {"user": str(membership.user_id), "association": str(alfa.association.pk)}
    # Staff name their insatser, and only their own förbund's.
    client.post(url, {**fields, "role": Role.STAFF})
    membership.refresh_from_db()
    assert membership.role == Role.ANALYST and not _saves(membership).exists()
    client.post(url, {**fields, "role": Role.OFFICE})
    membership.refresh_from_db()
    assert membership.role == Role.OFFICE and membership.version == 1
    assert json.loads(_saves(membership).get().detail) == {
        "via": "admin", "fields": ["role"], "version": 1}


def test_staff_in_the_admin_keep_only_their_own_foerbunds_insatser(alfa, beta, login):
    client = _root(login)
    membership = alfa.memberships["analyst"]
    url = reverse("admin:associations_membership_change", args=[membership.pk])
    page = client.post(url, {"user": str(membership.user_id),
                             "association": str(alfa.association.pk), "role": Role.STAFF,
                             "interventions": [str(beta.intervention.pk)]})
    assert page.status_code == 200 and "Välj bara insatser" in page.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.ANALYST and not membership.interventions.exists()


def test_the_last_administrator_keeps_the_role_and_stays_in_the_admin(alfa, login):
    client = _root(login)
    admin = alfa.memberships["admin"]
    url = reverse("admin:associations_membership_change", args=[admin.pk])
    client.post(url, {"user": str(admin.user_id), "association": str(alfa.association.pk),
                      "role": Role.OFFICE})
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN
    delete = reverse("admin:associations_membership_delete", args=[admin.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Membership.objects.filter(pk=admin.pk).exists()


def test_a_membership_removed_in_the_admin_is_removed_by_the_service(alfa, login):
    client = _root(login)
    board = alfa.memberships["board"]
    delete = reverse("admin:associations_membership_delete", args=[board.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=board.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_type="associations.Membership",
                                   object_id=str(board.pk))
    assert json.loads(entry.detail)["via"] == "admin"
    changelist = reverse("admin:associations_membership_changelist")
    assert "delete_selected" not in client.get(changelist).content.decode()


def test_a_membership_is_not_moved_to_another_person_or_foerbund_in_the_admin(alfa, beta, login):
    client = _root(login)
    membership = alfa.memberships["office"]
    url = reverse("admin:associations_membership_change", args=[membership.pk])
    client.post(url, {"user": str(make_user("anders").pk),
                      "association": str(beta.association.pk), "role": Role.OFFICE})
    membership.refresh_from_db()
    assert (membership.user_id, membership.association_id) == (
        alfa.users["office"].pk, alfa.association.pk)
