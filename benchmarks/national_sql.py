"""The floor the national roll-up is measured against: one SELECT of the year's snapshots,
their JSON parsed, the participant cells summed per län. Shared by `make bench`
(benchmarks/scale/measure.py) and the pytest-benchmark of the roll-up."""

import json
from typing import Any

from django.db import connection

from samsyn.national import figures as f


def hand_written_sums(year: int) -> dict[tuple[str, str, str], int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT county, figures FROM national_snapshot WHERE year = %s", [year])
        totals: dict[tuple[str, str, str], int] = {}
        for county, raw in cursor.fetchall():
            figures: Any = json.loads(raw) if isinstance(raw, str) else raw
            for section in f.SECTIONS:
                for code, value in figures["participants"][section].items():
                    if not isinstance(value, str):
                        key = (county, section, code)
                        totals[key] = totals.get(key, 0) + value
        return totals
