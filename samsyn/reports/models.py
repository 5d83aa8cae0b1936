from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association


class ReportText(models.Model):
    """What only a person can write for one report of one year."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="report_texts", verbose_name=_("association"))
    kind = models.CharField(_("report"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    foreword = models.TextField(_("foreword"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(fields=["association", "kind", "year"],
                                    name="report_text_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.kind} {self.year}"


class ReportVersion(models.Model):
    """A report as decided: its figures kept, so later changes in the records show as such."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="report_versions",
                                    verbose_name=_("association"))
    kind = models.CharField(_("report"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    decided = models.DateField(_("decided"))
    frozen_at = models.DateTimeField(_("frozen"), auto_now_add=True)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+", verbose_name=_("frozen by"))
    figures = models.JSONField(_("figures"))

    class Meta:
        ordering = ["-frozen_at", "-pk"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")

    def __str__(self) -> str:
        return f"{self.kind} {self.year} ({self.decided:%Y-%m-%d})"
