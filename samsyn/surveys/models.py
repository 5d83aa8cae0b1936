import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association
from samsyn.web.years import FIRST_YEAR, LAST_YEAR


class Group(models.TextChoices):
    PARTICIPANTS = "deltagare", _("Participants, during the intervention")
    PARTICIPANTS_END = "deltagare_slut", _("Participants, at the end")
    STAFF = "personal", _("Intervention staff")
    BOARD = "styrelse", _("Board members")
    MANAGERS = "chefer", _("Managers in steering and preparatory groups")
    REFERRERS = "remittenter", _("Referrers")


PARTICIPANT_GROUPS = frozenset({Group.PARTICIPANTS, Group.PARTICIPANTS_END})


class Template(models.Model):
    """A questionnaire for one respondent group, with its scale and how answers band."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="survey_templates",
        verbose_name=_("association"),
    )
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("respondent group"), max_length=20, choices=Group.choices)
    scale_min = models.PositiveSmallIntegerField(_("lowest answer"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("highest answer"), default=10)
    low_label = models.CharField(_("meaning of the lowest"), max_length=60, default="Inte alls")
    high_label = models.CharField(_("meaning of the highest"), max_length=60,
                                  default="Helt och hållet")
    negative_max = models.PositiveSmallIntegerField(_("negative up to"), default=4)
    positive_min = models.PositiveSmallIntegerField(_("positive from"), default=7)
    clearly_positive_min = models.PositiveSmallIntegerField(_("clearly positive from"),
                                                            default=9)

    class Meta:
        ordering = ["group", "name"]
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="template_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (self.scale_min <= self.negative_max < self.positive_min
                <= self.clearly_positive_min <= self.scale_max):
            raise ValidationError(_("The bands must follow each other within the scale: lowest "
                                    "≤ negative < positive ≤ clearly positive ≤ highest."))


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Answer on the scale")
        TEXT = "text", _("Free text")

    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="questions",
                                 verbose_name=_("template"))
    order = models.PositiveSmallIntegerField(_("order"))
    code = models.CharField(_("code"), max_length=20,
                            help_text=_("The indicator's code, the same every year."))
    text = models.CharField(_("question"), max_length=400)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.SCALE)
    local = models.BooleanField(
        _("the förbund's own question"), default=False,
        help_text=_("NNS questions keep their wording; local questions are kept apart."),
    )

    class Meta:
        ordering = ["local", "order"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="question_code_unique")
        ]

    def __str__(self) -> str:
        return self.text


class Round(models.Model):
    """One year's survey of one template, for the förbund or one insats."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="survey_rounds", verbose_name=_("association"))
    template = models.ForeignKey(Template, on_delete=models.PROTECT, related_name="rounds",
                                 verbose_name=_("template"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, null=True, blank=True,
        related_name="survey_rounds", verbose_name=_("intervention"),
        help_text=_("Leave empty for a round of the whole förbund."),
    )
    closes = models.DateField(_("closes"), help_text=_("Invitation links stop working after it."))
    invited_elsewhere = models.PositiveIntegerField(
        _("asked outside Samsyn"), default=0,
        help_text=_("For answers imported from another tool: how many were asked."),
    )
    # Set for a round whose results the förbund published as shares (NNS's own summary, an
    # annual report): the round holds those shares, not answers.
    published_answers = models.PositiveIntegerField(
        _("answered, as published"), null=True, blank=True,
        help_text=_("For results kept as the published shares: how many answered."),
    )

    class Meta:
        ordering = ["-year", "template__group"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")

    def __str__(self) -> str:
        where = f" – {self.intervention}" if self.intervention_id else ""
        return f"{self.template} {self.year}{where}"

    @property
    def is_open(self) -> bool:
        return timezone.localdate() <= self.closes


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """A single-use link. Only the token's hash is kept; nothing links it to a person or answer.

    Who was asked is kept apart, in Invitee, made in another transaction and order.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitations",
                              verbose_name=_("round"))
    token_hash = models.CharField(max_length=64, unique=True)
    created = models.DateField(_("created"), default=timezone.localdate)
    used = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.round}: {self.token_hash[:8]}"

    @classmethod
    def issue(cls, round: Round) -> tuple["Invitation", str]:
        token = secrets.token_urlsafe(24)
        invitation = cls.objects.create(round=round, token_hash=hash_token(token))
        return invitation, token


class Invitee(models.Model):
    """A participation that has been given a link in a round: asked once, answering once."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="invitees",
                              verbose_name=_("round"))
    participation = models.ForeignKey("participants.Participation", on_delete=models.CASCADE,
                                      related_name="+", verbose_name=_("participation"))

    class Meta:
        verbose_name = _("invited participant")
        verbose_name_plural = _("invited participants")
        constraints = [
            models.UniqueConstraint(fields=["round", "participation"], name="invitee_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.participation_id}"


class Response(models.Model):
    """One person's answers; the day of the batch that stored it (or of the import), so it
    cannot be matched to a link's use."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses",
                              verbose_name=_("round"))
    submitted = models.DateField(_("submitted"), default=timezone.localdate)
    imported = models.BooleanField(_("imported"), default=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.round} {self.submitted}"


class PendingResponse(models.Model):
    """Answers that came by a link and wait for the next flush (samsyn.surveys.services.
    flush_pending), which writes them with the round's others in one shuffled batch and
    removes this row. Nothing here names the link; the row lives only until that flush."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pending",
                              verbose_name=_("round"))
    # {"values": {code: int | None}, "texts": {code: str}}
    answers = models.JSONField(_("answers"))

    class Meta:
        verbose_name = _("answer waiting to be stored")
        verbose_name_plural = _("answers waiting to be stored")

    def __str__(self) -> str:
        return f"{self.round}: {_('waiting')}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("question"))
    value = models.PositiveSmallIntegerField(_("answer"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value if self.value is not None else self.text}"


class PublishedShares(models.Model):
    """A question's result as the förbund published it, in percent as printed (002 Bilaga 2).

    Kept as printed, not turned back into answers: the shares are the source, and a row of
    the document that does not add up to 100 % is shown as it stands and flagged.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="published_shares",
                              verbose_name=_("survey round"))
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("question"))
    negative = models.DecimalField(_("negative (%)"), max_digits=4, decimal_places=1,
                                   null=True, blank=True)
    neither = models.DecimalField(_("neither (%)"), max_digits=4, decimal_places=1,
                                  null=True, blank=True)
    positive = models.DecimalField(_("positive (%)"), max_digits=4, decimal_places=1,
                                   null=True, blank=True)
    clearly_positive = models.DecimalField(_("clearly positive (%)"), max_digits=4,
                                           decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("published shares")
        verbose_name_plural = _("published shares")
        constraints = [
            models.UniqueConstraint(fields=["round", "question"], name="published_shares_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.question.code}"
