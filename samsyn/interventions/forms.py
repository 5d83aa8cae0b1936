from typing import Any

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association, MemberKind
from samsyn.interventions.follow_up import allowed
from samsyn.interventions.models import (
    Activity,
    FocusArea,
    FollowUp,
    Goal,
    Intervention,
    PlanGoal,
    PlanYear,
    TargetGroup,
)
from samsyn.periods.services import classification_refusal
from samsyn.web.forms import DateInput, ScopedModelForm, limit_choices


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


class GoalForm(ScopedModelForm):
    scope_fields = ("intervention",)

    class Meta:
        model = Goal
        fields = ["name", "metric", "target", "unit", "comparison", "year"]


class PlanYearForm(ScopedModelForm):
    class Meta:
        model = PlanYear
        fields = ["year", "title", "decided"]
        widgets = {"decided": DateInput()}


class FocusAreaForm(ScopedModelForm):
    scope_fields = ("plan",)

    class Meta:
        model = FocusArea
        fields = ["name", "description", "order"]


class PlanGoalForm(ScopedModelForm):
    scope_fields = ("focus_area",)

    class Meta:
        model = PlanGoal
        fields = ["name", "description", "order"]


class MembershipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        user = obj.user
        return str(user.get_full_name() or user.get_username())


class ActivityForm(ScopedModelForm):
    scope_fields = ("goal",)

    class Meta:
        model = Activity
        fields = ["name", "description", "responsible", "responsible_text", "due", "order"]
        field_classes = {"responsible": MembershipChoice}
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this förbund's people may be chosen: the choices are the tenant boundary.
        limit_choices(self, "responsible", association.memberships.select_related("user")
                      .order_by("user__first_name", "user__last_name", "user__username"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("responsible") and data.get("responsible_text"):
            self.add_error("responsible_text",
                           _("Choose a person or write a name, not both."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(label=_("comment"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    """Every goal and activity of a plan at once: status, comment and what was measured."""

    def __init__(self, *args: Any, targets: list[Any], kept: dict[str, Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = targets
        self.kept = kept
        for prefix, _target in targets:
            kind = "goal" if prefix.startswith("g") else "activity"
            choices = [("", gettext_lazy("not followed up"))] + [
                (value, label) for value, label in FollowUp.Status.choices
                if value in allowed(kind)]
            old = kept.get(prefix)
            self.fields[f"{prefix}_status"] = forms.ChoiceField(
                label=gettext_lazy("status"), choices=choices, required=False,
                initial=old.status if old else "")
            self.fields[f"{prefix}_comment"] = forms.CharField(
                label=gettext_lazy("comment"), required=False, widget=forms.Textarea(
                    attrs={"rows": 2}), initial=old.comment if old else "")
            self.fields[f"{prefix}_indicator"] = forms.CharField(
                label=gettext_lazy("indicator"), required=False, max_length=200,
                initial=old.indicator if old else "")
            self.fields[f"{prefix}_measured"] = forms.DecimalField(
                label=gettext_lazy("measured"), required=False, max_digits=12,
                decimal_places=2, initial=old.measured if old else None)

    def rows(self) -> list[tuple[Any, str, str, str, Any]]:
        data = self.cleaned_data
        return [(target, data[f"{p}_status"], data[f"{p}_comment"], data[f"{p}_indicator"],
                 data[f"{p}_measured"]) for p, target in self.targets]

    def groups(self) -> list[dict[str, Any]]:
        """The fields of each goal or activity together, and what is kept, for the page."""
        return [{"target": target, "activity": p.startswith("a"), "kept": self.kept.get(p),
                 "fields": [self[f"{p}_{n}"] for n in ("status", "comment", "indicator",
                                                        "measured")]}
                for p, target in self.targets]
