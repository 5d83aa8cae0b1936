from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association


class ReportedKind(models.TextChoices):
    UPPFOLJNING = "uppfoljning-finsam", _("Uppföljning Finsam")
    HALF_YEAR = "half-year", _("Half-year report")
    ANNUAL = "annual-report", _("Annual report")


class SignedPeriod(models.Model):
    """A half-year or a year the office has reported: its records no longer change silently."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="signed_periods",
                                    verbose_name=_("association"))
    kind = models.CharField(_("report"), max_length=20, choices=ReportedKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+", verbose_name=_("signed by"))
    signed_by_name = models.CharField(_("signed by"), max_length=150)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)
    # An administrator may open the period for changes for a while, with a stated reason;
    # every change then made is logged as a later change.
    reopened_until = models.DateTimeField(_("open for changes until"), null=True, blank=True)
    reopen_reason = models.CharField(_("reason"), max_length=300, blank=True)
    reopened_by_name = models.CharField(_("opened by"), max_length=150, blank=True)

    class Meta:
        ordering = ["-start", "kind"]
        verbose_name = _("signed-off period")
        verbose_name_plural = _("signed-off periods")
        constraints = [
            models.UniqueConstraint(fields=["association", "kind", "start", "end"],
                                    name="signed_period_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%Y-%m-%d}–{self.end:%Y-%m-%d}"


class LateChange(models.Model):
    """A change accepted inside a signed-off period: who, when, what and why."""

    period = models.ForeignKey(SignedPeriod, on_delete=models.CASCADE,
                               related_name="late_changes", verbose_name=_("period"))
    at = models.DateTimeField(_("when"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150)
    what = models.CharField(_("what"), max_length=300)
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("later change")
        verbose_name_plural = _("later changes")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.username}: {self.what}"
