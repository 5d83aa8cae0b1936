from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import (
    Association,
    Member,
    MemberKind,
    Membership,
    Population,
    RecordKind,
    RetentionDecision,
    Role,
)
from samsyn.web.forms import DateInput, ScopedModelForm, VersionedForm, limit_choices


class AssociationForm(VersionedForm):
    class Meta:
        model = Association
        fields = ["name", "org_number", "county", "contact_email", "data_protection_officer",
                  "state_share", "region_share", "municipal_share",
                  "suppression_threshold", "published_periods", "retention_years",
                  "survey_min_answers", "survey_min_months",
                  "half_year_due_day", "half_year_due_month", "annual_due_day",
                  "annual_due_month"]


class MemberForm(ScopedModelForm):
    class Meta:
        model = Member
        fields = ["name", "kind", "pays", "municipality_code"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("municipality_code") and data.get("kind") != MemberKind.MUNICIPALITY:
            self.add_error("municipality_code", _("Only a kommun member has a kommunkod."))
        return data


class KoladaForm(forms.Form):
    date = forms.DateField(
        label=_("reference date"), widget=DateInput(),
        help_text=_("The figures are saved under this date. Kolada gives the population on "
                    "31 December: the latest year-end on or before the date is fetched."),
    )


class PopulationForm(ScopedModelForm):
    scope_fields = ("member",)

    class Meta:
        model = Population
        fields = ["date", "count"]
        widgets = {"date": DateInput()}


class RetentionDecisionForm(ScopedModelForm):
    """The board's gallring decision as the kansli types it from the minutes."""

    record_kinds = forms.MultipleChoiceField(
        label=_("records covered"), choices=RecordKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Samsyn reduces participant records only under a decision that covers "
                    "them."),
    )

    class Meta:
        model = RetentionDecision
        fields = ["decided_on", "reference", "adopted_by", "record_kinds", "retention_months"]
        widgets = {"decided_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # The förbund's own setting, as a start for the board's period.
            association = self.instance.association
            self.fields["retention_months"].initial = association.retention_years * 12
            self.fields["record_kinds"].initial = [RecordKind.PARTICIPATIONS]


class MembershipForm(ScopedModelForm):
    class Meta:
        model = Membership
        fields = ["role", "interventions", "sees_finance"]
        widgets = {"interventions": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "interventions", association.interventions.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.STAFF and not data.get("interventions"):
            self.add_error("interventions", _("Choose the interventions this person works in."))
        if data.get("role") != Role.STAFF:
            data["interventions"] = []
            data["sees_finance"] = False
        return data


class NewMembershipForm(MembershipForm):
    """Add a person by user name: an existing account, or a new one with a password."""

    username = forms.CharField(label=_("user name"), max_length=150)
    email = forms.EmailField(label=_("e-mail"), required=False)
    password = forms.CharField(
        label=_("password"), required=False, widget=forms.PasswordInput,
        help_text=_("Only for a new account."),
        strip=False,
    )
    field_order = ["username", "email", "password", "role", "interventions", "sees_finance"]

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, association=association, **kwargs)
        self.association = association
        self.user: Any = None

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        self.user = get_user_model().objects.filter(username=username).first()
        if self.user and Membership.objects.filter(
            user=self.user, association=self.association
        ).exists():
            raise forms.ValidationError(_("This person already belongs to the association."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.user is None and "username" in data:
            password = data.get("password")
            if not password:
                self.add_error("password", _("A new account needs a password."))
            else:
                candidate = get_user_model()(username=data["username"],
                                             email=str(data.get("email") or ""))
                try:
                    password_validation.validate_password(password, candidate)
                except forms.ValidationError as exc:
                    self.add_error("password", exc)
        return data

    def save(self, commit: bool = True) -> Membership:
        if self.user is None:
            self.user = get_user_model().objects.create_user(
                username=self.cleaned_data["username"],
                email=str(self.cleaned_data.get("email") or ""),
                password=self.cleaned_data["password"],
            )
        self.instance.user = self.user
        self.instance.association = self.association
        return super().save(commit)
