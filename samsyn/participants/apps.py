from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "samsyn.participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from samsyn.associations.years import register_years
        from samsyn.participants import signals  # noqa: F401
        from samsyn.participants.queries import record_years

        register_years(record_years)
