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
    # The parts of a förbund's data (associations.versions.PARTS) the builder reads; None:
    # any. A page of the kind is kept under their tokens, so a write to another part (a
    # budget line, for the participants report) leaves it as it was.
    reads: tuple[str, ...] | None = None
    # What the report shows for the params, as a key, where it can be read more cheaply than
    # the report is built (a published year's snapshot row); None where it cannot. A page of
    # the kind kept under it is shown after a write to what `reads` names that did not change
    # it.
    content_key: Callable[[ReportParams], str | None] | None = None

    def readable_by(self, access: Any) -> bool:
        return bool(access.may(self.action))


_KINDS: dict[str, ReportKind] = {}


def register(slug: str, *, title: str | Promise, action: Action | None = None,
             per_intervention: bool = False, area: str | None = None,
             reads: tuple[str, ...] | None = None,
             content_key: Callable[[ReportParams], str | None] | None = None
             ) -> Callable[[Builder], Builder]:
    """Register a kind; it needs `action` (by default: the economy's or the aggregates').
    `reads` and `content_key`: see ReportKind."""
    if action is None:
        action = Action.REPORTS_FINANCE if area == "finance" else Action.REPORTS_AGGREGATE

    def decorator(build: Builder) -> Builder:
        if slug in _KINDS and _KINDS[slug].build is not build:
            raise ValueError(f"report kind {slug!r} is registered twice")
        _KINDS[slug] = ReportKind(slug, title, build, action, per_intervention, area, reads,
                                  content_key)
        return build

    return decorator


def get_kind(slug: str) -> ReportKind | None:
    return _KINDS.get(slug)


def all_kinds() -> list[ReportKind]:
    return sorted(_KINDS.values(), key=lambda k: k.slug)
