"""The annual report page's first view after each kind of write, against a repeated view.

    python benchmarks/scale/first_view.py          (from the tree to measure)

Round 16 (docs/benchmarks.md). Drives page_cpu.one() (process CPU around Django's handler,
statements counted) for the kansli of förbund SLUG (gen-060) and the page of YEAR (2025), and
prints the median of CYCLES (5) cycles of: `records_changed` + the page; a budget line of the
year saved +1 kr (the next cycle −1 kr) through `finance.services.save_budget_line` + the
page; the förbund's first insats saved with its target group text changed through
`interventions.services.save_intervention` (a plan write) + the page; `versions.changed`
naming no part + the page; `versions.changed` naming the surveys + the page; the page three
times. A full garbage collection before each request. Needs what measure.py needs
(DATABASE_URL and the secrets); SAMSYN_CACHE_DIR as `make serve` runs it. With DUMP=<write>
it prints the statements of one first view after that write instead.
"""

import gc
import json
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import page_cpu  # first: it sets Django up (django.setup()) before any model is imported
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from measure import session_cookie

from samsyn.associations import versions
from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.associations.writes import Actor
from samsyn.finance import services as finance_services
from samsyn.finance.models import BudgetLine
from samsyn.interventions import services as plan_services
from samsyn.interventions.models import Intervention
from samsyn.participants import queries

SLUG = os.environ.get("SLUG", "gen-060")
YEAR = int(os.environ.get("YEAR", "2025"))
CYCLES = int(os.environ.get("CYCLES", "5"))


def main() -> None:
    association = Association.objects.get(slug=SLUG)
    client = page_cpu.client_for(association, session_cookie(association))
    path = reverse("report_view", args=[association.slug, "annual-report"]) + f"?year={YEAR}"
    actor = Actor(scope=Scope(association))
    line = BudgetLine.objects.filter(association=association, year=YEAR).order_by("pk").first()
    insats = Intervention.objects.filter(association=association).order_by("pk").first()
    assert line is not None and insats is not None

    def budget(n: int) -> None:
        line.refresh_from_db()
        line.amount += 1 if n % 2 == 0 else -1
        finance_services.save_budget_line(actor, line, version=line.version)

    def plan(n: int) -> None:
        insats.refresh_from_db()
        # Alternating, so that every cycle changes the row (a save of nothing writes nothing).
        insats.target_group_text = (insats.target_group_text.rstrip(".")
                                    + ("." if n % 2 else ""))
        plan_services.save_intervention(actor, insats, version=insats.version)

    writes: dict[str, Callable[[int], None]] = {
        "records": lambda n: queries.records_changed(association), "budget": budget,
        "plan": plan, "any": lambda n: versions.changed(association),
        "surveys": lambda n: versions.changed(association, ["surveys"]),
    }

    def one() -> tuple[float, int]:
        gc.collect()
        return page_cpu.one(client, path)

    if os.environ.get("DUMP"):
        one()
        writes[os.environ["DUMP"]](1)
        with CaptureQueriesContext(connection) as seen:
            client.get(path)
        for query in seen.captured_queries:
            print(query["time"], query["sql"])
        return
    one()
    one()
    times: dict[str, list[float]] = {name: [] for name in [*writes, "repeated"]}
    statements: dict[str, int] = {}
    for n in range(CYCLES):
        for name, write in writes.items():
            write(n)
            took, statements[name] = one()
            times[name].append(took)
        for _ in range(3):
            took, statements["repeated"] = one()
            times["repeated"].append(took)
    ms = {name: round(statistics.median(found) * 1000, 1) for name, found in times.items()}
    print(json.dumps({"tree": os.getcwd(), "load": os.getloadavg(), "ms": ms,
                      "statements": statements,
                      **{f"{name}/rep": round(ms[name] / ms["repeated"], 1) for name in writes}}))


if __name__ == "__main__":
    main()
