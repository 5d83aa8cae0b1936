"""Measures one generated installation side by side; run by benchmarks/scale/run.sh.

    python benchmarks/scale/measure.py SIZE RESULT.json

Needs DATABASE_URL (the installation generate_dataset made), SAMSYN_SECRET_KEY and
SAMSYN_PSEUDONYM_SECRET. Every figure is the median of rounds taken in turn (ours, then the
hand-written SQL, then ours again...), so both meet the same machine at the same moment.
"""

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402

from benchmarks.report_sql import differences, hand_written_figures, our_figures  # noqa: E402
from samsyn.associations.access import Scope  # noqa: E402
from samsyn.associations.models import Association, Membership  # noqa: E402
from samsyn.participants import queries  # noqa: E402
from samsyn.reports.registry import get_kind  # noqa: E402
from samsyn.reports.render import to_pdf  # noqa: E402
from samsyn.reports.services import build_report  # noqa: E402
from samsyn.testing import second_factor_device  # noqa: E402
from samsyn.web.sessions import SessionStore  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cpu_groups  # noqa: E402
import page_cpu  # noqa: E402

YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "20"))
REQUESTS_PER_CLIENT = int(os.environ.get("BENCH_REQUESTS", "20"))
LOAD_SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "180"))
# Seconds each client waits between its pages in the "users" run (a person reading); the
# "saturated" run waits none, so it measures the server's throughput more than its latency.
THINK_SECONDS = float(os.environ.get("BENCH_THINK", "1.0"))
# How the load generator's clients speak HTTP: "kept" (one connection a client, kept open
# while the server allows it) or "fresh" (a new connection a page, as until round 28).
GENERATOR = os.environ.get("BENCH_GENERATOR", "kept")

# The partial pair: HAND_SQL and HAND_OUTCOME_SQL give less than the report shows (no reduced
# participations or monthly counts, no age groups, no distinct people per insats, no median
# per insats...: docs/benchmarks.md, round 26). Kept for continuity with earlier
# rounds; issue 29's floor is the full statement, benchmarks/report_sql.py.
HAND_SQL = """
SELECT p.intervention_id, p.gender, p.referrer_category, p.exit_reason, p.municipality_id,
       COUNT(*) FILTER (WHERE p.start_date >= %(start)s) AS new,
       COUNT(*) AS active,
       COUNT(*) FILTER (WHERE p.end_date <= %(end)s) AS exited,
       COUNT(DISTINCT p.participant_id) AS people
FROM participants_participation p
WHERE p.intervention_id = ANY(%(ids)s)
  AND p.start_date <= %(end)s AND (p.end_date IS NULL OR p.end_date >= %(start)s)
GROUP BY 1, 2, 3, 4, 5
"""


# The outcome half of the report as one would write it by hand: the exits of the year by
# insats, support at start and state at exit, with the follow-ups and the median time.
HAND_OUTCOME_SQL = """
SELECT p.intervention_id, p.support_at_start,
       COALESCE(NULLIF(p.occupation_at_exit, ''), p.exit_reason) AS state, p.gender,
       COUNT(*) AS exited, COUNT(p.followup_date) AS followed,
       COUNT(*) FILTER (WHERE p.followup_occupation IN ('arbete', 'studier')) AS fu_ws,
       percentile_disc(0.5) WITHIN GROUP (ORDER BY p.end_date - p.start_date) AS median
FROM participants_participation p
WHERE p.intervention_id = ANY(%(ids)s) AND p.end_date BETWEEN %(start)s AND %(end)s
GROUP BY 1, 2, 3, 4
"""


def median_seconds(fn: Callable[[], Any]) -> float:
    return statistics.median(timed(fn) for _n in range(ROUNDS))


def cache_emptied(fn: Callable[[], Any]) -> Callable[[], Any]:
    """fn, timed after the cache is emptied: emptying the file cache the server's workers
    share (SAMSYN_CACHE_DIR) is no part of building a report, so it is not timed."""
    fn.setup = cache.clear  # type: ignore[attr-defined]
    return fn


def timed(fn: Callable[[], Any]) -> float:
    setup = getattr(fn, "setup", None)
    if setup is not None:
        setup()
    began = time.perf_counter()
    fn()
    return time.perf_counter() - began


def side_by_side(*fns: Callable[[], Any]) -> list[float]:
    """Each function ROUNDS times, in turn, after one round to warm up; the medians."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _fn in fns]
    for _n in range(ROUNDS):
        for i, fn in enumerate(fns):
            times[i].append(timed(fn))
    return [statistics.median(t) for t in times]


def sizes() -> list[tuple[Association, int]]:
    counted = (Association.objects.filter(slug__startswith="gen-")
               .annotate(n=Count("interventions__participations")).order_by("n"))
    return [(a, a.n) for a in counted]


def report_figures(association: Association) -> dict[str, Any]:
    """The participants report, cold and cached, against issue 29's floor (the full
    hand-written statement, report_sql.py, checked to give the same figures first) and,
    for continuity, against the partial pair (HAND_SQL and HAND_OUTCOME_SQL)."""
    scope = Scope.system(association)
    ids = list(scope.interventions().values_list("pk", flat=True))
    pairs = sorted(scope.interventions().values_list("pk", "slug"))
    period = queries.year(YEAR)
    wrong = differences(our_figures(pairs, period.start, period.end),
                        hand_written_figures(pairs, period.start, period.end))
    if wrong:
        raise SystemExit(f"{association.slug}: the report's figures and the hand-written "
                         "statement's differ: " + "; ".join(wrong[:20]))
    kind = get_kind("participants")

    @cache_emptied
    def ours_cold() -> None:
        build_report(kind, scope, YEAR)

    def ours_warm() -> None:
        build_report(kind, scope, YEAR)

    def counts_only() -> None:
        queries.compute(list(scope.interventions().values_list("pk", "slug")), period)

    earlier_period = queries.year(YEAR - 4)

    def counts_earlier() -> None:
        queries.compute(list(scope.interventions().values_list("pk", "slug")), earlier_period)

    def hand() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, {"start": period.start, "end": period.end, "ids": ids})
            cursor.fetchall()

    def hand_full() -> None:
        hand_written_figures(pairs, period.start, period.end)

    def hand_outcomes() -> None:
        with connection.cursor() as cursor:
            cursor.execute(HAND_OUTCOME_SQL, {"start": period.start, "end": period.end,
                                              "ids": ids})
            cursor.fetchall()

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM participants_participation WHERE "
                       "intervention_id = ANY(%(ids)s) AND start_date <= %(end)s AND "
                       "(end_date IS NULL OR end_date >= %(start)s)",
                       {"ids": ids, "start": period.start, "end": period.end})
        active_rows = cursor.fetchone()[0]
        cursor.execute("EXPLAIN " + HAND_SQL, {"start": period.start, "end": period.end,
                                               "ids": ids})
        plan = "\n".join(r[0] for r in cursor.fetchall())
    cold, counted, full, hand_s, hand_o, warm, earlier = side_by_side(
        ours_cold, counts_only, hand_full, hand, hand_outcomes, ours_warm, counts_earlier)
    return {"association": association.slug, "active_rows": active_rows, "report_cold": cold,
            "counts_only": counted, "hand_sql": hand_s, "hand_outcome_sql": hand_o,
            "report_cached": warm,
            # Issue 29's ratio: against the one hand-written statement giving every figure
            # (run and folded into the figures, as ours is), and the one statement alone
            # against it.
            "hand_full": full, "ratio_full": cold / full, "ratio_counts_full": counted / full,
            # The partial pair's, for continuity with earlier rounds.
            "ratio": cold / (hand_s + hand_o), "ratio_counts": counted / hand_s, "plan": plan,
            # The one statement (counts and outcomes) for a year four years back, against
            # the latest: an earlier year should cost no more.
            "earlier_year": YEAR - 4, "earlier": earlier, "earlier_ratio": earlier / counted}


def annual_pdf(association: Association) -> dict[str, Any]:
    scope = Scope.system(association)
    kind = get_kind("annual-report")

    @cache_emptied
    def build() -> None:
        with queries.one_document():
            to_pdf(build_report(kind, scope, YEAR))

    return {"association": association.slug, "seconds": median_seconds(build)}


def national(year: int) -> dict[str, Any]:
    """The roll-up of a year over every förbund, against the same figures by hand-written SQL.

    Each generated förbund publishes the year first (once; a snapshot is the report's
    suppressed figures), as a real installation's förbund do. The roll-up (the database adds
    the published rows up per län and for the nation; Python puts the sums into objects) is
    measured against the hand-written statement giving the same figures, checked equal first;
    the page's tables (the roll-up, reading the snapshots for the side-by-side table, and
    formatting) are timed on their own, with no floor.
    """
    from benchmarks.national_sql import differences as rollup_differences
    from benchmarks.national_sql import hand_written_sums
    from samsyn.national import pages as national_pages
    from samsyn.national import queries as national_queries
    from samsyn.national.models import Snapshot
    from samsyn.national.services import publish
    from samsyn.national.views import year_snapshots

    began = time.perf_counter()
    published = 0
    for association in Association.objects.filter(slug__startswith="gen-").order_by("slug"):
        if not Snapshot.objects.filter(association=association, year=year).exists():
            publish(association, year)
            published += 1
    publishing = time.perf_counter() - began
    wrong = rollup_differences(national_queries.year_rollup(year), hand_written_sums(year))
    if wrong:
        raise SystemExit("the roll-up and the hand-written sums differ: " + "; ".join(wrong))

    def ours() -> None:
        national_queries.year_rollup(year)

    def hand() -> None:
        hand_written_sums(year)

    def page() -> None:
        national_pages.build(year_snapshots(year), rollup=national_queries.year_rollup(year))

    ours_s, hand_s, page_s = side_by_side(ours, hand, page)
    return {"associations": Snapshot.objects.filter(year=year).count(),
            "published_now": published, "publishing_seconds": publishing,
            "rollup": ours_s, "hand_sql": hand_s, "ratio": ours_s / hand_s,
            "page_tables": page_s}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def session_cookie(association: Association) -> str:
    user, _created = get_user_model().objects.get_or_create(username=f"{association.slug}.bench")
    Membership.objects.get_or_create(user=user, association=association,
                                     defaults={"role": "office"})
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    # The backend that signs people in with a password (the first one listed, the brake,
    # only refuses attempts and keeps no session).
    store[BACKEND_SESSION_KEY] = "samsyn.accounts.backends.PasswordBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    # The kansli signs in with a second factor; without it every page answers with a
    # redirect to the TOTP set-up, and that page is what would be measured.
    store[DEVICE_ID_SESSION_KEY] = second_factor_device(user).persistent_id
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


class _Refuse(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


NO_REDIRECTS = urllib.request.build_opener(_Refuse)


class Fresh:
    """A client as the benchmark had it until round 28: urllib, a new TCP connection for
    every page (about 0.8 ms of the generator's CPU a page, round 29)."""

    def __init__(self, base: str, cookie: str) -> None:
        self.base, self.cookie = base, cookie

    def __call__(self, path: str) -> bool:
        request = urllib.request.Request(self.base + path,  # noqa: S310
                                         headers={"Cookie": self.cookie})
        try:
            with NO_REDIRECTS.open(request, timeout=60) as response:
                response.read()
                return bool(response.status == 200)
        except OSError:  # a redirect (to sign in) too: only the page itself counts
            return False

    def close(self) -> None:
        pass


class KeptConnection:
    """A client as a browser (or nginx's upstream keepalive) is one: one HTTP/1.1 connection
    kept open while the server keeps it, each page read to its last byte. A server that
    closes after each answer (gunicorn's sync worker) gets a new connection a page."""

    def __init__(self, port: int, cookie: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.headers = {"Cookie": cookie}
        self.used = False

    def __call__(self, path: str) -> bool:
        # A kept connection the server closed while idle (its keepalive timeout) is opened
        # again once, as a browser does; the page's time includes the second try.
        for attempt in range(2):
            reused = self.used
            try:
                self.connection.request("GET", path, headers=self.headers)
                response = self.connection.getresponse()
                response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.used = False
                if reused and attempt == 0:
                    continue
                return False
            except (OSError, http.client.HTTPException):
                self.connection.close()
                self.used = False
                return False
            self.used = not response.will_close
            if response.will_close:
                self.connection.close()
            return response.status == 200  # a redirect (to sign in) is a failure
        return False

    def close(self) -> None:
        self.connection.close()


def under_load(association: Association, think: float = 0.0) -> dict[str, Any]:
    """p50/p95 of four pages, CLIENTS clients at once, against gunicorn on loopback; each
    client waits `think` seconds between its requests."""
    insats = (association.interventions.annotate(n=Count("participations"))
              .order_by("-n").first())
    pages = {
        "start page": reverse("association_home", args=[association.slug]),
        "insats page": reverse("intervention_detail", args=[association.slug, insats.slug]),
        "participants page": reverse("participants_home", args=[association.slug]),
        "annual report page": reverse("report_view", args=[association.slug, "annual-report"])
        + f"?year={YEAR}",
    }
    cookie = session_cookie(association)
    port = free_port()
    # The production server as deployed (deploy/gunicorn.conf.py: its workers and threads,
    # its access log), on loopback; BENCH_WORKERS and BENCH_THREADS override the two.
    settings_env = {"SAMSYN_DEBUG": "0", "SAMSYN_BIND": f"127.0.0.1:{port}",
                    "SAMSYN_GUNICORN_LOG_LEVEL": "warning"}
    server_shape = {}
    for bench, setting in (("BENCH_WORKERS", "SAMSYN_WORKERS"),
                           ("BENCH_THREADS", "SAMSYN_THREADS")):
        if os.environ.get(bench):
            settings_env[setting] = server_shape[setting] = os.environ[bench]
    served_from = Path(os.environ.get("BENCH_SERVER_ROOT") or ROOT)
    server = subprocess.Popen(  # noqa: S603
        [str(served_from / ".venv/bin/gunicorn"),
         "--config", str(served_from / "deploy/gunicorn.conf.py")],
        cwd=served_from, env=os.environ | settings_env, start_new_session=True,
        stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _n in range(150):
            try:
                urllib.request.urlopen(base + "/", timeout=10)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        for name, path in pages.items():  # each page itself, not a sign-in redirect
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
            try:
                NO_REDIRECTS.open(request, timeout=120).close()
            except urllib.error.HTTPError as answer:
                raise SystemExit(f"{name} answered {answer.code} {answer.headers.get('Location')}"
                                 ) from None
        results: dict[str, list[float]] = {name: [] for name in pages}
        failures: dict[str, int] = dict.fromkeys(pages, 0)
        lock = threading.Lock()
        deadline = time.monotonic() + LOAD_SECONDS

        def client(k: int) -> None:
            names = list(pages)
            fetch = KeptConnection(port, cookie) if GENERATOR == "kept" else Fresh(base, cookie)
            try:
                for n in range(REQUESTS_PER_CLIENT * len(names)):
                    if time.monotonic() > deadline:
                        return
                    name = names[(n + k) % len(names)]
                    began = time.perf_counter()
                    ok = fetch(pages[name])
                    spent = time.perf_counter() - began
                    with lock:
                        results[name].append(spent)
                        failures[name] += 0 if ok else 1
                    if think:
                        time.sleep(think)
            finally:
                fetch.close()

        threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
        database = str(settings.DATABASES["default"]["NAME"])
        cpu_before = cpu_groups.sample(server.pid, database)
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - began
        cpu_after = cpu_groups.sample(server.pid, database)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    found = {}
    for name, times in results.items():
        times.sort()
        found[name] = {
            "requests": len(times), "failures": failures[name],
            "p50": statistics.median(times) if times else None,
            "p95": times[min(len(times) - 1, int(len(times) * 0.95))] if times else None,
        }
    done = sum(len(t) for t in results.values())
    return {"association": association.slug, "clients": CLIENTS, "generator": GENERATOR,
            "server": server_shape or "as deploy/gunicorn.conf.py", "think": think,
            "seconds": took, "throughput": done / took, "pages": found,
            "cpu": cpu_groups.spent(cpu_before, cpu_after, done)}


def main() -> None:
    size, target = sys.argv[1], Path(sys.argv[2])
    ranked = sizes()
    largest, largest_n = ranked[-1]
    median, median_n = ranked[len(ranked) // 2]
    result: dict[str, Any] = {
        "size": int(size), "year": YEAR, "rounds": ROUNDS,
        "largest": {"slug": largest.slug, "participations": largest_n},
        "median": {"slug": median.slug, "participations": median_n},
        "participations": sum(n for _a, n in ranked),
    }

    def step(key: str, message: str, measure: Callable[[], Any]) -> None:
        """One figure, written out as soon as it is taken (with the load average around it):
        at 5 M the national step publishes every förbund first, which can take an hour on a
        busy machine, and what was measured before it must survive stopping it."""
        print(f"[{size}] {message}", flush=True)
        before = os.getloadavg()[0]
        result[key] = measure()
        result.setdefault("loadavg", {})[key] = [round(before, 1), round(os.getloadavg()[0], 1)]
        target.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")

    step("report_largest", "participants report, largest förbund",
         lambda: report_figures(largest))
    step("report_median", "participants report, median förbund", lambda: report_figures(median))
    step("page_cpu", "server CPU per page, in-process, largest förbund",
         lambda: page_cpu.measure(largest, session_cookie(largest)))
    step("page_cpu_median", "server CPU per page, in-process, median förbund",
         lambda: page_cpu.measure(median, session_cookie(median)))
    step("annual_pdf", "annual report PDF of the largest", lambda: annual_pdf(largest))
    if os.environ.get("BENCH_LOAD", "1") == "1":
        step("load", f"pages under {CLIENTS} clients", lambda: under_load(largest))
        step("load_users", f"pages under {CLIENTS} users pausing {THINK_SECONDS} s",
             lambda: under_load(largest, THINK_SECONDS))
    if os.environ.get("BENCH_NATIONAL", "1") == "1":  # every förbund publishes first: slow
        step("national", f"national roll-up of {YEAR}", lambda: national(YEAR))


if __name__ == "__main__":
    main()
