"""Generated registers to attack: several insatser with 0 … 40 participations each in a year,
spread over genders, referrers, exit reasons, kommuner, ages and outcomes, and one change
made afterwards into a period already signed off (opened for it by an administrator)."""

import datetime as dt
import random
from typing import Any

from samsyn.interventions.models import Intervention
from samsyn.participants.models import MonthlyCount, Participant, Participation
from samsyn.periods.models import LateChange, SignedPeriod

GENDERS = ("kvinna", "kvinna", "man", "man", "ej_angett")
REFERRERS = ("af", "fk", "kommun", "region", "egen", "annat")
REASONS = ("arbete", "studier", "ordinarie_af", "ordinarie_kommun", "annan_insats",
           "fortsatt_rehab", "sjukdom", "ovrigt")
SUPPORTS = ("forsorjningsstod", "sjukpenning_rehab", "aktivitetsersattning", "a_kassa", "ingen")
OCCUPATIONS = ("arbete", "studier", "arbetssokande", "ingen", "annan", "")


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _participation(world: Any, rng: random.Random, insats: Intervention, n: int,
                   start: dt.date, kommuner: list[Any]) -> None:
    end = None if rng.random() < 0.35 else start + dt.timedelta(days=rng.randint(0, 330))
    followup = (end + dt.timedelta(days=180)
                if end is not None and rng.random() < 0.4 else None)
    person = Participant.objects.create(association=world.association,
                                        pseudonym=f"attack-{insats.slug}-{n}")
    Participation.objects.create(
        intervention=insats, participant=person, gender=rng.choice(GENDERS),
        birth_year=rng.randint(1958, 2006), municipality=rng.choice(kommuner),
        referrer="x", referrer_category=rng.choice(REFERRERS), start_date=start,
        support_at_start=rng.choice(SUPPORTS), end_date=end,
        exit_reason=rng.choice(REASONS) if end else "",
        occupation_at_exit=rng.choice(OCCUPATIONS) if end else "",
        support_at_exit=rng.choice(SUPPORTS) if end else "",
        followup_date=followup,
        followup_occupation=rng.choice(OCCUPATIONS[:-1]) if followup else "",
    )


def generate(world: Any, seed: int, year: int = 2022, insatser: int = 4,
             most: int = 40, backdated: bool = True,
             signed_months: int = 6) -> list[Intervention]:
    """Replaces the world's register by a generated one; returns the insatser.
    `signed_months`: the months of the year's first part signed off (6 the half-year, 8 a
    tertial förbund's January–August)."""
    rng = random.Random(seed)
    association = world.association
    Participation.objects.filter(intervention__association=association).delete()
    MonthlyCount.objects.filter(intervention__association=association).delete()
    kommuner = [world.members["kommun"], None]
    made = []
    for i in range(insatser):
        insats = Intervention.objects.create(
            association=association, slug=f"insats-{seed}-{i}", name=f"Insats {i}",
            kind="individual", start=dt.date(year - 2, 1, 1))
        made.append(insats)
        for n in range(rng.randint(0, most)):
            start = _day(rng, dt.date(year - 1, 3, 1), dt.date(year, 12, 31))
            _participation(world, rng, insats, n, start, kommuner)
    if backdated and made:
        # The first half-year (or January–August) signed off, then opened for a change, and
        # one participation registered into it afterwards.
        signed = SignedPeriod.objects.create(
            association=association, kind="half-year", start=dt.date(year, 1, 1),
            end=dt.date(year, signed_months + 1, 1) - dt.timedelta(days=1),
            signed_by_name="kansli")
        insats = rng.choice(made)
        _participation(world, rng, insats, 999, dt.date(year, 3, 14), kommuner)
        LateChange.objects.create(period=signed, username="admin", reason="efterregistrering",
                                  what=f"{insats.name}: a participation from {year}-03-14")
    return made
