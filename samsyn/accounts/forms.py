from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.accounts.models import SingleSignOn


class TokenForm(forms.Form):
    token = forms.CharField(label=_("Code"), max_length=20,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                          "inputmode": "text"}),
                            help_text=_("Six digits from the app, or one of your recovery "
                                        "codes."))

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).replace(" ", "").strip()


class SingleSignOnForm(forms.ModelForm):
    class Meta:
        model = SingleSignOn
        fields = ["required"]
