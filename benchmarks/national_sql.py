"""The floor the national roll-up is measured against: the same figures by hand-written SQL.

What one would write by hand for the figures the roll-up gives, independent of Samsyn's own
statement (national/queries.py, which asks the database for the län and the nation at once
with GROUPING SETS): one plain GROUP BY per län over the published rows (national_figure) of
the year's snapshots (every participant cell as the sum of the visible cells and the count of
hidden ones, work or studies, the economy's budget and outcome per category and its result in
öre with the most decimals written, the indicators' answers and positive answers) and the
number of förbund per län, read into a dict with no objects built; the nation is the län
added up. Shared by `make bench` (benchmarks/scale/measure.py) and the pytest-benchmark of the
roll-up.
"""

from decimal import Decimal
from typing import Any

from django.db import connection

PER_COUNTY = """
SELECT s.county, 'members', '', COUNT(*), 0, 0
FROM national_snapshot s WHERE s.year = %(year)s GROUP BY s.county
UNION ALL
SELECT s.county, r.section, r.code, SUM(r.number), SUM(CASE WHEN r.hidden THEN 1 ELSE 0 END),
       MAX(r.places)
FROM national_figure r JOIN national_snapshot s ON s.id = r.snapshot_id
WHERE s.year = %(year)s GROUP BY s.county, r.section, r.code
"""


def hand_written_sums(year: int) -> dict[tuple[str | None, str, str], tuple[Any, ...]]:
    """(län, or None for the nation; section; code) → (sum, hidden cells, decimals)."""
    sums: dict[tuple[str | None, str, str], tuple[Any, ...]] = {}
    with connection.cursor() as cursor:
        cursor.execute(PER_COUNTY, {"year": year})
        for county, section, code, number, hidden, places in cursor.fetchall():
            sums[(county, section, code)] = (number, hidden, places)
            n, h, p = sums.get((None, section, code), (0, 0, 0))
            sums[(None, section, code)] = (n + number, h + hidden, max(p, places))
    return sums


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
