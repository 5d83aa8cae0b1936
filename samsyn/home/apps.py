from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The start page, the audit log page, and setting up a förbund from its file."""

    name = "samsyn.home"
    verbose_name = _("Start")
