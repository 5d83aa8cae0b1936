from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "samsyn.participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from samsyn.participants import signals  # noqa: F401
