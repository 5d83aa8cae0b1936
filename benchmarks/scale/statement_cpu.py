"""The one statement's database CPU against the hand-written pair, for one förbund and year.

    python benchmarks/scale/statement_cpu.py SLUG YEAR [ROUNDS]

Run from a tree (main's, then a branch's, in turn) with DATABASE_URL naming a PostgreSQL copy
of a generated installation on this machine (the backend's CPU is read from /proc). On a busy
machine the wall time of a statement of a few milliseconds swings with the load; the backend's
own CPU, summed over many runs taken in turn, much less (docs/benchmarks.md, round
20). Prints the CPU per run of `queries._groups_sql` (as `queries.compute` runs it)
of `HAND_SQL` and `HAND_OUTCOME_SQL` (the partial pair), and of `report_sql.REPORT_SQL` (the
one hand-written statement giving every figure, issue 29's floor), and the ratios.
"""

import os
import sys
from collections.abc import Callable
from pathlib import Path

# measure sets Django up on import, so it comes before the models.
sys.path.insert(0, str(Path(__file__).resolve().parent))
import measure
from django.db import connection

from benchmarks import report_sql
from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.participants import month_summary, queries

RUNS = 5  # each round runs each statement this many times in a row


def main() -> None:
    slug, year = sys.argv[1], int(sys.argv[2])
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    ids = sorted(Scope.system(Association.objects.get(slug=slug)).interventions()
                 .values_list("pk", flat=True))
    period = queries.year(year)
    params = {"start": period.start, "end": period.end, "last_year": year, "ids": ids,
              **{f"i{n}": pk for n, pk in enumerate(ids)}}
    ours = queries._groups_sql(len(ids), month_summary.whole_months(period))
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '32MB'")  # as make bench's server
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    hz = os.sysconf("SC_CLK_TCK")

    def ticks() -> int:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])

    def run(*sqls: str) -> Callable[[], None]:
        def go() -> None:
            with connection.cursor() as cursor:
                for sql in sqls:
                    cursor.execute(sql, params)
                    cursor.fetchall()
        return go

    each = {"ours": run(ours), "hand": run(measure.HAND_SQL, measure.HAND_OUTCOME_SQL),
            "full": run(report_sql.REPORT_SQL)}
    spent = dict.fromkeys(each, 0)
    for go in each.values():
        go()
    for _round in range(rounds):
        for name, go in each.items():
            before = ticks()
            for _n in range(RUNS):
                go()
            spent[name] += ticks() - before
    per_run = {name: t * 1000 / hz / (rounds * RUNS) for name, t in spent.items()}
    print(f"{slug} {year} load {os.getloadavg()[0]:.1f}: the one statement "
          f"{per_run['ours']:.1f} ms, the full hand-written statement {per_run['full']:.1f} ms "
          f"(ratio {per_run['ours'] / max(per_run['full'], 1e-9):.2f}), the partial pair "
          f"{per_run['hand']:.1f} ms (ratio {per_run['ours'] / max(per_run['hand'], 1e-9):.2f})")


if __name__ == "__main__":
    main()
