from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterventionsConfig(AppConfig):
    name = "samsyn.interventions"
    verbose_name = _("Interventions and plan")

    def ready(self) -> None:
        from django.core import checks

        from samsyn.associations.years import register_yearly
        from samsyn.interventions import codelists
        from samsyn.interventions.models import PlanYear

        register_yearly(PlanYear)

        @checks.register()
        def code_lists_readable(**kwargs: Any) -> list[checks.CheckMessage]:
            # A code list is data an installation may replace: a broken one is said at start,
            # not as a 500 on the first insats form.
            return [checks.Error(fault, id="samsyn.E101") for fault in codelists.check_all()]
