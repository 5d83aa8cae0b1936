"""Operations on participant records: pseudonyms, import, reading for figures, audit, retention."""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from samsyn.associations.access import Access
from samsyn.associations.models import Association
from samsyn.interventions.models import Intervention
from samsyn.participants import metrics
from samsyn.participants.codes import SYNONYMS, Referrer, age_group
from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    Participation,
    ReducedParticipation,
    ReferrerCode,
)
from samsyn.participants.pseudonym import association_key, pseudonym


def pseudonymiser(association: Association) -> Callable[[str], str]:
    key = association_key(settings.PSEUDONYM_SECRET, association.pseudonym_salt)
    return lambda value: pseudonym(key, value)


def referrer_map(association: Association) -> dict[str, tuple[str, str]]:
    """Every way a referrer may be written -> (the code stored, its national category)."""
    found: dict[str, tuple[str, str]] = {
        text: (code, code) for text, code in SYNONYMS["referrer"].items()
    }
    for code in Referrer:
        found[str(code.label).lower()] = (code.value, code.value)
    for own in ReferrerCode.objects.filter(association=association):
        found[own.code.lower()] = (own.code, own.category)
        found[own.label.lower()] = (own.code, own.category)
    return found


@dataclass(frozen=True)
class Scope:
    """Whose records an operation may touch: a förbund and some of its insatser."""

    association: Association
    allowed: QuerySet[Any]

    @classmethod
    def of(cls, access: Access) -> "Scope":
        return cls(access.association, access.interventions())

    @classmethod
    def whole(cls, association: Association) -> "Scope":
        """For the command line, run by whoever runs the server."""
        return cls(association, Intervention.objects.filter(association=association))

    def interventions(self) -> QuerySet[Any]:
        return self.allowed


def audit(access: "Access | Scope", user: Any, intervention: Intervention | None, action: str,
          rows: int) -> None:
    """user None: the command line, logged as such (in the audit log, samsyn.audit)."""
    from samsyn.audit.services import record_read

    record_read(access, user, intervention, action, rows)


# Reading for figures


def records(association: Association, start: dt.date, end: dt.date,
            interventions: QuerySet[Any] | None = None) -> list[metrics.Record]:
    """Every participation, reduced participation and monthly count that touches the period."""
    if interventions is None:
        interventions = Intervention.objects.filter(association=association)
    found: list[metrics.Record] = []
    participations = (
        Participation.objects.filter(intervention__in=interventions, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("intervention", "municipality", "participant")
    )
    for p in participations:
        found.append(metrics.Record(
            intervention=p.intervention.slug, gender=p.gender, start=p.start_date,
            end=p.end_date, exit_reason=p.exit_reason, referrer=p.referrer_category,
            municipality=p.municipality.name if p.municipality else "",
            age_group=age_group(p.birth_year, p.start_date.year),
            participant=p.participant.pseudonym,
        ))
    reduced = (ReducedParticipation.objects.filter(intervention__in=interventions,
                                                   start_date__lte=end, end_date__gte=start)
               .select_related("intervention", "municipality"))
    for r in reduced:
        found.append(metrics.Record(
            intervention=r.intervention.slug, gender=r.gender, start=r.start_date,
            end=r.end_date, exit_reason=r.exit_reason, referrer=r.referrer_category,
            municipality=r.municipality.name if r.municipality else "", age_group=r.age_group,
            count=r.count,
        ))
    # A month's counts belong to the period holding the month's first day.
    counts = (MonthlyCount.objects.filter(intervention__in=interventions, month__lte=end,
                                          month__gte=start)
              .select_related("intervention"))
    for c in counts:
        new = c.kind == MonthlyCount.Kind.NEW
        found.append(metrics.Record(
            intervention=c.intervention.slug, gender=c.gender,
            start=c.month if new else None, end=None if new else c.month,
            exit_reason=c.exit_reason, referrer=c.referrer_category, count=c.count,
            counts_as_active=False,
        ))
    return found


# The register extract and erasure (GDPR art. 15 and 17)


def participations_of(access: Access, personnummer_or_code: str) -> list[Participation]:
    value = pseudonymiser(access.association)(personnummer_or_code)
    return list(
        Participation.objects.filter(participant__association=access.association,
                                     participant__pseudonym=value,
                                     intervention__in=access.interventions())
        .select_related("intervention", "municipality", "participant")
    )


@transaction.atomic
def erase(access: Access, user: Any, participation: Participation) -> None:
    participant = participation.participant
    audit(access, user, participation.intervention, "erase", 1)
    participation.delete()
    if not participant.participations.exists():
        participant.delete()


# Retention


@dataclass
class Reduction:
    participations: int
    groups: int


@transaction.atomic
def reduce_expired(association: Association, today: dt.date, dry_run: bool = False) -> Reduction:
    """Participations closed more than retention_years ago become counts of identical facts.

    Every figure the reports give for any period stays the same: the facts kept are exactly
    those the figures use. Only "unique participants" then counts each reduced one as a person.
    """
    limit = _years_before(today, association.retention_years)
    expired = (Participation.objects.filter(intervention__association=association,
                                            end_date__isnull=False, end_date__lt=limit)
               .select_related("participant"))
    groups: Counter[tuple[Any, ...]] = Counter()
    for p in expired:
        groups[(p.intervention_id, p.start_date, p.end_date, p.gender,
                age_group(p.birth_year, p.start_date.year), p.municipality_id,
                p.referrer_category, p.exit_reason)] += 1
    count = sum(groups.values())
    if dry_run or not count:
        return Reduction(count, len(groups))
    ReducedParticipation.objects.bulk_create(
        ReducedParticipation(
            intervention_id=key[0], start_date=key[1], end_date=key[2], gender=key[3],
            age_group=key[4], municipality_id=key[5], referrer_category=key[6],
            exit_reason=key[7], count=n,
        )
        for key, n in groups.items()
    )
    participant_ids = set(expired.values_list("participant_id", flat=True))
    expired.delete()
    Participant.objects.filter(pk__in=participant_ids, participations__isnull=True).delete()
    return Reduction(count, len(groups))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def forgotten(participations: Iterable[Participation], today: dt.date) -> set[int]:
    """Open participations far past the insats' usual duration (twice it), by pk."""
    found = set()
    for p in participations:
        usual = p.intervention.usual_duration_days
        if p.end_date is None and usual and (today - p.start_date).days > 2 * usual:
            found.add(p.pk)
    return found
