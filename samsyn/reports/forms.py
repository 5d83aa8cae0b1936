
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samsyn.associations import versions
from samsyn.reports.models import Decision, ReportText, Signatory
from samsyn.web.forms import DateInput


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ReportText
        fields = ["foreword", "summary", "direction", "about", "vision", "overview",
                  "conditions", "events", "personnel", "governance", "management", "analysis",
                  "position", "outlook", "principles"]
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields}


class FreezeForm(forms.Form):
    decided = forms.DateField(label=gettext_lazy("decided by the board on"), widget=DateInput(),
                              initial=timezone.localdate)
    published = forms.BooleanField(
        label=gettext_lazy("the published version"), required=False, initial=True,
        help_text=gettext_lazy("Keep the version with small counts hidden, as it was published."),
    )


class DecisionForm(forms.ModelForm):
    """The board's decision on a document, with who signs it, one per line: "name, role"."""

    signatories = forms.CharField(
        label=gettext_lazy("signatories"), required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("One per line: the name, then a comma and the role if any "
                               "(“Ajda Asgari, ordförande”)."))

    class Meta:
        model = Decision
        fields = ["decided", "place", "statement"]
        widgets = {"decided": DateInput(), "statement": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["signatories"] = "\n".join(
                f"{s.name}, {s.role}" if s.role else s.name
                for s in self.instance.signatories.all())

    def clean_signatories(self) -> list[tuple[str, str]]:
        found = []
        for number, line in enumerate(self.cleaned_data["signatories"].splitlines(), start=1):
            name, _comma, role = (part.strip() for part in line.partition(","))
            if not line.strip():
                continue
            if not name:
                raise forms.ValidationError(
                    gettext_lazy("Line %(line)s has a role but no name.") % {"line": number})
            if len(name) > 200 or len(role) > 100:
                raise forms.ValidationError(
                    gettext_lazy("Line %(line)s is too long.") % {"line": number})
            found.append((name, role))
        return found

    @transaction.atomic
    def save(self, commit: bool = True) -> Decision:
        decision = super().save()
        decision.signatories.all().delete()
        Signatory.objects.bulk_create(
            Signatory(decision=decision, order=i, name=name, role=role)
            for i, (name, role) in enumerate(self.cleaned_data["signatories"]))
        versions.changed(decision.association_id)
        return decision
