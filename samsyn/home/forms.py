from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.home.models import AccessibilityReport, ReminderPreference
from samsyn.web.forms import ScopedModelForm


class AccessibilityReportForm(forms.ModelForm):
    """Anyone may report, signed in or not; only the description is required."""

    forbund = forms.SlugField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = AccessibilityReport
        fields = ["description", "page", "assistive_technology", "name", "email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "page": _("The address or the name of the page, if you know it."),
            "assistive_technology": _("E.g. a screen reader or magnification, and which "
                                      "browser you use. Optional."),
            "email": _("If you want an answer. Optional."),
        }


class ReminderPreferenceForm(ScopedModelForm):
    """One person's reminders; only the kinds their role may get are offered."""

    scope_fields = ("membership",)

    class Meta:
        model = ReminderPreference
        fields = ["reports", "periods", "open_participations", "surveys"]

    def __init__(self, *args: Any, offered: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self._meta.fields or ()):
            if name not in offered:
                del self.fields[name]
