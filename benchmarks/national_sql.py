"""The floor the national roll-up is measured against: the same figures by hand-written SQL.

One grouped statement over the published rows (national_figure) of the year's snapshots: per
län and for the nation, every participant cell (the sum of the visible cells and the count of
hidden ones), work or studies, the economy's budget and outcome per category and its result
(öre, and the most decimals written), the indicators' answers and positive answers, and the
number of förbund. What the roll-up gives, as one would write it by hand and read it into a
dict, with no objects built. Shared by `make bench` (benchmarks/scale/measure.py) and the
pytest-benchmark of the roll-up.
"""

from decimal import Decimal
from typing import Any

from django.db import connection

POSTGRESQL = """
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

SQLITE = """
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


def hand_written_sums(year: int) -> dict[tuple[str | None, str, str], tuple[Any, ...]]:
    """(län or None for the nation, section, code) → (sum, hidden cells, decimals)."""
    sql = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    with connection.cursor() as cursor:
        cursor.execute(sql, {"year": year})
        return {(None if nation else county, section, code): (number, hidden, places)
                for nation, county, section, code, number, hidden, places in cursor.fetchall()}



def differences(rollup: tuple[dict[str, Any], Any],
                sums: dict[tuple[str | None, str, str], tuple[Any, ...]]) -> list[str]:
    """Where the roll-up and the hand-written sums disagree ([] when they give the same
    figures), so that the two measured side by side are known to do the same work."""
    from samsyn.national import figures as f

    counties, nation = rollup
    ours: dict[tuple[str | None, str, str], Any] = {}
    for area, up in [(None, nation), *counties.items()]:
        ours[(area, "members", "")] = up.members
        for section, cells in up.people.items():
            for code, total in cells.items():
                ours[(area, section, code)] = (total.known, total.hidden)
        ours[(area, f.WORK, "")] = (up.work_or_studies.known, up.work_or_studies.hidden)
        for category, amounts in up.economy.items():
            for key, amount in amounts.items():
                ours[(area, key, category)] = amount
        for key, amount in up.result.items():
            ours[(area, f.RESULT, key)] = amount
        for code, counts in up.indicators.items():
            for key, number in counts.items():
                ours[(area, key, code)] = number
    floor: dict[tuple[str | None, str, str], Any] = {}
    for key, (number, hidden, _places) in sums.items():
        section = key[1]
        if section in f.SECTIONS or section == f.WORK:
            floor[key] = (number, hidden)
        elif section in (f.BUDGET, f.OUTCOME, f.RESULT):
            floor[key] = Decimal(number).scaleb(-2)
        else:
            floor[key] = number
    # An economy category no förbund has a line for is 0 in the roll-up and no row here.
    return [f"{key}: {ours.get(key)} against {floor.get(key)}"
            for key in sorted(set(ours) | set(floor), key=str)
            if ours.get(key) != floor.get(key)
            and not (key[1] in (f.BUDGET, f.OUTCOME) and key not in floor and not ours[key])]
