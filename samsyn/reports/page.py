"""What a report page keeps between views: its few fields and rendered tables, not the report.

A page of a kind was kept whole (the `Report`, its tables' markup and the insats filter's
options read again each view) under the förbund's whole version: after any write the report
was asked for again (for the participants report its insatser and goals read, its cached
report unpickled, pickled again to hash its tables), and every view unpickled the whole
report for the four fields page.html shows of it.

Here a page keeps `Page`: the fields, the rendered tables and the filter's options, under
the tokens of the parts of the förbund's data its kind reads (`ReportKind.reads`; all of
them where it names none). Where the kind can name what a report shows more cheaply than it
is built (`ReportKind.content_key`: the participants report of an ended year, by its
published snapshot's row) the content is kept under that name too, so a write that moves
the parts' tokens but not the content (a participation saved, for the board's view of an
ended year) costs the name's read, not the report.
"""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils import translation

from samsyn.associations import versions
from samsyn.reports.document import Report, ReportParams
from samsyn.reports.registry import ReportKind

# Raised when what a page keeps changes shape.
REVISION = 1
_MISSING = object()
# The part the filter's options are rows of.
PLAN = ("plan",)


@dataclass(frozen=True)
class Shown:
    """What reports/page.html reads of a report."""

    title: str
    period_start: dt.date
    period_end: dt.date
    published: bool

    @classmethod
    def of(cls, report: Report) -> "Shown":
        return cls(report.title, report.period_start, report.period_end, report.published)


@dataclass(frozen=True)
class Content:
    """What a page shows of its report: the period it fell back to and why, and the markup."""

    shown: Shown
    year: int
    start: dt.date
    end: dt.date
    refused: str
    nothing: bool
    tables: str
    notice: str


@dataclass(frozen=True)
class Option:
    """One insats of the page's filter."""

    slug: str
    name: str


@dataclass(frozen=True)
class Page:
    content: Content
    options: tuple[Option, ...]


def options_of(access: Any, kind: ReportKind) -> tuple[Option, ...]:
    """The filter's insatser, kept under the plan's token (the insatser are its rows) for
    what the reader may see: a participation saved builds the page again, not these."""
    if not kind.per_intervention:
        return ()
    reader = hashlib.sha256(versions.scope_key(access).encode()).hexdigest()[:24]
    found: tuple[Option, ...] = versions.kept(
        access.association, f"report-options:{reader}",
        lambda: tuple(Option(slug, name) for slug, name
                      in access.interventions().values_list("slug", "name")),
        parts=PLAN)
    return found


def kept(access: Any, kind: ReportKind, arguments: Any, *, whole: bool,
         params: Callable[[], ReportParams | None], compute: Callable[[], Content]) -> Page:
    """The page of `kind` for the reader and `arguments` (the page's own: year, insats,
    period, today...), kept under the tokens of the parts the kind reads (`whole`: under the
    förbund's whole version, for a page that reads more than its kind, such as the year it
    falls back to). `params`: the report's params, or None where the report cannot be built
    (then it has no content key); `compute`: the content, built."""

    def content() -> Content:
        asked = params() if kind.content_key is not None else None
        name = kind.content_key(asked) if kind.content_key and asked is not None else None
        if name is None:
            return compute()
        key = (f"samsyn-report-content:{REVISION}:{kind.slug}:{access.association.pk}:"
               f"{hashlib.sha256(name.encode()).hexdigest()[:24]}:{_reader(access, arguments)}")
        found = cache.get(key, _MISSING)
        if found is _MISSING:
            found = compute()
            cache.set(key, found, versions.CACHE_SECONDS)
        return found

    def build() -> Page:
        return Page(content(), options_of(access, kind))

    if whole or kind.reads is None:
        page: Page = versions.page_data(access, f"report-page:{REVISION}", arguments, build)
    else:
        page = versions.part_data(access, f"report-page:{REVISION}", kind.reads, arguments,
                                  build)
    return page


def _reader(access: Any, arguments: Any) -> str:
    """Who reads (what they may see) in which language with which arguments, as a key."""
    return hashlib.sha256(repr((versions.scope_key(access), translation.get_language(),
                                arguments)).encode()).hexdigest()[:32]
