"""The URL arguments of the home pages: a GDPR document, and a removed target group in the
wastebasket."""

from typing import Any

from samsyn.associations import trash
from samsyn.interventions.models import TargetGroup


def extend_world(world: Any) -> None:
    world.url_values["document"] = "registerforteckning"
    group = TargetGroup.objects.create(association=world.association, name="Borttagen målgrupp")
    removed = trash.keep(world.association, group, "test")
    group.delete()
    assert removed is not None
    world.extra["removed_row"] = removed
    world.url_values["removed_id"] = removed.pk
