"""Operations on participant records: pseudonyms, import, reading for figures, audit, retention."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import TruncMonth

from samsyn.associations.access import Access
from samsyn.associations.models import Association
from samsyn.audit.services import record_read
from samsyn.interventions.models import Intervention
from samsyn.participants import metrics, queries
from samsyn.participants.codes import SYNONYMS, Referrer, age_group
from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    Participation,
    ReducedParticipation,
    ReferrerCode,
    month_end,
)
from samsyn.participants.pseudonym import association_key, hasher


def pseudonymiser(association: Association) -> Callable[[str], str]:
    key = association_key(settings.PSEUDONYM_SECRET, association.pseudonym_salt)
    return hasher(key)


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
    # An aggregate count belongs to a report period that holds all of its own period.
    counts = (MonthlyCount.objects.filter(intervention__in=interventions, month__gte=start,
                                          period_end__lte=end)
              .select_related("intervention", "municipality"))
    for c in counts:
        found.append(metrics.Record(
            intervention=c.intervention.slug, gender=c.gender, start=None, end=None,
            exit_reason=c.exit_reason, referrer=c.referrer_category,
            municipality=c.municipality.name if c.municipality else "", age_group=c.age_group,
            count=c.count, counts_as_active=False, counted=c.kind,
            counted_period=metrics.Period(c.month, c.period_end),
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
    queries.records_changed(access.association)
    if not participant.participations.exists():
        participant.delete()


# Retention


@dataclass
class Reduction:
    participations: int
    groups: int


REDUCED_CODES = ("gender", "municipality_id", "referrer_category", "exit_reason",
                 "support_at_start", "occupation_at_start", "occupation_at_exit",
                 "support_at_exit", "followup_occupation", "followup_support")


@transaction.atomic
def reduce_expired(association: Association, today: dt.date, dry_run: bool = False) -> Reduction:
    """Participations closed more than retention_years ago become counts per month and category.

    The months of start and end, gender, age group, kommun, referrer category, exit reason and
    the before-and-after codes are kept; dates, birth year and identity go. Every figure of any
    period of whole months stays the same. Only "unique participants" then counts each reduced
    one as a person. Grouped by the database: the rows are never loaded.
    """
    limit = _years_before(today, association.retention_years)
    expired = Participation.objects.filter(intervention__association=association,
                                           end_date__isnull=False, end_date__lt=limit)
    groups = list(
        expired.order_by()
        .annotate(start_month=TruncMonth("start_date", output_field=DateField()),
                  end_month=TruncMonth("end_date", output_field=DateField()),
                  age_at_start=queries.AGE_AT_START)
        .annotate(age=queries.AGE_GROUP)
        .values("intervention_id", "start_month", "end_month", "age", *REDUCED_CODES)
        .annotate(n=Count("id"))
    )
    count = sum(g["n"] for g in groups)
    if dry_run or not count:
        return Reduction(count, len(groups))
    ReducedParticipation.objects.bulk_create(
        (ReducedParticipation(
            intervention_id=g["intervention_id"], start_date=_as_date(g["start_month"]),
            end_date=month_end(_as_date(g["end_month"])), age_group=g["age"], count=g["n"],
            **{code: g[code] for code in REDUCED_CODES},
        ) for g in groups),
        batch_size=1000,
    )
    expired.delete()
    # A participant is kept only for their participations.
    Participant.objects.filter(association=association, participations__isnull=True).delete()
    queries.records_changed(association)
    return Reduction(count, len(groups))


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


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
