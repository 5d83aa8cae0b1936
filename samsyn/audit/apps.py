from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "samsyn.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from samsyn.audit import signals  # noqa: F401
