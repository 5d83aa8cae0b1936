"""The insatser of a scope and the förbund's insats groups as the sections of a document read
them, kept under the plan's token.

The annual report's participant sections each read them again (the year before, the groups'
tables, the förbund's own counts, the inflow): six statements of the insatser and three of the
groups in its first view after a participation, which moves only the records' token. Insatser,
groups and their members are the plan's rows (associations/versions.py), and a write of the
förbund's own row moves every token, so a list kept under the plan's token is never stale.
"""

import hashlib
from typing import Any

from samsyn.associations import versions
from samsyn.associations.models import Association
from samsyn.interventions.models import InterventionGroup

PLAN = ("plan",)


def insats_rows(scope: Any) -> list[tuple[int, str, str]]:
    """The scope's insatser as (pk, slug, name), in the order of their names."""
    ids = "*" if scope.whole else ",".join(str(pk) for pk in sorted(scope.intervention_ids))
    name = f"scope-insats-rows:{hashlib.sha256(ids.encode()).hexdigest()[:24]}"
    found: list[tuple[int, str, str]] = versions.kept(
        scope.association, name,
        lambda: list(scope.interventions().order_by("name", "pk")
                     .values_list("pk", "slug", "name")),
        parts=PLAN)
    return found


def groups(association: Association) -> list[InterventionGroup]:
    """The förbund's insats groups in the order of their names, each with its insatser
    (`group.interventions.all()` reads no more)."""
    found: list[InterventionGroup] = versions.kept(
        association, "insats-groups",
        lambda: list(InterventionGroup.objects.filter(association=association)
                     .prefetch_related("interventions")),
        parts=PLAN)
    return found
