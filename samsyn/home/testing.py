"""The URL argument of the GDPR documents' page: one of the three documents."""

from typing import Any


def extend_world(world: Any) -> None:
    world.url_values["document"] = "registerforteckning"
