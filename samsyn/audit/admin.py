from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samsyn.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is searched here across förbund, never changed."""

    list_display = ["at", "category", "action", "username", "association_id", "address"]
    list_filter = ["category", "action"]
    search_fields = ["username", "action", "intervention", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
