from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association


class AccessibilityReport(models.Model):
    """A problem with the accessibility of Samsyn, reported through the statement's form.

    Kept so that it is handled and answered (lag 2018:1937 asks for a way to report), and
    sent to the förbund's contact and the installation's.
    """

    at = models.DateTimeField(_("received"), auto_now_add=True)
    association = models.ForeignKey(
        Association, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="accessibility_reports", verbose_name=_("association"),
    )
    page = models.CharField(_("page"), max_length=500, blank=True)
    description = models.TextField(_("what does not work"), max_length=5000)
    assistive_technology = models.CharField(_("assistive technology"), max_length=200,
                                            blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    mailed_to = models.CharField(_("sent to"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.page}"[:100]
