from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "samsyn.api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        from samsyn.api import signals  # noqa: F401
