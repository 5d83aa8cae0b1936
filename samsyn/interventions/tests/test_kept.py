"""The insatser and groups a document's sections read, kept under the plan's token: read again
after a write of the plan, not after a write of the records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.associations.access import Scope
from samsyn.associations.writes import Actor
from samsyn.interventions import kept
from samsyn.interventions.models import InterventionGroup
from samsyn.interventions.services import save_intervention, save_intervention_group
from samsyn.participants import queries


@pytest.mark.django_db
def test_the_scopes_insatser_are_kept_through_a_records_change_and_not_a_plan_write(alfa):
    scope = Scope(alfa.association)
    rows = kept.insats_rows(scope)
    assert rows == list(alfa.association.interventions.order_by("name", "pk")
                        .values_list("pk", "slug", "name"))
    queries.records_changed(alfa.association)
    with CaptureQueriesContext(connection) as seen:
        assert kept.insats_rows(scope) == rows
    assert not [q for q in seen.captured_queries if "interventions_intervention" in q["sql"]]

    alfa.intervention.name = "Ett nytt namn"
    save_intervention(Actor.system(alfa.association), alfa.intervention,
                      version=alfa.intervention.version)
    assert (alfa.intervention.pk, alfa.intervention.slug, "Ett nytt namn") in (
        kept.insats_rows(scope))


@pytest.mark.django_db
def test_a_staff_scope_keeps_its_own_insatser_apart_from_the_whole_forbunds(alfa):
    whole = kept.insats_rows(Scope(alfa.association))
    own = kept.insats_rows(Scope(alfa.association, frozenset({alfa.intervention.pk})))
    assert [pk for pk, _slug, _name in own] == [alfa.intervention.pk]
    assert len(whole) > len(own)


@pytest.mark.django_db
def test_a_new_group_is_read_after_the_plan_write_that_saves_it(alfa):
    before = [g.name for g in kept.groups(alfa.association)]
    assert "Unga vuxna" not in before
    group = InterventionGroup(association=alfa.association, name="Unga vuxna")
    save_intervention_group(Actor.system(alfa.association), group,
                            m2m={"interventions": [alfa.intervention]})
    found = {g.name: g for g in kept.groups(alfa.association)}
    assert sorted(found) == sorted([*before, "Unga vuxna"])
    with CaptureQueriesContext(connection) as seen:
        assert [i.pk for i in found["Unga vuxna"].interventions.all()] == [alfa.intervention.pk]
    assert not seen.captured_queries
