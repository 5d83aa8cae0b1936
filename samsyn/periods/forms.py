import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from samsyn.periods import services
from samsyn.periods.locks import year_span
from samsyn.periods.models import ReportedKind, SignedPeriod
from samsyn.web.years import FIRST_YEAR, LAST_YEAR


class SignForm(forms.Form):
    kind = forms.ChoiceField(label=_("report"), choices=ReportedKind.choices)
    year = forms.IntegerField(label=_("year"), min_value=FIRST_YEAR, max_value=LAST_YEAR,
                              initial=lambda: timezone.localdate().year - 1)
    half = forms.ChoiceField(label=_("period"), choices=[("year", _("the whole year")),
                                                          ("h1", _("the first half-year"))])

    def __init__(self, *args: Any, association: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if association is not None and association.follows_tertials:
            # A förbund that follows up per tertial reports after 30 April and 31 August.
            half = self.fields["half"]
            assert isinstance(half, forms.ChoiceField)
            half.choices = [
                ("year", _("the whole year")), ("t1-2", _("January–August")),
                ("t1", _("the first tertial (January–April)")),
                ("t2", _("the second tertial (May–August)"))]


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300,
                             widget=forms.TextInput(attrs={"size": 60}),
                             help_text=_("Shown on the report with every change made while "
                                         "the period is open."))


class PeriodCheckedForm:
    """A ModelForm of yearly rows (budget lines) that respects signed-off periods.

    A change touching a signed-off year is refused with the reason in clean(); an
    administrator gets a field for the reason, which the saving service is given to log with
    the accepted change.
    """

    fields: dict[str, Any]
    instance: Any
    cleaned_data: dict[str, Any]

    def watch_periods(self, association: Any, user: Any) -> None:
        self._period_association = association
        self._period_user = user
        self._old_year = self.instance.year if self.instance.pk else None
        if user is not None and services._is_admin(association, user) and (
                SignedPeriod.objects.filter(association=association).exists()):
            self.fields["late_reason"] = forms.CharField(
                label=capfirst(_("reason for a change after sign-off")), max_length=300,
                required=False,
                help_text=_("Only needed when the year is signed off as reported."))

    def _years(self) -> set[int]:
        # A year no date can have is the year field's own error (its range), not a span.
        return {y for y in (self._old_year, self.cleaned_data.get("year"))
                if y and dt.MINYEAR <= y <= dt.MAXYEAR}

    def clean(self) -> dict[str, Any]:
        data = super().clean()  # type: ignore[misc]
        if getattr(self, "_period_association", None) is not None and self.has_changed():  # type: ignore[attr-defined]
            for message in services.blocking(
                    self._period_association, [year_span(y) for y in self._years()],
                    self._period_user, self.cleaned_data.get("late_reason")):
                self.add_error(None, message)  # type: ignore[attr-defined]
        return data

    def service_options(self) -> dict[str, Any]:
        """The reason goes to the service that saves, which checks the periods and logs an
        accepted change (samsyn.periods.hooks.check_budget_line)."""
        options: dict[str, Any] = super().service_options()  # type: ignore[misc]
        return {**options, "reason": self.cleaned_data.get("late_reason")}
