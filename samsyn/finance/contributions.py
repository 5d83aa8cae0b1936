"""Member contributions of a year: who pays, by which population, and the decided split."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.models import Association, Member, MemberKind, Population
from samsyn.audit.models import Category
from samsyn.audit.services import record as audit
from samsyn.finance.allocation import KINDS, Allocation, AllocationError, Payer, Shares, allocate
from samsyn.finance.models import Contribution, ContributionYear
from samsyn.periods.locks import year_span
from samsyn.periods.services import PeriodLocked, check_open


class ContributionError(ValueError):
    pass


@dataclass
class Split:
    year: int
    total: int
    reference_date: dt.date
    allocations: list[Allocation]
    populations: dict[str, int]
    members: dict[str, Member | None]    # None for a kommun in a what-if that is not a member
    warnings: list[str] = field(default_factory=list)


def reference_date(year: int) -> dt.date:
    """Kommuner split their quarter by total population on 1 November of the year before."""
    return dt.date(year - 1, 11, 1)


def shares_of(association: Association) -> Shares:
    return Shares(state=association.state_share, region=association.region_share,
                  municipal=association.municipal_share)


def population_on(member: Member, date: dt.date) -> Population | None:
    return member.populations.filter(date__lte=date).order_by("-date").first()


def split_for(association: Association, year: int, total: int,
              overrides: Mapping[str, int] | None = None) -> Split:
    """The förbundsordning split; overrides change or add a kommun's population (a what-if)."""
    overrides = dict(overrides or {})
    date = reference_date(year)
    payers: list[Payer] = []
    members: dict[str, Member | None] = {}
    populations: dict[str, int] = {}
    warnings: list[str] = []
    paying = sorted(association.members.filter(pays=True),
                    key=lambda m: (KINDS.index(m.kind), m.name))
    for member in paying:
        population = None
        if member.kind == MemberKind.MUNICIPALITY:
            population = overrides.pop(member.name, None)
            if population is None:
                population = _stored_population(member, date, warnings)
            populations[member.name] = population
        payers.append(Payer(member.name, member.kind, population))
        members[member.name] = member
    for name, population in overrides.items():
        payers.append(Payer(name, MemberKind.MUNICIPALITY, population))
        members[name] = None
        populations[name] = population
    try:
        allocations = allocate(total, payers, shares_of(association))
    except AllocationError as exc:
        raise ContributionError(str(exc)) from exc
    return Split(year, total, date, allocations, populations, members, warnings)


def _stored_population(member: Member, date: dt.date, warnings: list[str]) -> int:
    found = population_on(member, date)
    if found is None:
        raise ContributionError(
            _("%(member)s has no population figure on or before %(date)s.")
            % {"member": member.name, "date": date.isoformat()}
        )
    if found.date != date:
        warnings.append(
            _("%(member)s: no figure for %(date)s; the one of %(used)s is used.")
            % {"member": member.name, "date": date.isoformat(), "used": found.date.isoformat()}
        )
    return found.count


@transaction.atomic
def decide(association: Association, split: Split, decided: dt.date | None = None,
           note: str = "", *, user: Any = None, request: Any = None) -> ContributionYear:
    """Store a split as the year's decided contributions, replacing an earlier decision.

    Logged as a write of economic data (the audit log), in the caller's transaction.
    """

    if decided is None:
        # The date is what the budget and the annual report cite the decision by.
        raise ContributionError(_("Give the date the members decided."))
    outsiders = [name for name, member in split.members.items() if member is None]
    if outsiders:
        raise ContributionError(
            _("A what-if with kommuner that are not members cannot be decided: %(names)s.")
            % {"names": ", ".join(outsiders)}
        )
    # The decided contributions are figures of the year's budget and annual report.
    try:
        check_open(association, [year_span(split.year)], user,
                   what=f"contributions decided {split.year}", asked=False)
    except PeriodLocked as locked:
        raise ContributionError(" ".join(locked.messages)) from None
    year, _created = ContributionYear.objects.update_or_create(
        association=association, year=split.year,
        defaults={"total": Decimal(split.total), "decided": decided, "note": note},
    )
    invoiced = dict(year.contributions.values_list("member_id", "invoiced"))
    year.contributions.all().delete()
    Contribution.objects.bulk_create(
        Contribution(
            contribution_year=year, member=member, amount=Decimal(a.amount),
            population=split.populations.get(a.name), invoiced=invoiced.get(member.pk),
        )
        for a in split.allocations
        if (member := split.members[a.name]) is not None
    )
    versions.changed(association, versions.parts_of(ContributionYear, deleting=True))
    audit(category=Category.DATA, action="contributions_decided", user=user,
          association=association, obj=year, rows=len(split.allocations), request=request,
          detail={"year": split.year, "total": str(split.total),
                  "decided": decided.isoformat() if decided else None})
    return year
