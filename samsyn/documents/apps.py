from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The documents a board adopts, built of the domain apps' reports."""

    name = "samsyn.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Registers the document kinds with the report framework.
        from samsyn.documents import builders, uppfoljning_finsam  # noqa: F401
