"""A report page's first view after each kind of write, against a repeated view.

    python benchmarks/scale/first_view.py          (from the tree to measure)

PAGE: the report kind (annual-report; round 17: participants). ROLE: office (the kansli,
exact figures) or board (the published view, from the year's snapshot once the year has
ended). Round 17 added the write `participation`: the förbund's latest participation saved
with its gender changed (the next cycle back) through `participants.services.
save_participation` (a förbund with none, as the demo's, gets one of today first).

Round 16 (docs/benchmarks.md). Drives page_cpu.one() (process CPU around Django's handler,
statements counted) for the kansli of förbund SLUG (gen-060) and the page of YEAR (2025), and
prints the median of CYCLES (5) cycles of: `records_changed` + the page; a budget line of the
year saved +1 kr (the next cycle −1 kr) through `finance.services.save_budget_line` + the
page; the förbund's first insats saved with its target group text changed through
`interventions.services.save_intervention` (a plan write) + the page; `versions.changed`
naming no part + the page; `versions.changed` naming the surveys + the page; the page three
times. A full garbage collection before each request. Needs what measure.py needs
(DATABASE_URL and the secrets); SAMSYN_CACHE_DIR as `make serve` runs it. With DUMP=<write>
it prints the statements of one first view after that write instead; with PROFILE=<write>
the profile (process CPU) of CYCLES first views after it ("repeated": of repeated views),
and with CALLERS=<pattern> the callers of the functions the pattern matches.
"""

import cProfile
import gc
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import page_cpu  # first: it sets Django up (django.setup()) before any model is imported
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from measure import session_cookie

from samsyn.associations import versions
from samsyn.associations.access import Scope
from samsyn.associations.models import Association, Membership
from samsyn.associations.writes import Actor
from samsyn.finance import services as finance_services
from samsyn.finance.models import BudgetLine
from samsyn.interventions import services as plan_services
from samsyn.interventions.models import Intervention
from samsyn.participants import queries
from samsyn.participants import services as participant_services
from samsyn.participants.models import Participation
from samsyn.testing import second_factor_device
from samsyn.web.sessions import SessionStore

SLUG = os.environ.get("SLUG", "gen-060")
YEAR = int(os.environ.get("YEAR", "2025"))
CYCLES = int(os.environ.get("CYCLES", "5"))
PAGE = os.environ.get("PAGE", "annual-report")
ROLE = os.environ.get("ROLE", "office")


def cookie_for(association: Association) -> str:
    """measure.session_cookie's session, for a member of ROLE (made the first time)."""
    if ROLE == "office":
        return session_cookie(association)
    user, _made = get_user_model().objects.get_or_create(
        username=f"{association.slug}.bench-{ROLE}")
    Membership.objects.get_or_create(user=user, association=association,
                                     defaults={"role": ROLE})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "samsyn.accounts.backends.PasswordBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def main() -> None:
    association = Association.objects.get(slug=SLUG)
    client = page_cpu.client_for(association, cookie_for(association))
    path = reverse("report_view", args=[association.slug, PAGE]) + f"?year={YEAR}"
    actor = Actor(scope=Scope(association))
    # The year's line, or (a year with none, such as the demo's running year) the latest.
    line = (BudgetLine.objects.filter(association=association, year=YEAR).order_by("pk").first()
            or BudgetLine.objects.filter(association=association)
            .order_by("-year", "pk").first())
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

    latest = (Participation.objects.filter(intervention__association=association)
              .order_by("-start_date", "-pk").first())
    first = (Intervention.objects.filter(association=association, aggregate_only=False)
             .order_by("pk").first())

    def participation(n: int) -> None:
        nonlocal latest
        if latest is None:  # a förbund of counts only (the demo): one of the running year
            assert first is not None
            latest = Participation(intervention=first, gender="kvinna", birth_year=1990,
                                   referrer="af", start_date=timezone.localdate(),
                                   support_at_start="ingen", support_time="<1")
            participant_services.save_participation(actor, latest, pseudonym="bench-first-view")
            return
        latest.refresh_from_db()
        latest.gender = "man" if latest.gender == "kvinna" else "kvinna"
        participant_services.save_participation(actor, latest, version=latest.version)

    writes: dict[str, Callable[[int], None]] = {
        "participation": participation,
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
    if os.environ.get("PROFILE"):
        one()
        one()
        write = writes.get(os.environ["PROFILE"], lambda n: None)
        profile = cProfile.Profile(time.process_time)
        for n in range(CYCLES):
            write(n)
            gc.collect()
            profile.enable()
            client.get(path)
            profile.disable()
        stats = pstats.Stats(profile).sort_stats(os.environ.get("SORT", "cumulative"))
        stats.print_stats(int(os.environ.get("TOP", "45")))
        if os.environ.get("CALLERS"):  # who calls the functions matching this pattern
            stats.print_callers(os.environ["CALLERS"])
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
    print(json.dumps({"tree": os.getcwd(), "page": PAGE, "role": ROLE, "slug": SLUG,
                      "year": YEAR, "load": os.getloadavg(), "ms": ms,
                      "statements": statements,
                      **{f"{name}/rep": round(ms[name] / ms["repeated"], 1) for name in writes}}))


if __name__ == "__main__":
    main()
