"""Participant records of a test förbund, so every participant page can be walked."""

import datetime as dt
from typing import Any

from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    Participation,
    ReferralCount,
    ReferrerCode,
    StatedCount,
    StatedFigure,
)
from samsyn.participants.services import pseudonymiser


def extend_world(world: Any) -> None:
    association = world.association
    referrer = ReferrerCode.objects.create(association=association, code="kaa",
                                           label="Kommunala aktivitetsansvaret",
                                           category="kommun")
    participant = Participant.objects.create(
        association=association, pseudonym=pseudonymiser(association)("19900101-0017"))
    participation = Participation.objects.create(
        intervention=world.intervention, participant=participant, gender="kvinna",
        birth_year=1990, municipality=world.members["kommun"], referrer="kaa",
        referrer_category="kommun", start_date=dt.date(2022, 2, 1),
        support_at_start="forsorjningsstod", support_time="1-3",
        consent_date=dt.date(2022, 2, 1),
    )
    MonthlyCount.objects.create(intervention=world.other_intervention,
                                month=dt.date(2022, 3, 1), kind="new", gender="man",
                                referrer_category="af", count=3)
    stated = StatedFigure.objects.create(association=association,
                                         period_start=dt.date(2022, 1, 1),
                                         period_end=dt.date(2022, 12, 31), measure="new",
                                         value=120, source="Årsredovisning 2022")
    world.extra.update(participation=participation, referrer=referrer, stated=stated)
    world.url_values.update(participation_id=participation.pk, referrer_id=referrer.pk,
                            stated_id=stated.pk)
    referral = ReferralCount.objects.create(
        intervention=world.intervention, period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31), municipality=world.members["kommun"], gender="kvinna",
        count=12)
    world.extra["referral"] = referral
    world.url_values["referral_id"] = referral.pk
    # A year no test's document asks for, so the documents' tables stay as each test builds.
    stated_count = StatedCount.objects.create(
        intervention=world.intervention, period_start=dt.date(2019, 1, 1),
        period_end=dt.date(2019, 12, 31), measure="new", title="Nya deltagare per anvisare",
        row="", column="KAA", category="kommun", value=4,
        source="Årsredovisning 2019, bilaga 1")
    world.extra["stated_count"] = stated_count
    world.url_values["stated_count_id"] = stated_count.pk
