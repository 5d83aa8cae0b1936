from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from samsyn.associations.models import Association, MemberKind
from samsyn.interventions import codelists, services
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
    TargetGroupStatistic,
)
from samsyn.web.forms import DateInput, IdsField, ScopedModelForm, limit_choices
from samsyn.web.money import MoneyField


class TargetGroupForm(ScopedModelForm):
    class Meta:
        model = TargetGroup
        fields = ["name", "age_min", "age_max", "description"]


def _choices(codes: tuple[codelists.Code, ...], held: str) -> list[tuple[str, str]]:
    """The list's codes, and a code stored earlier that the list no longer has (shown so the
    page opens; choosing it again is refused by the insats' rules)."""
    offered = [(c.code, c.label) for c in codes]
    if held and held not in {c.code for c in codes}:
        offered.append((held, _("%(code)s (not in the list)") % {"code": held}))
    return offered


class InterventionForm(ScopedModelForm):
    # The answers Uppföljning Finsam asks for, offered from the code lists (codes/, data).
    precise_orientation = forms.ChoiceField(required=False)
    followup_method = forms.ChoiceField(required=False)
    esf_programme = forms.ChoiceField(required=False)
    target_group_codes = forms.MultipleChoiceField(required=False,
                                                   widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Intervention
        fields = [
            "name", "slug", "kind", "precise_orientation", "start", "end", "run_by",
            "municipalities", "target_groups", "target_group_codes", "target_group_text",
            "followup_method", "esf_funded", "esf_programme", "budgeted_participants",
            "description", "aims", "usual_duration_days", "aggregate_only", "public",
            "catalog_offers",
            "catalog_audience", "catalog_referral", "catalog_contact",
            "external_financier", "external_amount", "external_start", "external_end",
        ]
        field_classes = {"municipalities": IdsField, "target_groups": IdsField,
                         "external_amount": MoneyField}
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "external_start": DateInput(),
            "external_end": DateInput(),
            "municipalities": forms.CheckboxSelectMultiple,
            "target_groups": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "aims": forms.Textarea(attrs={"rows": 3}),
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
        self._classification_fields()

    def _choice_field(self, name: str) -> forms.ChoiceField:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        return field

    def _classification_fields(self) -> None:
        held = self.instance
        orientation = codelists.code_list(codelists.ORIENTATION)
        self._choice_field("kind").choices = [(c.code, c.label) for c in orientation.codes]
        self.fields["kind"].label = orientation.question
        precise = codelists.code_list(codelists.PRECISE)
        groups: list[Any] = [("", "–")]
        for kind, codes in precise.per_kind.items():
            if codes:
                groups.append((orientation.label(kind) or kind, _choices(codes, "")))
        known = {c.code for c in precise.all_codes()}
        if held.precise_orientation and held.precise_orientation not in known:
            groups.append((held.precise_orientation, _("%(code)s (not in the list)")
                           % {"code": held.precise_orientation}))
        field = self._choice_field("precise_orientation")
        field.choices = groups
        field.label = precise.question
        field.help_text = (_("Choose the option for the insats' orientation.")
                           if len(groups) > 1 else
                           _("Samsyn has no list of specified orientations yet (see "
                             "docs/uppfoljning-finsam.md): choose it in Uppföljning Finsam."))
        for name, list_name in (("followup_method", codelists.METHOD),
                                ("esf_programme", codelists.ESF)):
            listed = codelists.code_list(list_name)
            self._choice_field(name).choices = [("", "–"), *_choices(listed.codes,
                                                                     getattr(held, name))]
        self.fields["followup_method"].label = codelists.code_list(codelists.METHOD).question
        self.fields["esf_programme"].label = _("ESF programme")
        self.fields["esf_funded"].label = codelists.code_list(codelists.ESF).question
        target = codelists.code_list(codelists.TARGET_GROUP)
        stored = held.target_group_codes if isinstance(held.target_group_codes, list) else []
        offered = [(c.code, c.label) for c in target.codes]
        offered += [(code, _("%(code)s (not in the list)") % {"code": code})
                    for code in stored if target.label(code) is None]
        self._choice_field("target_group_codes").choices = offered
        self.fields["target_group_codes"].label = target.question
        self.fields["target_group_codes"].help_text = _(
            "The groups of the national list the insats is for; several may apply. Describe "
            "it in your own words below as well where the list says too little.")
        if held.pk is None:
            return
        report = services.reported_in(held)
        if report is None:
            return
        # What the national form locks once reported is shown, not offered for change; a
        # question Samsyn has no answer to yet may still be answered.
        for name in ("kind", "followup_method", "esf_funded", "esf_programme"):
            if getattr(held, name) not in ("", None):
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Locked: reported to Uppföljning Finsam (%(report)s).") % {"report": report}


class GoalForm(ScopedModelForm):
    scope_fields = ("intervention",)

    class Meta:
        model = Goal
        fields = ["name", "metric", "target", "unit", "comparison", "year"]


class PlanYearForm(ScopedModelForm):
    class Meta:
        model = PlanYear
        fields = ["year", "title", "decided", "describes_interventions"]
        widgets = {"decided": DateInput()}


class TargetGroupStatisticForm(ScopedModelForm):
    scope_fields = ("plan",)

    class Meta:
        model = TargetGroupStatistic
        fields = ["group", "count", "women_percent", "men_percent", "source", "order"]


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
    scope_fields = ("focus_area",)

    class Meta:
        model = Activity
        fields = ["name", "description", "goal", "responsible", "responsible_text", "due",
                  "order"]
        field_classes = {"responsible": MembershipChoice}
        widgets = {"due": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, association: Association, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A goal of the activity's own focus area, or none (the area's activity as a whole).
        limit_choices(self, "goal", self.instance.focus_area.goals.order_by("order", "id"))
        goal = self.fields["goal"]
        assert isinstance(goal, forms.ModelChoiceField)
        goal.empty_label = gettext_lazy("None: the focus area as a whole")
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


_SEEN_SALT = "samsyn.interventions.forms.follow_up_seen"


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

        # The rows as shown, to tell at the save which rows someone else changed since.
        self.fields["seen"] = forms.CharField(
            widget=forms.HiddenInput, required=False,
            initial=signing.dumps({p: services.shown_kept(kept.get(p)) for p, _t in targets},
                                  salt=_SEEN_SALT, compress=True))

    def seen_rows(self) -> dict[str, Any] | None:
        """The rows as the page showed them when opened (None: not sent, as by a script)."""
        try:
            value = signing.loads(str(self.data.get("seen", "")), salt=_SEEN_SALT)
        except signing.BadSignature:
            return None
        return value if isinstance(value, dict) else None

    def rebased(self, kept: dict[str, Any], refused: ValidationError) -> "FollowUpForm":
        """After a conflict: what this person changed as they typed it, the stored rows
        where they changed nothing, and the stored rows as the new `seen`."""
        seen, data = self.seen_rows() or {}, self.data.copy()  # type: ignore[attr-defined]
        for (_target, *typed), (prefix, _t) in zip(self.rows(), self.targets, strict=True):
            shown = tuple(seen.get(prefix, services.NOT_FOLLOWED_UP))
            if services.shown_follow_up(*typed) == shown:
                now = kept.get(prefix)
                for name, value in zip(("status", "comment", "indicator", "measured"),
                                       services.shown_kept(now), strict=True):
                    data[f"{prefix}_{name}"] = value
        form = FollowUpForm(data, targets=self.targets, kept=kept)
        data["seen"] = form.fields["seen"].initial
        form.is_valid()
        form.add_error(None, refused)
        return form

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
