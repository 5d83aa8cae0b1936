from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.text import capfirst

from samsyn.web.formatting import (
    NO_FIGURE,
    as_figure,
    format_number,
    format_percent,
    format_target,
)
from samsyn.web.money import format_money

register = template.Library()


def _decimals(decimals: Any) -> int | None:
    try:
        return None if decimals is None else int(decimals)
    except (TypeError, ValueError):
        return None


# The filters never raise: a report may publish text where a figure goes ("–" for no figure,
# "<5" for a suppressed count, "x"), and a page shows it as published rather than fail.
@register.filter
def num(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    figure = as_figure(value)
    if figure is None:
        return str(value)  # already as published
    return format_number(figure, _decimals(decimals))


@register.filter
def money(value: Any) -> str:
    """An amount in kronor as a person reads it: "2 752 184", "−12 771", öre only when
    there are some ("2 752 184,50")."""
    if value is None or value == "":
        return ""
    figure = as_figure(value)
    if figure is None or not figure.is_finite():
        return str(value)
    return format_money(figure)


@register.filter
def percent(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    figure = as_figure(value)
    if figure is None:
        return str(value)
    return format_percent(figure, _decimals(decimals))


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
    figure = as_figure(value)
    if figure is None:
        return str(value)
    if not figure.is_finite():
        return NO_FIGURE
    try:
        return format_percent(figure * 100, 0)
    except ArithmeticError:
        return NO_FIGURE  # beyond the decimal context


@register.filter
def label_tag(field: Any) -> str:
    """A field's label, capitalised as a person writes it ("Personnummer", not "personnummer")."""
    return field.label_tag(contents=capfirst(field.label))


@register.simple_tag(takes_context=True)
def statement_url(context: Any) -> str:
    """The accessibility statement, naming the förbund whose page this is (its own, its
    catalogue's or its survey's), so that a report reaches that förbund's contact too."""
    owner = (context.get("association") or context.get("catalog_association")
             or getattr(context.get("round"), "association", None))
    slug = getattr(owner, "slug", "")
    url = reverse("accessibility_statement")
    return f"{url}?{urlencode({'forbund': slug})}" if slug else url
