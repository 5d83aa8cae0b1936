"""The one way views reach tenant data.

Every view under /f/<association_slug>/ resolves the förbund here from the URL and the
user's membership. A user with no membership in the förbund gets 404, exactly as for a
förbund that does not exist, so nothing tells an outsider what exists. Role checks that fail
for a member give 403.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache, partial, wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from samsyn.associations import versions
from samsyn.associations.models import Association, Membership, Role
from samsyn.web import rows


class Action(StrEnum):
    """Everything a role may or may not do in a förbund: one row of POLICY per role."""

    VIEW = "view"  # the plan, insatser, members, target groups, surveys' setup
    EDIT = "edit"  # change those, and the förbund's settings
    ADMIN = "admin"  # people and roles of the förbund
    ALL_INTERVENTIONS = "interventions.all"  # otherwise only one's own insatser
    FINANCE_READ = "finance.read"
    FINANCE_EDIT = "finance.edit"
    RECORDS_READ = "records.read"  # participant records, every read logged
    RECORDS_EDIT = "records.edit"
    AGGREGATES_EXACT = "aggregates.exact"  # counts below the threshold, unsuppressed
    AGGREGATES_PUBLISHED = "aggregates.published"  # counts as published (suppressed)
    SURVEYS_READ = "surveys.read"
    SURVEYS_EDIT = "surveys.edit"
    REPORTS_AGGREGATE = "reports.aggregate"  # plan, annual, half-year, indicators, insatser
    REPORTS_PARTICIPANTS = "reports.participants"  # participant counts (as published)
    REPORTS_FINANCE = "reports.finance"  # budget, outcome, contributions
    API_KEYS = "api.keys"
    AUDIT_READ = "audit.read"  # the audit log: search and export


_EVERYONE = frozenset({Action.VIEW, Action.AGGREGATES_PUBLISHED, Action.SURVEYS_READ,
                       Action.REPORTS_PARTICIPANTS, Action.API_KEYS})

# The one table of rights. Pages (association_view), the report registry and the API's
# permission classes all ask Access.may(), which reads only this table and GRANTS; the test
# that walks every URL holds its own list of which action each URL needs.
POLICY: dict[str, frozenset[Action]] = {
    Role.ADMIN: _EVERYONE | {
        Action.EDIT, Action.ADMIN, Action.ALL_INTERVENTIONS, Action.FINANCE_READ,
        Action.FINANCE_EDIT, Action.AGGREGATES_EXACT, Action.SURVEYS_EDIT,
        Action.REPORTS_AGGREGATE, Action.REPORTS_FINANCE, Action.AUDIT_READ,
    },
    Role.OFFICE: _EVERYONE | {
        Action.EDIT, Action.ALL_INTERVENTIONS, Action.FINANCE_READ, Action.FINANCE_EDIT,
        Action.AGGREGATES_EXACT, Action.SURVEYS_EDIT, Action.REPORTS_AGGREGATE,
        Action.REPORTS_FINANCE,
    },
    # Analysts read records of every insats but change nothing.
    Role.ANALYST: _EVERYONE | {
        Action.ALL_INTERVENTIONS, Action.FINANCE_READ, Action.RECORDS_READ,
        Action.AGGREGATES_EXACT, Action.REPORTS_AGGREGATE, Action.REPORTS_FINANCE,
    },
    # Staff keep the records of their own insatser; counts leave them only published.
    Role.STAFF: _EVERYONE | {Action.RECORDS_READ, Action.RECORDS_EDIT},
    Role.BOARD: _EVERYONE | {
        Action.ALL_INTERVENTIONS, Action.FINANCE_READ, Action.REPORTS_AGGREGATE,
        Action.REPORTS_FINANCE,
    },
}

# Rights one membership is granted on top of its role (a flag of the Membership).
GRANTS: dict[str, dict[str, frozenset[Action]]] = {
    Role.STAFF: {"sees_finance": frozenset({Action.FINANCE_READ, Action.REPORTS_FINANCE})},
}

# Roles that must sign in with a second factor (TOTP or a recovery code).
SECOND_FACTOR_ROLES = frozenset({Role.ADMIN, Role.OFFICE, Role.ANALYST})


def allowed(role: str, action: Action, flags: Iterable[str] = ()) -> bool:
    """Whether a role (with the membership's flags set) may do action; reads only the table."""
    if action in POLICY.get(role, frozenset()):
        return True
    grants = GRANTS.get(role, {})
    return any(action in grants.get(flag, frozenset()) for flag in flags)


EDITOR_ROLES = frozenset(r for r, acts in POLICY.items() if Action.EDIT in acts)


@dataclass(frozen=True)
class Scope:
    """What one read may see: a förbund, and in it every insats or only some.

    Every report, export and API read takes a Scope rather than a bare förbund, so a reader
    confined to some insatser (their staff) can never be handed the figures of the others.
    Commands and jobs that act for the installation use `Scope.system`.
    """

    association: Association
    # None: every insats of the förbund; otherwise the primary keys of the insatser in scope.
    intervention_ids: frozenset[int] | None = None

    @classmethod
    def system(cls, association: Association) -> "Scope":
        return cls(association=association)

    @property
    def whole(self) -> bool:
        """The whole förbund is in scope, so its totals may be shown."""
        return self.intervention_ids is None

    def interventions(self) -> QuerySet[Any]:
        # Through the förbund's reverse relation: the insatser are a floor above the tenant.
        qs = self.association.interventions.all()
        if self.intervention_ids is not None:
            qs = qs.filter(pk__in=self.intervention_ids)
        return qs

    def covers(self, intervention: Any) -> bool:
        if intervention.association_id != self.association.pk:
            return False
        return self.intervention_ids is None or intervention.pk in self.intervention_ids


@dataclass(frozen=True)
class Access:
    association: Association
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def flags(self) -> tuple[str, ...]:
        return ("sees_finance",) if self.membership.sees_finance else ()

    def may(self, action: Action) -> bool:
        return allowed(self.role, action, self.flags)

    def require(self, *actions: Action) -> None:
        for action in actions:
            if not self.may(action):
                raise PermissionDenied

    # Named shorthands of may(), read by templates.
    @property
    def can_edit(self) -> bool:
        return self.may(Action.EDIT)

    @property
    def can_admin(self) -> bool:
        return self.may(Action.ADMIN)

    @property
    def sees_all_interventions(self) -> bool:
        return self.may(Action.ALL_INTERVENTIONS)

    @property
    def sees_finance(self) -> bool:
        return self.may(Action.FINANCE_READ)

    @property
    def reads_records(self) -> bool:
        """Participant records: the staff of an insats, and analysts; never the office."""
        return self.may(Action.RECORDS_READ)

    @property
    def keeps_records(self) -> bool:
        return self.may(Action.RECORDS_EDIT)

    @property
    def sees_exact_counts(self) -> bool:
        return self.may(Action.AGGREGATES_EXACT)

    @property
    def must_publish(self) -> bool:
        """Counts leave the office only suppressed: who may not see them exact gets them
        published."""
        return not self.sees_exact_counts

    def record_interventions(self) -> QuerySet[Any]:
        """The insatser whose records this person may read."""
        if not self.reads_records:
            return self.interventions().none()
        return self.interventions()

    def interventions(self) -> QuerySet[Any]:
        qs = self.association.interventions.all()
        if not self.sees_all_interventions:
            qs = qs.filter(staff_memberships=self.membership)
        return qs

    def scope(self) -> Scope:
        """What this person's reads may cover: staff their own insatser, others the förbund."""
        if self.sees_all_interventions:
            return Scope(self.association)
        return Scope(self.association,
                     frozenset(self.interventions().values_list("pk", flat=True)))

    def require_edit(self) -> None:
        self.require(Action.EDIT)

    def require_admin(self) -> None:
        self.require(Action.ADMIN)

    def require_records(self, level: str) -> None:
        self.require(Action.RECORDS_EDIT if level == "edit" else Action.RECORDS_READ)

    def require_finance(self) -> None:
        self.require(Action.FINANCE_READ)


# Where memberships_of keeps the request's read: (the user's pk, their memberships).
_MEMBERSHIPS = "_samsyn_memberships"


def memberships_of(request: HttpRequest) -> list[Membership]:
    """The signed-in user's memberships with their förbund, read once per request.

    The second-factor rule (every förbund's role counts) and `association_view` (this
    förbund's role) both ask before the view runs, so one read serves both; nothing that runs
    between them can change a membership. The memo is keyed on the user: a request that signs
    someone else in never sees the first user's roles. Only for the session's user
    (`request.user` of Django's request): an API key's user is another person's read.
    """
    user: Any = request.user
    if not user.is_authenticated:
        return []
    kept = getattr(request, _MEMBERSHIPS, None)
    if kept is None or kept[0] != user.pk:
        kept = (user.pk, _memberships(user.pk))
        setattr(request, _MEMBERSHIPS, kept)
    return kept[1]


def _memberships(user_pk: Any) -> list[Membership]:
    """`Membership.objects.select_related("association").filter(user=...).order_by("pk")`,
    written out: every page of a förbund reads it, and the ORM's building of the join cost
    more of the page's CPU than the statement (docs/benchmarks.md, round 23)."""
    using = rows.alias_for(Membership)
    found = rows.fetch(using, _memberships_statement(using), [user_pk])
    width = rows.width(Membership)
    link = Membership._meta.get_field("association")
    memberships = []
    for row in found:
        membership = rows.instance(Membership, using, row)
        # As select_related leaves it: the förbund read with the membership.
        link.set_cached_value(membership, rows.instance(Association, using, row, width))
        memberships.append(membership)
    return memberships


@lru_cache(maxsize=8)
def _memberships_statement(using: str) -> str:
    # Only the models' own table and column names go into the text; the user is a parameter.
    quote = partial(rows.quote, using=using)
    association = Membership._meta.get_field("association").column
    user = Membership._meta.get_field("user").column
    return (f"SELECT {rows.columns(Membership, using, 'm')}, "  # noqa: S608
            f"{rows.columns(Association, using, 'a')} "
            f"FROM {rows.table(Membership, using)} m JOIN {rows.table(Association, using)} a "
            f"ON a.{quote(Association._meta.pk.column)} = m.{quote(association)} "
            f"WHERE m.{quote(user)} = %s ORDER BY m.{quote(Membership._meta.pk.column)}")


def resolve_access(user: Any, association_slug: str,
                   memberships: Iterable[Membership] | None = None) -> Access:
    """The user's Access to the förbund; 404 when they are not its member.

    memberships: all of the user's memberships with their förbund, already read
    (memberships_of); otherwise this förbund's is read.
    """
    if not user.is_authenticated:
        raise Http404
    if memberships is None:
        membership = (
            Membership.objects.select_related("association")
            .filter(user=user, association__slug=association_slug)
            .first()
        )
    else:
        membership = next((m for m in memberships if m.user_id == user.pk
                           and m.association.slug == association_slug), None)
    if membership is None:
        raise Http404
    return Access(association=membership.association, membership=membership)


ViewFunc = Callable[..., HttpResponse]


def actions_for(*, edit: bool = False, admin: bool = False, finance: bool = False,
                records: str | None = None) -> tuple[Action, ...]:
    """The actions a page needs, from association_view's shorthand flags."""
    if records not in (None, "read", "edit"):
        raise ValueError(f"records must be 'read' or 'edit', not {records!r}")
    needed = [Action.VIEW]
    if admin:
        needed.append(Action.ADMIN)
    if finance:
        needed.append(Action.FINANCE_EDIT if edit else Action.FINANCE_READ)
    elif edit:
        needed.append(Action.EDIT)
    if records:
        needed.append(Action.RECORDS_EDIT if records == "edit" else Action.RECORDS_READ)
    return tuple(needed)


def association_view(
    *, edit: bool = False, admin: bool = False, finance: bool = False,
    records: str | None = None, action: Action | None = None,
) -> Callable[[ViewFunc], ViewFunc]:
    """Resolve the förbund and pass an Access as the view's second argument.

    The page needs the actions of POLICY named by `action`, or by the shorthand flags:
    edit: changes the plan or settings (finance=True with it: changes the economy).
    admin: people and roles.
    finance: a page of the economy, which intervention staff see only when granted.
    records: "read" for pages of participant records (staff of the insats, analysts), "edit"
    for pages that change them (staff of the insats only).
    """
    needed = actions_for(edit=edit, admin=admin, finance=finance, records=records)
    if action is not None:
        needed = (*needed, action)

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, association_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            # Each version (versions.py) is read once in the request, however many parts of
            # the page ask for it.
            with versions.request_memo():
                access = resolve_access(request.user, association_slug,
                                        memberships_of(request))
                access.require(*needed)
                return view(request, access, *args, **kwargs)

        # Marks the view as going through here; the URL walk checks for it (but takes the
        # statuses it expects from its own list of actions, not from this).
        wrapper.samsyn_access = needed  # type: ignore[attr-defined]
        return wrapper

    return decorator
