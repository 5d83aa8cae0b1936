from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samsyn.associations.models import Association, MemberKind
from samsyn.participants.codes import ExitReason, Gender, Referrer
from samsyn.participants.models import Participation, ReferrerCode, StatedFigure
from samsyn.participants.pseudonym import PLACEHOLDER_FAULT, PlaceholderIdentity, PseudonymError
from samsyn.web.forms import DateInput, ScopedModelForm, VersionedForm, limit_choices
from samsyn.web.years import FIRST_YEAR, LAST_YEAR


def referrer_choices(association: Association) -> list[tuple[str, str]]:
    choices = [(c.value, str(c.label)) for c in Referrer]
    choices += [(r.code, f"{r.label} ({r.get_category_display()})")
                for r in ReferrerCode.objects.filter(association=association)]
    return choices


class ParticipationForm(VersionedForm):
    participant_id = forms.CharField(
        label=gettext_lazy("personnummer or local code"), max_length=40, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-personnummer": ""}),
        help_text=gettext_lazy("Turned into a pseudonym at once; the number is never stored. "
                               "A personnummer fills in gender and birth year below."),
    )
    referrer = forms.ChoiceField(label=gettext_lazy("referrer"))

    class Meta:
        model = Participation
        fields = ["gender", "birth_year", "municipality", "referrer", "start_date",
                  "support_at_start", "support_time", "occupation_at_start", "consent_date",
                  "end_date", "exit_reason", "occupation_at_exit", "support_at_exit",
                  "followup_date", "followup_occupation", "followup_support"]
        widgets = {"start_date": DateInput(), "end_date": DateInput(),
                   "consent_date": DateInput(), "followup_date": DateInput()}

    def __init__(self, *args: Any, association: Association, pseudonymise: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.association = association
        self.pseudonymise = pseudonymise
        self.pseudonym: str | None = None
        limit_choices(self, "municipality",
                      association.members.filter(kind=MemberKind.MUNICIPALITY))
        referrer = self.fields["referrer"]
        assert isinstance(referrer, forms.ChoiceField)
        referrer.choices = referrer_choices(association)
        self.fields["followup_date"].help_text = _(
            "The förbund follows up %(months)s months after the exit."
        ) % {"months": association.followup_months}
        if self.instance.pk:
            del self.fields["participant_id"]
        else:
            self.order_fields(["participant_id"])

    def clean_participant_id(self) -> str:
        try:
            self.pseudonym = self.pseudonymise(self.cleaned_data["participant_id"])
        except PlaceholderIdentity:
            # Never merged with the others written the same way: the person needs a code.
            raise ValidationError(_(PLACEHOLDER_FAULT)) from None
        except PseudonymError:
            # The message names the fault without repeating what was typed.
            raise ValidationError(
                _("Not a valid personnummer, nor a local code of letters and digits.")
            ) from None
        return ""


class CloseForm(forms.Form):
    end_date = forms.DateField(label=gettext_lazy("end"), widget=DateInput())
    exit_reason = forms.ChoiceField(label=gettext_lazy("exit reason"),
                                    choices=ExitReason.choices)


class ReferrerCodeForm(ScopedModelForm):
    class Meta:
        model = ReferrerCode
        fields = ["code", "label", "category"]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("file (CSV or XLSX)"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ExtractForm(forms.Form):
    personnummer = forms.CharField(
        label=gettext_lazy("personnummer or local code"), max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class MonthForm(forms.Form):
    month = forms.DateField(label=gettext_lazy("month"), input_formats=["%Y-%m"],
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))

    def clean_month(self) -> Any:
        # Only a förbund's years: the page reads the month's end, which December 9999 has
        # none of (an OverflowError, a 500, where any other unreadable month opens this one).
        month = self.cleaned_data["month"]
        if not FIRST_YEAR <= month.year <= LAST_YEAR:
            raise ValidationError(_("Give a month from %(first)s to %(last)s.")
                                  % {"first": FIRST_YEAR, "last": LAST_YEAR})
        return month


def count_field_name(kind: str, gender: str, code: str) -> str:
    return f"{kind}__{gender}__{code}"


_SEEN_SALT = "samsyn.participants.forms.month_seen"


class MonthlyCountsForm(forms.Form):
    """New participants by gender and referrer, exits by gender and reason, for one month.

    `seen` carries the month's counts as the page showed them (signed): the month is saved
    whole, so it is the month's version (no lost update, services.save_monthly_count)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def seal(counts: dict[tuple[str, str, str], int]) -> str:
        return signing.dumps(sorted([*key, n] for key, n in counts.items()), salt=_SEEN_SALT)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, codes in (("new", Referrer), ("exit", ExitReason)):
            for gender in Gender:
                for code in codes:
                    self.fields[count_field_name(kind, gender.value, code.value)] = (
                        forms.IntegerField(
                            label=f"{gender.label}: {code.label}", min_value=0, initial=0,
                            required=False,
                            widget=forms.NumberInput(attrs={"class": "count"}),
                        )
                    )

    def counts(self) -> dict[tuple[str, str, str], int]:
        found: dict[tuple[str, str, str], int] = {}
        for name, value in self.cleaned_data.items():
            if "__" in name:
                kind, gender, code = name.split("__")
                found[(kind, gender, code)] = value or 0
        return found

    def seen_counts(self) -> dict[tuple[str, str, str], int] | None:
        """The counts the page showed (None: not sent, as by a script)."""
        try:
            rows = signing.loads(str(self.data.get("seen", "")), salt=_SEEN_SALT)
        except signing.BadSignature:
            return None
        return {(kind, gender, code): n for kind, gender, code, n in rows}

    def rebase(self, counts: dict[tuple[str, str, str], int]) -> None:
        """Take the stored counts as the ones seen, and merge: a count this person changed
        stays as typed, one they left takes the stored value."""
        seen, typed = self.seen_counts() or {}, self.counts()
        data = self.data.copy()  # type: ignore[attr-defined]
        for key in set(seen) | set(counts):
            if seen.get(key, 0) != counts.get(key, 0) and typed.get(key, 0) == seen.get(key, 0):
                data[count_field_name(*key)] = str(counts.get(key, 0))
        data["seen"] = self.seal(counts)
        self.data = data


class StatedFigureForm(ScopedModelForm):
    """A participant figure of the whole förbund as a document or the kansli states it."""

    class Meta:
        model = StatedFigure
        fields = ["period_start", "period_end", "measure", "gender", "value", "source",
                  "group"]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only this förbund's groups may be chosen: the choices are the tenant boundary.
        limit_choices(self, "group", self.instance.association.intervention_groups.all())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


class RevisionForm(forms.Form):
    """The office's sign-off of a new revision of a year's published figures."""

    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=gettext_lazy("Why the published figures are revised: "
                                                    "kept in the audit log and with the "
                                                    "revision."))

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise forms.ValidationError(_("Give the reason for the revision."))
        return reason
