"""The plan's records in Django admin, to look at only.

Every write of an insats, a goal, a target group or a year's plan goes through
`interventions.services` (validated, the period and version checked, audited, the plan's
token moved so that kept pages and reports follow). Django admin saves with the model's own
`save()` and would do none of that: a superuser edits the plan on the förbund's pages, as
everyone else does (docs/DEVELOPING.md, "Writes: one path per record kind")."""

from django.contrib import admin

from samsyn.interventions.models import Goal, Intervention, PlanYear, TargetGroup
from samsyn.web.read_only_admin import ToLookAt


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
