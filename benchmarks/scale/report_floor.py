"""The participants report against its floors, for a few förbund, as `make bench` takes it.

    BENCH_YEAR=2025 BENCH_ROUNDS=7 python benchmarks/scale/report_floor.py SLUG [SLUG...]

Needs what measure.py needs (DATABASE_URL naming a PostgreSQL copy of a generated
installation, the SAMSYN_* secrets, SAMSYN_CACHE_DIR). Prints one JSON line per förbund:
measure.report_figures (the cold report against the full hand-written statement, checked
equal first, and against the partial pair) with the load average before and after.
"""

import json
import os
import sys
from pathlib import Path

# measure sets Django up on import, so it comes before the models.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure

from samsyn.associations.models import Association


def main() -> None:
    for slug in sys.argv[1:]:
        before = os.getloadavg()[0]
        found = measure.report_figures(Association.objects.get(slug=slug))
        found.pop("plan")
        found["load"] = [round(before, 1), round(os.getloadavg()[0], 1)]
        print(json.dumps({"year": measure.YEAR, **found}, default=str), flush=True)


if __name__ == "__main__":
    main()
