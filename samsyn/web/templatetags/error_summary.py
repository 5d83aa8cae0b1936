"""The error summary at the top of every page with a form that failed (base.html).

FKUI's and GOV.UK's pattern: a box "Det finns fel i formuläret" listing each error as a link
to its field, focused when the page opens. It is drawn once, in the layout, from whatever
forms the page's context holds, so forms with their own templates get it as well as those
drawn by form.html. Only forms already validated are read (their `_errors` is set): asking a
bound form for its errors would otherwise validate it here, in a template.
"""

from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    target: str  # the field's id, "" for an error of the whole form


def _validated(form: "BaseForm | BaseFormSet[Any]") -> bool:
    return form.is_bound and getattr(form, "_errors", None) is not None


def _target(field: Any) -> str:
    """The id a link jumps to; radio buttons and check boxes have no label of their own
    (Django gives their group none), so the first option."""
    if field.id_for_label:
        return str(field.id_for_label)
    return f"{field.auto_id}_0" if field.auto_id else ""


def _form_problems(form: BaseForm) -> list[Problem]:
    if not _validated(form):
        return []
    problems = []
    for name, errors in form.errors.items():
        field = form[name] if name in form.fields else None
        target = "" if field is None or field.is_hidden else _target(field)
        label = "" if field is None else str(field.label or "")
        for message in errors:
            text = f"{label}: {message}" if label and target else str(message)
            problems.append(Problem(text, target))
    return problems


def problems_in(values: list[Any]) -> list[Problem]:
    """Every error of the validated forms and formsets among `values`, each form once."""
    seen: set[int] = set()
    problems: list[Problem] = []
    for value in values:
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, BaseForm):
            problems += _form_problems(value)
        elif isinstance(value, BaseFormSet) and _validated(value):
            problems += [Problem(str(m), "") for m in value.non_form_errors()]
            for form in value.forms:
                if id(form) not in seen:
                    seen.add(id(form))
                    problems += _form_problems(form)
    return problems


@register.inclusion_tag("error_summary.html", takes_context=True)
def error_summary(context: Any) -> dict[str, Any]:
    return {"problems": problems_in(list(context.flatten().values()))}
