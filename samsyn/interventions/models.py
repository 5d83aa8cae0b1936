from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import (
    Association,
    Member,
    MemberKind,
    Membership,
    slug_validator,
)
from samsyn.interventions import codelists
from samsyn.web.years import FIRST_YEAR, LAST_YEAR


class TargetGroup(models.Model):
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="target_groups",
        verbose_name=_("association"),
    )
    name = models.CharField(_("name"), max_length=200)
    age_min = models.PositiveSmallIntegerField(
        _("lowest age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("highest age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    description = models.TextField(_("description"), blank=True)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="target_group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The highest age is below the lowest.")})


class InterventionKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual (individinriktad)")
    STRUCTURAL = "structural", _("Structural (strukturell)")


def running_in(interventions: models.QuerySet[Any], year: int) -> models.QuerySet[Any]:
    """The insatser that run some day of the year."""
    return interventions.filter(start__year__lte=year).filter(
        models.Q(end__isnull=True) | models.Q(end__year__gte=year)
    )


class Intervention(models.Model):
    """An insats funded by the förbund and run by one of its members."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="interventions",
        verbose_name=_("association"),
    )
    slug = models.SlugField(_("short name"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=InterventionKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    run_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="runs",
        verbose_name=_("run by"),
        help_text=_("The member that runs the intervention and controls its participant data."),
    )
    municipalities = models.ManyToManyField(
        Member, blank=True, related_name="served_by", verbose_name=_("municipalities served"),
        limit_choices_to={"kind": MemberKind.MUNICIPALITY},
    )
    target_groups = models.ManyToManyField(
        TargetGroup, blank=True, related_name="interventions", verbose_name=_("target groups")
    )
    esf_funded = models.BooleanField(_("funded by the ESF"), default=False)
    # What the national follow-up (Uppföljning Finsam) asks of each insats besides the above.
    # The coded answers are codes of the lists in codes/ (data, replaceable: codelists.py),
    # checked in clean(), not model choices: a new list needs no migration.
    precise_orientation = models.CharField(
        _("specified orientation (preciserad inriktning)"), max_length=40, blank=True,
        help_text=_("Chosen from Försäkringskassan's list for the insats' orientation."),
    )
    esf_programme = models.CharField(_("ESF programme"), max_length=40, blank=True)
    target_group_codes = models.JSONField(
        _("target groups (national follow-up)"), default=list, blank=True,
        help_text=_("The groups of the national list the insats is for; several may apply."),
    )
    target_group_text = models.CharField(
        _("target group in your own words (national follow-up)"), max_length=300, blank=True,
        help_text=_("As reported to Uppföljning Finsam; the target groups' names when empty."),
    )
    followup_method = models.CharField(_("follow-up method"), max_length=40, blank=True)
    budgeted_participants = models.PositiveIntegerField(
        _("budgeted number of participants"), null=True, blank=True,
        help_text=_("New participants a year the budget is made for."),
    )
    description = models.TextField(_("description"), blank=True)
    # A plan states an insats' goals in words ("Insatsens mål") beside its expected results
    # with targets (Goal): most of a structural insats' goals have no figure to measure.
    aims = models.TextField(
        _("goals in words"), blank=True,
        help_text=_("The goals of the intervention as the plan states them, one a line; the "
                    "expected results with a target are entered as goals."),
    )
    usual_duration_days = models.PositiveIntegerField(
        _("usual time in the intervention (days)"), null=True, blank=True,
        # Twice it is counted back from today: a day before year 1 failed "what is due".
        validators=[MinValueValidator(1), MaxValueValidator(36500)],
        help_text=_("Participations open much longer than this are flagged as possibly forgotten."),
    )
    aggregate_only = models.BooleanField(
        _("counts only, no participant records"), default=False,
        help_text=_("The staff enter monthly counts of new participants and exits instead."),
    )
    # A project financed from outside the förbund's frame (000 9: Rätt stöd för mig!'s
    # "budgeterad total finansiering ca 48 mkr" from the ESF): what was granted, by whom and
    # for which period, printed in the business plan. Not a budget line: the grant covers the
    # whole project and all its partners, not the förbund's year.
    external_financier = models.CharField(
        _("external financier"), max_length=200, blank=True,
        help_text=_("Who granted the project's financing, e.g. Europeiska socialfonden."))
    external_amount = models.DecimalField(
        _("external financing granted (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2, validators=[MinValueValidator(0)],
        help_text=_("The project's total financing as granted or budgeted, for its whole "
                    "period."))
    external_start = models.DateField(_("financed from"), null=True, blank=True)
    external_end = models.DateField(_("financed until"), null=True, blank=True)
    public = models.BooleanField(_("shown in the public catalogue"), default=False)
    catalog_offers = models.TextField(_("what the intervention offers"), blank=True)
    catalog_audience = models.TextField(_("who it is for"), blank=True)
    catalog_referral = models.TextField(_("how to be referred or apply"), blank=True)
    catalog_contact = models.TextField(_("contact"), blank=True)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        constraints = [
            models.UniqueConstraint(fields=["association", "slug"], name="intervention_slug_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end is before the start.")})
        if (self.external_start and self.external_end
                and self.external_end < self.external_start):
            raise ValidationError({"external_end": _("The end is before the start.")})
        if self.external_amount is not None and not self.external_financier.strip():
            raise ValidationError({"external_financier": _(
                "Name who granted the financing.")})
        if self.run_by is not None and self.run_by.association_id != self.association_id:
            raise ValidationError({"run_by": _("Choose a member of this association.")})
        if not isinstance(self.target_group_codes, list) or not all(
                isinstance(code, str) for code in self.target_group_codes):
            raise ValidationError({"target_group_codes": _("Give the target groups as a list "
                                                           "of codes.")})
        faults = codelists.errors(self.classification)
        if faults:
            raise ValidationError(faults)

    @property
    def classification(self) -> codelists.Classification:
        codes = self.target_group_codes if isinstance(self.target_group_codes, list) else []
        return codelists.Classification(
            kind=self.kind, precise=self.precise_orientation, method=self.followup_method,
            esf_funded=self.esf_funded, esf_programme=self.esf_programme,
            target_codes=tuple(codes), target_text=self.target_group_text)

    @property
    def to_classify(self) -> list[str]:
        """The questions of Uppföljning Finsam not yet answered for this insats."""
        return codelists.to_classify(self.classification)


class GoalMetric(models.TextChoices):
    PARTICIPANTS_NEW = "participants_new", _("New participants")
    PARTICIPANTS_ACTIVE = "participants_active", _("Active participants")
    PARTICIPANTS_EXITED = "participants_exited", _("Finished participations")
    EXIT_WORK_OR_STUDIES_SHARE = (
        "exit_work_or_studies_share", _("Share of exits to work or studies")
    )
    STEP_PROGRESSION_SHARE = "step_progression_share", _("Share of exits with step progression")
    SHARE_WOMEN_NEW = "share_women_new", _("Share of women among new participants")
    OTHER = "other", _("Other (result entered by hand)")


class GoalUnit(models.TextChoices):
    COUNT = "count", _("number")
    PERCENT = "percent", _("per cent")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Goal(models.Model):
    """A förväntat resultat of an insats: a metric with a target."""

    intervention = models.ForeignKey(
        Intervention, on_delete=models.CASCADE, related_name="goals",
        verbose_name=_("intervention"),
    )
    name = models.CharField(_("expected result"), max_length=300)
    metric = models.CharField(_("metric"), max_length=40, choices=GoalMetric.choices)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=GoalUnit.choices)
    comparison = models.CharField(
        _("comparison"), max_length=10, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("Leave empty for a target over the whole period of the intervention."),
    )

    # Raised by every save through a page (optimistic locking, samsyn.web.forms).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["year", "name"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "name"], name="goal_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.unit == GoalUnit.PERCENT and self.target is not None and not (
            0 <= self.target <= 100
        ):
            raise ValidationError({"target": _("A share is between 0 and 100 per cent.")})
        if self.target is not None and self.target < 0:
            raise ValidationError({"target": _("The target cannot be negative.")})
        share_metrics = {
            GoalMetric.EXIT_WORK_OR_STUDIES_SHARE,
            GoalMetric.STEP_PROGRESSION_SHARE,
            GoalMetric.SHARE_WOMEN_NEW,
        }
        if self.metric in share_metrics and self.unit != GoalUnit.PERCENT:
            raise ValidationError({"unit": _("This metric is a share: choose per cent.")})
        count_metrics = {
            GoalMetric.PARTICIPANTS_NEW,
            GoalMetric.PARTICIPANTS_ACTIVE,
            GoalMetric.PARTICIPANTS_EXITED,
        }
        if self.metric in count_metrics and self.unit != GoalUnit.COUNT:
            raise ValidationError({"unit": _("This metric is a number: choose number.")})


class PlanYear(models.Model):
    """The verksamhetsplan of one year."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="plans", verbose_name=_("association")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    decided = models.DateField(_("decided by the board"), null=True, blank=True)
    # A plan that describes its insatser in words (001's sections, one per insats) chooses
    # so; most plans name them in the table only, and a description written later (for an
    # annual report) must not print in an earlier year's plan.
    describes_interventions = models.BooleanField(
        _("describe the interventions in the business plan"), default=False,
        db_default=False,
        help_text=_("Prints each running intervention's description under its name in the "
                    "part \"About the interventions\"."))

    # Raised by every save through a page (optimistic locking, samsyn.web.forms).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("business plan")
        verbose_name_plural = _("business plans")
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="plan_year_unique")
        ]

    def __str__(self) -> str:
        return self.title or str(self.year)


class FocusArea(models.Model):
    plan = models.ForeignKey(
        PlanYear, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("plan")
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="focus_area_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class PlanGoal(models.Model):
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="goals", verbose_name=_("focus area")
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Raised by every save through a page (optimistic locking, samsyn.web.forms).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("plan goal")
        verbose_name_plural = _("plan goals")
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "name"], name="plan_goal_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """An aktivitet of a focus area, under one of its goals or under the area alone.

    001 lists a focus area's goals and its activities side by side and ties no activity to a
    goal; other plans tie each activity to the goal it serves. The focus area is always set
    (from the goal where there is one), so every reader finds an area's activities in one
    place; a goal, if any, is of the same area (the service says so in words, the database
    refuses it too: migration 0014).
    """

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="activities",
        verbose_name=_("focus area"),
    )
    goal = models.ForeignKey(
        PlanGoal, on_delete=models.CASCADE, null=True, blank=True, related_name="activities",
        verbose_name=_("goal"),
        help_text=_("Leave empty for an activity of the focus area as a whole."),
    )
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Who answers for the activity, as a Stratsys plan names its "ansvarig": a person of the
    # förbund with an account, or anyone else by name (a member's contact, a working group).
    responsible = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
        verbose_name=_("responsible"),
        help_text=_("A person of the förbund with an account in Samsyn."),
    )
    responsible_text = models.CharField(
        _("responsible (name)"), max_length=200, blank=True,
        help_text=_("Or anyone else, by name: a contact at a member, a working group."),
    )
    due = models.DateField(_("to be done by"), null=True, blank=True)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["goal", "name"], name="activity_name_unique"),
            models.UniqueConstraint(fields=["focus_area", "name"],
                                    condition=models.Q(goal__isnull=True),
                                    name="activity_area_name_unique",
                                    violation_error_message=_(
                                        "The focus area already has an activity of that "
                                        "name.")),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.goal is not None and self.focus_area_id is not None
                and self.goal.focus_area_id != self.focus_area_id):
            raise ValidationError({"goal": _(
                "The goal belongs to another focus area: choose a goal of this focus area, "
                "or none.")})
        if (self.responsible_id is not None and self.focus_area_id is not None
                and self.responsible is not None
                and self.responsible.association_id != self.focus_area.plan.association_id):
            raise ValidationError({"responsible": _("Choose a person of this association.")})

    @property
    def responsible_name(self) -> str:
        """The responsible person as the plan shows them: the account's name, else the text."""
        if self.responsible is not None:
            user = self.responsible.user
            return user.get_full_name() or user.get_username()
        return self.responsible_text


class FollowUp(models.Model):
    """How a goal or an activity of the business plan stands at a half-year's end.

    As Stratsys users follow their plans: a goal is met, partly met or not met; an activity is
    done, under way or not started; each with a comment, and a measured indicator where the
    goal or activity has one. Half 1 is January–June; half 2 is the whole year, for the annual
    report.
    """

    class Status(models.TextChoices):
        MET = "met", _("met")
        PARTLY = "partly", _("partly met")
        NOT_MET = "not_met", _("not met")
        DONE = "done", _("done")
        ONGOING = "ongoing", _("under way")
        NOT_STARTED = "not_started", _("not started")

    plan_goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="follow_ups", verbose_name=_("goal"))
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="follow_ups", verbose_name=_("activity"))
    half = models.PositiveSmallIntegerField(
        _("half-year"), validators=[MinValueValidator(1), MaxValueValidator(2)])
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=200, blank=True,
                                 help_text=_("What is measured, where the goal has a measure."))
    measured = models.DecimalField(_("measured"), max_digits=12, decimal_places=2, null=True,
                                   blank=True)

    class Meta:
        ordering = ["half", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(plan_goal__isnull=False, activity__isnull=True)
                           | models.Q(plan_goal__isnull=True, activity__isnull=False)),
                name="follow_up_goal_or_activity"),
            models.UniqueConstraint(fields=["plan_goal", "half"], name="follow_up_goal_half"),
            models.UniqueConstraint(fields=["activity", "half"],
                                    name="follow_up_activity_half"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_goal or self.activity} ({self.half}): {self.get_status_display()}"


class PlanComment(models.Model):
    """A comment on a goal or an activity of the plan, or a status set at a follow-up.

    Kept as written, with who and when: a comment is never edited or removed (only with its
    goal or activity), so the plan carries its own history as Stratsys's does.
    """

    plan_goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="comments", verbose_name=_("goal"))
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="comments", verbose_name=_("activity"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="+", verbose_name=_("written by"))
    # The name as it was: the comment keeps it when the account goes.
    author_name = models.CharField(_("written by"), max_length=150)
    at = models.DateTimeField(_("written"), default=timezone.now)
    text = models.TextField(_("comment"), max_length=5000, blank=True)
    # Set when the comment came with a follow-up: the status set and the half-year of it.
    status = models.CharField(_("status"), max_length=12, choices=FollowUp.Status.choices,
                              blank=True)
    half = models.PositiveSmallIntegerField(
        _("half-year"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2)])

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(plan_goal__isnull=False, activity__isnull=True)
                           | models.Q(plan_goal__isnull=True, activity__isnull=False)),
                name="plan_comment_goal_or_activity"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} {self.at:%Y-%m-%d}: {self.text[:50]}"


class InterventionGroup(models.Model):
    """Insatser a förbund reports together (002 Bilaga 1's "Samverkansteam för unga vuxna":
    Ungdomsteamet, Ung i Tyresö and Ung i Nynäs). The group holds no figures of its own: the
    documents add up its members' counts."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="intervention_groups",
        verbose_name=_("association"),
    )
    name = models.CharField(_("name"), max_length=200)
    interventions = models.ManyToManyField(
        Intervention, related_name="groups", verbose_name=_("interventions"),
    )
    description = models.TextField(_("description"), blank=True)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("group of interventions")
        verbose_name_plural = _("groups of interventions")
        constraints = [
            models.UniqueConstraint(fields=["association", "name"],
                                    name="intervention_group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class TargetGroupStatistic(models.Model):
    """How many people a possible target group holds, as a plan states it from public
    statistics (000 Tabell 1: "Långtidsarbetslösa, mer än 12 mån, april 2021 | 18 575
    personer, 49 % kvinnor 51 % män | Arbetsförmedlingen"). The figures are the sources'
    (Arbetsförmedlingen, Försäkringskassan, the kommun), not counts of the register, so no
    suppression applies: docs/participants.md."""

    plan = models.ForeignKey(
        PlanYear, on_delete=models.CASCADE, related_name="target_group_statistics",
        verbose_name=_("plan"),
    )
    group = models.CharField(
        _("group"), max_length=300,
        help_text=_("The group as the source counts it, with the month of the figure."))
    count = models.PositiveIntegerField(_("number of people"),
                                        validators=[MaxValueValidator(100_000_000)])
    women_percent = models.PositiveSmallIntegerField(
        _("women (%)"), null=True, blank=True, validators=[MaxValueValidator(100)])
    men_percent = models.PositiveSmallIntegerField(
        _("men (%)"), null=True, blank=True, validators=[MaxValueValidator(100)])
    source = models.CharField(_("source"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("target group statistic")
        verbose_name_plural = _("target group statistics")
        constraints = [
            models.UniqueConstraint(fields=["plan", "group"],
                                    name="target_group_statistic_unique")
        ]

    def __str__(self) -> str:
        return self.group

    def clean(self) -> None:
        # Whole per cents as the sources print them may add up to 99 or 101, never more.
        if (self.women_percent is not None and self.men_percent is not None
                and self.women_percent + self.men_percent > 101):
            raise ValidationError({"men_percent": _(
                "The shares of women and men add up to more than 100 %.")})
