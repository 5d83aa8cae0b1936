"""The pages under load alone (measure.py's under_load), with where the CPU went.

    python benchmarks/scale/load.py [SLUG] [THINK] [RESULT.json]

SLUG defaults to the largest generated förbund, THINK to 0 (no pause). Needs what measure.py
needs (DATABASE_URL, the secrets, SAMSYN_DB_CONN_MAX_AGE as run.sh sets it);
BENCH_WORKERS, BENCH_THREADS, BENCH_CLIENTS, BENCH_REQUESTS and BENCH_GENERATOR tune the run
(measure.py). BENCH_SERVER_ROOT runs another checkout's gunicorn and settings (main's, to
compare side by side with the same generator).
"""

import json
import sys
from pathlib import Path

import measure

from samsyn.associations.models import Association


def main() -> None:
    slug = sys.argv[1] if len(sys.argv) > 1 else measure.sizes()[-1][0].slug
    think = float(sys.argv[2]) if len(sys.argv) > 2 else 0.0
    found = measure.under_load(Association.objects.get(slug=slug), think)
    text = json.dumps(found, indent=2, default=str)
    if len(sys.argv) > 3:
        Path(sys.argv[3]).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
