"""A group of insatser of a test förbund, so the group pages can be walked."""

from typing import Any

from samsyn.interventions.models import InterventionGroup


def extend_world(world: Any) -> None:
    group = InterventionGroup.objects.create(association=world.association,
                                             name="Samverkansteam")
    group.interventions.set([world.intervention, world.other_intervention])
    world.extra["intervention_group"] = group
    world.url_values["group_id"] = group.pk
