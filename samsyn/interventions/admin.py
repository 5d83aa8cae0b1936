from django.contrib import admin

from samsyn.interventions.models import Goal, Intervention, PlanYear, TargetGroup


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["name", "association", "kind", "start", "end", "public"]
    list_filter = ["association", "kind", "public"]
    search_fields = ["name", "slug"]
    inlines = [GoalInline]


admin.site.register(TargetGroup)
admin.site.register(PlanYear)
