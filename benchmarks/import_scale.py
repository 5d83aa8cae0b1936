"""Import of N participations against COPY of the same file into a plain table (issue 14).

    DATABASE_URL=postgres://samsyn:samsyn@127.0.0.1:5432/samsyn_bench_import \
        python benchmarks/import_scale.py 100000 1000000

For each N: writes a valid participations file (local codes, two insatser, a third ended),
imports it with `manage.py import_participations` into an emptied förbund "bench" (all rows
new), imports it again (all rows unchanged), and COPYs the same file into a plain table of text
columns. Each import runs in a process of its own, whose peak resident memory is reported.
Not a test: it takes minutes at 1 M rows. Prints a Markdown table.

Measured 2026-11-23 on the shared 2-core machine (PostgreSQL 15, about nine other workers busy):

    rows      import  rows/s  re-import  COPY   COPY rows/s  import/COPY  peak RSS
    100 000   25.4 s  3 939   11.3 s     0.42 s 238 050      0.017        106 MB
    1 000 000 498 s   2 009   227 s      6.99 s 143 143      0.014        106 MB

After the fast path (plain good rows checked without the careful path's per-cell objects, one
keyed hash copied per pseudonym, the signed-period check reading back only rows that can
reach a signed-off period), same machine, load average 8-16 (about fifteen workers busy):

    rows      import  rows/s  re-import  COPY   COPY rows/s  import/COPY  peak RSS
    100 000   32.5 s  3 074   23.3 s     0.48 s 210 338      0.015        113 MB
    1 000 000 370 s   2 706   239 s      6.17 s 162 078      0.017        113 MB

Old and new code side by side at 20 000 rows, same database and load (15-18): new rows
15.1 s / 19.1 s -> 8.0 s / 6.5 s; unchanged 5.6 s / 6.2 s -> 4.8 s / 3.3 s. Reading and
checking alone, 100 000 rows at load 12: 202 -> 90 us a row (of which 28 us the CSV reader).

After the leaner row path and ordered inserts (each column's distinct cells read once, rows
as named tuples, the keyed hash from two prepared SHA-256 states, the stage written as COPY
text in chunks; participants and participations inserted in the order of their unique
indexes, pseudonyms sorted byte by byte; no read-back of staged rows when nothing changes; no
system checks in the command), same machine, three runs as the load allowed:

    load      rows      import  rows/s  re-import  COPY   COPY rows/s  import/COPY  peak RSS
    5.0-7.4   100 000   12.3 s  8 132   5.18 s     0.19 s 537 401      0.015        89 MB
              1 000 000 109 s   9 205   34.9 s     2.03 s 492 701      0.019        89 MB
    1.0-3.0   100 000   6.47 s  15 445  3.10 s     0.17 s 596 061      0.026        89 MB
              1 000 000 70.6 s  14 158  21.3 s     1.91 s 524 061      0.027        88 MB
    3.0-3.8   100 000   10.1 s  9 914   3.04 s     0.18 s 541 083      0.018        88 MB
              1 000 000 82.2 s  12 165  18.5 s     2.10 s 476 261      0.026        88 MB

(the last with the byte-wise sort, the first two just before it). Old and new side by side at
100 000 rows, alternating, load 4.6-5.2: new rows 11.4 s / 8.7 s -> 6.0 s / 6.7 s; unchanged
5.3 s / 4.8 s -> 1.9 s / 2.0 s.

Where one import of 1 000 000 new rows spends its time now (in-process, load 2.7): Django
1.1 s; reading, checking, hashing and COPY into the stage 13.4 s; ANALYZE of the stage 0.2 s;
repeats 1.2 s; counting 0.6 s; the period check 1.1 s; INSERT of participants 13.0 s (of
which 1.5 s sorting); INSERT of participations 17.6 s; ANALYZE 0.4 s; COMMIT 21.0 s. COMMIT
is the deferred foreign-key checks, four a row (participant -> förbund, participation ->
insats, participant, kommun), each its own query: PostgreSQL 15 does not batch them. The
INSERTs write five and eight WAL records a row (heap, indexes, ON CONFLICT's speculative
insertion): 483 MB of WAL for the million participants alone. With two tables, nine indexes
and four foreign keys to keep, the database's own work is about 55 us a row against COPY's
2 us into a plain table: 0.2x is out of reach of the import's code (what would close part of
the gap is in docs/benchmarks.md).
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = ("intervention;participant;gender;birth_year;municipality;referrer;start_date;"
          "support_at_start;end_date;exit_reason;occupation_at_start;occupation_at_exit;"
          "support_at_exit\n")


def write_file(path: Path, n: int) -> None:
    genders = ("kvinna", "man", "ej_angett")
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(n):
            start = dt.date(2015, 1, 1) + dt.timedelta(days=i % 3000)
            ended = i % 3 == 0
            end = (start + dt.timedelta(days=90 + i % 200)).isoformat() if ended else ""
            out.write(f"{'vagen-vidare' if i % 2 else 'samverkan'};LOK-{i};{genders[i % 3]};"
                      f"{1960 + i % 45};{'Bench kommun' if i % 4 else ''};fk;{start};"
                      f"forsorjningsstod;{end};{'arbete' if ended else ''};arbetssokande;"
                      f"{'arbete' if ended else ''};{'lon' if ended else ''}\n")


PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")


def run_import(path: Path) -> tuple[float, int]:
    began = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - this interpreter running manage.py
        [sys.executable, "-c", PEAK, sys.executable, str(ROOT / "manage.py"),
         "import_participations", str(path), "--association", "bench"],
        capture_output=True, text=True, check=False, cwd=ROOT,
        env={**os.environ, "SAMSYN_IMPORT_MAX_BYTES": str(1 << 30)})
    if result.returncode:
        raise SystemExit(result.stderr[-2000:])
    return time.perf_counter() - began, int(result.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samsyn.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from samsyn.associations.models import Association
    from samsyn.participants.models import Participant, Participation
    from samsyn.testing import make_world

    call_command("migrate", verbosity=0)
    if not Association.objects.filter(slug="bench").exists():
        make_world("bench")
    print("| rows | import (s) | rows/s | re-import, unchanged (s) | COPY (s) | COPY rows/s "
          "| import ÷ COPY | peak RSS import (MB) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for n in sizes:
            path = Path(folder) / f"bench_{n}.csv"
            write_file(path, n)
            bench = Association.objects.get(slug="bench").pk
            with connection.cursor() as cursor:  # the ORM's delete would read every row
                cursor.execute(f"DELETE FROM {Participation._meta.db_table} WHERE "  # noqa: S608
                               "intervention_id IN (SELECT id FROM interventions_intervention "
                               "WHERE association_id = %s)", [bench])
                cursor.execute(f"DELETE FROM {Participant._meta.db_table} "  # noqa: S608
                               "WHERE association_id = %s", [bench])
                cursor.execute(f"VACUUM ANALYZE {Participation._meta.db_table}")
            seconds, peak_kb = run_import(path)
            again, _peak = run_import(path)
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS bench_copy")
                cursor.execute("CREATE TABLE bench_copy (" + ", ".join(
                    f"{c} text" for c in HEADER.strip().split(";")) + ")")
                began = time.perf_counter()
                with cursor.cursor.copy("COPY bench_copy FROM STDIN WITH (FORMAT csv, "
                                        "HEADER true, DELIMITER ';')") as copy, \
                        path.open("rb") as data:
                    while chunk := data.read(1 << 20):
                        copy.write(chunk)
                copy_seconds = time.perf_counter() - began
                cursor.execute("DROP TABLE bench_copy")
            print(f"| {n:,} | {seconds:.2f} | {n / seconds:,.0f} | {again:.2f} | "
                  f"{copy_seconds:.2f} | {n / copy_seconds:,.0f} | "
                  f"{copy_seconds / seconds:.3f} | {peak_kb / 1024:.0f} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100_000, 1_000_000])
