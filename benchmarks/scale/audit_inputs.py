"""The publication audit of generated förbund, on their kept inputs (docs/benchmarks.md round
27).

    DATABASE_URL=... python benchmarks/scale/audit_inputs.py dump DIR gen-007 gen-003
    python benchmarks/scale/audit_inputs.py run DIR gen-007 gen-003

`dump` builds each förbund's 2025 bundle and per-line pattern at every stage, as
`participants.snapshots.make` does (no writes), and keeps them in DIR; `run` audits the first
stage again in this tree (no database: the test settings) with the wall-clock deadline lifted,
so that the audit's own work is measured, and prints its cells, hidden cells, rounds, wall and
CPU seconds, a digest of the hidden cells and the load average. Run it in the base tree and
the branch's in turn.
"""

import datetime as dt
import hashlib
import os
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
# `dump` reads the installation's database; `run` needs none, so it takes the test settings.
# The mode must be known before Django is set up, hence before the project's imports.
MODE = sys.argv[1] if len(sys.argv) > 1 else ""
os.environ.setdefault("DJANGO_SETTINGS_MODULE",
                      "samsyn.settings" if MODE == "dump" else "samsyn.settings_test")

import django  # noqa: E402

django.setup()

from samsyn.associations.access import Scope  # noqa: E402
from samsyn.associations.models import Association  # noqa: E402
from samsyn.participants import reports, snapshots  # noqa: E402

YEAR = 2025


def dump(folder: Path, slugs: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for slug in slugs:
        association = Association.objects.get(slug=slug)
        every = snapshots.published_kinds(association)
        stages = []
        for withheld in snapshots.stages(every):
            kinds = every - withheld
            periods = snapshots.covered(YEAR, kinds, dt.date(YEAR, 12, 31))
            bundle = snapshots.bundle_of(reports.MAKER, Scope.system(association), periods,
                                         kinds, withheld)
            stages.append({"bundle": bundle, "threshold": association.suppression_threshold,
                           "hidden": reports.MAKER.pattern(
                               bundle, association.suppression_threshold)})
        (folder / f"{slug}.pickle").write_bytes(pickle.dumps(stages))
        print(slug, len(stages), "stages,", len(stages[0]["bundle"].values), "cells")


def run(folder: Path, slugs: list[str]) -> None:
    reports.AUDIT_SECONDS = 100_000.0
    for slug in slugs:
        # Only files this script wrote (dump) are read.
        stage = pickle.loads((folder / f"{slug}.pickle").read_bytes())[0]  # noqa: S301
        bundle = stage["bundle"]
        wall, cpu = time.monotonic(), time.process_time()
        checked = reports.audit_bundle(bundle, stage["hidden"], stage["threshold"])
        wall, cpu = time.monotonic() - wall, time.process_time() - cpu
        digest = hashlib.sha256(repr(sorted(checked.hidden, key=repr)).encode()).hexdigest()
        print(f"{slug} cells {len(bundle.values)} hidden {len(checked.hidden)} "
              f"complete {checked.complete} rounds {checked.rounds} wall {wall:.1f} s "
              f"cpu {cpu:.1f} s digest {digest[:12]} load {os.getloadavg()[0]:.1f}",
              flush=True)


if __name__ == "__main__":
    mode, folder, *names = sys.argv[1:]
    {"dump": dump, "run": run}[mode](Path(folder), names)
