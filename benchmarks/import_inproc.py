"""The import's own work, the process's start left out, for one tree beside another (round 13):

    cd TREE && DATABASE_URL=... python /path/to/import_inproc.py FILE

After `django.setup()`, empties the förbund "bench" (made by benchmarks/import_scale.py), then
imports FILE (a file import_scale.write_file wrote) with `call_command("import_participations")`
twice: every row new, then every row unchanged. Prints one JSON line: the wall time and this
process's CPU of each, its peak memory (the start included) and the load average. Not a test.
"""

import io
import json
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
os.environ["SAMSYN_IMPORT_MAX_BYTES"] = str(1 << 30)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from samsyn.associations.models import Association  # noqa: E402
from samsyn.participants.models import Participant, Participation  # noqa: E402


def empty() -> None:
    """The förbund "bench" without participants, as import_scale.py empties it."""
    bench = Association.objects.get(slug="bench").pk
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Participation._meta.db_table} WHERE "  # noqa: S608
                       "intervention_id IN (SELECT id FROM interventions_intervention "
                       "WHERE association_id = %s)", [bench])
        cursor.execute(f"DELETE FROM {Participant._meta.db_table} "  # noqa: S608
                       "WHERE association_id = %s", [bench])
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM ANALYZE {Participation._meta.db_table}")


def main(path: str) -> None:
    empty()
    found: dict[str, list[float]] = {}
    for label in ("new", "unchanged"):
        wall, cpu = time.perf_counter(), time.process_time()
        call_command("import_participations", path, association="bench",
                     stdout=io.StringIO(), stderr=io.StringIO())
        found[label] = [round(time.perf_counter() - wall, 2), round(time.process_time() - cpu, 2)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps({"tree": str(Path.cwd()), **found, "peak_mb": peak,
                      "load": os.getloadavg()[0]}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
