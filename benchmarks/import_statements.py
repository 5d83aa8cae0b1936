"""The import of new rows statement by statement, for one tree beside another (round 25):

    cd TREE && DATABASE_URL=... python /path/to/import_statements.py prepare
    cd TREE && DATABASE_URL=... python /path/to/import_statements.py FILE [LABEL]

`prepare` migrates the tree's database by the tree's own migrations and makes the förbund
"bench" (samsyn.testing.make_world) if it is not there. Otherwise: empties the förbund as
import_inproc.py does, imports FILE (a file benchmarks/import_scale.write_file wrote) with
`call_command("import_participations")`, every row new, timing every statement the command
sends (`connection.execute_wrapper`; a statement's AFTER STATEMENT triggers run inside it),
and prints one JSON line: the wall time and this process's CPU of the import, the load
average, and the statements that took the longest, each as its first words and seconds.
Round 15 did the same with a script it did not keep. Not a test.
"""

import io
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path.cwd()))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
os.environ["SAMSYN_IMPORT_MAX_BYTES"] = str(1 << 30)

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from samsyn.associations.models import Association  # noqa: E402
from samsyn.testing import make_world  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_inproc import empty  # noqa: E402


def prepare() -> None:
    call_command("migrate", verbosity=0)
    if not Association.objects.filter(slug="bench").exists():
        make_world("bench")


def _name(sql: str) -> str:
    """A statement's first words, its table names kept: what tells one kind from another."""
    words = re.sub(r"\s+", " ", sql).strip()
    return words[:70]


def main(path: str, label: str) -> None:
    empty()
    spent: dict[str, list[float]] = {}

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool,
              context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            got = spent.setdefault(_name(sql), [0, 0.0])
            got[0] += 1
            got[1] += time.perf_counter() - began

    wall, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(timed):
        call_command("import_participations", path, association="bench",
                     stdout=io.StringIO(), stderr=io.StringIO())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    top = sorted(spent.items(), key=lambda item: -item[1][1])[:8]
    print(json.dumps({"label": label, "vendor": connection.vendor, "new": round(wall, 2),
                      "cpu": round(cpu, 2), "sql": round(sum(s for _n, s in spent.values()), 2),
                      "load": round(os.getloadavg()[0], 1),
                      "top": [[name, n, round(s, 3)] for name, (n, s) in top]},
                     ensure_ascii=False), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare()
    else:
        main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else str(Path.cwd()))
