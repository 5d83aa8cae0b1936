"""The test förbund's gallring decision: the board's, covering participant records, five years.

Every test world has one, as a förbund that reduces its records must; a test of the refusal
removes it.
"""

import datetime as dt
from typing import Any

from samsyn.associations.models import RecordKind, RetentionDecision


def extend_world(world: Any) -> None:
    decision = RetentionDecision.objects.create(
        association=world.association, decided_on=dt.date(2020, 1, 1),
        reference="Dnr 2020/1 § 5", record_kinds=[RecordKind.PARTICIPATIONS],
        retention_months=60, adopted_by="Styrelsen")
    world.extra["retention_decision"] = decision
    world.url_values["decision_id"] = decision.pk
