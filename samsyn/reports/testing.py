from typing import Any


def extend_world(world: Any) -> None:
    world.url_values["kind_slug"] = "interventions"
