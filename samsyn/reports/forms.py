
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samsyn.reports.models import Decision, ReportText
from samsyn.reports.writes import signatories_text
from samsyn.web.forms import DateInput, VersionedForm


class ReportTextForm(VersionedForm):
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


class DecisionForm(VersionedForm):
    """The board's decision on a document, with who signs it, one per line: "name, role".

    The signatories are part of the decision as the page shows it: a change of them alone is
    a change another person editing the decision is told of (samsyn.reports.writes)."""

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
            self.initial["signatories"] = signatories_text(self.instance)

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

    def snapshot(self, obj: Any) -> dict[str, str]:
        return {**super().snapshot(obj), "signatories": signatories_text(obj)}

    def typed(self) -> dict[str, str]:
        found = super().typed()
        if "signatories" in getattr(self, "cleaned_data", {}):
            found["signatories"] = signatories_text(self.cleaned_data["signatories"])
        return found

    def _put(self, data: Any, name: str, row: Any) -> None:
        if name == "signatories":
            data[self.add_prefix(name)] = signatories_text(row)
        else:
            super()._put(data, name, row)

    def service_options(self) -> dict[str, Any]:
        return {"signatories": self.cleaned_data["signatories"]}
