from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association, MemberKind
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    Goal,
    Intervention,
    PlanGoal,
    PlanYear,
    TargetGroup,
)
from samsyn.periods.services import classification_refusal
from samsyn.web.forms import DateInput, ScopedModelForm, VersionedForm, limit_choices


class TargetGroupForm(ScopedModelForm):
    class Meta:
        model = TargetGroup
        fields = ["name", "age_min", "age_max", "description"]


class InterventionForm(ScopedModelForm):
    class Meta:
        model = Intervention
        fields = [
            "name", "slug", "kind", "start", "end", "run_by", "municipalities", "target_groups",
            "esf_funded", "target_group_text", "followup_method", "budgeted_participants",
            "description", "usual_duration_days", "aggregate_only", "public",
            "catalog_offers",
            "catalog_audience", "catalog_referral", "catalog_contact",
        ]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "municipalities": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "catalog_offers": forms.Textarea(attrs={"rows": 3}),
            "catalog_audience": forms.Textarea(attrs={"rows": 3}),
            "catalog_referral": forms.Textarea(attrs={"rows": 3}),
            "catalog_contact": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this förbund's rows may be chosen: the choices are the tenant boundary.
        limit_choices(self, "run_by", association.members.all())
        limit_choices(
            self, "municipalities", association.members.filter(kind=MemberKind.MUNICIPALITY)
        )
        limit_choices(self, "target_groups", association.target_groups.all())
        short = self.fields["slug"]
        short.help_text = _("Part of the insats' web address: small letters, digits and dashes. "
                            "Made from the name as you type it; change it if you like.")
        short.widget.attrs["data-slug-from"] = "id_name"
        if self.instance.pk:
            # The short name is the insats' address; changing it would break links.
            self.fields["slug"].disabled = True

    def clean_kind(self) -> str:
        kind: str = self.cleaned_data["kind"]
        refused = classification_refusal(self.instance, kind)
        if refused:
            raise forms.ValidationError(refused)
        return kind


class GoalForm(VersionedForm, ScopedModelForm):
    scope_fields = ("intervention",)

    class Meta:
        model = Goal
        fields = ["name", "metric", "target", "unit", "comparison", "year"]


class PlanYearForm(VersionedForm, ScopedModelForm):
    class Meta:
        model = PlanYear
        fields = ["year", "title", "decided"]
        widgets = {"decided": DateInput()}


class FocusAreaForm(ScopedModelForm):
    scope_fields = ("plan",)

    class Meta:
        model = FocusArea
        fields = ["name", "description", "order"]


class PlanGoalForm(VersionedForm, ScopedModelForm):
    scope_fields = ("focus_area",)

    class Meta:
        model = PlanGoal
        fields = ["name", "description", "order"]


class ActivityForm(ScopedModelForm):
    scope_fields = ("goal",)

    class Meta:
        model = Activity
        fields = ["name", "description", "order"]
