"""The associations app's rows for the test worlds and the URL walk.

Every test world has the board's gallring decision, covering participant records, five years,
as a förbund that reduces its records must (a test of the refusal removes it); and a pending
invitation.
"""

import datetime as dt
from typing import Any

from django.utils import timezone

from samsyn.associations.models import (
    BoardMeetings,
    BoardMember,
    Invitation,
    RecordKind,
    RetentionDecision,
)


def extend_world(world: Any) -> None:
    decision = RetentionDecision.objects.create(
        association=world.association, decided_on=dt.date(2020, 1, 1),
        reference="Dnr 2020/1 § 5", record_kinds=[RecordKind.PARTICIPATIONS],
        retention_months=60, adopted_by="Styrelsen")
    world.extra["retention_decision"] = decision
    world.url_values["decision_id"] = decision.pk
    invitation = Invitation.objects.create(
        association=world.association, email=f"ny@{world.association.slug}.example",
        role="board", token_hash=f"{world.association.slug}-walk".ljust(64, "0"),
        invited_by="test", expires=timezone.now() + dt.timedelta(days=7))
    world.extra["invitation"] = invitation
    world.url_values["invitation_id"] = invitation.pk
    seat = BoardMember.objects.create(association=world.association, name="Ada Ordförande",
                                      organisation=world.members["kommun"], role="chair")
    meetings = BoardMeetings.objects.create(association=world.association, year=2022,
                                            meetings=5)
    world.extra.update(board_member=seat, board_meetings=meetings)
    world.url_values.update(board_member_id=seat.pk, board_meetings_id=meetings.pk)
