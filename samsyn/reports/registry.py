from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from samsyn.associations.models import Role
from samsyn.reports.document import Report, ReportParams

Builder = Callable[[ReportParams], Report]

# Roles that may read economy and aggregate reports unless a kind says otherwise.
READERS = frozenset({Role.ADMIN, Role.OFFICE, Role.ANALYST, Role.BOARD})


@dataclass(frozen=True)
class ReportKind:
    slug: str
    title: str | Promise
    build: Builder
    roles: frozenset[str]
    per_intervention: bool
    # "finance": intervention staff granted the economy may read it too.
    area: str | None = None

    def readable_by(self, access: Any) -> bool:
        if access.role in self.roles:
            return True
        return self.area == "finance" and access.sees_finance


_KINDS: dict[str, ReportKind] = {}


def register(slug: str, *, title: str | Promise, roles: frozenset[str] = READERS,
             per_intervention: bool = False,
             area: str | None = None) -> Callable[[Builder], Builder]:
    def decorator(build: Builder) -> Builder:
        if slug in _KINDS and _KINDS[slug].build is not build:
            raise ValueError(f"report kind {slug!r} is registered twice")
        _KINDS[slug] = ReportKind(slug, title, build, frozenset(roles), per_intervention,
                                 area)
        return build

    return decorator


def get_kind(slug: str) -> ReportKind | None:
    return _KINDS.get(slug)


def all_kinds() -> list[ReportKind]:
    return sorted(_KINDS.values(), key=lambda k: k.slug)
