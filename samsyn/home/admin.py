from django.contrib import admin

from samsyn.home.models import AccessibilityReport


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    """Reports that name no förbund reach the installation's contact and are read here."""

    list_display = ["at", "association", "page", "email", "mailed_to"]
    list_filter = ["association"]
    readonly_fields = ["at"]
