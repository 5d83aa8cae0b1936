import calendar
import datetime as dt
import secrets
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

slug_validator = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lower-case letters a-z, digits and single hyphens."),
)
org_number_validator = RegexValidator(
    r"^\d{6}-\d{4}$", _("Write the organisation number as NNNNNN-NNNN.")
)
share_validators = [MinValueValidator(Decimal(0))]


class County(models.TextChoices):
    """Sweden's 21 län by their official codes (SCB), for the national view's roll-up."""

    STOCKHOLM = "01", _("Stockholm County")
    UPPSALA = "03", _("Uppsala County")
    SODERMANLAND = "04", _("Södermanland County")
    OSTERGOTLAND = "05", _("Östergötland County")
    JONKOPING = "06", _("Jönköping County")
    KRONOBERG = "07", _("Kronoberg County")
    KALMAR = "08", _("Kalmar County")
    GOTLAND = "09", _("Gotland County")
    BLEKINGE = "10", _("Blekinge County")
    SKANE = "12", _("Skåne County")
    HALLAND = "13", _("Halland County")
    VASTRA_GOTALAND = "14", _("Västra Götaland County")
    VARMLAND = "17", _("Värmland County")
    OREBRO = "18", _("Örebro County")
    VASTMANLAND = "19", _("Västmanland County")
    DALARNA = "20", _("Dalarna County")
    GAVLEBORG = "21", _("Gävleborg County")
    VASTERNORRLAND = "22", _("Västernorrland County")
    JAMTLAND = "23", _("Jämtland County")
    VASTERBOTTEN = "24", _("Västerbotten County")
    NORRBOTTEN = "25", _("Norrbotten County")


def new_salt() -> str:
    return secrets.token_hex(32)


class Association(models.Model):
    """A samordningsförbund: the tenant every other row belongs to."""

    slug = models.SlugField(
        _("short name"), max_length=60, unique=True, validators=[slug_validator]
    )
    name = models.CharField(_("name"), max_length=200)
    org_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, validators=[org_number_validator]
    )
    county = models.CharField(
        _("county"), max_length=2, choices=County.choices, blank=True,
        help_text=_("The län the förbund works in; the national view adds figures up by it."),
    )
    state_share = models.DecimalField(
        _("state share"), max_digits=6, decimal_places=5, default=Decimal("0.5"),
        validators=share_validators,
    )
    region_share = models.DecimalField(
        _("region share"), max_digits=6, decimal_places=5, default=Decimal("0.25"),
        validators=share_validators,
    )
    municipal_share = models.DecimalField(
        _("municipalities' share"), max_digits=6, decimal_places=5, default=Decimal("0.25"),
        validators=share_validators,
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest published count"), default=5, validators=[MinValueValidator(3)],
        help_text=_("Counts below this are published as “<N”. At least 3."),
    )
    class PublishedPeriods(models.TextChoices):
        YEARS = "year", _("Whole years")
        HALF_YEARS = "half", _("Half-years and whole years")
        MONTHS = "month", _("Months, half-years and whole years")
        # For förbund that follow up after 30 April and 31 August (issue 27).
        TERTIALS = "tertial", _("Tertials, January–August and whole years")
        MONTHS_TERTIALS = "month-tertial", _("Months, tertials, January–August and whole years")

    # Which standard periods figures are published for (publication/periods.py, read through
    # reports.services.published_kinds): the finer the periods, the more cells the linked
    # suppression has to hide.
    published_periods = models.CharField(
        _("published periods"), max_length=16, choices=PublishedPeriods.choices,
        default=PublishedPeriods.HALF_YEARS,
        help_text=_("The periods for which the board, insats staff and the national view get "
                    "figures. Only periods that have ended are published."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("retention of participant records (years)"), default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],  # a decision's 1200 months
    )
    # Mixed into the installation's pseudonym secret: each förbund hashes people differently.
    pseudonym_salt = models.CharField(max_length=64, default=new_salt, editable=False)
    survey_min_answers = models.PositiveSmallIntegerField(
        _("fewest survey answers reported"), default=5, validators=[MinValueValidator(1)]
    )
    survey_min_months = models.PositiveSmallIntegerField(
        _("months in an insats before a participant is asked"), default=3,
        # Counted back from today: a month before year 1 failed the survey's invitations.
        validators=[MinValueValidator(0), MaxValueValidator(120)],
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True,
        help_text=_("Where the public reaches the förbund: reports of accessibility problems "
                    "are sent here, and the GDPR documents name it."),
    )
    data_protection_officer = models.CharField(
        _("data protection officer"), max_length=300, blank=True,
        help_text=_("Name and contact of the förbund's dataskyddsombud, for the record of "
                    "processing."),
    )
    followup_months = models.PositiveSmallIntegerField(
        _("months from exit to follow-up"), default=6,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text=_("When a participant's occupation and support are asked again after exit."),
    )
    # When the board adopts its reports (the "what is due" page and the reminders). The law
    # asks for no half-year report: the förbundsordning may (finsam.se, "Årsredovisning"), so
    # its date is the förbund's; the annual report is made within three months of the year's
    # end (the same page), so by 31 March of the year after.
    half_year_due_day = models.PositiveSmallIntegerField(
        _("half-year report due: day"), default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)])
    half_year_due_month = models.PositiveSmallIntegerField(
        _("half-year report due: month"), default=8,
        choices=[(m, name) for m, name in MONTHS.items() if m >= 7],
        help_text=_("The day the board adopts the report on January–June, as the "
                    "förbundsordning or the board decided."))
    annual_due_day = models.PositiveSmallIntegerField(
        _("annual report due: day"), default=31,
        validators=[MinValueValidator(1), MaxValueValidator(31)])
    annual_due_month = models.PositiveSmallIntegerField(
        _("annual report due: month"), default=3, choices=list(MONTHS.items()),
        help_text=_("Of the year after. The annual report is made within three months of the "
                    "year's end."))

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self) -> str:
        return self.name

    @property
    def follows_tertials(self) -> bool:
        """Whether the förbund publishes per tertial: its interim report and sign-off cover
        January–August rather than January–June."""
        return self.published_periods in (self.PublishedPeriods.TERTIALS,
                                          self.PublishedPeriods.MONTHS_TERTIALS)

    def clean(self) -> None:
        for day, month in (("half_year_due_day", "half_year_due_month"),
                           ("annual_due_day", "annual_due_month")):
            d, m = getattr(self, day), getattr(self, month)
            # A leap year's length: 29 February stands for the month's last day.
            if d and m and d > calendar.monthrange(2000, m)[1]:
                raise ValidationError({day: _("The month has no such day.")})
        total = (self.state_share or 0) + (self.region_share or 0) + (self.municipal_share or 0)
        if total != 1:
            raise ValidationError(
                _("The shares must add up to 1; now they add up to %(total)s.")
                % {"total": total}
            )


class MemberKind(models.TextChoices):
    STATE = "state", _("State (Försäkringskassan, Arbetsförmedlingen)")
    REGION = "region", _("Region")
    MUNICIPALITY = "kommun", _("Municipality")


class Member(models.Model):
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="members", verbose_name=_("association")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=MemberKind.choices)
    pays = models.BooleanField(
        _("pays a contribution"), default=True,
        help_text=_("Untick for a member whose share another member pays, as FK pays for AF."),
    )
    municipality_code = models.CharField(
        _("kommunkod"), max_length=4, blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("Write the kommunkod as four digits."))],
        help_text=_("SCB's four digits for a kommun member, e.g. 0136 for Haninge: its "
                    "population can then be fetched from Kolada."),
    )

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="member_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Population(models.Model):
    """A kommun's total population on a reference date (1 November before the budget year)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="populations", verbose_name=_("member")
    )
    date = models.DateField(_("reference date"))
    count = models.PositiveIntegerField(_("population"))

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("population figure")
        verbose_name_plural = _("population figures")
        constraints = [
            models.UniqueConstraint(fields=["member", "date"], name="population_date_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.date}: {self.count}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    OFFICE = "office", _("Office (kansli)")
    ANALYST = "analyst", _("Analyst")
    STAFF = "staff", _("Intervention staff")
    BOARD = "board", _("Board (read only)")


class Membership(models.Model):
    """One user's role in one förbund; a user may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("association"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    interventions = models.ManyToManyField(
        "interventions.Intervention", blank=True, related_name="staff_memberships",
        verbose_name=_("interventions"),
        help_text=_("For intervention staff: the interventions whose records they keep."),
    )
    sees_finance = models.BooleanField(
        _("sees the economy"), default=False,
        help_text=_("Intervention staff see budgets and outcome only when this is ticked."),
    )

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "association"], name="membership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.association} ({self.get_role_display()})"


class RecordKind(models.TextChoices):
    """Kinds of records a gallring decision may cover (arkivlagen: a decision first)."""

    PARTICIPATIONS = "participations", _("Participant records (participations)")
    SURVEY_ANSWERS = "survey_answers", _("Survey answers")
    AUDIT_LOG = "audit_log", _("Audit log")


class RetentionDecision(models.Model):
    """The board's decision on gallring (arkivlagen): which records go, after how long.

    Samsyn reduces participant records only under a decision covering them
    (`reduce_participations`), and each run names the decision in the audit log.
    """

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="retention_decisions",
        verbose_name=_("association"),
    )
    decided_on = models.DateField(_("date of the decision"))
    reference = models.CharField(
        _("reference number"), max_length=60,
        help_text=_("The diarienummer or the minutes' paragraph, e.g. Dnr 2024/12 § 7."),
    )
    record_kinds = models.JSONField(_("records covered"), default=list)
    retention_months = models.PositiveSmallIntegerField(
        _("gallring after (months)"), validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text=_("Counted from the end of a participation: 60 months is five years."),
    )
    adopted_by = models.CharField(
        _("adopted by"), max_length=200, help_text=_("E.g. the board (styrelsen)."),
    )
    registered_at = models.DateTimeField(_("entered in Samsyn"), auto_now_add=True)
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("gallring decision")
        verbose_name_plural = _("gallring decisions")

    def __str__(self) -> str:
        return f"{self.reference} ({self.decided_on:%Y-%m-%d})"

    def covers(self, kind: str) -> bool:
        return kind in (self.record_kinds or [])

    def record_kind_labels(self) -> list[str]:
        labels = dict(RecordKind.choices)
        return [str(labels.get(k, k)) for k in self.record_kinds or []]

    @classmethod
    def in_force(cls, association: Association, kind: str,
                 day: dt.date) -> "RetentionDecision | None":
        """The latest decision taken by `day` that covers `kind`: a later one replaces it."""
        # A förbund has a handful of decisions; JSON containment is not portable to SQLite.
        for decision in cls.objects.filter(association=association, decided_on__lte=day):
            if decision.covers(kind):
                return decision
        return None


class Invitation(models.Model):
    """An e-mail invitation to join a förbund in a role (samsyn/associations/invitations.py).

    Only the hash of the link's token is kept; the link works once, until it expires.
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="invitations", verbose_name=_("association"))
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    interventions = models.ManyToManyField("interventions.Intervention", blank=True,
                                           related_name="+", verbose_name=_("interventions"))
    sees_finance = models.BooleanField(_("sees the economy"), default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.CharField(_("invited by"), max_length=150)
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    expires = models.DateTimeField(_("valid until"))
    accepted = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.association} ({self.get_role_display()})"


class RemovedRow(models.Model):
    """A row removed from a page, kept to be restored for a while (the Papperskorg).

    The row and every row its removal cascaded to are kept as Django's serialised JSON, and
    the rows themselves are really deleted: no query, count or report has to leave out a
    removed row, since it is not there (samsyn/associations/trash.py). A removal that would
    take participant records with it is never kept (they are personal data, and their
    removal is the erasure).
    """

    association = models.ForeignKey(Association, on_delete=models.CASCADE,
                                    related_name="removed_rows", verbose_name=_("association"))
    model = models.CharField(_("kind"), max_length=100)
    object_id = models.CharField(max_length=64)
    label = models.CharField(_("what"), max_length=300)
    data = models.TextField()
    rows = models.PositiveIntegerField(_("rows"), default=1)
    removed_at = models.DateTimeField(_("removed"), auto_now_add=True)
    removed_by = models.CharField(_("removed by"), max_length=150, blank=True)

    class Meta:
        ordering = ["-removed_at", "-pk"]
        verbose_name = _("removed row")
        verbose_name_plural = _("removed rows")
        indexes = [models.Index(fields=["association", "removed_at"])]

    def __str__(self) -> str:
        return self.label

    @property
    def kind_name(self) -> str:
        """The kind as a person names it ("Budgetrad"), from the model's own name."""
        try:
            model = apps.get_model(self.model)
        except (LookupError, ValueError):
            return self.model
        return capfirst(str(model._meta.verbose_name))


class DataVersion(models.Model):
    """Changes whenever anything a page of the förbund shows is written.

    Bumped in the write's own transaction by every service that writes (the one write path
    `writes.save_row` / `delete_row`, the importers, monthly counts, SIE files, survey
    answers, sign-off, the wastebasket: `samsyn.associations.versions.changed`). What a page
    computes is cached under the current token (versions.page_data), so a new token makes
    every cached page of the förbund stale at once, in every process.

    Beside it, a token per part of the förbund's data (versions.PARTS), moved by the same
    statement: a write that names its part moves that part's token and the whole one; a
    write that names none moves them all. A page part kept under the tokens of the parts it
    reads (versions.part_data) survives a write to any other part.
    """

    association = models.OneToOneField(Association, on_delete=models.CASCADE,
                                       primary_key=True, related_name="+",
                                       verbose_name=_("association"))
    token = models.CharField(max_length=32)
    # Empty until first read (versions._read makes them), so older code that makes the
    # row with its token alone still can.
    records = models.CharField(max_length=32, default="", db_default="")
    economy = models.CharField(max_length=32, default="", db_default="")
    plan = models.CharField(max_length=32, default="", db_default="")
    surveys = models.CharField(max_length=32, default="", db_default="")
    reports = models.CharField(max_length=32, default="", db_default="")

    class Meta:
        verbose_name = _("version of the förbund's data")
        verbose_name_plural = _("versions of the förbund's data")

    def __str__(self) -> str:
        return self.token


class BoardMember(models.Model):
    """A seat on the förbund's board (styrelse) as the members appointed it: the person, the
    member organisation that appointed them, ordinary member or substitute, and the chair or
    vice chair (002 2.5.1: six members and six substitutes, a presidium of two)."""

    class Seat(models.TextChoices):
        ORDINARY = "ordinary", _("Ordinary member")
        SUBSTITUTE = "substitute", _("Substitute")

    class Role(models.TextChoices):
        NONE = "", _("–")
        CHAIR = "chair", _("Chair")
        VICE_CHAIR = "vice_chair", _("Vice chair")

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="board_members",
        verbose_name=_("association"),
    )
    name = models.CharField(_("name"), max_length=200,
                            help_text=_("As the annual report prints it; two who held the seat "
                                        "in turn may share it (“A/B”)."))
    party = models.CharField(_("party"), max_length=20, blank=True)
    organisation = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="board_members",
        verbose_name=_("appointed by"),
    )
    seat = models.CharField(_("seat"), max_length=10, choices=Seat.choices,
                            default=Seat.ORDINARY)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["organisation__kind", "organisation__name", "seat", "name"]
        verbose_name = _("board member")
        verbose_name_plural = _("board members")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end is before the start.")})
        if (self.organisation_id is not None
                and self.organisation.association_id != self.association_id):
            raise ValidationError({"organisation": _("Choose a member of this association.")})

    def serves_in(self, year: int) -> bool:
        """On the board some day of the year (no dates: always)."""
        return ((self.start is None or self.start.year <= year)
                and (self.end is None or self.end.year >= year))


class BoardMeetings(models.Model):
    """How many minuted meetings the board held in a year (002 2.5.1: "fem protokollförda
    sammanträden under 2022")."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="board_meetings",
        verbose_name=_("association"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    meetings = models.PositiveSmallIntegerField(_("minuted meetings"))

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("board meetings of a year")
        verbose_name_plural = _("board meetings per year")
        constraints = [
            models.UniqueConstraint(fields=["association", "year"],
                                    name="board_meetings_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.meetings}"
