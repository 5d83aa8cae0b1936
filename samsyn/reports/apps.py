from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "samsyn.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # Each app declares its report kinds in its own reports.py.
        autodiscover_modules("reports")
