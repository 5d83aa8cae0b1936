from django.contrib import admin

from samsyn.associations.models import Association, Member, Membership, Population


class MemberInline(admin.TabularInline):
    model = Member
    extra = 0


@admin.register(Association)
class AssociationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "org_number"]
    search_fields = ["name", "slug"]
    inlines = [MemberInline]


@admin.register(Population)
class PopulationAdmin(admin.ModelAdmin):
    list_display = ["member", "date", "count"]
    list_filter = ["member__association"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "association", "role"]
    list_filter = ["association", "role"]
    filter_horizontal = ["interventions"]
