from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.http import HttpRequest


class SuperuserAdminSite(admin.AdminSite):
    """Django admin reaches across every förbund, so only superusers may use it."""

    site_header = "Samsyn"

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class AdminConfig(BaseAdminConfig):
    default_site = "samsyn.admin_site.SuperuserAdminSite"
