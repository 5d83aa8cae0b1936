"""The API's permission: the rights of Access's policy table, exactly as the pages ask them."""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from samsyn.associations.access import Action


class Policy(BasePermission):
    """Grants a tenant view when the caller's Access may do every action it names.

    A view names its actions in `policy_actions`; resolving the Access gives 404 to anyone
    who is not a member of the förbund, as the pages do.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        actions: tuple[Action, ...] = getattr(view, "policy_actions", ())
        if not actions:
            # A tenant view that names no right is a mistake, not an open door.
            return False
        access = view.access
        return all(access.may(a) for a in actions)
