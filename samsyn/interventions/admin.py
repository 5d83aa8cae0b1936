"""The plan's records in Django admin, to look at only.

Every write of an insats, a goal, a target group or a year's plan goes through
`interventions.services` (validated, the period and version checked, audited, the plan's
token moved so that kept pages and reports follow). Django admin saves with the model's own
`save()` and would do none of that: a superuser edits the plan on the förbund's pages, as
everyone else does (docs/DEVELOPING.md, "Writes: one path per record kind")."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samsyn.interventions.models import Goal, Intervention, PlanYear, TargetGroup


class ToLookAt:
    """Neither add, change nor delete: the change page shows the fields, read only."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class GoalInline(ToLookAt, admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Intervention)
class InterventionAdmin(ToLookAt, admin.ModelAdmin):
    list_display = ["name", "association", "kind", "start", "end", "public"]
    list_filter = ["association", "kind", "public"]
    search_fields = ["name", "slug"]
    inlines = [GoalInline]


@admin.register(TargetGroup)
class TargetGroupAdmin(ToLookAt, admin.ModelAdmin):
    pass


@admin.register(PlanYear)
class PlanYearAdmin(ToLookAt, admin.ModelAdmin):
    pass
