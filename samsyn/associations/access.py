"""The one way views reach tenant data.

Every view under /f/<association_slug>/ resolves the förbund here from the URL and the
user's membership. A user with no membership in the förbund gets 404, exactly as for a
förbund that does not exist, so nothing tells an outsider what exists. Role checks that fail
for a member give 403.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from samsyn.associations.models import Association, Membership, Role

EDITOR_ROLES = frozenset({Role.ADMIN, Role.OFFICE})


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
        from samsyn.interventions.models import Intervention

        qs = Intervention.objects.filter(association=self.association)
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
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES

    @property
    def can_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_all_interventions(self) -> bool:
        return self.role != Role.STAFF

    @property
    def sees_finance(self) -> bool:
        return self.role != Role.STAFF or self.membership.sees_finance

    @property
    def reads_records(self) -> bool:
        """Participant records: the staff of an insats, and analysts; never the office."""
        return self.role in (Role.STAFF, Role.ANALYST)

    @property
    def keeps_records(self) -> bool:
        return self.role == Role.STAFF

    def record_interventions(self) -> QuerySet[Any]:
        """The insatser whose records this person may read."""
        if not self.reads_records:
            return self.interventions().none()
        return self.interventions()

    def interventions(self) -> QuerySet[Any]:
        from samsyn.interventions.models import Intervention

        qs = Intervention.objects.filter(association=self.association)
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
        if not self.can_edit:
            raise PermissionDenied

    def require_admin(self) -> None:
        if not self.can_admin:
            raise PermissionDenied

    def require_records(self, level: str) -> None:
        allowed = self.keeps_records if level == "edit" else self.reads_records
        if not allowed:
            raise PermissionDenied

    def require_finance(self) -> None:
        if not self.sees_finance:
            raise PermissionDenied


def resolve_access(user: Any, association_slug: str) -> Access:
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("association")
        .filter(user=user, association__slug=association_slug)
        .first()
    )
    if membership is None:
        raise Http404
    return Access(association=membership.association, membership=membership)


ViewFunc = Callable[..., HttpResponse]


def association_view(
    *, edit: bool = False, admin: bool = False, finance: bool = False,
    records: str | None = None,
) -> Callable[[ViewFunc], ViewFunc]:
    """Resolve the förbund and pass an Access as the view's second argument.

    finance: a page of the economy, which intervention staff see only when granted.
    records: "read" for pages of participant records (staff of the insats, analysts), "edit"
    for pages that change them (staff of the insats only).
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, association_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            access = resolve_access(request.user, association_slug)
            if admin:
                access.require_admin()
            if edit:
                access.require_edit()
            if finance:
                access.require_finance()
            if records:
                access.require_records(records)
            return view(request, access, *args, **kwargs)

        # Read by the test that walks every URL, to check each role against each page.
        wrapper.samsyn_access = {  # type: ignore[attr-defined]
            "edit": edit, "admin": admin, "finance": finance, "records": records,
        }
        return wrapper

    return decorator
