"""Every URL of one förbund, filled in with that förbund's objects.

Tests use this to walk every page as each role and as an outsider; a new URL whose
arguments are not known here makes those tests fail until it is added.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

ASSOCIATION_PREFIX = "f/<slug:association_slug>/"
API_PREFIX = "api/v1/f/<slug:association_slug>/"
_ARG = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class TenantUrl:
    name: str
    route: str
    view: Callable[..., Any]
    kwargs: tuple[str, ...]

    @property
    def access_rule(self) -> tuple[str, ...] | None:
        """The actions association_view checks (None: the page does not go through it)."""
        return getattr(self.view, "samsyn_access", None)


def _flatten(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _flatten(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def tenant_urls(prefix: str = ASSOCIATION_PREFIX) -> list[TenantUrl]:
    """The named URLs under prefix: the pages of a förbund, or with API_PREFIX its API."""
    resolver = get_resolver()
    found = []
    for route, pattern in _flatten(resolver.url_patterns):
        if not route.startswith(prefix) or not pattern.name:
            continue
        kwargs = tuple(_ARG.findall(route))
        found.append(TenantUrl(pattern.name, route, pattern.callback, kwargs))
    return found


def url_for(tenant_url: TenantUrl, values: dict[str, Any]) -> str:
    missing = [k for k in tenant_url.kwargs if k not in values]
    if missing:
        raise KeyError(f"{tenant_url.name}: no test value for {', '.join(missing)}")
    return reverse(tenant_url.name, kwargs={k: values[k] for k in tenant_url.kwargs})


def world_values(world: Any) -> dict[str, Any]:
    """URL arguments pointing at the objects of a samsyn.testing.World."""
    return {
        "association_slug": world.association.slug,
        "member_id": world.members["kommun"].pk,
        "population_id": world.population.pk,
        "membership_id": world.memberships["board"].pk,
        "target_group_id": world.target_group.pk,
        "intervention_slug": world.intervention.slug,
        "goal_id": world.goal.pk,
        "year": world.plan.year,
        "focus_area_id": world.focus_area.pk,
        "plan_goal_id": world.plan_goal.pk,
        "activity_id": world.activity.pk,
        **world.url_values,
    }
