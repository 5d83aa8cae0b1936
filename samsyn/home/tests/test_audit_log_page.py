"""The audit log page names what each entry is about as a person reads it."""

from django.urls import reverse

from samsyn.audit.models import Category
from samsyn.audit.services import record


def test_an_entry_names_its_object_in_swedish_and_people_by_kind_and_number_only(alfa, login):
    office = login(alfa.users["office"])
    office.post(reverse("target_group_edit", args=[alfa.association.slug, alfa.target_group.pk]),
                {"name": "Unga", "age_min": 16, "age_max": 29})
    participation = alfa.extra["participation"]
    record(category=Category.RECORD, action="save", user=alfa.users["staff"],
           association=alfa.association, obj=participation)
    record(category=Category.DATA, action="delete", user=alfa.users["office"],
           association=alfa.association, obj=alfa.members["kommun"])
    kommun_name = str(alfa.members["kommun"])
    page = login(alfa.users["admin"]).get(
        reverse("audit_search", args=[alfa.association.slug])).content.decode()
    assert "Målgrupp: Unga" in page
    assert "interventions.TargetGroup" not in page
    # A participation is named by its kind and number, never by what it holds.
    assert f"Deltagande {participation.pk}" in page
    assert str(participation) not in page
    assert f"Medlem: {kommun_name}" in page
