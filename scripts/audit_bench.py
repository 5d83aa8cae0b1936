"""How long the publication audit takes, and how much it hides, on the worlds of the table in
docs/participants.md ("The audit (issue 24)").

    python scripts/audit_bench.py                  # build the worlds, audit each, print a row
    python scripts/audit_bench.py --dump DIR       # ... and keep the audit's inputs in DIR
    python scripts/audit_bench.py --load DIR       # audit kept inputs again (no database)
    python scripts/audit_bench.py --only months-4x40 --repeat 3

Each world is built in a throw-away in-memory SQLite database (the test settings) with fixed
seeds, as the attack tests build theirs (participants/tests/attack/worlds.py), early 2023 so
every period of 2022 has ended; the board's published year is then suppressed as a page would
(`build_report`), and the inputs of its audit are caught on the way. A row gives the cells of
the bundle, the small counts (1 to threshold - 1), the cells the per-line rules hide, the
cells hidden after the audit, whether it completed, and the audit's seconds: wall clock (what
the budget AUDIT_SECONDS counts, so the machine's load counts: say it beside the figures) and
the process's CPU time (steadier on a shared machine).

A month world is audited in stages, as a snapshot is (participants/snapshots.py): the year with
its months; where that does not complete, the year without them. Each stage's inputs are caught
(the first audit of a world is the full one); the row then gives the stage used, the cells the
stage withholds (published in no view), and the hidden cells and seconds of all stages run.
"""

import argparse
import datetime as dt
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings_test")

# (name, förbund setting, seed, insatser, most participations per insats); "demo" is the
# demo's Östra Södertörn 2022.
WORLDS = [
    ("demo", "half-year", 0, 0, 0),
    ("half-years-4x40", "half-year", 1, 4, 40),
    ("months-3x25", "month", 2, 3, 25),
    ("months-4x40", "month", 1, 4, 40),
]


def _capture(names: list[str]) -> dict[str, dict[str, Any]]:
    """The inputs of the board's audit of 2022 in each world."""
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from samsyn.associations.access import Access
    from samsyn.associations.models import Association, Membership, Role
    from samsyn.participants import reports
    from samsyn.participants.tests.attack import worlds
    from samsyn.reports.registry import get_kind
    from samsyn.reports.services import build_report
    from samsyn.testing import make_user, make_world

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)
    # Early 2023: every standard period of 2022 has ended.
    django.utils.timezone.localdate = lambda *args, **kwargs: dt.date(2023, 2, 1)
    caught: list[dict[str, Any]] = []
    real = reports.audit

    def catching(values: Any, lines: Any, hidden: Any, threshold: int, **kwargs: Any) -> Any:
        # Each stage's audit in turn; out of time at once, so every stage there is is caught.
        caught.append({"values": dict(values), "lines": [list(line) for line in lines],
                       "hidden": set(hidden), "threshold": threshold, "kwargs": kwargs})
        return real(values, lines, hidden, threshold, **{**kwargs, "seconds": 0})

    reports.audit = catching
    inputs = {}
    for name, setting, seed, insatser, most in WORLDS:
        if name not in names:
            continue
        caught.clear()
        if name == "demo":
            call_command("load_demo", "--quiet-logins", stdout=StringIO())
            association = Association.objects.get(slug="ostra-sodertorn")
            membership = Membership.objects.create(user=make_user("bench-board"),
                                                   association=association, role=Role.BOARD)
        else:
            world = make_world(f"bench-{name}")
            association = world.association
            association.published_periods = setting
            association.save()
            worlds.generate(world, seed=seed, insatser=insatser, most=most)
            membership = world.memberships["board"]
        scope = Access(association, membership).scope()
        build_report(get_kind("participants"), scope, 2022, publish=True)
        inputs[name] = list(caught)
        print(f"built {name}", file=sys.stderr)
    return inputs


def _measure(name: str, stages: list[dict[str, Any]], seconds: float, tidy: int) -> str:
    """The stages in turn until one completes (the last stands if none does)."""
    from samsyn.publication.audit import audit

    full = stages[0]
    values, threshold = full["values"], full["threshold"]
    sensitive = sum(1 for v in values.values() if 0 < v < threshold)
    before = len(set(full["hidden"]))
    started, cpu = time.monotonic(), time.process_time()
    used = 0
    for used, given in enumerate(stages):  # noqa: B007 - the stage used is printed
        kwargs = {**given["kwargs"], "seconds": seconds, "tidy_work": tidy}
        kwargs.pop("tidy_seconds", None)  # inputs dumped before the work limits
        result = audit(given["values"], given["lines"], given["hidden"], threshold, **kwargs)
        if result.complete:
            break
    wall, cpu = time.monotonic() - started, time.process_time() - cpu
    withheld = len(values) - len(stages[used]["values"])
    return (f"{name:18} {len(values):7} {sensitive:9} {before:9} {used:5} {withheld:8} "
            f"{len(result.hidden):7} {'yes' if result.complete else 'NO':>8} {wall:8.1f} "
            f"{cpu:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, help="keep the audit inputs in this folder")
    parser.add_argument("--load", type=Path, help="audit inputs kept by --dump")
    parser.add_argument("--only", action="append", help="a world's name (repeatable)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=120.0, help="AUDIT_SECONDS")
    parser.add_argument("--tidy", type=int, default=400_000,
                        help="TIDY_WORK (simplex iterations)")
    args = parser.parse_args()
    names = args.only or [w[0] for w in WORLDS]
    if args.load:
        # Only files this script wrote (--dump) are read.
        inputs = {n: pickle.loads((args.load / f"{n}.pickle").read_bytes())  # noqa: S301
                  for n in names}
        # Inputs kept before the stages: one audit each.
        inputs = {n: [given] if isinstance(given, dict) else given
                  for n, given in inputs.items()}
    else:
        inputs = _capture(names)
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            for n, given in inputs.items():
                (args.dump / f"{n}.pickle").write_bytes(pickle.dumps(given))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'world':18} {'cells':>7} {'sensitive':>9} {'per-line':>9} {'stage':>5} "
          f"{'withheld':>8} {'hidden':>7} {'complete':>8} {'seconds':>8} {'cpu':>8}")
    for name in names:
        for _ in range(args.repeat):
            print(_measure(name, inputs[name], args.seconds, args.tidy), flush=True)


if __name__ == "__main__":
    main()
