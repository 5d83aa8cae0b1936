"""Writes of the förbund itself: its settings, members, population figures and people.

One function per record kind the pages edit; each checks that the row is the förbund's and
the version read, and logs the write (samsyn.associations.writes). Populations fetched from
Kolada are shown first and saved together, as confirmed.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from samsyn.associations import kolada, versions
from samsyn.associations.models import (
    Association,
    Member,
    MemberKind,
    Membership,
    Population,
    RemovedRow,
    Role,
)
from samsyn.associations.writes import Actor, Saved, delete_row, require_own, save_row
from samsyn.audit.models import Category
from samsyn.audit.services import record


def save_association(actor: Actor, association: Association, *, version: int | None = None,
                     **options: Any) -> Saved:
    require_own(actor, association.pk)
    return save_row(actor, association, version=version, **options)


def save_member(actor: Actor, member: Member, *, version: int | None = None,
                **options: Any) -> Saved:
    require_own(actor, member.association_id)
    return save_row(actor, member, version=version, **options)


def save_population(actor: Actor, population: Population, *, version: int | None = None,
                    **options: Any) -> Saved:
    require_own(actor, population.member.association_id)
    return save_row(actor, population, version=version, **options)


def save_membership(actor: Actor, membership: Membership, *, version: int | None = None,
                    **options: Any) -> Saved:
    require_own(actor, membership.association_id)
    return save_row(actor, membership, version=version, **options)


def delete_membership(actor: Actor, membership: Membership, *, version: int | None = None,
                      ) -> RemovedRow | None:
    """Remove a person from the förbund; never its last administrator, who alone could give
    anyone a role again."""
    require_own(actor, membership.association_id)
    with transaction.atomic():
        admins = (Membership.objects.select_for_update()
                  .filter(association_id=membership.association_id, role=Role.ADMIN))
        if membership.role == Role.ADMIN and not admins.exclude(pk=membership.pk).exists():
            raise ValidationError(_("The last administrator cannot be removed."))
        return delete_row(actor, membership, version=version)


@dataclass(frozen=True)
class PopulationLine:
    """One member kommun in the preview: its code, the figure held now and Kolada's."""

    member: Member
    existing: int | None
    fetched: kolada.Fetched | None  # None: the member has no kommunkod to ask by

    @property
    def count(self) -> int | None:
        return self.fetched.count if self.fetched else None

    @property
    def changes(self) -> bool:
        return self.count is not None and self.count != self.existing


def kolada_preview(association: Association, day: dt.date) -> list[PopulationLine]:
    """Every member kommun with Kolada's population for `day`; nothing is saved.

    Raises kolada.KoladaError (a Swedish message) when Kolada cannot be asked: then no
    figure is shown, rather than some.
    """
    year = kolada.population_year(day)
    members = association.members.filter(kind=MemberKind.MUNICIPALITY).order_by("name")
    held = dict(Population.objects.filter(member__in=members, date=day)
                .values_list("member_id", "count"))
    return [PopulationLine(m, held.get(m.pk),
                           kolada.fetch(m.municipality_code, year) if m.municipality_code
                           else None)
            for m in members]


@transaction.atomic
def save_populations(association: Association, day: dt.date, figures: dict[int, int], *,
                     year: int, user: Any = None, request: HttpRequest | None = None) -> int:
    """Kolada's figures, as shown and confirmed, under the reference date `day`."""
    members = association.members.filter(kind=MemberKind.MUNICIPALITY, pk__in=figures)
    saved = 0
    for member in members:
        Population.objects.update_or_create(member=member, date=day,
                                            defaults={"count": figures[member.pk]})
        saved += 1
    versions.changed(association)
    record(category=Category.DATA, action="population_fetched", user=user,
           association=association, rows=saved, request=request,
           detail={"source": f"Kolada {kolada.KPI}", "year": year, "date": day.isoformat(),
                   "figures": {m.name: figures[m.pk] for m in members}})
    return saved
