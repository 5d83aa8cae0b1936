import re
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.models import Association
from samsyn.finance.models import (
    AccountRule,
    BudgetHistoryFigure,
    BudgetLine,
    Contribution,
    FinanceSettings,
    FinanceYear,
    ManagementGoal,
    ObjectRule,
    StatementRule,
)
from samsyn.finance.national import NationalModelError, read_areas
from samsyn.periods.forms import PeriodCheckedForm
from samsyn.web.forms import DateInput, ScopedModelForm, VersionedForm, limit_choices
from samsyn.web.money import KronorField, MoneyField
from samsyn.web.tabular import Limits, TabularError, csv_rows
from samsyn.web.years import FIRST_YEAR, LAST_YEAR

_WHAT_IF_LINE = re.compile(r"^\s*(?P<name>[^=]+?)\s*=\s*(?P<count>[\d\s\u00a0]+)\s*$")


def parse_what_if(text: str) -> dict[str, int]:
    """Lines "Kommun = befolkning"; a bad line is named by its number."""
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _WHAT_IF_LINE.match(line)
        if match is None:
            raise forms.ValidationError(
                _("Line %(number)s: write it as “Kommun = 12345”.") % {"number": number}
            )
        count = int(re.sub(r"\D", "", match["count"]))
        if count <= 0:
            raise forms.ValidationError(
                _("Line %(number)s: the population must be above zero.") % {"number": number}
            )
        found[match["name"]] = count
    return found


class SplitForm(forms.Form):
    total = KronorField(label=gettext_lazy("total contributions (kr)"), min_value=0,
                        max_value=10**12)
    what_if = forms.CharField(
        label=gettext_lazy("populations for a what-if"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "One kommun a line, “Kommun = population”: changes a member's figure or adds a "
            "kommun that is not a member yet. A what-if cannot be decided."
        ),
    )

    def clean_what_if(self) -> dict[str, int]:
        return parse_what_if(self.cleaned_data.get("what_if", ""))


class DecideForm(forms.Form):
    total = KronorField(label=gettext_lazy("total contributions (kr)"), min_value=0,
                        max_value=10**12)
    # A decision without its date cannot be cited in the budget or the annual report.
    decided = forms.DateField(
        label=gettext_lazy("decided"), widget=DateInput(),
        error_messages={"required": gettext_lazy("Give the date the members decided.")})
    note = forms.CharField(label=gettext_lazy("note"), required=False, max_length=300)


class InvoicedForm(VersionedForm):
    class Meta:
        model = Contribution
        fields = ["invoiced"]
        field_classes = {"invoiced": MoneyField}


class BudgetLineForm(PeriodCheckedForm, ScopedModelForm):
    class Meta:
        model = BudgetLine
        fields = ["year", "scenario", "category", "intervention", "member", "label", "amount"]
        field_classes = {"amount": MoneyField}

    def __init__(self, *args: Any, association: Association, user: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.watch_periods(association, user)  # a signed-off year changes only with a reason
        # The years the API takes: a year beyond any date failed the period check (a 500).
        self.fields["year"].validators += [MinValueValidator(FIRST_YEAR),
                                           MaxValueValidator(LAST_YEAR)]
        limit_choices(self, "intervention", association.interventions.all())
        limit_choices(self, "member", association.members.all())
        self.fields["amount"].help_text = _(
            "In kronor, positive for income and costs alike; the category tells which."
        )


class FinanceYearForm(ScopedModelForm):
    class Meta:
        model = FinanceYear
        fields = ["opening_equity", "investment_adjustment", "decided_total", "adopted_result",
                  "adopted_equity", "adopted_income", "adopted_costs", "adopted_total_assets",
                  "adopted_solidity", "employees", "contingent_liabilities", "reserve",
                  "esf_beside_budget"]
        field_classes = {name: MoneyField for name in fields
                         if name not in ("employees", "adopted_solidity")}


class ManagementGoalForm(ScopedModelForm):
    class Meta:
        model = ManagementGoal
        fields = ["goal", "measure", "target", "first_year", "last_year", "order"]

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None and last < first:
            raise forms.ValidationError(_("The last year comes before the first."))
        return data


class BudgetHistoryFigureForm(ScopedModelForm):
    class Meta:
        model = BudgetHistoryFigure
        fields = ["stated_in", "year", "amount", "category", "intervention", "text", "order"]
        field_classes = {"amount": MoneyField}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "intervention", association.interventions.all())


class FinanceSettingsForm(VersionedForm):
    class Meta:
        model = FinanceSettings
        fields = ["esf_presentation", "account_plan"]
        widgets = {"esf_presentation": forms.RadioSelect, "account_plan": forms.RadioSelect}


class StatementRuleForm(ScopedModelForm):
    class Meta:
        model = StatementRule
        fields = ["first_account", "last_account", "line"]

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class AccountRuleForm(ScopedModelForm):
    class Meta:
        model = AccountRule
        fields = ["first_account", "last_account", "category", "member"]

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "member", association.members.all())


class ObjectRuleForm(ScopedModelForm):
    class Meta:
        model = ObjectRule
        fields = ["dimension", "code", "intervention"]

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "intervention", association.interventions.all())


class SieUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("SIE file"))
    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=1900, max_value=2200,
        help_text=gettext_lazy("Only for a file without #RAR (SIE 4I from payroll or "
                               "invoicing) whose vouchers span more than one year."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.SAMSYN_SIE_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("The file is larger than %(limit)s MB.")
                                        % {"limit": limit // (1024 * 1024) or 1})
        return upload


class SieConfirmForm(forms.Form):
    """Confirming a previewed file: a box for unbalanced vouchers only where there are some,
    and a second, required confirmation that names both sides where the file may not be the
    förbund's own bookkeeping of a year it keeps."""

    sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, unbalanced: bool = False, other: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unbalanced:
            self.fields["accept_unbalanced"] = forms.BooleanField(
                label=gettext_lazy("import although some vouchers do not balance"),
                required=False)
        if other:
            self.fields["accept_other"] = forms.BooleanField(
                label=other, required=True,
                error_messages={"required": gettext_lazy(
                    "Confirm that this file is to be imported, or upload the right one.")})


percent = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class NationalModelForm(forms.Form):
    national_sum = KronorField(label=gettext_lazy("national sum (kr)"), min_value=1,
                               initial=339_000_000)
    base = KronorField(label=gettext_lazy("base per förbund (kr)"), min_value=0,
                       initial=400_000)
    he_weight = forms.DecimalField(label=gettext_lazy("weight of försörjningsmått (%)"),
                                   initial=75, validators=percent, decimal_places=2)
    max_decrease = forms.DecimalField(
        label=gettext_lazy("largest yearly decrease (%)"), required=False,
        validators=percent, decimal_places=2,
        help_text=gettext_lazy("Empty for no cap; 10 in the transition years."),
    )
    areas = forms.FileField(
        label=gettext_lazy("areas (CSV)"),
        help_text=gettext_lazy(
            "Columns: förbund; försörjningsmått; befolkning 16-64; and optionally fjolårets "
            "tilldelning and äskad budget. Comma or semicolon separated."
        ),
    )

    def clean_areas(self) -> Any:
        # Read through the shared reader: size, line and row limits, any encoding or ending.
        try:
            return read_areas(csv_rows(self.cleaned_data["areas"].file, Limits.from_settings()))
        except (NationalModelError, TabularError) as exc:
            raise forms.ValidationError(str(exc)) from exc

