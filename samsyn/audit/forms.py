from django import forms
from django.utils.translation import gettext_lazy as _

from samsyn.audit.models import Category


class SearchForm(forms.Form):
    who = forms.CharField(label=_("User name"), required=False, max_length=150)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", _("all")), *Category.choices])
    action = forms.CharField(label=_("Action"), required=False, max_length=40)
    start = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}))
