from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samsyn.interventions.models import InterventionKind


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kommun = forms.ChoiceField(label=_("Municipality"), required=False)
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=120)
    group = forms.ChoiceField(label=_("Target group"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All kinds")), *InterventionKind.choices])

    def __init__(self, *args: Any, kommuner: QuerySet[Any], groups: QuerySet[Any],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kommun"].choices = [("", _("All municipalities"))] + [  # type: ignore[attr-defined]
            (k, k) for k in kommuner]
        self.fields["group"].choices = [("", _("All target groups"))] + [  # type: ignore[attr-defined]
            (g, g) for g in groups]
