from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodsConfig(AppConfig):
    name = "samsyn.periods"
    verbose_name = _("Reported periods")

    def ready(self) -> None:
        from samsyn.associations.editing import register_reason_asker
        from samsyn.periods.services import asks_reason

        # Every edit page offers an administrator the reason a change after sign-off needs.
        register_reason_asker(asks_reason)
