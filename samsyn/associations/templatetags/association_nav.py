from typing import Any

from django import template

from samsyn.associations.navigation import association_nav as build

register = template.Library()


@register.simple_tag(takes_context=True)
def association_nav(context: Any) -> list[Any]:
    """The förbund's areas for the menu and breadcrumbs; empty outside a förbund."""
    access = context.get("access")
    request = context.get("request")
    if access is None or request is None or not hasattr(access, "association"):
        return []
    return build(access, request.path)
