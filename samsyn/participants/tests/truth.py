"""The true figures the attack tests hold the attacker's intervals against: the same views the
role downloads, in the role's own scope, built unpublished. Apart from the attacker
(tests/attack/), which never sees them."""

import json

from django.test import Client

from samsyn.associations.access import Access
from samsyn.interventions.models import Intervention
from samsyn.participants.tests.attack import cells, fetch, solve
from samsyn.publication.periods import KINDS, standard_periods
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json, to_xlsx
from samsyn.reports.services import build_report
from samsyn.testing import log_in_verified


def exact_views(world, role, views, year=2022):
    kind = get_kind("participants")
    scope = Access(world.association, world.memberships[role]).scope()
    found = []
    for view in views:
        period = next(p for p in standard_periods(year, KINDS) if p.key == view.period)
        insats = (Intervention.objects.get(association=world.association,
                                           slug=view.intervention)
                  if view.intervention else None)
        report = build_report(kind, scope, year, intervention=insats, publish=False,
                              start=period.start, end=period.end)
        found.append(cells.View(view.period, view.intervention, json.loads(to_json(report)),
                                fetch.grids_of(to_xlsx(report))))
    return found


def attacked(world, role: str, slugs: list[str], periods: list[str] | None = None):
    """What `role` downloads of 2022 (the attacker's input) and the same views exact."""
    client = log_in_verified(Client(), world.users[role])
    views = fetch.views(client, world.association.slug, 2022, slugs, periods)
    return views, exact_views(world, role, views)


def narrowed_by_attacker(views, exact, threshold: int) -> tuple[list, cells.Published]:
    """The small counts the attacker narrows below the protection range (and what it read);
    every interval it finds must hold the true count, or the attacker itself is wrong."""
    published = cells.published(views)
    assert not published.conflicts, published.conflicts[:5]
    truth = published.truth(cells.published(exact).known)
    small = {k for k in published.variables() if 0 < truth.get(k, 0) < threshold}
    assert small
    found = solve.intervals(published, only=small)
    assert all(i.low <= truth[k] <= i.high for k, i in found.items())
    return solve.narrowed(found, truth, threshold), published
