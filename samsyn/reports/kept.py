"""A document's sections kept one by one while a page builds it.

A page's whole report is kept under the förbund's version (`versions.page_data`), so the first
view after any write built every section again: after a budget save the participant tables,
after a new participation the statements. Within `sections(access, scope)` a document keeps
each section with `versions.part_data`, under the tokens of the parts of the förbund's data
the section reads (the builder names them, `section`): a write to another part leaves it
cached. Only the page enters it: an export, a frozen version or a PDF builds as before.
"""

import contextlib
import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.utils import timezone

from samsyn.associations import versions
from samsyn.reports.document import Report, ReportParams

_reading: ContextVar[tuple[Any, Any] | None] = ContextVar("samsyn_kept_sections", default=None)


@contextlib.contextmanager
def sections(access: Any, scope: Any) -> Iterator[None]:
    """Within it, a document built over `scope` (the reader's, as `access.scope()` gave it)
    keeps its sections for this reader."""
    token = _reading.set((access, scope))
    try:
        yield
    finally:
        _reading.reset(token)


def keeps(params: ReportParams) -> bool:
    """Whether a page builds the document of `params` for the reader `sections` was entered
    for, so that its sections are kept."""
    reading = _reading.get()
    return reading is not None and reading[1] is params.scope and params.intervention is None


def section(params: ReportParams, build: Callable[[ReportParams], Report],
            parts: Iterable[str] | None) -> Report:
    """`params.once(build)`, kept under the tokens of `parts` (None: every part) when a page
    builds the document for the reader it was entered for; computed as before otherwise."""
    found: Report = _kept(params, f"{build.__module__}.{build.__qualname__}", parts,
                          lambda: params.once(build))
    # A later section that reads this one (the goals read the participants') takes it from
    # the document's memo rather than building it again.
    params.remember(build, found)
    return found


def piece(params: ReportParams, name: str, parts: Iterable[str], compute: Callable[[], Any]
          ) -> Any:
    """`compute()`, a piece of a section that reads fewer parts than the section (the year in
    figures' people rows read no economy), kept as `section` keeps a section: a write to one
    part builds the section again but takes its other pieces from the cache."""
    return _kept(params, name, parts, compute)


def group(params: ReportParams, name: str, parts: Iterable[str] | None,
          compute: Callable[[], Any]) -> Any:
    """`compute()`, what a page keeps of several sections that read the same `parts` (None:
    every part), kept as `section` keeps one; computed as before where no page keeps it."""
    return _kept(params, name, parts, compute)


def _kept(params: ReportParams, name: str, parts: Iterable[str] | None,
          compute: Callable[[], Any]) -> Any:
    reading = _reading.get()
    if reading is None or not keeps(params):
        return compute()
    access = reading[0]
    # Sign-off (a part of the reports') decides what a published version shows of every
    # section that counts people or answers; the board's version reads it throughout.
    read = set(versions.PARTS if parts is None else parts) | ({"reports"} if params.publish
                                                              else set())
    # What is published, and which rounds are closed, depend on the day.
    arguments = (params.year, params.start, params.end, params.publish, timezone.localdate())
    # Short: a key of four parts' tokens is near the 250 characters a cache key may have.
    key = "s:" + hashlib.sha256(name.encode()).hexdigest()[:12]
    return (versions.page_data(access, key, arguments, compute)
            if read == set(versions.PARTS)
            else versions.part_data(access, key, read, arguments, compute))
