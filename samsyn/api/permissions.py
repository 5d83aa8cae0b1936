"""The API's permission: the rights of Access's policy table, exactly as the pages ask them."""

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from samsyn.associations.access import Action


class Policy(BasePermission):
    """Grants a tenant view when the caller's Access may do every action it names.

    A view names its actions in `policy_actions`; a write (any method but GET, HEAD,
    OPTIONS) needs `policy_write_actions` too, by default the right to edit, so a write view
    that forgets to name its right is closed rather than open. Resolving the Access gives 404
    to anyone who is not a member of the förbund, as the pages do.
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        actions: tuple[Action, ...] = getattr(view, "policy_actions", ())
        if not actions:
            # A tenant view that names no right is a mistake, not an open door.
            return False
        if request.method not in SAFE_METHODS:
            actions = (*actions, *getattr(view, "policy_write_actions", (Action.EDIT,)))
        access = view.access
        return all(access.may(a) for a in actions)
