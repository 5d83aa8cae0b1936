"""A signed-off period of a test förbund, long before its records, so its pages can be walked."""

import datetime as dt
from typing import Any

from samsyn.periods.models import SignedPeriod


def extend_world(world: Any) -> None:
    period = SignedPeriod.objects.create(
        association=world.association, kind="uppfoljning-finsam", start=dt.date(2010, 1, 1),
        end=dt.date(2010, 12, 31), signed_by_name="kansli")
    world.extra["signed_period"] = period
    world.url_values["period_id"] = period.pk
