from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association, Membership


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


class ReminderPreference(models.Model):
    """What one person of a förbund wants to be reminded of by e-mail (docs/the-year.md).

    A membership without a row gets its role's defaults (home/reminders.py): the kansli the
    reports to adopt, the staff of an insats the periods it has not reported, the board
    nothing.
    """

    membership = models.OneToOneField(Membership, on_delete=models.CASCADE,
                                      related_name="reminder_preference",
                                      verbose_name=_("membership"))
    reports = models.BooleanField(
        _("reports to adopt"), default=False,
        help_text=_("The half-year and annual reports: a month before they are due, and when "
                    "they are late."))
    periods = models.BooleanField(
        _("periods not reported"), default=False,
        help_text=_("An insats with no participants or counts for a period that has ended."))
    open_participations = models.BooleanField(
        _("participations open too long"), default=False,
        help_text=_("Open participations far past the insats's usual time, once a month."))
    surveys = models.BooleanField(
        _("surveys to send"), default=False,
        help_text=_("Survey rounds no one has been invited to yet, and rounds about to close."))

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.membership)


class ReminderSent(models.Model):
    """One reminder sent to one person: the same one is never sent again."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE,
                                   related_name="reminders_sent", verbose_name=_("membership"))
    # What the reminder was of, e.g. "report:half-year:2025:overdue" or "period:12:2025H1".
    key = models.CharField(_("reminder"), max_length=120)
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["membership", "key"],
                                               name="reminder_sent_once")]

    def __str__(self) -> str:
        return f"{self.membership}: {self.key}"


class SearchEntry(models.Model):
    """One thing of a förbund that its search finds: an insats, a part of the plan, a
    document of a year, a budget line. Kept as folded, stemmed words (samsyn.catalog.words)
    in `body`, remade by samsyn.home.search whenever the förbund's audit log has grown. Never
    a participant record. Each entry names the right of Access's policy reading it needs and,
    where it belongs to one, its insats, so a reader finds only what they may read."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="+", verbose_name=_("association"))
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    url = models.CharField(_("address"), max_length=300)
    action = models.CharField(_("right needed"), max_length=40)
    intervention_id = models.BigIntegerField(null=True)
    order = models.PositiveIntegerField(default=0)
    body = models.TextField(_("search text"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return self.title


class SearchIndexState(models.Model):
    """Up to which audit entry a förbund's search entries were made."""

    association = models.OneToOneField(Association, on_delete=models.CASCADE,
                                       primary_key=True, related_name="+")
    version = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.association_id}: {self.version}"
