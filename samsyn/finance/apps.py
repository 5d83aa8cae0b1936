from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samsyn.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from samsyn.associations.years import register_years
        from samsyn.finance.queries import years_with_data

        # A function, not its models: the start page reads the same tables for its economy.
        register_years(years_with_data)
