import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from samsyn.associations.writes import Actor
from samsyn.audit.models import AuditEntry
from samsyn.interventions.models import InterventionGroup
from samsyn.interventions.services import save_intervention_group


def test_the_office_keeps_a_group_of_interventions_on_its_page(alfa, login):
    client = login(alfa.users["office"])
    slug = alfa.association.slug
    response = client.post(reverse("intervention_group_create", args=[slug]), {
        "name": "Unga vuxna", "interventions": [alfa.intervention.pk],
        "description": "Teamen tillsammans"})
    assert response.status_code == 302
    group = InterventionGroup.objects.get(association=alfa.association, name="Unga vuxna")
    assert list(group.interventions.all()) == [alfa.intervention]
    assert AuditEntry.objects.filter(association_id=alfa.association.pk, action="save",
                                     object_id=str(group.pk)).exists()
    page = client.get(reverse("intervention_group_list", args=[slug])).content.decode()
    assert "Unga vuxna" in page and alfa.intervention.name in page


def test_a_group_cannot_take_another_associations_intervention_on_the_page(alfa, beta, login):
    client = login(alfa.users["office"])
    response = client.post(reverse("intervention_group_create", args=[alfa.association.slug]),
                           {"name": "Smuggel", "interventions": [beta.intervention.pk]})
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not InterventionGroup.objects.filter(name="Smuggel").exists()


@pytest.mark.django_db
def test_the_service_refuses_a_member_of_another_association(alfa, beta):
    group = InterventionGroup(association=alfa.association, name="Smuggel")
    actor = Actor.system(alfa.association)
    with pytest.raises(ValidationError):
        save_intervention_group(actor, group, m2m={"interventions": [beta.intervention]})
    assert not InterventionGroup.objects.filter(name="Smuggel").exists()
