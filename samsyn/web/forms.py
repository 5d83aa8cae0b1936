import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.core import signing
from django.db.models import QuerySet
from django.template.defaultfilters import yesno
from django.utils.translation import gettext_noop

from samsyn.web.formatting import format_number

# The REST framework's Swedish catalogue words Django's required-field error differently; the
# project catalogue, which takes precedence over every app's, keeps Django's plainer wording.
REQUIRED_MESSAGE = gettext_noop("This field is required.")


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """Offer only these rows; the choices of a tenant form are the tenant boundary."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class IdsField(forms.ModelMultipleChoiceField):
    """Django's multiple choice of rows, refusing an id no integer column can hold before it
    reaches the database: Django catches ValueError there, not SQLite's OverflowError nor
    PostgreSQL's out-of-range error (a 500 for a hand-made POST). Set it on a model form with
    `Meta.field_classes`."""

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        for pk in value if isinstance(value, (list, tuple)) else []:
            text = str(pk)
            if key == "pk" and not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(self.error_messages["invalid_pk_value"],
                                            code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)  # type: ignore[misc]  # not in django-stubs


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def shown(obj: Any, name: str) -> str:
    """A field of a row as a page shows it, to tell someone what changed ("" when empty)."""
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        if obj.pk is None:
            return ""
        return ", ".join(sorted(str(o) for o in getattr(obj, name).all()))
    value = getattr(obj, name)
    if value is None or value == "":
        return ""
    if getattr(model_field, "choices", None) and hasattr(obj, f"get_{name}_display"):
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(value, bool):
        return str(yesno(value))  # Django's own "ja"/"nej"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format_number(value)
    return str(value)


_SEEN_SALT = "samsyn.web.forms.row_seen"
# row_seen of a form opened where no row was yet (a year's texts, a decision): if someone
# made the row before this form is sent, it is a change this person has not seen.
OPENED_ON_NO_ROW = "new"
# A version no row has: the save is refused as a Conflict and the form shows what is stored.
_NO_VERSION_SEEN = -1


class VersionedForm(forms.ModelForm):
    """No lost update: the form carries the version of the row it was opened on, and the
    row's fields as shown then.

    The service that saves (samsyn.associations.writes.save_row) refuses the save as a
    Conflict when the row's version has moved on; the page then says field by field what the
    other person changed (from what this form showed to what is stored now), keeps what this
    person typed, and takes the stored version, so that saving again is a choice made with
    the other change in view. Only models with a `version` field get the hidden fields.
    """

    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    row_seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not any(f.name == "version" for f in self._meta.model._meta.concrete_fields):
            del self.fields["row_version"], self.fields["row_seen"]
            return
        self.fields["row_version"].initial = getattr(self.instance, "version", 0)
        if self.instance.pk is not None:
            self.fields["row_seen"].initial = signing.dumps(self.snapshot(self.instance),
                                                            salt=_SEEN_SALT, compress=True)
        else:
            self.fields["row_seen"].initial = OPENED_ON_NO_ROW

    def shown_fields(self) -> list[str]:
        model_fields = {f.name for f in self._meta.model._meta.get_fields()}
        return [name for name in self.fields if name in model_fields]

    def snapshot(self, obj: Any) -> dict[str, str]:
        return {name: shown(obj, name) for name in self.shown_fields()}

    @property
    def seen_version(self) -> int | None:
        """The version the form was opened on (None: not sent, as by a script)."""
        if "row_version" not in self.fields or self.instance.pk is None:
            return None
        if self.data.get(self.add_prefix("row_seen")) == OPENED_ON_NO_ROW:
            return _NO_VERSION_SEEN
        return getattr(self, "cleaned_data", {}).get("row_version")

    def seen(self) -> dict[str, str] | None:
        """The fields as the form showed them when opened (None: not sent or not ours)."""
        try:
            value = signing.loads(str(self.data.get(self.add_prefix("row_seen"), "")),
                                  salt=_SEEN_SALT)
        except signing.BadSignature:
            return None
        return value if isinstance(value, dict) else None

    def typed(self) -> dict[str, str]:
        """The fields as this person sent them, shown as `snapshot` shows a row."""
        found = {}
        data = getattr(self, "cleaned_data", {})
        for name in self.shown_fields():
            if name not in data:
                continue
            if self._meta.model._meta.get_field(name).many_to_many:
                found[name] = ", ".join(sorted(str(o) for o in data[name]))
            else:
                found[name] = shown(self.instance, name)
        return found

    def rebase(self, current: Any) -> None:
        """Take the stored row's version and merge: what this person changed stays as they
        typed it; a field they left as it was takes the stored value, so that saving again
        keeps the other person's change there."""
        if "row_version" not in self.fields:
            return
        seen, now, typed = self.seen() or {}, self.snapshot(current), self.typed()
        data = self.data.copy()  # type: ignore[attr-defined]
        for name, value in now.items():
            if name in seen and seen[name] != value and typed.get(name) == seen[name]:
                self._put(data, name, current)
        data[self.add_prefix("row_version")] = str(current.version)
        data[self.add_prefix("row_seen")] = signing.dumps(now, salt=_SEEN_SALT, compress=True)
        self.data = data

    def _put(self, data: Any, name: str, row: Any) -> None:
        """The stored value of a field into the form's data, as a browser would send it."""
        key, model_field = self.add_prefix(name), self._meta.model._meta.get_field(name)
        if model_field.many_to_many:
            data.setlist(key, [str(o.pk) for o in getattr(row, name).all()])
            return
        value = model_field.value_from_object(row)
        if isinstance(self.fields[name].widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
            else:
                data.pop(key, None)
        elif value is None:
            data[key] = ""
        else:
            data[key] = value.isoformat() if isinstance(value, dt.date) else str(value)

    def service_options(self) -> dict[str, Any]:
        """What the form gives the saving service besides the row: its many-to-many
        choices (saved with the row, in its transaction)."""
        m2m = {f.name for f in self._meta.model._meta.many_to_many}
        return {"m2m": {name: self.cleaned_data[name] for name in self.fields
                        if name in m2m and name in self.cleaned_data}}


class ScopedModelForm(VersionedForm):
    """A model form whose parent (the förbund, the insats) is set by the view, not the user.

    Django leaves fields that are not on the form out of unique checks; the parent is never
    on the form, so without this a duplicate name would reach the database as an
    IntegrityError instead of a field error.
    """

    scope_fields: tuple[str, ...] = ("association",)

    def _get_validation_exclusions(self) -> set[str]:
        return super()._get_validation_exclusions() - set(self.scope_fields)  # type: ignore[misc]
