"""The true figures the attack tests hold the attacker's intervals against: the same views the
role downloads, in the role's own scope, built unpublished. Apart from the attacker
(tests/attack/), which never sees them."""

import json

from samsyn.associations.access import Access
from samsyn.interventions.models import Intervention
from samsyn.participants.tests.attack import cells, fetch
from samsyn.publication.periods import KINDS, standard_periods
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json, to_xlsx
from samsyn.reports.services import build_report


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
