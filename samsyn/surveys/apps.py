from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "samsyn.surveys"
    verbose_name = _("Indicator surveys")

    def ready(self) -> None:
        from samsyn.associations.years import register_yearly
        from samsyn.surveys.models import Round

        register_yearly(Round)
