"""The period check as the writers of records and budget lines call it: model rows to Facts."""

from collections.abc import Callable, Iterable
from typing import Any

from django.utils import timezone

from samsyn.associations.models import Association
from samsyn.associations.writes import VIA_FORM, Actor, Check
from samsyn.periods.locks import Facts, Span, participation_spans, touched, year_span
from samsyn.periods.models import LateChange, SignedPeriod
from samsyn.periods.services import check_open, refusal

EXIT_FACTS = ("exit_reason", "occupation_at_exit", "support_at_exit")
FOLLOWUP_FACTS = ("followup_occupation", "followup_support")
OTHER_FACTS = ("gender", "birth_year", "referrer_category", "support_at_start",
               "support_time", "occupation_at_start", "municipality")


def _value(obj: Any, name: str) -> object:
    value = getattr(obj, name, "")
    if name == "municipality":
        # A model row holds a Member, an import row the kommun's name.
        return getattr(value, "name", value) or ""
    return value


def facts(obj: Any) -> Facts:
    """A participation, an import row or validated API data (any object with the fields)."""
    return Facts(
        start=obj.start_date, end=obj.end_date, followup=getattr(obj, "followup_date", None),
        other=tuple(_value(obj, n) for n in OTHER_FACTS),
        at_exit=tuple(_value(obj, n) for n in EXIT_FACTS),
        at_followup=tuple(_value(obj, n) for n in FOLLOWUP_FACTS),
    )


def check_participation(association: Association, old: Any, new: Any, user: Any,
                        what: str, reason: str | None = None) -> list[LateChange]:
    spans = participation_spans(facts(old) if old is not None else None,
                                facts(new) if new is not None else None)
    if not spans:
        return []
    return check_open(association, spans, user, reason=reason, what=what)


def _import_spans(plan: Any) -> list[Span]:
    spans: list[Span] = []
    for row in plan.create:
        spans += participation_spans(None, facts(row))
    for participation, row in plan.update:
        spans += participation_spans(facts(participation), facts(row))
    return spans


def import_refusals(association: Association, plan: Any) -> list[str]:
    """Errors for an import plan touching a signed-off period that is not open for changes.

    An import states no reason, so only an opening by an administrator lets it through."""
    spans = _import_spans(plan)
    if not spans:
        return []
    now = timezone.now()
    return [refusal(p, admin=False)
            for p in touched(spans, list(SignedPeriod.objects.filter(association=association)))
            if not (p.reopened_until and p.reopened_until > now)]


def log_import(association: Association, plan: Any, user: Any) -> None:
    spans = _import_spans(plan)
    if spans:
        rows = len(plan.create) + len(plan.update)
        check_open(association, spans, user, what=f"import: {rows} rows")


def check_budget_line(association: Association, years: Iterable[int], user: Any, what: str,
                      reason: str | None = None, *, asked: bool = True) -> list[LateChange]:
    return check_open(association, [year_span(y) for y in years], user, reason=reason,
                      what=what, asked=asked)


def late_notes(logged: list[LateChange]) -> dict[str, str]:
    """What an accepted change in a signed-off period adds to its audit entry: the reason it
    was made (the administrator's, or the opening's), so the log holds it with the change and
    not only the report's list of later changes."""
    if not logged:
        return {}
    return {"reason": "; ".join(dict.fromkeys(change.reason for change in logged))}


def import_check(association: Association, user: Any) -> Any:
    """The `check` an import calls with its staged changes: refuse what touches a signed-off
    period that is not open, and log the later change when an open one is written."""

    def check(changes: Any, apply: bool) -> list[str]:
        periods = SignedPeriod.objects.filter(association=association)
        if not periods.exists():
            # Nothing signed off, nothing to refuse or log: spare reading every staged row
            # back (half the time of a large import).
            return []
        if hasattr(changes, "near"):  # only the rows that can reach a signed-off period
            changes = changes.near([(p.start, p.end) for p in periods])
        refused = import_refusals(association, changes)
        if refused:
            return refused
        if apply:
            log_import(association, changes, user)
        return []

    return check


def spans_check(actor: Actor, spans_of: Callable[[Any], list[Span]],
                reason: str | None = None) -> Check:
    """The `check` of a row whose figures belong to periods (`spans_of(row)`): a save or a
    removal touching a signed-off one is refused, unless an administrator opened it or gives
    `reason`; an accepted one is logged as a later change. Both the row as stored and as it
    is about to be count, so moving a row out of a signed-off period is refused too."""

    def check(before: Any, after: Any) -> dict[str, str]:
        spans = [s for row in (before, after) if row is not None for s in spans_of(row)]
        what = str(after) if after is not None else f"removed {before}"
        if actor.via != VIA_FORM:
            what = f"{actor.via}: {what}"
        if not spans:
            return {}
        return late_notes(check_open(actor.association, spans, actor.user, reason=reason,
                                     what=what))

    return check
