from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy, gettext_noop

# The REST framework's Swedish catalogue words Django's required-field error differently; the
# project catalogue, which takes precedence over every app's, keeps Django's plainer wording.
REQUIRED_MESSAGE = gettext_noop("This field is required.")


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only these rows; the choices of a tenant form are the tenant boundary."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScopedModelForm(forms.ModelForm):
    """A model form whose parent (the förbund, the insats) is set by the view, not the user.

    Django leaves fields that are not on the form out of unique checks; the parent is never
    on the form, so without this a duplicate name would reach the database as an
    IntegrityError instead of a field error.
    """

    scope_fields: tuple[str, ...] = ("association",)

    def _get_validation_exclusions(self) -> set[str]:
        return super()._get_validation_exclusions() - set(self.scope_fields)  # type: ignore[misc]


class VersionedForm(forms.ModelForm):
    """Optimistic locking: the form carries the version of the row it was opened on.

    save_form claims the row by raising its version only if it is still the one the form
    showed; otherwise someone saved in between, and the second save is refused as a conflict
    instead of silently overwriting the first. The model has `version = PositiveIntegerField`.
    """

    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    conflict_message = gettext_lazy(
        "Someone else saved this while you were editing it. Your change is not saved: open "
        "the page again to see theirs, then make your change.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["row_version"].initial = getattr(self.instance, "version", 0)

    def claim_version(self) -> bool:
        """Raise the row's version if it is still the one shown; False: a conflict."""
        instance = self.instance
        if instance._state.adding:
            return True
        seen = self.cleaned_data.get("row_version")
        if seen is None:
            # A client that does not send the field (a script) saves over whatever is there.
            seen = type(instance)._default_manager.values_list(
                "version", flat=True).get(pk=instance.pk)
        claimed = type(instance)._default_manager.filter(
            pk=instance.pk, version=seen).update(version=seen + 1)
        if claimed:
            instance.version = seen + 1
        return bool(claimed)
