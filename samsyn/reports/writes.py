"""The writes of what a person adds to a report: its texts and the board's decision on it.

One row per förbund, document and year, edited on a page that opens on the row or, before
there is one, on a new one. Both go through `save_row` (version, audit log); two people who
open the page before either has saved are told of each other's save rather than one saving
over the other, or the second meeting the unique constraint.
"""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from samsyn.associations import versions
from samsyn.associations.writes import Actor, Conflict, Saved, edits_since, require_own, save_row
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.reports.models import Decision, ReportText, Signatory


def signatories_text(source: Any) -> str:
    """The signatories as the decision's form shows them, one "name, role" a line; of a
    decision (its stored signatories) or of (name, role) pairs."""
    if isinstance(source, Decision):
        pairs: Iterable[tuple[str, str]] = (
            [(s.name, s.role) for s in source.signatories.all()] if source.pk else [])
    else:
        pairs = source
    return "\n".join(f"{name}, {role}" if role else name for name, role in pairs)


def _refuse_if_taken(actor: Actor, row: ReportText | Decision) -> None:
    """A new row whose place another person took since this one's form was opened."""
    if not row._state.adding:
        return
    taken = (type(row)._default_manager.select_for_update()
             .filter(association_id=row.association_id, kind=row.kind, year=row.year).first())
    if taken is not None:
        raise Conflict(type(row), None, taken, edits_since(actor.association, taken, -1))


def save_report_text(actor: Actor, text: ReportText, *, version: int | None = None,
                     **_options: Any) -> Saved:
    require_own(actor, text.association_id)
    with transaction.atomic():
        _refuse_if_taken(actor, text)
        try:
            return save_row(actor, text, version=version)
        except ValidationError:
            _refuse_if_taken(actor, text)  # another person's first text came in between
            raise


def save_decision(actor: Actor, decision: Decision, *, version: int | None = None,
                  signatories: list[tuple[str, str]] | None = None, **_options: Any) -> Saved:
    """The decision and, when given, its signatories in order; a change of the signatories
    alone raises the decision's version and is logged as a change of it."""
    require_own(actor, decision.association_id)
    with transaction.atomic():
        _refuse_if_taken(actor, decision)
        try:
            saved = save_row(actor, decision, version=version)
        except ValidationError:
            _refuse_if_taken(actor, decision)  # another person's decision came in between
            raise
        if signatories is None or signatories_text(decision) == signatories_text(signatories):
            return saved
        decision.signatories.all().delete()
        Signatory.objects.bulk_create(
            Signatory(decision=decision, order=i, name=name, role=role)
            for i, (name, role) in enumerate(signatories))
        if not saved.wrote:  # save_row raised the version when it wrote
            Decision.objects.filter(pk=decision.pk).update(version=F("version") + 1)
            decision.refresh_from_db(fields=["version"])
            versions.changed(actor.association, versions.parts_of(Signatory))
        record(category=Category.DATA, action="save", user=actor.user,
               association=actor.association, obj=decision, rows=1, request=actor.request,
               detail={"via": actor.via, "fields": ["signatories"],
                       "version": decision.version})
        return Saved(created=saved.created, fields=[*saved.fields, "signatories"])
