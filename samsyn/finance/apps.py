from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "samsyn.finance"
    verbose_name = _("Finance")

    def ready(self) -> None:
        from samsyn.associations.years import register_yearly
        from samsyn.finance.models import BudgetLine, ContributionYear, SieImport

        register_yearly(BudgetLine, ContributionYear, SieImport)
