from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association, Member
from samsyn.finance.categories import Category, Scenario, StatementLine
from samsyn.web.years import FIRST_YEAR, LAST_YEAR


class EsfPresentation(models.TextChoices):
    GROSS = "gross", _("Gross: ESF income as income, the insats' full cost as cost")
    NET = "net", _("Net: the insats' cost less its ESF income")


class AccountPlan(models.TextChoices):
    BAS = "bas", _("BAS")
    KOMMUN_BAS = "kommun-bas", _("Kommun-Bas")


class FinanceSettings(models.Model):
    association = models.OneToOneField(
        Association, on_delete=models.CASCADE, related_name="finance_settings",
        verbose_name=_("association"),
    )
    esf_presentation = models.CharField(
        _("ESF in budgets"), max_length=5, choices=EsfPresentation.choices,
        default=EsfPresentation.GROSS,
    )
    account_plan = models.CharField(
        _("chart of accounts"), max_length=12, choices=AccountPlan.choices,
        default=AccountPlan.BAS,
        help_text=_("Gives the first mapping of accounts to the lines of the financial "
                    "statements; each line can then be changed."),
    )

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        verbose_name = _("finance settings")
        verbose_name_plural = _("finance settings")

    def __str__(self) -> str:
        return str(self.association)


class FinanceYear(models.Model):
    """Figures of one year that people type rather than the records give."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="finance_years",
        verbose_name=_("association"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    opening_equity = models.DecimalField(
        _("opening equity (kr)"), null=True, blank=True, max_digits=14, decimal_places=2,
        help_text=_("Leave empty to carry the previous year's closing equity forward."),
    )
    investment_adjustment = models.DecimalField(
        _("adjustment for investments (kr)"), default=Decimal(0), max_digits=14, decimal_places=2,
        help_text=_("Equity bound in investments; negative. Gives the free equity."),
    )
    decided_total = models.DecimalField(
        _("decided contribution total (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2,
        help_text=_("The total the members decided; checked against the budget."),
    )
    # The figures the board adopted in the årsredovisning; each is checked against what the
    # imported bookkeeping gives, and a difference is shown with both numbers.
    adopted_result = models.DecimalField(
        _("adopted result (kr)"), null=True, blank=True, max_digits=14, decimal_places=2,
        help_text=_("The year's result as the board adopted it."),
    )
    adopted_equity = models.DecimalField(
        _("adopted closing equity (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2,
    )
    adopted_income = models.DecimalField(
        _("adopted operating income (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2,
    )
    adopted_costs = models.DecimalField(
        _("adopted operating costs (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2, help_text=_("Verksamhetens kostnader, without depreciation."),
    )
    adopted_total_assets = models.DecimalField(
        _("adopted balance sheet total (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2,
    )
    # A year without imported books prints the soliditet the board adopted (002 2.1.2 for
    # 2018–2020): its balance sheet total is not known, so it cannot be computed.
    adopted_solidity = models.DecimalField(
        _("adopted solidity (%)"), null=True, blank=True, max_digits=5, decimal_places=1,
        help_text=_("Equity as a share of total assets, as the adopted annual report states it."),
    )
    employees = models.PositiveSmallIntegerField(_("employees"), null=True, blank=True)
    # The part of the equity the board keeps unspent (003 11: "Förbundsreserv 2 900 000"):
    # a decision, so typed; the budget prints it under the costs and their sum with it.
    reserve = models.DecimalField(
        _("förbundsreserv (kr)"), null=True, blank=True, max_digits=14, decimal_places=2,
        help_text=_("The part of the equity the board decided to keep as a reserve."),
    )
    # ESF income a plan expects beside its budget frame (003: "Utöver detta beräknas
    # förbundet få intäkter från Socialfonden med sammanlagt 6,1 Mkr"): not a budget line,
    # as it is no part of the frame the members' contributions and the equity make.
    esf_beside_budget = models.DecimalField(
        _("ESF income beside the budget (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2,
        help_text=_("ESF funds expected or received in the year outside the budget frame."),
    )
    # Ansvarsförbindelser: obligations outside the balance sheet (pensions earned before 1998,
    # guarantees); the books hold no line for them, so the kansli types them.
    contingent_liabilities = models.DecimalField(
        _("contingent liabilities (kr)"), null=True, blank=True, max_digits=14,
        decimal_places=2,
        help_text=_("Ansvarsförbindelser at the end of the year, printed under the balance "
                    "sheet; 0 where there are none."),
    )

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["association", "year"]
        verbose_name = _("finance year")
        verbose_name_plural = _("finance years")
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="finance_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.year}"


class ContributionYear(models.Model):
    """A decided split of one year's member contributions."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="contribution_years",
        verbose_name=_("association"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(
        _("total (kr)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )
    decided = models.DateField(_("decided"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["association", "-year"]
        verbose_name = _("contribution year")
        verbose_name_plural = _("contribution years")
        constraints = [
            models.UniqueConstraint(fields=["association", "year"],
                                    name="contribution_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.year}"


class Contribution(models.Model):
    contribution_year = models.ForeignKey(
        ContributionYear, on_delete=models.CASCADE, related_name="contributions",
        verbose_name=_("contribution year"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("member")
    )
    amount = models.DecimalField(_("amount (kr)"), max_digits=14, decimal_places=0)
    population = models.PositiveIntegerField(_("population used"), null=True, blank=True)
    invoiced = models.DecimalField(
        _("invoiced (kr)"), null=True, blank=True, max_digits=14, decimal_places=2,
        help_text=_("What the member was invoiced, if it differs from the split."),
    )

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["member__kind", "member__name"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(fields=["contribution_year", "member"],
                                    name="contribution_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.contribution_year.year}: {self.amount}"


class BudgetLine(models.Model):
    """One amount of a year's budget, plan, forecast or typed outcome.

    Amounts are positive for both income and costs; the category says which it is.
    """

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="budget_lines",
        verbose_name=_("association"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scenario = models.CharField(_("scenario"), max_length=10, choices=Scenario.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, null=True, blank=True,
        related_name="budget_lines", verbose_name=_("intervention"),
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="budget_lines",
        verbose_name=_("member"), help_text=_("For contributions: the member who pays."),
    )
    label = models.CharField(_("text"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (kr)"), max_digits=14, decimal_places=2)

    # Raised by every save through a page (optimistic locking, samsyn.web.forms).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["year", "scenario", "category", "label", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        indexes = [models.Index(fields=["association", "year", "scenario"])]

    def __str__(self) -> str:
        return f"{self.year} {self.get_scenario_display()}: {self.name}"

    @property
    def name(self) -> str:
        return self.label or str(self.intervention or self.member or self.get_category_display())

    def clean(self) -> None:
        if self.category == Category.CONTRIBUTION and self.member_id is None:
            raise ValidationError({"member": _("A contribution needs the member who pays.")})
        if self.category != Category.CONTRIBUTION and self.member_id is not None:
            raise ValidationError({"member": _("Only contributions name a member.")})
        if self.intervention_id is not None and not Category(self.category).per_intervention:
            raise ValidationError(
                {"intervention": _("This category is not booked per intervention.")}
            )


class TypedMeasure(models.TextChoices):
    """The sums a budget document prints that the budget lines also give."""

    INCOME = "income", _("Total income")
    COSTS = "costs", _("Total costs")
    RESULT = "result", _("Result of the year")
    INTERVENTIONS = "interventions", _("Total interventions")
    INDIVIDUAL = "individual", _("Individual interventions")
    STRUCTURAL = "structural", _("Structural interventions")
    OFFICE = "office", _("Total office and board")
    FRAME = "frame", _("Economic frame")
    CLOSING_EQUITY = "closing_equity", _("Closing equity")
    # Shares of the frame in per cent as printed (000 table 5: "6 824 (15,20)").
    INDIVIDUAL_SHARE = "individual_share", _("Share of the frame: individual interventions")
    STRUCTURAL_SHARE = "structural_share", _("Share of the frame: structural interventions")
    OFFICE_SHARE = "office_share", _("Share of the frame: office and board")
    EQUITY_SHARE = "closing_equity_share", _("Share of the frame: closing equity")
    # Lines of an årsredovisning's statements as printed (scenario "outcome"; 002 5, Not 3).
    CASH_RECEIVABLES = "cf_receivables", _("Increase/decrease in current receivables")
    CASH_LIABILITIES = "cf_liabilities", _("Increase/decrease in current liabilities")
    CASH_OPERATING = "cf_operating", _("Cash flow from operating activities")
    CASH_INVESTING = "cf_investing", _("Cash flow from investing activities")
    NOTE_INTERVENTIONS = "note_interventions", _("Operating costs: interventions")
    NOTE_OTHER = "note_other", _("Operating costs: other")
    # 002 4 Balansräkning: the lines it types otherwise than its books and Not 5 give.
    BALANCE_FIXED_ASSETS = "bs_fixed_assets", _("Balance sheet: fixed assets")
    BALANCE_TOTAL_ASSETS = "bs_total_assets", _("Balance sheet: total assets")
    BALANCE_OTHER_EQUITY = "bs_other_equity", _("Balance sheet: other equity")
    BALANCE_TOTAL_CLAIMS = "bs_total_eq_liab", _(
        "Balance sheet: total equity, provisions and liabilities")
    # 002 2.6.4: a line's "Differens" as printed, where it is not the line's budget − outcome.
    DIFFERENCE = "difference", _("Budget against outcome: difference")


class TypedBudgetFigure(models.Model):
    """A sum as the decided document typed it (000 table 4, 001, 002 5), kept to be checked.

    The pages compute every sum from the budget lines and show this figure beside the
    computed one when they differ, so a document's own arithmetic error is seen, not hidden.
    """

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="typed_budget_figures",
        verbose_name=_("association"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    scenario = models.CharField(_("scenario"), max_length=10, choices=Scenario.choices)
    measure = models.CharField(_("sum"), max_length=20, choices=TypedMeasure.choices)
    amount = models.DecimalField(_("amount (kr)"), max_digits=14, decimal_places=2)
    source = models.CharField(_("source"), max_length=200, blank=True)
    # A figure typed on one line of a table names the line as the table prints it; a sum of
    # the whole year leaves it empty.
    line = models.CharField(_("line"), max_length=200, blank=True)

    class Meta:
        ordering = ["association", "year", "scenario", "measure", "line"]
        verbose_name = _("typed budget sum")
        verbose_name_plural = _("typed budget sums")
        constraints = [
            models.UniqueConstraint(fields=["association", "year", "scenario", "measure", "line"],
                                    name="typed_budget_figure_line_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.year} {self.scenario} {self.measure}"


class AccountRule(models.Model):
    """Maps a range of the chart of accounts to a budget category."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="account_rules",
        verbose_name=_("association"),
    )
    first_account = models.CharField(_("from account"), max_length=10)
    last_account = models.CharField(_("to account"), max_length=10)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, null=True, blank=True, related_name="account_rules",
        verbose_name=_("member"), help_text=_("For contribution accounts: the member who pays."),
    )

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["first_account"]
        verbose_name = _("account rule")
        verbose_name_plural = _("account rules")

    def __str__(self) -> str:
        return f"{self.first_account}–{self.last_account}: {self.get_category_display()}"

    def clean(self) -> None:
        for field in ("first_account", "last_account"):
            value = getattr(self, field)
            if not (value.isascii() and value.isdigit()):
                raise ValidationError({field: _("An account number is digits only.")})
        if int(self.first_account) > int(self.last_account):
            raise ValidationError({"last_account": _("The range ends before it starts.")})
        if self.category == Category.CONTRIBUTION and self.member_id is None:
            raise ValidationError({"member": _("A contribution needs the member who pays.")})


class ObjectRule(models.Model):
    """Maps a bookkeeping object (kostnadsställe, projekt) to an insats."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="object_rules",
        verbose_name=_("association"),
    )
    dimension = models.CharField(_("dimension"), max_length=10,
                                 help_text=_("1 is kostnadsställe, 6 is projekt in SIE."))
    code = models.CharField(_("object code"), max_length=40)
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.CASCADE, related_name="object_rules",
        verbose_name=_("intervention"),
    )

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["dimension", "code"]
        verbose_name = _("object rule")
        verbose_name_plural = _("object rules")
        constraints = [
            models.UniqueConstraint(fields=["association", "dimension", "code"],
                                    name="object_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.dimension}/{self.code} → {self.intervention}"


class SieImport(models.Model):
    """One fiscal year's outcome as read from a SIE 4 file; a new import of the year replaces it."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="sie_imports",
        verbose_name=_("association"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    start = models.DateField(_("fiscal year start"))
    end = models.DateField(_("fiscal year end"))
    filename = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    program = models.CharField(_("program"), max_length=200, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    vouchers = models.PositiveIntegerField(_("vouchers"))
    unbalanced_accepted = models.BooleanField(_("unbalanced vouchers accepted"), default=False)
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    # {"dimension:code": name} from the file's #OBJEKT lines, so codes are shown by name.
    object_names = models.JSONField(_("object names"), default=dict, blank=True)
    # Where the year's results came from: "vouchers", or "res" for a file without vouchers.
    result_source = models.CharField(_("results from"), max_length=10, default="vouchers")
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("imported by"),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("SIE import")
        verbose_name_plural = _("SIE imports")
        constraints = [
            models.UniqueConstraint(fields=["association", "year"], name="sie_import_year_unique")
        ]

    def __str__(self) -> str:
        return f"{self.association} {self.year}: {self.filename}"


class OutcomeAmount(models.Model):
    """The year's booked sum on one account and object, as the bookkeeping signs it."""

    sie_import = models.ForeignKey(
        SieImport, on_delete=models.CASCADE, related_name="amounts", verbose_name=_("import")
    )
    account = models.CharField(_("account"), max_length=10)
    account_name = models.CharField(_("account name"), max_length=200, blank=True)
    # The transaction's objects as "dimension:code" pairs separated by spaces, e.g. "1:100 6:P1".
    object_list = models.CharField(_("objects"), max_length=300, blank=True)
    amount = models.DecimalField(_("amount (kr)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["account", "object_list"]
        verbose_name = _("outcome amount")
        verbose_name_plural = _("outcome amounts")

    def __str__(self) -> str:
        return f"{self.account} {self.object_list}: {self.amount}"


class AccountBalance(models.Model):
    """One account's opening and closing balance (#IB/#UB) and, for the year before, result."""

    sie_import = models.ForeignKey(
        SieImport, on_delete=models.CASCADE, related_name="balances", verbose_name=_("import")
    )
    # 0 is the imported year, -1 the year before as the same file states it.
    year_offset = models.SmallIntegerField(_("year"), default=0)
    account = models.CharField(_("account"), max_length=10)
    account_name = models.CharField(_("account name"), max_length=200, blank=True)
    opening = models.DecimalField(_("opening balance (kr)"), max_digits=14, decimal_places=2,
                                  default=Decimal(0))
    closing = models.DecimalField(_("closing balance (kr)"), max_digits=14, decimal_places=2,
                                  default=Decimal(0))
    result = models.DecimalField(_("result (kr)"), max_digits=14, decimal_places=2,
                                 default=Decimal(0))

    class Meta:
        ordering = ["year_offset", "account"]
        verbose_name = _("account balance")
        verbose_name_plural = _("account balances")
        constraints = [
            models.UniqueConstraint(fields=["sie_import", "year_offset", "account"],
                                    name="account_balance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.year_offset}: {self.opening} → {self.closing}"


class StatementRule(models.Model):
    """Maps a range of accounts to a line of the financial statements; narrowest range wins."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="statement_rules",
        verbose_name=_("association"),
    )
    first_account = models.CharField(_("from account"), max_length=10)
    last_account = models.CharField(_("to account"), max_length=10)
    line = models.CharField(_("statement line"), max_length=30,
                            choices=StatementLine.choices)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["first_account", "last_account"]
        verbose_name = _("statement rule")
        verbose_name_plural = _("statement rules")

    def __str__(self) -> str:
        return f"{self.first_account}–{self.last_account}: {self.get_line_display()}"

    def clean(self) -> None:
        for name in ("first_account", "last_account"):
            value = getattr(self, name)
            if not (value.isascii() and value.isdigit()):
                raise ValidationError({name: _("An account number is digits only.")})
        if int(self.first_account) > int(self.last_account):
            raise ValidationError({"last_account": _("The range ends before it starts.")})


class GoalMeasure(models.TextChoices):
    """What a goal for sound financial management is measured by, each from the records."""

    RESULT = "result", _("The year's result (kr)")
    BALANCE_RESULT = "balance_result", _("Balance requirement result (kr)")
    SOLIDITY = "solidity", _("Solidity (%)")
    INTERVENTION_SHARE = "intervention_share", _("Interventions' share of the costs (%)")
    OFFICE_SHARE = "office_share", _("Office and board's share of the costs (%)")
    COSTS_AGAINST_BUDGET = "costs_budget", _("Costs as a share of the budget (%)")
    EQUITY_SHARE = "equity_share", _("Equity as a share of the year's contributions (%)")
    WORK_OR_STUDIES = "work_or_studies", _("Share finished to work or studies (%)")
    NEW_PARTICIPANTS = "new_participants", _("New participants")

    @property
    def at_most(self) -> bool:
        """The target is a ceiling (a share of the costs to keep low), else a floor."""
        return self.value in AT_MOST


AT_MOST = frozenset({"office_share", "costs_budget", "equity_share"})


class ManagementGoal(models.Model):
    """One of the förbund's own goals for sound financial management (god ekonomisk
    hushållning, LKBR 11 kap.): what it says, what measures it and the target, evaluated in
    each year's annual report from the records."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="management_goals",
        verbose_name=_("association"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    goal = models.CharField(_("goal"), max_length=300)
    measure = models.CharField(_("measured by"), max_length=20, choices=GoalMeasure.choices)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=2,
        help_text=_("A floor (at least) or, for shares of costs, budget and equity, a ceiling "
                    "(at most)."))
    # The years a budget line or a report may have: no annual report is of year 0 or 20000.
    first_year = models.PositiveSmallIntegerField(
        _("from year"), null=True, blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    last_year = models.PositiveSmallIntegerField(
        _("to year"), null=True, blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["association", "order", "pk"]
        verbose_name = _("goal for sound financial management")
        verbose_name_plural = _("goals for sound financial management")

    def __str__(self) -> str:
        return self.goal

    @property
    def measure_choice(self) -> GoalMeasure:
        return GoalMeasure(self.measure)

    def applies_to(self, year: int) -> bool:
        return ((self.first_year is None or self.first_year <= year)
                and (self.last_year is None or year <= self.last_year))


# The kinds of a plan's table of the budget per insats (000 Tabell 6).
HISTORY_LINE_CATEGORIES = ("individual", "evaluation", "structural", "communication")


class BudgetHistoryFigure(models.Model):
    """A figure of the förbund's budget history as a plan states it (000 "Budget": the
    stepwise rise 8/16/24/32 Mkr 2016–2019, 54,7 Mkr by the allocation keys, 58,5 Mkr by
    Nationella rådets model): a year, an amount and what it is, printed in the plan of the
    year that states it. Stated, not computed: the earlier years' budgets are not held as
    budget lines, and a model's figure was never decided.

    With a kind (and an insats, or the line's text) it is a line's earlier budget as the
    plan's table of the budget per insats states it (000 Tabell 6's "Budget 2021": FINSAM-team
    2 720, Prolog 1 100): printed in that table's column of the year, never as a budget of
    the year, which would make the plan print a result and frame nobody decided."""

    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="budget_history",
        verbose_name=_("association"),
    )
    stated_in = models.PositiveSmallIntegerField(
        _("stated in the plan of"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year of the business plan that states the figure and prints it."))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)])
    amount = models.DecimalField(_("amount (kr)"), max_digits=14, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    text = models.CharField(
        _("what the figure is"), max_length=300, blank=True,
        help_text=_("For a figure of a line: the line's text as the budget names it (the "
                    "part of the intervention, or the line when no intervention is chosen)."))
    # Blank: a figure of the förbund's whole budget. Set: one line's earlier budget.
    category = models.CharField(
        _("kind of line in the budget per intervention"), max_length=20, blank=True,
        choices=[(c.value, c.label) for c in Category if c.value in HISTORY_LINE_CATEGORIES],
        help_text=_("Only for a line's earlier budget as the plan's table of the budget per "
                    "intervention states it; empty for the förbund's whole budget."))
    intervention = models.ForeignKey(
        "interventions.Intervention", on_delete=models.PROTECT, null=True, blank=True,
        related_name="budget_history", verbose_name=_("intervention"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    # Raised by every save (no lost update: samsyn.associations.writes).
    version = models.PositiveIntegerField(default=0, db_default=0, editable=False)

    class Meta:
        ordering = ["association", "stated_in", "order", "year", "pk"]
        verbose_name = _("budget history figure")
        verbose_name_plural = _("budget history figures")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "stated_in", "year", "category", "text"],
                condition=models.Q(intervention__isnull=True),
                name="budget_history_figure_unique",
                violation_error_message=_("The plan already states a figure of this year "
                                          "with this text.")),
            models.UniqueConstraint(
                fields=["association", "stated_in", "year", "intervention", "text"],
                condition=models.Q(intervention__isnull=False),
                name="budget_history_line_unique",
                violation_error_message=_("The plan already states a figure of this year "
                                          "for this intervention and text.")),
        ]

    def __str__(self) -> str:
        what = " – ".join(str(w) for w in (self.intervention, self.text) if w)
        return f"{self.year}: {what}"

    def clean(self) -> None:
        if not self.category:
            if self.intervention_id is not None:
                raise ValidationError({"category": _(
                    "A figure of an intervention belongs to a line: choose its kind.")})
            if not self.text.strip():
                raise ValidationError({"text": _("Say what the figure is.")})
            return
        if self.intervention_id is None and not self.text.strip():
            raise ValidationError({"text": _(
                "A line's figure needs its intervention or its text.")})
        if self.intervention_id is not None and not Category(self.category).per_intervention:
            raise ValidationError({"intervention": _(
                "This category is not booked per intervention.")})
        chosen = self.intervention
        if chosen is not None and chosen.association_id != self.association_id:
            raise ValidationError({"intervention": _("Choose an intervention of this förbund.")})
        if None not in (self.year, self.stated_in) and self.year >= self.stated_in:
            raise ValidationError({"year": _(
                "A line's earlier budget is of a year before the plan's: the plan's own "
                "years are budget lines.")})
