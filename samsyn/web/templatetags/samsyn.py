from decimal import Decimal
from typing import Any

from django import template
from django.utils.text import capfirst

from samsyn.web.formatting import format_number, format_percent, format_target

register = template.Library()


@register.filter
def num(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str) and (value == "x" or value.startswith("<")):
        return value  # a hidden count ("x"; "<5" in older published files), as published
    return format_number(Decimal(value), decimals)


@register.filter
def percent(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_percent(Decimal(value), decimals)


@register.simple_tag
def goal_target(goal: Any) -> str:
    return format_target(goal.target, goal.unit, goal.comparison)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template, None when absent."""
    return mapping.get(key) if mapping is not None else None


@register.filter
def share(value: Any) -> str:
    """A share (0.97) as whole per cent, as the annual reports print them ("97 %")."""
    if value is None or value == "":
        return ""
    return format_percent(Decimal(value) * 100, 0)


@register.filter
def label_tag(field: Any) -> str:
    """A field's label, capitalised as a person writes it ("Personnummer", not "personnummer")."""
    return field.label_tag(contents=capfirst(field.label))
