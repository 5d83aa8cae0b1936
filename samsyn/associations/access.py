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

    def interventions(self) -> QuerySet[Any]:
        from samsyn.interventions.models import Intervention

        qs = Intervention.objects.filter(association=self.association)
        if not self.sees_all_interventions:
            qs = qs.filter(staff_memberships=self.membership)
        return qs

    def require_edit(self) -> None:
        if not self.can_edit:
            raise PermissionDenied

    def require_admin(self) -> None:
        if not self.can_admin:
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
    *, edit: bool = False, admin: bool = False, finance: bool = False
) -> Callable[[ViewFunc], ViewFunc]:
    """Resolve the förbund and pass an Access as the view's second argument.

    finance: a page of the economy, which intervention staff see only when granted.
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
            return view(request, access, *args, **kwargs)

        # Read by the test that walks every URL, to check each role against each page.
        wrapper.samsyn_access = {"edit": edit, "admin": admin, "finance": finance}  # type: ignore[attr-defined]
        return wrapper

    return decorator
