"""Writes of the förbund itself: its settings, members, population figures and people.

One function per record kind the pages edit; each checks that the row is the förbund's and
the version read, and logs the write (samsyn.associations.writes).
"""

from typing import Any

from samsyn.associations.models import Association, Member, Membership, Population
from samsyn.associations.writes import Actor, Saved, require_own, save_row


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
