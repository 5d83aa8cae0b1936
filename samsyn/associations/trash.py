"""Undo for a removal made on a page: the removed rows are kept, as JSON, for `KEEP_DAYS`.

Why a copy rather than a `deleted_at` column: a removed row that stays in its table has to
be left out of every query, count, report, export, API answer and uniqueness rule, and one
forgotten filter counts it. Kept as a copy, it is simply gone from all of them, and the
restore puts the same rows back, with their primary keys and versions, in one transaction.

What is never kept: a removal that would take participant records with it (participations,
participants, answers). Those are personal data; removing them is the erasure of GDPR
article 17 and stays final. The nightly `purge_removed` command deletes copies older than
`KEEP_DAYS`.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core import serializers
from django.db import IntegrityError, connections, models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from samsyn.associations import versions
from samsyn.associations.models import RemovedRow

KEEP_DAYS = 30

# Models whose rows are personal data: a removal that reaches one of them is final. Named
# by label, since this floor imports no domain app.
PERSONAL = frozenset({
    "participants.participant", "participants.participation", "participants.recordaccess",
    "surveys.invitee", "surveys.response", "surveys.pendingresponse", "surveys.answer",
})


class NotRestorable(Exception):
    """The rows cannot come back as they were; the message says why, in Swedish."""


def _collected(obj: models.Model) -> list[models.Model]:
    """`obj` and every row its removal deletes, parents first (the order to restore in)."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    collector.sort()  # children before parents: the order to delete in
    slow = [o for model, instances in collector.data.items() if not model._meta.auto_created
            for o in sorted(instances, key=lambda o: str(o.pk))]
    # Rows deleted by a query (leaves nothing points at) come back after their parents.
    # Many-to-many rows are left out: they come back with the row that owns them.
    fast = [o for queryset in collector.fast_deletes
            if not queryset.model._meta.auto_created for o in queryset]
    return _parents_first(slow[::-1] + fast)


def _parents_first(rows: list[models.Model]) -> list[models.Model]:
    """`rows` with each model's rows after the rows of every model it points at. The
    Collector's order misses a dependency it meets twice (an activity reached through its
    focus area and through its goal), and a check made as a row is put back (the activity's
    goal must be of its focus area) needs the parents in place first."""
    kinds = {type(row) for row in rows}
    points_at = {kind: {field.related_model for field in kind._meta.concrete_fields
                        if field.is_relation and field.related_model in kinds
                        and field.related_model is not kind} for kind in kinds}
    rank: dict[Any, int] = {}

    def depth(kind: Any, path: frozenset[Any] = frozenset()) -> int:
        if kind not in rank:
            rank[kind] = 1 + max((depth(parent, path | {kind}) for parent in points_at[kind]
                                  if parent not in path), default=-1)
        return rank[kind]

    return sorted(rows, key=lambda row: depth(type(row)))  # stable: the Collector's otherwise


def keep(association: Any, obj: models.Model, username: str) -> RemovedRow | None:
    """A copy of `obj` and what its removal cascades to, before it is deleted; None when
    the removal reaches personal data (then it is final)."""
    rows = _collected(obj)
    if any(row._meta.label_lower in PERSONAL for row in rows):
        return None
    return RemovedRow.objects.create(
        association=association, model=obj._meta.label, object_id=str(obj.pk),
        label=str(obj)[:300], data=serializers.serialize("json", rows), rows=len(rows),
        removed_by=username[:150])


def restore(removed: RemovedRow,
            check: Callable[[list[models.Model]], None] | None = None) -> models.Model:
    """Put the rows back as they were (primary keys, versions), all or nothing, and drop the
    copy; NotRestorable when a row's place is taken or what it belonged to is gone. `check`
    sees the rows first and may refuse (a signed-off period raises)."""
    try:
        with transaction.atomic():
            first = None
            items = list(serializers.deserialize("json", removed.data))
            if check is not None:
                check([item.object for item in items])
            for item in items:
                model = type(item.object)
                if model._default_manager.filter(pk=item.object.pk).exists():
                    raise NotRestorable(_("%(object)s cannot be restored: it is back already "
                                          "or its place is taken.") % {"object": removed})
                item.save()
                if first is None:
                    first = item.object
            # Foreign keys are checked at the outermost commit; a parent gone since must
            # refuse the restore here, with a message, not fail a request's commit later.
            connection = connections[router.db_for_write(RemovedRow)]
            # The many-to-many rows saved with their owner too: SQLite checks only the
            # tables named, and a link to a row removed since would fail the commit.
            links = {field.remote_field.through for item in items
                     for field in item.object._meta.many_to_many}
            connection.check_constraints(table_names=sorted(
                {item.object._meta.db_table for item in items}
                | {link._meta.db_table for link in links if link is not None}))
            removed.delete()
            # The parts of the rows put back (and of their links), not every part.
            versions.changed(removed.association_id, versions.parts_in(
                {type(item.object) for item in items}
                | {link for link in links if link is not None}))
    except IntegrityError as exc:
        raise NotRestorable(_("%(object)s cannot be restored: what it belonged to has been "
                              "removed since. Restore that first.")
                            % {"object": removed}) from exc
    except serializers.base.DeserializationError as exc:
        raise NotRestorable(_("%(object)s cannot be restored: what it belonged to has been "
                              "removed since. Restore that first.")
                            % {"object": removed}) from exc
    if first is None:  # nothing was kept: no row to give back
        raise NotRestorable(_("%(object)s cannot be restored.") % {"object": removed})
    return first


def purge(now: dt.datetime | None = None, days: int = KEEP_DAYS) -> int:
    """Delete copies older than `days`; the number deleted."""
    limit = (now or timezone.now()) - dt.timedelta(days=days)
    deleted, _by_model = RemovedRow.objects.filter(removed_at__lt=limit).delete()
    return deleted
