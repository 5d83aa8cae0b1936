from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "samsyn.catalog"
    verbose_name = _("Public catalogue")

    def ready(self) -> None:
        from samsyn.catalog import signals  # noqa: F401 - keeps the search index current
