"""The associations app's rows for the URL walk: a pending invitation."""

import datetime as dt
from typing import Any

from django.utils import timezone

from samsyn.associations.models import Invitation


def extend_world(world: Any) -> None:
    invitation = Invitation.objects.create(
        association=world.association, email=f"ny@{world.association.slug}.example",
        role="board", token_hash=f"{world.association.slug}-walk".ljust(64, "0"),
        invited_by="test", expires=timezone.now() + dt.timedelta(days=7))
    world.extra["invitation"] = invitation
    world.url_values["invitation_id"] = invitation.pk
