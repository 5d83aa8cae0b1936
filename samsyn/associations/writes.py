"""The one way a row of a förbund is written: validated, version-checked, checked against the
signed-off periods and logged, in one transaction.

Each app's `services.py` names a function per record kind on top of `save_row` and
`delete_row` (`save_participation`, `save_budget_line`, `save_member`...), as Zulip's do_*
actions: the forms (through `editing.save_form`), the API and the importers call those, never
`Model.save()` on tenant data. docs/DEVELOPING.md, "A new write", lists them.

No lost update: a row edited in two places carries `version`, raised by one on each save. A
writer states the version it read; if the row has moved on since, the write is refused with a
`Conflict` naming who changed which fields (read back from the audit log, where every save
notes its new version and the names of the fields it changed: names only, never values, so a
participant's data is not copied into a log that cannot be erased).
"""

import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.db.models import F
from django.http import HttpRequest

from samsyn.associations import trash, versions
from samsyn.associations.access import Access, Scope
from samsyn.associations.models import RemovedRow
from samsyn.audit.models import AuditEntry, Category
from samsyn.audit.services import record

# Where a write came from, noted in its audit entry.
VIA_FORM, VIA_API, VIA_IMPORT, VIA_COMMAND = "form", "api", "import", "command"
VIA_ADMIN = "admin"  # Django admin, a superuser: only memberships (associations/admin.py)

# check(before, after): raises (PeriodLocked, ValidationError) to refuse the write; `before`
# is the row as stored (None: a new row), `after` as it is about to be (None: a removal).
# What it returns goes into the write's audit entry: the reason an accepted change in a
# signed-off period was made is logged with the change itself.
Check = Callable[[Any, Any], "dict[str, Any] | None"]
# The code of a check's refusal that a reason would lift (an administrator's change in a
# signed-off period): the edit page shows it at its reason field.
NEEDS_REASON = "needs_reason"


@dataclass(frozen=True)
class Actor:
    """Who writes: the förbund and what of it they may touch, the person (None: the command
    line, acting for the installation), the request (for the audit log's address) and the
    channel."""

    scope: Scope
    user: Any = None
    request: HttpRequest | None = None
    via: str = VIA_FORM
    # A removal made on a page is kept to be restored for a while (samsyn.associations.trash);
    # one by the API, an import or the command line is final.
    restorable: bool = False

    @property
    def association(self) -> Any:
        return self.scope.association

    @classmethod
    def of(cls, access: Access, request: HttpRequest, via: str = VIA_FORM,
           restorable: bool = False) -> "Actor":
        return cls(access.scope(), request.user, request, via, restorable)

    @classmethod
    def system(cls, association: Any, via: str = VIA_COMMAND) -> "Actor":
        return cls(Scope.system(association), None, None, via)


@dataclass(frozen=True)
class Edit:
    """One save of a row after the version a writer read: by whom, which fields."""

    by: str
    version: int
    fields: tuple[str, ...]


class Conflict(Exception):
    """The row changed (or went) since the writer read it: nothing was written."""

    def __init__(self, model: type[models.Model], seen: int | None, current: Any,
                 edits: list[Edit]) -> None:
        super().__init__(f"{model._meta.label}: version {seen} is stale")
        self.model = model
        self.seen = seen
        self.current = current  # the row as stored now; None: removed
        self.edits = edits

    @property
    def version(self) -> int | None:
        return getattr(self.current, "version", None)

    @property
    def fields(self) -> list[str]:
        """The names of the fields changed since, as the audit log tells (oldest first)."""
        found: list[str] = []
        for edit in self.edits:
            found += [name for name in edit.fields if name not in found]
        return found

    def by(self, name: str | None = None) -> str:
        """Who last changed the field (any field: None); "" when the log does not say (an
        import changes rows by the thousand and logs them by the insats)."""
        for edit in reversed(self.edits):
            if name is None or name in edit.fields:
                return edit.by
        return self.edits[-1].by if self.edits else ""

    def as_json(self) -> dict[str, Any]:
        return {"version": self.version, "removed": self.current is None,
                "changed": [{"field": name, "by": self.by(name)} for name in self.fields]}


@dataclass
class Saved:
    created: bool
    fields: list[str] = field(default_factory=list)  # changed (empty: nothing to write)

    @property
    def wrote(self) -> bool:
        return self.created or bool(self.fields)


def require_own(actor: Actor, association_id: int | None) -> None:
    """A row of another förbund is never written, whatever a caller passes."""
    if association_id != actor.association.pk:
        raise PermissionDenied


def versioned(model: type[models.Model]) -> bool:
    return any(f.name == "version" for f in model._meta.concrete_fields)


def edits_since(association: Any, obj: models.Model, version: int) -> list[Edit]:
    """The saves of `obj` after `version`, oldest first, from the audit log."""
    entries = (AuditEntry.objects.filter(association_id=getattr(association, "pk", None),
                                         object_type=obj._meta.label, object_id=str(obj.pk),
                                         action="save")
               .order_by("-pk").values_list("username", "detail")[:50])
    found: list[Edit] = []
    for username, detail in entries:
        try:
            noted = json.loads(detail) if detail else {}
        except ValueError:
            noted = {}
        made = noted.get("version") if isinstance(noted, dict) else None
        if not isinstance(made, int) or made <= version:
            break
        found.append(Edit(username, made, tuple(noted.get("fields") or ())))
    return found[::-1]


def _compared(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields
            if not f.primary_key and f.name != "version"]


def changed_fields(before: models.Model | None, after: models.Model) -> list[str]:
    if before is None:
        return []
    return [f.name for f in _compared(type(after))
            if getattr(before, f.attname) != getattr(after, f.attname)]


def _m2m_changes(before: models.Model | None, m2m: dict[str, Iterable[Any]]) -> list[str]:
    changed = []
    for name, values in m2m.items():
        wanted = {getattr(v, "pk", v) for v in values}
        held = set(getattr(before, name).values_list("pk", flat=True)) if before else set()
        if wanted != held:
            changed.append(name)
    return changed


def _locked(obj: models.Model) -> Any:
    """The row as stored, locked until the transaction ends, so that of two concurrent saves
    the second reads the first's version (and is refused) rather than save over it."""
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    if connection.vendor == "sqlite":
        _sqlite_write_lock(rows)
    # Only the row itself: a manager that joins a nullable relation (a stated figure's group)
    # would otherwise ask PostgreSQL to lock the outer join's nullable side, which it refuses.
    return rows.select_for_update(of=("self",)).first()


def _sqlite_write_lock(rows: models.QuerySet[Any]) -> None:
    """SQLite has no row locks and one writer at a time: take the write lock before reading
    (an update that changes nothing), waiting while another writer holds it. Otherwise both
    would read the same version and the second fail at its own write."""
    first = next(f for f in rows.model._meta.concrete_fields if not f.primary_key)
    for attempt in range(_SQLITE_TRIES):
        try:
            with transaction.atomic():
                rows.update(**{first.attname: F(first.attname)})
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == _SQLITE_TRIES - 1:
                raise
            time.sleep(0.05)


_SQLITE_TRIES = 400  # 20 seconds, as the connection's own timeout (settings.py)


def _refuse_if_stale(actor: Actor, obj: models.Model, before: Any, version: int | None) -> None:
    model = type(obj)
    if before is None:
        raise Conflict(model, version, None, [])
    if version is not None and versioned(model) and before.version != version:
        raise Conflict(model, version, before, edits_since(actor.association, before, version))


def _insert(obj: models.Model) -> None:
    """A new row. full_clean() checked its unique fields, but another writer may have saved
    the same ones since (on PostgreSQL the two overlap): the database refuses the second,
    which is then told so as a ValidationError (Swedish, the form shows it), never a 500."""
    try:
        with transaction.atomic():  # a savepoint: PostgreSQL aborts the transaction otherwise
            obj.save()
    except IntegrityError:
        obj.validate_unique()
        obj.validate_constraints()
        raise


def save_row(actor: Actor, obj: models.Model, *, version: int | None = None,
             m2m: dict[str, Iterable[Any]] | None = None, check: Check | None = None,
             category: str = Category.DATA, intervention: Any = None,
             validate: bool = True) -> Saved:
    """Validate, compare with the stored row, check, save and log `obj` in one transaction.

    `version`: the version the writer read (None: a script that states none saves over
    whatever is there). A save that changes nothing writes nothing and logs nothing.
    """
    model = type(obj)
    m2m = m2m or {}
    with transaction.atomic():
        before = None
        if not obj._state.adding:
            before = _locked(obj)
            _refuse_if_stale(actor, obj, before, version)
        changed = changed_fields(before, obj) + _m2m_changes(before, m2m)
        if before is not None and not changed:
            return Saved(created=False)
        if validate:
            obj.full_clean()
        noted = check(before, obj) if check is not None else None
        if versioned(model):
            obj.version = before.version + 1 if before is not None else 0  # type: ignore[attr-defined]
        if before is None:
            _insert(obj)
        else:
            obj.save()
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        detail: dict[str, Any] = {"via": actor.via, "fields": changed}
        if versioned(model):
            detail["version"] = obj.version  # type: ignore[attr-defined]
        if before is None:
            detail["created"] = True
        detail.update(noted or {})
        record(category=category, action="save", user=actor.user,
               association=actor.association, intervention=intervention, obj=obj, rows=1,
               request=actor.request, detail=detail)
        versions.changed(actor.association, versions.parts_of(model))
    return Saved(created=before is None, fields=changed)


def delete_row(actor: Actor, obj: models.Model, *, version: int | None = None,
               check: Check | None = None, category: str = Category.DATA,
               intervention: Any = None) -> RemovedRow | None:
    """Remove `obj` (refused as a Conflict if it changed since `version`), logged. For a
    restorable actor, the copy kept to restore it (None: the removal is final)."""
    with transaction.atomic():
        before = _locked(obj)
        _refuse_if_stale(actor, obj, before, version)
        noted = check(before, None) if check is not None else None
        kept = None
        if actor.restorable:
            kept = trash.keep(actor.association, obj, username_of(actor))
        detail: dict[str, Any] = {"via": actor.via}
        if kept is not None:
            detail["restorable"] = kept.pk
        detail.update(noted or {})
        record(category=category, action="delete", user=actor.user,
               association=actor.association, intervention=intervention, obj=obj, rows=1,
               request=actor.request, detail=detail)
        obj.delete()
        # With the parts of every row the removal takes or changes with it.
        versions.changed(actor.association, versions.parts_of(type(obj), deleting=True))
    return kept


def username_of(actor: Actor) -> str:
    return actor.user.get_username() if actor.user is not None else "manage.py"
