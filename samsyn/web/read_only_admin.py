"""Django admin that shows a record kind and writes none of it.

A record kind with a write service of its own (validated, the period and version checked,
audited) is read only in the admin, which would save with the model's own `save()` and do
none of that (docs/DEVELOPING.md, "Writes: one path per record kind")."""

from typing import Any

from django.http import HttpRequest


class ToLookAt:
    """Neither add, change nor delete: the change page shows the fields, read only."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
