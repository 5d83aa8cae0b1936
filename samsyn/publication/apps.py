from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    """Pure rules of publication (standard periods, suppression); an app for its catalogue."""

    name = "samsyn.publication"
    verbose_name = _("Publication")
