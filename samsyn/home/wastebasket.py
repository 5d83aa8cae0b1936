"""The Papperskorg: rows removed on a page in the last days, and their restore.

Above the domain apps, since restoring a budget line asks the signed-off periods as saving
one does (samsyn/associations/trash.py keeps the rows; docs/DEVELOPING.md "Undo").
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samsyn.associations import trash
from samsyn.associations.access import Access, association_view
from samsyn.associations.models import RemovedRow
from samsyn.associations.writes import Actor
from samsyn.audit.models import Category
from samsyn.audit.services import record
from samsyn.finance import services as finance
from samsyn.finance.models import (
    AccountRule,
    BudgetLine,
    ManagementGoal,
    ObjectRule,
    StatementRule,
)
from samsyn.interventions import services as interventions
from samsyn.interventions.models import Activity, FocusArea, Goal, PlanGoal, PlanYear
from samsyn.participants import services as participants
from samsyn.participants.models import (
    MonthlyCount,
    ReducedParticipation,
    ReferralCount,
    StatedCount,
    StatedFigure,
)
from samsyn.periods.hooks import check_budget_line
from samsyn.periods.locks import Span
from samsyn.periods.services import check_open

# The other kinds a sign-off locks, with the periods their services check (a row removed
# before the sign-off is not restored into it silently).
_SPANS: dict[type[models.Model], Callable[[Any], list[Span]]] = {
    StatedFigure: participants.own_period, ReferralCount: participants.own_period,
    StatedCount: participants.own_period,
    ManagementGoal: finance.management_goal_years, AccountRule: finance.reading_years,
    ObjectRule: finance.reading_years, StatementRule: finance.reading_years,
    Goal: interventions.goal_spans, PlanYear: interventions.plan_spans,
    FocusArea: interventions.plan_spans, PlanGoal: interventions.plan_spans,
    Activity: interventions.plan_spans,
}


def _periods(actor: Actor) -> Callable[[list[models.Model]], None]:
    def check(rows: list[models.Model]) -> None:
        for row in rows:
            if isinstance(row, BudgetLine):
                check_budget_line(actor.association, [row.year], actor.user,
                                  what=f"restored {row}", asked=False)
            # An insats's counts are the figures of its periods, as a record is: restoring
            # them into a period signed off since is refused as saving them would be.
            elif isinstance(row, MonthlyCount):
                # Not str(row): it names the insats, which is not back yet.
                check_open(actor.association, [(row.month, row.period_end)], actor.user,
                           what=f"restored counts {row.month}–{row.period_end}", asked=False)
            elif isinstance(row, ReducedParticipation):
                check_open(actor.association, [(row.start_date, row.end_date)], actor.user,
                           what=f"restored counts {row.start_date}–{row.end_date}",
                           asked=False)
            elif type(row) in _SPANS:
                try:
                    spans = _SPANS[type(row)](row)
                except ObjectDoesNotExist:  # hangs under a row restored with it, checked
                    spans = []
                if spans:
                    check_open(actor.association, spans, actor.user,
                               what=f"restored {row._meta.verbose_name}", asked=False)
    return check


def restore_removed(actor: Actor, removed: RemovedRow) -> models.Model:
    """Restore the rows of `removed` (NotRestorable, or a ValidationError for a signed-off
    period), logged as one restore of the first row."""
    if removed.association_id != actor.association.pk:
        raise trash.NotRestorable(_("Not found."))
    with transaction.atomic():
        rows = removed.rows
        obj = trash.restore(removed, check=_periods(actor))
        detail: dict[str, object] = {"via": actor.via, "rows": rows,
                                     "removed_by": removed.removed_by}
        version = getattr(obj, "version", None)
        if isinstance(version, int):
            detail["version"] = version
        record(category=Category.DATA, action="restore", user=actor.user,
               association=actor.association, obj=obj, rows=rows, request=actor.request,
               detail=detail)
    return obj


@association_view(edit=True)
def removed_rows(request: HttpRequest, access: Access) -> HttpResponse:
    rows = RemovedRow.objects.filter(association=access.association).defer("data")
    return render(request, "home/removed_rows.html", {
        "access": access, "association": access.association, "rows": rows,
        "days": trash.KEEP_DAYS,
    })


@association_view(edit=True)
def removed_row_restore(request: HttpRequest, access: Access, removed_id: int) -> HttpResponse:
    removed = get_object_or_404(RemovedRow.objects.defer("data"),
                                association=access.association, pk=removed_id)
    back = reverse("removed_rows", args=[access.association.slug])
    if request.method != "POST":
        return render(request, "home/removed_row_restore.html", {
            "access": access, "association": access.association, "row": removed,
            "cancel_url": back})
    label = str(removed)
    try:
        restore_removed(Actor.of(access, request), removed)
    except trash.NotRestorable as refused:
        messages.error(request, str(refused))
        return redirect(back)
    except ValidationError as refused:  # a signed-off period
        messages.error(request, " ".join(refused.messages))
        return redirect(back)
    messages.success(request, _("Restored: %(object)s") % {"object": label})
    return redirect(back)

