from django.contrib import admin

from samsyn.accounts.models import SingleSignOn, SsoIdentity

admin.site.register(SingleSignOn)


@admin.register(SsoIdentity)
class SsoIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "issuer", "created"]
    search_fields = ["user__username", "issuer"]
