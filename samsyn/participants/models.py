import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association, Member, MemberKind
from samsyn.participants.codes import (
    ExitReason,
    Gender,
    Occupation,
    Referrer,
    Support,
    SupportTime,
)


class ReferrerCode(models.Model):
    """A förbund's own referrer, counted nationally as its category (002: KAA, skolan...)."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="referrer_codes",
        verbose_name=_("association"),
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("national category"), max_length=10, choices=Referrer.choices)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["category", "label"]
        verbose_name = _("referrer")
        verbose_name_plural = _("referrers")
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="referrer_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.get_category_display()})"


class Participant(models.Model):
    """A person as a keyed hash: the förbund can tell records apart, not who they are."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="participants",
        verbose_name=_("association"),
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=64)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["association", "pseudonym"],
                                    name="participant_pseudonym_unique")
        ]

    def __str__(self) -> str:
        return self.short

    @property
    def short(self) -> str:
        return f"D-{self.pseudonym[:8]}"


# The end an open participation counts as having, for the index of "active in the period".
ACTIVE_UNTIL_OPEN = dt.date(9999, 12, 31)


def _this_year() -> int:
    return timezone.localdate().year


class Participation(models.Model):
    """One person in one insats, from start to exit."""

    # No index of its own: the (intervention, start, end) index and the unique constraint lead
    # with it. A one-column index made PostgreSQL read an insats's whole history for a period
    # (it costs a one-column index's range as cheaply as an index in table order), rather
    # than the period's range of participation_active_until (docs/benchmarks.md).
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, related_name="participations",
        verbose_name=_("intervention"), db_index=False,
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="participations",
        verbose_name=_("participant"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(
        _("birth year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    municipality = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="participations",
        verbose_name=_("municipality"), limit_choices_to={"kind": MemberKind.MUNICIPALITY},
    )
    referrer = models.CharField(
        _("referrer"), max_length=40,
        help_text=_("A national category or one of the förbund's own referrer codes."),
    )
    referrer_category = models.CharField(_("referrer (national)"), max_length=10,
                                         choices=Referrer.choices)
    start_date = models.DateField(_("start"))
    support_at_start = models.CharField(_("means of support at start"), max_length=25,
                                        choices=Support.choices, blank=True)
    support_time = models.CharField(_("time in public support at start"), max_length=3,
                                    choices=SupportTime.choices, blank=True)
    consent_date = models.DateField(_("consent given"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason.choices,
                                   blank=True)
    # Before and after (what SUS reported): occupation at start and exit, support at exit,
    # and an optional follow-up some months after exit (Association.followup_months).
    occupation_at_start = models.CharField(_("occupation at start"), max_length=15,
                                           choices=Occupation.choices, blank=True)
    occupation_at_exit = models.CharField(_("occupation at exit"), max_length=15,
                                          choices=Occupation.choices, blank=True)
    support_at_exit = models.CharField(_("means of support at exit"), max_length=25,
                                       choices=Support.choices, blank=True)
    followup_date = models.DateField(_("follow-up date"), null=True, blank=True)
    followup_occupation = models.CharField(_("occupation at follow-up"), max_length=15,
                                           choices=Occupation.choices, blank=True)
    followup_support = models.CharField(_("means of support at follow-up"), max_length=25,
                                        choices=Support.choices, blank=True)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["intervention", "participant", "start_date"],
                                    name="participation_unique")
        ]
        # "Active in the period" is start <= its end AND (end IS NULL OR end >= its start).
        # Written as COALESCE(end, ACTIVE_UNTIL_OPEN) >= its start (queries.py), one range of
        # the second index: a period reads the rows that end in or after it (and the open
        # ones), not the insats' whole history. The first serves the starts.
        indexes = [models.Index(fields=["intervention", "start_date", "end_date"]),
                   models.Index(F("intervention"),
                                Coalesce("end_date", Value(ACTIVE_UNTIL_OPEN)),
                                name="participation_active_until")]

    def __str__(self) -> str:
        return f"{self.participant} {self.start_date:%Y-%m-%d}"

    def clean(self) -> None:
        errors = {}
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end is before the start.")
        if self.end_date and not self.exit_reason:
            errors["exit_reason"] = _("Give the exit reason when the participation ends.")
        if self.exit_reason and not self.end_date:
            errors["end_date"] = _("An exit reason needs an end date.")
        if (self.occupation_at_exit or self.support_at_exit) and not self.end_date:
            errors["end_date"] = _("The state at exit needs an end date.")
        if self.followup_date and not self.end_date:
            errors["followup_date"] = _("A follow-up comes after the exit: give the end date.")
        elif self.followup_date and self.end_date and self.followup_date < self.end_date:
            errors["followup_date"] = _("The follow-up is before the end.")
        if (self.followup_occupation or self.followup_support) and not self.followup_date:
            errors["followup_date"] = _("Give the date of the follow-up.")
        if self.birth_year and not 1900 <= self.birth_year <= _this_year():
            errors["birth_year"] = _("Give a birth year between 1900 and this year.")
        if errors:
            raise ValidationError(errors)


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)


class MonthlyCount(models.Model):
    """Counts of an aggregate-only insats for a period (a month, a year...): no records.

    Each row is one part: how many of one kind (new, active, exited) of one gender, and where
    known of one referrer category, exit reason, kommun and age group. A count belongs to a
    report period that holds all of its own period (a year's count is not in a month's report).
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New participants")
        ACTIVE = "active", _("Active participants")
        EXIT = "exit", _("Exits")

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, related_name="monthly_counts",
        verbose_name=_("intervention"),
    )
    # The first day of the period (of the month, for monthly counts).
    month = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    referrer_category = models.CharField(_("referrer"), max_length=10, choices=Referrer.choices,
                                         blank=True)
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason.choices,
                                   blank=True)
    municipality = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("municipality"),
    )
    age_group = models.CharField(_("age group"), max_length=10, blank=True)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        ordering = ["month", "kind"]
        verbose_name = _("aggregate count")
        verbose_name_plural = _("aggregate counts")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "month", "period_end", "kind", "gender",
                        "referrer_category", "exit_reason", "municipality", "age_group"],
                name="monthly_count_unique"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("month")),
                                   name="monthly_count_period_ordered"),
        ]
        indexes = [models.Index(fields=["intervention", "month", "period_end"])]

    def __str__(self) -> str:
        return f"{self.intervention} {self.month}–{self.period_end} {self.kind}: {self.count}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A count given with only its month is that month's.
        if self.period_end is None and self.month is not None:
            self.period_end = month_end(_as_date(self.month))
        super().save(*args, **kwargs)


def _as_date(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


class StatedFigure(models.Model):
    """A participant figure of the whole förbund as a document typed it (002 1.1: 779...).

    Kept beside the records, never instead of them: the year in figures shows what the
    records give and, where the förbund stated a figure, that figure and the difference.
    Documents often give a förbund's totals for insatser whose own figures they do not print,
    so the stated total can be more than the records can carry.
    """

    class Measure(models.TextChoices):
        NEW = "new", _("New participants")
        ACTIVE = "active", _("Active participants")
        EXIT = "exit", _("Finished participations")
        WORK_OR_STUDIES = "work_or_studies", _("Finished to work or studies")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="stated_figures",
        verbose_name=_("association"),
    )
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    measure = models.CharField(_("figure"), max_length=16, choices=Measure.choices)
    # Blank: all genders together.
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=200, blank=True,
                              help_text=_("Where the figure was stated, e.g. the annual "
                                          "report's section."))
    # Set: a figure stated for a group of insatser only (002's youth teams, "313 … 127
    # kvinnor och 185 män"), which no count of one insats carries. Blank: the whole förbund.
    group = models.ForeignKey(
        "interventions.InterventionGroup", on_delete=models.CASCADE, null=True, blank=True,
        related_name="stated_figures", verbose_name=_("group of interventions"),
        help_text=_("Only for a figure stated for a group of interventions together; empty "
                    "for the whole förbund."))

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["period_start", "group", "measure", "gender"]
        verbose_name = _("stated participant figure")
        verbose_name_plural = _("stated participant figures")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "period_start", "period_end", "measure", "gender"],
                condition=models.Q(group__isnull=True), name="stated_figure_unique"),
            models.UniqueConstraint(
                fields=["group", "period_start", "period_end", "measure", "gender"],
                condition=models.Q(group__isnull=False), name="stated_figure_group_unique"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="stated_figure_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.period_start}–{self.period_end} {self.measure}"

    def clean(self) -> None:
        if self.group is not None and self.group.association_id != self.association_id:
            raise ValidationError({"group": _("Choose a group of this förbund.")})


class ReducedParticipation(models.Model):
    """Participations past the retention period, kept only as counts per month and category.

    start_date is the first day of the month they started, end_date the last day of the month
    they ended: the figures of any period of whole months stay exactly what they were.
    """

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE,
        related_name="reduced_participations", verbose_name=_("intervention"),
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    age_group = models.CharField(_("age group"), max_length=10)
    municipality = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("municipality"),
    )
    referrer_category = models.CharField(_("referrer"), max_length=10, choices=Referrer.choices)
    exit_reason = models.CharField(_("exit reason"), max_length=20, choices=ExitReason.choices)
    # The before-and-after codes, so outcome figures of those years stay too.
    support_at_start = models.CharField(_("means of support at start"), max_length=25,
                                        choices=Support.choices, blank=True)
    occupation_at_start = models.CharField(_("occupation at start"), max_length=15,
                                           choices=Occupation.choices, blank=True)
    occupation_at_exit = models.CharField(_("occupation at exit"), max_length=15,
                                          choices=Occupation.choices, blank=True)
    support_at_exit = models.CharField(_("means of support at exit"), max_length=25,
                                       choices=Support.choices, blank=True)
    followup_occupation = models.CharField(_("occupation at follow-up"), max_length=15,
                                           choices=Occupation.choices, blank=True)
    followup_support = models.CharField(_("means of support at follow-up"), max_length=25,
                                        choices=Support.choices, blank=True)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("reduced participation")
        verbose_name_plural = _("reduced participations")
        indexes = [models.Index(fields=["intervention", "start_date"],
                                name="reduced_starts"),
                   models.Index(fields=["intervention", "end_date"], name="reduced_ends")]

    def __str__(self) -> str:
        return f"{self.intervention} {self.start_date}–{self.end_date}: {self.count}"


class RecordAccess(models.Model):
    """Who read or changed participant records, when, in which insats and how many rows."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="record_accesses",
        verbose_name=_("association"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("user"))
    username = models.CharField(_("user name"), max_length=150)
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("intervention"),
    )
    action = models.CharField(_("action"), max_length=40)
    rows = models.PositiveIntegerField(_("rows"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("record access")
        verbose_name_plural = _("record accesses")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.rows}"


class PublishedSnapshot(models.Model):
    """The participants figures of an ended year as published to a scope, frozen (issue 24).

    Made once, the first time a published view of the year is asked for after it has ended
    (participants/snapshots.py); every published view of the year then reads its reports and
    never counts again. A later change to the year's records changes nothing published until
    the office signs off a new revision, with a reason. `reports` holds every published view
    (period, insats filter, language, with or without outcomes) as plain JSON, already
    suppressed; `hidden` and `shown` the audited bundle's hidden cells and the counts it shows,
    which the next revision is audited against.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="published_snapshots",
                                    verbose_name=_("association"))
    # "whole" for the förbund (board, national view, API), else the insatser of a staff scope.
    scope_key = models.CharField(_("scope"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    # The threshold and published periods it was suppressed under ("5:half").
    setting = models.CharField(_("setting"), max_length=40)
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    # The end of the last standard period it holds: a period of the running year is frozen
    # once it has closed, and each later one is added by a further row (snapshots.py). Empty
    # for rows made before: the whole year.
    through = models.DateField(_("published through"), null=True, blank=True)
    # The kinds of period not published for the year (["month"]): their audit could not
    # complete, so the year was audited and published without them, and stays so until a
    # revision (snapshots.py, "stages"). Empty: every period of the setting.
    withheld = models.JSONField(_("withheld periods"), default=list, blank=True)
    reports = models.JSONField(default=dict)
    hidden = models.JSONField(default=list)
    shown = models.JSONField(default=list)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["association", "year", "scope_key", "revision"]
        verbose_name = _("published snapshot")
        verbose_name_plural = _("published snapshots")
        constraints = [
            models.UniqueConstraint(fields=["association", "scope_key", "year", "setting",
                                            "revision"], name="published_snapshot_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.association_id} {self.year} {self.scope_key} r{self.revision}"


class ParticipationSummary(models.Model):
    """How many participations (and reduced ones) started and ended on each day, per insats,
    kind, gender and category: the participants page's figures without reading the rows.

    Kept by the database itself (triggers installed by summary.py's migration), in the
    transaction of whatever writes a participation or a reduced one: a saved form, an import,
    retention, the wastebasket, an `update()` or a COPY. `manage.py rebuild_summary` makes it
    again from the rows.
    """

    # Not a foreign key: the triggers write a row's removal after Django has deleted its
    # insats's rows, and a constraint would refuse it; what an insats leaves behind nets to 0.
    intervention_id = models.IntegerField()
    day = models.DateField()
    kind = models.CharField(max_length=4)  # "new" at the start, "exit" at the end
    source = models.CharField(max_length=1)  # "p" a participation, "r" a reduced one
    gender = models.CharField(max_length=10)
    # The referrer of the new, the exit reason of the exited.
    code = models.CharField(max_length=20)
    count = models.IntegerField()

    class Meta:
        verbose_name = _("participation summary")
        verbose_name_plural = _("participation summaries")
        constraints = [models.UniqueConstraint(
            fields=["intervention_id", "day", "kind", "source", "gender", "code"],
            name="participation_summary_key")]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.day} {self.kind}: {self.count}"


class ParticipationMonth(models.Model):
    """The participants report's counts per insats, month or year, kind, gender, category,
    kommun and age group at the start: its figures for whole months without grouping the rows
    (month_summary.py). Kept by database triggers as ParticipationSummary is;
    `manage.py rebuild_summary` makes it again from the rows."""

    intervention_id = models.IntegerField()  # not a foreign key, as ParticipationSummary's
    span = models.CharField(max_length=1)  # "m" the month's marks, "y" the year's
    kind = models.CharField(max_length=4)  # "new", "exit", or "net" (+1 start, -1 end)
    month = models.DateField()  # the first day of the month or of the year
    source = models.CharField(max_length=1)  # "p" a participation, "r" a reduced one
    gender = models.CharField(max_length=10)
    code = models.CharField(max_length=20)  # the referrer of the new, the exit reason
    kommun = models.IntegerField()  # the municipality's pk, 0 where none is recorded
    age = models.CharField(max_length=10)  # the age group at the start, of the new
    count = models.IntegerField()

    class Meta:
        verbose_name = _("participation month")
        verbose_name_plural = _("participation months")
        constraints = [models.UniqueConstraint(
            fields=["intervention_id", "span", "kind", "month", "source", "gender", "code",
                    "kommun", "age"],
            name="participation_month_key")]

    def __str__(self) -> str:
        return f"{self.intervention_id} {self.month} {self.span} {self.kind}: {self.count}"


class ReferralCount(models.Model):
    """People referred to an insats that gives advice rather than takes participants (002
    Bilaga 1: "Antal anmälningar (inflöde) till Resursrådet 2022", 141 by kommun and gender).
    Kept apart from the participant counts: 002's 396 new participants of the year do not
    count them, and a referral is not a participation."""

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, related_name="referral_counts",
        verbose_name=_("intervention"),
    )
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    municipality = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("municipality"),
    )
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    count = models.PositiveIntegerField(_("referrals"))

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["intervention__name", "period_start", "municipality__name", "gender"]
        verbose_name = _("referral count")
        verbose_name_plural = _("referral counts")
        constraints = [
            # NULLs are distinct in a unique index: a count of no kommun has its own.
            models.UniqueConstraint(
                fields=["intervention", "period_start", "period_end", "municipality", "gender"],
                condition=models.Q(municipality__isnull=False), name="referral_count_unique"),
            models.UniqueConstraint(
                fields=["intervention", "period_start", "period_end", "gender"],
                condition=models.Q(municipality__isnull=True),
                name="referral_count_no_kommun_unique"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="referral_count_period_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.period_start}–{self.period_end}: {self.count}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if (self.municipality is not None and self.intervention_id is not None
                and self.municipality.association_id != self.intervention.association_id):
            raise ValidationError({"municipality": _("Choose a member of this association.")})


class StatedCount(models.Model):
    """A figure of one insats as the förbund's document stated it, in a split or over a
    period the records do not carry: 002 Bilaga 1's youth teams' new by the förbund's own
    referrers (soc.förv./kommunen, DV/LSS, KAA, skolan, which the national list counts as one
    kommun), SamMA's 214 over its project period, the regional MIA Vidare's 633 new, or
    Vuxteamet's "43 procent" to work or studies with no base given.

    Kept beside the register's counts and never added to them: a document prints it as stated,
    with its source. Cells of one table share intervention, period, measure and scope; a row
    and a column label place the figure in it, and a column that is a local referrer names the
    national category it is counted under.
    """

    class Measure(models.TextChoices):
        NEW = "new", _("New participants")
        ACTIVE = "active", _("Participants")
        EXIT = "exit", _("Finished participations")
        WORK_OR_STUDIES = "work_or_studies", _("Finished to work or studies")
        SHARE = "share", _("Share finished to work or studies, per cent")
        # A share of the new participants the same table states as a count (002: "633 nya
        # deltagare varav 58 procent kvinnor och 39 procent män"): printed beside that count.
        NEW_SHARE = "new_share", _("Share of the new participants, per cent")

    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, related_name="stated_counts",
        verbose_name=_("intervention"),
    )
    period_start = models.DateField(_("start of the period"))
    period_end = models.DateField(_("end of the period"))
    measure = models.CharField(_("figure"), max_length=16, choices=Measure.choices)
    # Blank: the insats itself. Set: a wider whole the document reports under the insats
    # (002: "Hela MIA Vidare", the eight förbund's regional project).
    scope = models.CharField(_("reported for"), max_length=100, blank=True)
    # The table's own heading in the document; one insats may state several tables of a period.
    title = models.CharField(_("table"), max_length=200, blank=True)
    # Blank row: all rows together (the total row); blank column: all columns together.
    row = models.CharField(_("row"), max_length=100, blank=True)
    column = models.CharField(_("column"), max_length=100, blank=True)
    category = models.CharField(_("national referrer category"), max_length=10,
                                choices=Referrer.choices, blank=True)
    value = models.PositiveIntegerField(_("value"))
    source = models.CharField(_("source"), max_length=200)
    # The document's order of rows and columns, which no label sorts into.
    position = models.PositiveIntegerField(_("position"), default=0)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["intervention__name", "period_start", "measure", "scope", "position"]
        verbose_name = _("stated count")
        verbose_name_plural = _("stated counts")
        constraints = [
            models.UniqueConstraint(
                fields=["intervention", "period_start", "period_end", "measure", "scope",
                        "title", "row", "column"], name="stated_count_unique",
                violation_error_message=_(
                    "The table already has a figure in this row and column: the same "
                    "intervention, period, figure, reported for, table, row and column.")),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")),
                                   name="stated_count_period_ordered"),
            models.CheckConstraint(condition=~models.Q(measure__in=["share", "new_share"])
                                   | models.Q(value__lte=100), name="stated_count_share"),
        ]

    def __str__(self) -> str:
        # Names the cell as the list page shows it: a message "Saved: …" must tell which.
        where = ", ".join(label for label in (self.row, self.column) if label)
        what = self.title or str(self.get_measure_display())
        return (f"{self.intervention}: {what}{f' ({where})' if where else ''}, "
                f"{self.period_start}–{self.period_end}")

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})
        if (self.measure in (self.Measure.SHARE, self.Measure.NEW_SHARE)
                and self.value is not None and self.value > 100):
            raise ValidationError({"value": _("A share is at most 100 per cent.")})
