"""Server CPU per page, measured in-process: the WSGI handler driven directly, no network.

    python benchmarks/scale/page_cpu.py [SLUG] [RESULT.json]

Each page of a förbund (the largest generated one unless SLUG is given) is asked for as the
kansli asks for it (signed in with the second factor): once right after a change of the
förbund's records (`queries.records_changed`, as every writer of records calls it; it moves
the förbund's data version too), once right after any other write (`versions.changed`, as
`save_row` and every other writer calls it: the participant figures stay cached), then
`BENCH_ROUNDS` (9) times more. The figures are `time.process_time()` around the handler
(this process's CPU: Python, templates, the database driver; the database server's own CPU
is not in it) and the number of statements. Needs what measure.py needs (DATABASE_URL and
the secrets); run by measure.py too.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from samsyn.associations import versions  # noqa: E402
from samsyn.associations.models import Association  # noqa: E402
from samsyn.participants import queries  # noqa: E402

YEAR = int(os.environ.get("BENCH_YEAR", "2025"))
ROUNDS = int(os.environ.get("BENCH_PAGE_ROUNDS", "9"))


def pages(association: Association) -> dict[str, str]:
    insats = (association.interventions.annotate(n=Count("participations"))
              .order_by("-n").first())
    assert insats is not None
    return {
        "start page": reverse("association_home", args=[association.slug]),
        "insats page": reverse("intervention_detail", args=[association.slug, insats.slug]),
        "participants page": reverse("participants_home", args=[association.slug]),
        "participants report page": reverse("report_view", args=[association.slug,
                                                                 "participants"])
        + f"?year={YEAR}",
        "annual report page": reverse("report_view", args=[association.slug, "annual-report"])
        + f"?year={YEAR}",
    }


def client_for(association: Association, cookie: str) -> Client:
    client = Client(HTTP_HOST="127.0.0.1")
    name, value = cookie.split("=", 1)
    client.cookies[name] = value
    return client


def one(client: Client, path: str) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as statements:
        began = time.process_time()
        answer = client.get(path)
        took = time.process_time() - began
    if answer.status_code != 200:
        raise SystemExit(f"{path} answered {answer.status_code} {answer.get('Location')}")
    return took, len(statements)


def measure(association: Association, cookie: str) -> dict[str, Any]:
    client = client_for(association, cookie)
    found: dict[str, Any] = {}
    for name, path in pages(association).items():
        one(client, path)  # templates compiled, connections open
        queries.records_changed(association)
        first, first_statements = one(client, path)
        versions.changed(association)
        other, other_statements = one(client, path)
        again = [one(client, path) for _n in range(ROUNDS)]
        found[name] = {"first": first, "first_statements": first_statements,
                       "first_other": other, "first_other_statements": other_statements,
                       "repeated": statistics.median(t for t, _s in again),
                       "statements": statistics.median(s for _t, s in again)}
    repeated = [p["repeated"] for p in found.values()]
    return {"association": association.slug, "pages": found,
            "median_repeated": statistics.median(repeated), "rounds": ROUNDS,
            "load": os.getloadavg()}


def main() -> None:
    from measure import session_cookie

    slug = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "-" else None
    association = (Association.objects.get(slug=slug) if slug else
                   Association.objects.filter(slug__startswith="gen-")
                   .annotate(n=Count("interventions__participations")).order_by("-n").first())
    assert association is not None
    result = measure(association, session_cookie(association))
    for name, p in result["pages"].items():
        print(f"{name:26} first {p['first'] * 1000:7.1f} ms ({p['first_statements']} statements)"
              f"   after another write {p['first_other'] * 1000:7.1f} ms"
              f" ({p['first_other_statements']} statements)"
              f"   repeated {p['repeated'] * 1000:7.1f} ms ({p['statements']:.0f} statements)")
    print(f"median repeated {result['median_repeated'] * 1000:.1f} ms; load {result['load']}")
    if len(sys.argv) > 2:
        Path(sys.argv[2]).write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
