from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "samsyn.interventions"
    verbose_name = _("Interventions and plan")

    def ready(self) -> None:
        from samsyn.associations.years import register_yearly
        from samsyn.interventions.models import PlanYear

        register_yearly(PlanYear)
