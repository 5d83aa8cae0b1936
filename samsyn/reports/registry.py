from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from samsyn.associations.access import Action
from samsyn.reports.document import Report, ReportParams

Builder = Callable[[ReportParams], Report]


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str | Promise
    build: Builder
    # The right of Access's policy table that reading this kind needs.
    action: Action
    per_intervention: bool
    area: str | None = None

    def readable_by(self, access: Any) -> bool:
        return bool(access.may(self.action))


_KINDS: dict[str, ReportKind] = {}


def register(slug: str, *, title: str | Promise, action: Action | None = None,
             per_intervention: bool = False,
             area: str | None = None) -> Callable[[Builder], Builder]:
    """Register a kind; it needs `action` (by default: the economy's or the aggregates')."""
    if action is None:
        action = Action.REPORTS_FINANCE if area == "finance" else Action.REPORTS_AGGREGATE

    def decorator(build: Builder) -> Builder:
        if slug in _KINDS and _KINDS[slug].build is not build:
            raise ValueError(f"report kind {slug!r} is registered twice")
        _KINDS[slug] = ReportKind(slug, title, build, action, per_intervention, area)
        return build

    return decorator


def get_kind(slug: str) -> ReportKind | None:
    return _KINDS.get(slug)


def all_kinds() -> list[ReportKind]:
    return sorted(_KINDS.values(), key=lambda k: k.slug)
