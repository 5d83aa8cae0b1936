from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _

from samsyn.web.formatting import format_number, format_percent

register = template.Library()


@register.filter
def num(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_number(Decimal(value), decimals)


@register.filter
def percent(value: Any, decimals: int | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_percent(Decimal(value), decimals)


@register.simple_tag
def goal_target(goal: Any) -> str:
    amount = format_percent(goal.target) if goal.unit == "percent" else format_number(goal.target)
    if goal.comparison == "at_most":
        return _("at most %(amount)s") % {"amount": amount}
    return _("at least %(amount)s") % {"amount": amount}
