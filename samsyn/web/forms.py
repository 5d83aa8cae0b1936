from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_noop

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
