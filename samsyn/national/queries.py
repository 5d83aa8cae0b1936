"""The national roll-up added up by the database: the published figures' rows (figures.rows)
summed per län and for the nation in one grouped statement; Python only puts the sums into
`figures.Rollup` (`figures.from_totals`). `figures.by_county` over the snapshots' JSON is the
definition, and a property test keeps the two equal on SQLite and PostgreSQL.
"""

from collections import defaultdict

from django.db import connections, router

from samsyn.national import figures as f
from samsyn.national.models import Figure
from samsyn.replicas import replica_reads

# Each row: (1 for the nation, 0 for a län; the län; section; code; sum; hidden cells; the most
# decimals an amount was written with). The count of förbund comes as section "members".
# A hidden cell's row holds 0, so SUM is the sum of the visible cells and COUNT ... FILTER
# the number of hidden ones: a lower bound and how many cells it leaves out (figures.Sum).
_POSTGRESQL = """
SELECT GROUPING(s.county), s.county, 'members', '', COUNT(*), 0, 0
FROM national_snapshot s WHERE s.year = %(year)s
GROUP BY GROUPING SETS ((s.county), ())
UNION ALL
SELECT GROUPING(s.county), s.county, r.section, r.code, SUM(r.number)::bigint,
       COUNT(*) FILTER (WHERE r.hidden), MAX(r.places)
FROM national_figure r JOIN national_snapshot s ON s.id = r.snapshot_id
WHERE s.year = %(year)s
GROUP BY GROUPING SETS ((s.county, r.section, r.code), (r.section, r.code))
"""

# SQLite has no GROUPING SETS: the län and the nation as two groupings of the same rows.
_SQLITE = """
SELECT 0, s.county, 'members', '', COUNT(*), 0, 0
FROM national_snapshot s WHERE s.year = %(year)s GROUP BY s.county
UNION ALL
SELECT 1, NULL, 'members', '', COUNT(*), 0, 0
FROM national_snapshot s WHERE s.year = %(year)s
UNION ALL
SELECT 0, s.county, r.section, r.code, SUM(r.number), COUNT(*) FILTER (WHERE r.hidden),
       MAX(r.places)
FROM national_figure r JOIN national_snapshot s ON s.id = r.snapshot_id
WHERE s.year = %(year)s GROUP BY s.county, r.section, r.code
UNION ALL
SELECT 1, NULL, r.section, r.code, SUM(r.number), COUNT(*) FILTER (WHERE r.hidden),
       MAX(r.places)
FROM national_figure r JOIN national_snapshot s ON s.id = r.snapshot_id
WHERE s.year = %(year)s GROUP BY r.section, r.code
"""


def year_totals(year: int) -> list[tuple[int, str | None, str, str, int, int, int]]:
    """The year's sums as the database gives them (see the statements above)."""
    with replica_reads():
        connection = connections[router.db_for_read(Figure)]
        sql = _POSTGRESQL if connection.vendor == "postgresql" else _SQLITE
        with connection.cursor() as cursor:
            cursor.execute(sql, {"year": year})
            return cursor.fetchall()


def year_rollup(year: int) -> tuple[dict[str, f.Rollup], f.Rollup]:
    """What `figures.by_county` gives for the year's snapshots: per län (by code), the nation."""
    members: dict[str | None, int] = {}
    totals: dict[str | None, list[f.Total]] = defaultdict(list)
    for nation, county, section, code, number, hidden, places in year_totals(year):
        area = None if nation else county
        if section == "members":
            members[area] = number
        else:
            totals[area].append((section, code, number, hidden, places))
    counties = {county: f.from_totals(members[county], totals[county])
                for county in sorted(c for c in members if c is not None)}
    return counties, f.from_totals(members.get(None, 0), totals[None])
