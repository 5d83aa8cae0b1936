from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import (
    Association,
    Invitation,
    Member,
    MemberKind,
    Membership,
    Population,
    RecordKind,
    RetentionDecision,
    Role,
)
from samsyn.web.forms import (
    DateInput,
    IdsField,
    ScopedModelForm,
    VersionedForm,
    limit_choices,
)


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
        field_classes = {"interventions": IdsField}
        widgets = {"interventions": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "interventions", association.interventions.all())

    def clean(self) -> dict[str, Any]:
        return check_role(self, super().clean() or {})


def check_role(form: forms.ModelForm, data: dict[str, Any]) -> dict[str, Any]:
    """A role's rules, for the people pages and Django admin alike: staff name their insatser
    (no one else keeps any), and the last administrator keeps the role."""
    if data.get("role") == Role.STAFF and not data.get("interventions"):
        form.add_error("interventions", _("Choose the interventions this person works in."))
    if data.get("role") != Role.STAFF:
        data["interventions"] = []
        data["sees_finance"] = False
    stored = Membership.objects.filter(pk=form.instance.pk).first() if form.instance.pk else None
    if (stored is not None and stored.role == Role.ADMIN and data.get("role") != Role.ADMIN
            and is_last_admin(stored)):
        # A förbund without an administrator could never manage its people again.
        form.add_error("role", _("The last administrator keeps the role."))
    return data


def is_last_admin(membership: Membership) -> bool:
    return (membership.role == Role.ADMIN and not Membership.objects
            .filter(association_id=membership.association_id, role=Role.ADMIN)
            .exclude(pk=membership.pk).exists())


class InvitationForm(forms.ModelForm):
    """Invite a person by e-mail; whether the address has an account anywhere is not told.

    Never saved itself: samsyn.associations.invitations.invite() makes the invitation.
    """

    class Meta:
        model = Invitation
        fields = ["email", "role", "interventions", "sees_finance"]
        field_classes = {"interventions": IdsField}
        widgets = {"interventions": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.association = association
        limit_choices(self, "interventions", association.interventions.all())

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip()
        # Only the förbund's own people are looked at: nothing is told of anyone else's.
        if Membership.objects.filter(association=self.association,
                                     user__email__iexact=email).exists():
            raise forms.ValidationError(_("Someone with this e-mail address already belongs "
                                          "to the förbund."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") == Role.STAFF and not data.get("interventions"):
            self.add_error("interventions", _("Choose the interventions this person works in."))
        if data.get("role") != Role.STAFF:
            data["interventions"] = []
            data["sees_finance"] = False
        return data
