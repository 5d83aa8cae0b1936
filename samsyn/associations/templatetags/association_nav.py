from typing import Any

from django import template

from samsyn.associations.navigation import Fragments, fragments

register = template.Library()


@register.simple_tag(takes_context=True)
def association_nav(context: Any) -> Fragments:
    """The förbund's menu and breadcrumbs, rendered; empty outside a förbund."""
    access = context.get("access")
    request = context.get("request")
    if access is None or request is None or not hasattr(access, "association"):
        return Fragments()
    return fragments(access, request.path)
