"""Operations on participant records: pseudonyms, import, reading for figures, audit, retention."""

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from samsyn.associations.access import Access, Scope
from samsyn.associations.models import (
    Association,
    Member,
    MemberKind,
    RecordKind,
    RemovedRow,
    RetentionDecision,
)
from samsyn.associations.writes import (
    VIA_FORM,
    Actor,
    Conflict,
    Edit,
    Saved,
    delete_row,
    require_own,
    save_row,
)
from samsyn.audit.models import AuditEntry, Category
from samsyn.audit.services import record, record_read
from samsyn.interventions.models import Intervention
from samsyn.participants import metrics, queries
from samsyn.participants.codes import SYNONYMS, Referrer, age_group
from samsyn.participants.models import (
    MonthlyCount,
    Participant,
    Participation,
    ReducedParticipation,
    ReferralCount,
    ReferrerCode,
    StatedCount,
    StatedFigure,
    month_end,
)
from samsyn.participants.pseudonym import (
    PLACEHOLDER_FAULT,
    PlaceholderIdentity,
    PseudonymError,
    association_key,
    hasher,
)
from samsyn.periods.hooks import check_participation, late_notes, spans_check
from samsyn.periods.services import check_open


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


def audit(access: Access | Scope, user: Any, intervention: Intervention | None, action: str,
          rows: int) -> None:
    """A read of records; user None: the command line, logged as such (samsyn.audit)."""
    record_read(access, user, intervention, action, rows)


# Writing records: the one path of the form, the API and the import (docs/DEVELOPING.md)


def pseudonym_of(association: Association, person: str) -> str:
    """The förbund's pseudonym of a personnummer or local code; refused without repeating it."""
    try:
        return pseudonymiser(association)(person)
    except PlaceholderIdentity:
        # Said so that staff know how to register the person instead.
        raise ValidationError({"participant": [_(PLACEHOLDER_FAULT)]}) from None
    except PseudonymError:
        raise ValidationError({"participant": [_(
            "Not a valid personnummer, nor a local code of letters and digits.")]}) from None


def _kommun_of(association: Association, member: Member | None) -> None:
    if member is not None and (member.association_id != association.pk
                               or member.kind != MemberKind.MUNICIPALITY):
        raise ValidationError({"municipality": [_("Not a member kommun of the förbund.")]})


@transaction.atomic
def save_participation(actor: Actor, participation: Participation, *,
                       version: int | None = None, pseudonym: str | None = None,
                       reason: str | None = None, **_options: Any) -> Saved:
    """Create or change one participation: the form, the API and (in bulk, the same rules
    set-based) the import.

    `pseudonym`: of the person, for a new participation. The referrer (a code or a name, the
    national ones or the förbund's own) is stored with its national category; the kommun
    must be a member; the same person may not start the same insats twice on one day; a
    change inside a signed-off period is refused (an administrator may give `reason`); the
    version read must still be the stored one; the write is logged in the audit log.
    """
    association = actor.association
    intervention = participation.intervention
    if not actor.scope.covers(intervention):
        raise PermissionDenied
    if intervention.aggregate_only:
        raise ValidationError({"intervention": [_("This intervention keeps counts only, no "
                                                  "participant records.")]})
    if pseudonym is not None:
        participation.participant, _created = Participant.objects.get_or_create(
            association=association, pseudonym=pseudonym)
    found = referrer_map(association).get((participation.referrer or "").strip().lower())
    if found is None:
        raise ValidationError({"referrer": [_("Not a referrer code of the förbund.")]})
    participation.referrer, participation.referrer_category = found
    _kommun_of(association, participation.municipality)
    clash = Participation.objects.filter(
        intervention=intervention, participant=participation.participant,
        start_date=participation.start_date).exclude(pk=participation.pk)
    if participation.start_date and clash.exists():
        raise ValidationError({"start_date": [_("This person already has a participation in "
                                                "the insats starting that day.")]})

    def check(before: Participation | None, after: Participation) -> dict[str, str]:
        # An accepted later change carries its reason into the save's audit row as well.
        return late_notes(check_participation(
            association, before, after, actor.user,
            what=f"{_channel(actor)}{intervention.slug}: {after}", reason=reason))

    return save_row(actor, participation, version=version, check=check,
                    category=Category.RECORD, intervention=intervention)


def _channel(actor: Actor) -> str:
    """How a later change names where it came from (reports list them): a page says nothing."""
    return "" if actor.via == VIA_FORM else f"{actor.via} "


def log_import(actor: Actor, intervention: Intervention, rows: int) -> None:
    """An import's writes to one insats, logged as save_participation logs one (the rows are
    written set-based, by the thousand, so the entry counts them rather than naming each)."""
    record(category=Category.RECORD, action="save", user=actor.user,
           association=actor.association, intervention=intervention, rows=rows,
           request=actor.request, detail={"via": actor.via})


# The counts of an aggregate-only insats, a month at a time

CountKey = tuple[str, str, str]  # (kind, gender, referrer category or exit reason)


def _month_rows(intervention: Intervention, month: dt.date) -> QuerySet[MonthlyCount]:
    """The counts the month's page keeps: the month's own, not those of longer periods."""
    return MonthlyCount.objects.filter(intervention=intervention, month=month,
                                       period_end=month_end(month), municipality=None,
                                       age_group="")


def month_counts(intervention: Intervention, month: dt.date) -> dict[CountKey, int]:
    return {(c.kind, c.gender, c.referrer_category or c.exit_reason): c.count
            for c in _month_rows(intervention, month)}


def _month_edits(actor: Actor, intervention: Intervention, month: dt.date) -> list[Edit]:
    last = (AuditEntry.objects.filter(association_id=actor.association.pk,
                                      intervention_id=intervention.pk, action="save",
                                      detail__contains=f'"month": "{month:%Y-%m}"')
            .order_by("-pk").values_list("username", flat=True).first())
    return [Edit(last, 0, ())] if last else []


@transaction.atomic
def save_monthly_count(actor: Actor, intervention: Intervention, month: dt.date,
                       counts: dict[CountKey, int], *,
                       seen: dict[CountKey, int] | None = None) -> bool:
    """Keep one month's counts of an aggregate-only insats (those not given are nought).

    The month's counts are edited as one: `seen` is what the page showed, and if the stored
    counts differ from it the save is refused as a Conflict whose `current` holds them.
    Returns whether anything changed.
    """
    if not actor.scope.covers(intervention) or not intervention.aggregate_only:
        raise PermissionDenied
    month = month.replace(day=1)
    # One writer at a time per insats: the month is replaced whole (PostgreSQL; SQLite
    # writes one at a time anyway).
    Intervention.objects.select_for_update().filter(pk=intervention.pk).first()
    current = month_counts(intervention, month)
    if seen is not None and seen != current:
        raise Conflict(MonthlyCount, None, current, _month_edits(actor, intervention, month))
    wanted = {key: n for key, n in counts.items() if n}
    if wanted == current:
        return False
    check_open(actor.association, [(month, month)], actor.user,
               what=f"{intervention.slug}: {month:%Y-%m}", asked=False)
    _month_rows(intervention, month).delete()
    MonthlyCount.objects.bulk_create(
        MonthlyCount(intervention=intervention, month=month, period_end=month_end(month),
                     kind=kind, gender=gender, count=n,
                     referrer_category=code if kind == "new" else "",
                     exit_reason=code if kind == "exit" else "")
        for (kind, gender, code), n in sorted(wanted.items()))
    queries.records_changed(intervention.association_id)
    changed = sorted("__".join(key) for key in set(wanted) | set(current)
                     if wanted.get(key, 0) != current.get(key, 0))
    record(category=Category.DATA, action="save", user=actor.user,
           association=actor.association, intervention=intervention, rows=len(wanted),
           request=actor.request,
           detail={"via": actor.via, "month": f"{month:%Y-%m}", "fields": changed})
    return True


# The förbund's own codes and stated figures


def save_referrer_code(actor: Actor, code: ReferrerCode, *, version: int | None = None,
                       **options: Any) -> Saved:
    require_own(actor, code.association_id)
    return save_row(actor, code, version=version, **options)


def own_period(
        row: StatedFigure | ReferralCount | StatedCount) -> list[tuple[dt.date, dt.date]]:
    """A stated figure, a referral count or an insats's stated count is a figure of its own
    period (the old one and the new, if it moves)."""
    return [(row.period_start, row.period_end)] if row.period_start and row.period_end else []


def save_stated_figure(actor: Actor, figure: StatedFigure, *, version: int | None = None,
                       reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, figure.association_id)
    return save_row(actor, figure, version=version, check=spans_check(actor, own_period, reason),
                    **options)


def delete_stated_figure(actor: Actor, figure: StatedFigure, *, version: int | None = None,
                         reason: str | None = None) -> RemovedRow | None:
    require_own(actor, figure.association_id)
    return delete_row(actor, figure, version=version,
                      check=spans_check(actor, own_period, reason))


def save_referral_count(actor: Actor, count: ReferralCount, *, version: int | None = None,
                        reason: str | None = None, **options: Any) -> Saved:
    require_own(actor, count.intervention.association_id)
    return save_row(actor, count, version=version, intervention=count.intervention,
                    check=spans_check(actor, own_period, reason), **options)


def delete_referral_count(actor: Actor, count: ReferralCount, *, version: int | None = None,
                          reason: str | None = None) -> RemovedRow | None:
    require_own(actor, count.intervention.association_id)
    return delete_row(actor, count, version=version, intervention=count.intervention,
                      check=spans_check(actor, own_period, reason))


# An insats's figures as the förbund's document stated them (StatedCount)


def _stated_count_rules(actor: Actor, count: StatedCount) -> None:
    if count.intervention_id is None:
        raise ValidationError({"intervention": [_("Intervention: choose the intervention "
                                                  "whose figure it is.")]})
    intervention = count.intervention
    require_own(actor, intervention.association_id)
    if not actor.scope.covers(intervention):
        raise PermissionDenied
    for name in ("scope", "title", "row", "column", "source"):
        setattr(count, name, " ".join(str(getattr(count, name) or "").split()))
    # A blank column is the row's total: it adds up every category, so it has none of its own.
    if count.category and not count.column:
        raise ValidationError({"category": [_(
            "National referrer category: a figure with no column label is the row's total "
            "and is counted under no category. Name the column, or leave the category "
            "empty.")]})
    # The blank column of the table is the count the share is of: a share names its own.
    if count.measure == StatedCount.Measure.NEW_SHARE and not count.column:
        raise ValidationError({"column": [_(
            "Column: a share of the new participants names whom it is the share of (such "
            "as Andel kvinnor); the table's total is the count of new participants it is a "
            "share of, entered as a figure of its own.")]})


def save_stated_count(actor: Actor, count: StatedCount, *, version: int | None = None,
                      reason: str | None = None, **options: Any) -> Saved:
    """Keep one figure of an insats as the förbund stated it: the pages and the demo loader.
    Never added to the register's counts (samsyn.documents.stated_counts prints it)."""
    _stated_count_rules(actor, count)
    return save_row(actor, count, version=version, intervention=count.intervention,
                    check=spans_check(actor, own_period, reason), **options)


def delete_stated_count(actor: Actor, count: StatedCount, *, version: int | None = None,
                        reason: str | None = None) -> RemovedRow | None:
    require_own(actor, count.intervention.association_id)
    if not actor.scope.covers(count.intervention):
        raise PermissionDenied
    return delete_row(actor, count, version=version, intervention=count.intervention,
                      check=spans_check(actor, own_period, reason))


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
    decision: RetentionDecision | None = None


class NoRetentionDecision(Exception):
    """Gallring needs the board's recorded decision (arkivlagen); without one nothing goes."""

    def __init__(self, association: Association) -> None:
        super().__init__(_(
            "%(name)s has no recorded gallring decision covering participant records, so "
            "nothing was reduced. The office or the administrator records the board's "
            "decision under Participants → Gallring decisions."
        ) % {"name": association.name})
        self.association = association


REDUCED_CODES = ("gender", "municipality_id", "referrer_category", "exit_reason",
                 "support_at_start", "occupation_at_start", "occupation_at_exit",
                 "support_at_exit", "followup_occupation", "followup_support")


@transaction.atomic
def reduce_expired(association: Association, today: dt.date, dry_run: bool = False) -> Reduction:
    """Participations closed longer ago than the gallring decision says become counts per
    month and category.

    Only under the board's decision in force on `today` that covers participant records
    (`RetentionDecision.in_force`); without one `NoRetentionDecision` is raised and nothing is
    touched. Each run, a dry run too, is logged in the audit log with the decision it follows.

    The months of start and end, gender, age group, kommun, referrer category, exit reason and
    the before-and-after codes are kept; dates, birth year and identity go. Every figure of any
    period of whole months stays the same. Only "unique participants" then counts each reduced
    one as a person. Grouped by the database: the rows are never loaded.
    """
    decision = RetentionDecision.in_force(association, RecordKind.PARTICIPATIONS, today)
    if decision is None:
        raise NoRetentionDecision(association)
    limit = months_before(today, decision.retention_months)
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
    record(category=Category.RECORD, action="reduce_dry_run" if dry_run else "reduce",
           association=association, obj=decision, rows=count,
           detail={"decision": decision.reference, "decided_on": decision.decided_on.isoformat(),
                   "adopted_by": decision.adopted_by, "months": decision.retention_months,
                   "closed_before": limit.isoformat(), "counts": len(groups)})
    if dry_run or not count:
        return Reduction(count, len(groups), decision)
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
    return Reduction(count, len(groups), decision)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier; the month's last day where it has no such day."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def forgotten(participations: Iterable[Participation], today: dt.date) -> set[int]:
    """Open participations far past the insats' usual duration (twice it), by pk."""
    found = set()
    for p in participations:
        usual = p.intervention.usual_duration_days
        if p.end_date is None and usual and (today - p.start_date).days > 2 * usual:
            found.add(p.pk)
    return found
