
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from samsyn.reports.models import ReportText
from samsyn.web.forms import DateInput


class ReportTextForm(forms.ModelForm):
    class Meta:
        model = ReportText
        fields = ["foreword", "analysis"]
        widgets = {"foreword": forms.Textarea(attrs={"rows": 6}),
                   "analysis": forms.Textarea(attrs={"rows": 10})}


class FreezeForm(forms.Form):
    decided = forms.DateField(label=gettext_lazy("decided by the board on"), widget=DateInput(),
                              initial=timezone.localdate)
    published = forms.BooleanField(
        label=gettext_lazy("the published version"), required=False, initial=True,
        help_text=gettext_lazy("Keep the version with small counts hidden, as it was published."),
    )
