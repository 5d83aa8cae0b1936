from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association


class ReportText(models.Model):
    """What only a person can write for one document of one year.

    The seed documents open with the chair's foreword, a summary, the vision and mission and
    the year's significant events, and close with the analysis and the expected development;
    the document prints them in that order around its tables. A business plan also states the
    direction of its year's work; an annual report also describes the förbund (history, mandate,
    the year's insatser), its personnel and its accounting principles (Note 1), and the parts
    of its förvaltningsberättelse (samsyn.documents.annual prints them in 002's order).
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="report_texts", verbose_name=_("association"))
    kind = models.CharField(_("report"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    foreword = models.TextField(_("foreword"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    direction = models.TextField(_("direction of the work"), blank=True)
    about = models.TextField(_("about the association"), blank=True)
    vision = models.TextField(_("vision and mission"), blank=True)
    events = models.TextField(_("significant events"), blank=True)
    analysis = models.TextField(_("analysis"), blank=True)
    personnel = models.TextField(_("personnel and sick leave"), blank=True)
    outlook = models.TextField(_("expected development"), blank=True)
    principles = models.TextField(_("accounting principles"), blank=True)
    # The förvaltningsberättelse's parts (LKBR 11 kap., 002 section 2) that only a person can
    # write; the annual report prints each under its own numbered heading.
    overview = models.TextField(_("overview of the development of the operations"), blank=True)
    conditions = models.TextField(
        _("important conditions for the result and the financial position"), blank=True)
    governance = models.TextField(_("governance, management and follow-up"), blank=True)
    management = models.TextField(_("sound financial management"), blank=True)
    position = models.TextField(_("financial position and result"), blank=True)
    # Raised by each save (samsyn.associations.writes.save_row): two people writing the
    # texts at once must not save over each other.
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    # (field, where it is printed): before the tables or after them.
    OPENING = ("foreword", "summary", "direction", "about", "vision", "events")
    CLOSING = ("personnel", "analysis", "outlook", "principles")

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


class Decision(models.Model):
    """The board's decision on one document of one year, and who signed it."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="decisions", verbose_name=_("association"))
    kind = models.CharField(_("report"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    decided = models.DateField(_("decided"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    statement = models.TextField(
        _("statement"), blank=True,
        help_text=_("What the board attests, as the document words it."))
    # Raised by each save, its signatories' too (samsyn.reports.writes.save_decision).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["-decided", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["association", "kind", "year"],
                                    name="decision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.kind} {self.year} ({self.decided:%Y-%m-%d})"


class Signatory(models.Model):
    """A board member who signs a decision, with the role the document gives them."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="signatories",
                                 verbose_name=_("decision"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class DocumentJob(models.Model):
    """A long document asked for and made in the background (samsyn.reports.jobs).

    One row per document, reader's scope, version, format and language: asking again while it
    is being made, or once it is made, finds this row (the unique key) instead of starting the
    work twice. The version is the förbund's data as of the request (its data version and the
    day), so a change in the records makes a new document and nothing else does.
    """

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        RUNNING = "running", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("failed")

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="document_jobs",
                                    verbose_name=_("association"))
    kind = models.CharField(_("report"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    # Whose reads it covers: "all" (the whole förbund) or the insatser's keys, "12,15".
    scope = models.CharField(_("scope"), max_length=500)
    published = models.BooleanField(_("published figures"))
    version = models.CharField(_("version"), max_length=64)
    format = models.CharField(_("format"), max_length=10)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(_("state"), max_length=10, choices=State.choices,
                             default=State.WAITING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+",
                                     verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True)
    finished_at = models.DateTimeField(_("finished"), null=True)
    # The made file is kept in the database: the web server and the worker share nothing else.
    content = models.BinaryField(_("file"), null=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "kind", "year", "scope", "published", "version",
                        "format", "language"],
                name="document_job_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.kind} {self.year} {self.format} ({self.state})"
