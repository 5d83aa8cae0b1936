"""What the published demo year keeps of the figures its annual report printed (issue 24).

Östra Södertörn's annual report 2022 (002) printed each insats's new participants by gender
and by referrer and its exits by reason (Bilaga 1, held as counts of the year). Published,
the counts from 1 to 4 among them are hidden and so are enough others that none can be worked
out from every view; docs/participants.md gives the numbers before and after the audit.
"""

import json
import time
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.cache import cache

from samsyn.associations.access import Scope
from samsyn.associations.models import Association
from samsyn.participants import demo as participants_demo
from samsyn.participants.reports import suppressed_year
from samsyn.reports.document import ReportParams
from samsyn.reports.registry import get_kind
from samsyn.reports.render import to_json
from samsyn.reports.services import build_report

pytestmark = pytest.mark.django_db

MEASURE = {"new": "new", "active": "active", "exit": "exited"}


def _printed() -> dict[tuple[str, str, str], int]:
    """The counts the annual report printed that are cells of the participants report."""
    data = json.loads((Path(participants_demo.__file__).parent / "demo" /
                       "ostra-sodertorn.json").read_text(encoding="utf-8"))
    printed: dict[tuple[str, str, str], int] = defaultdict(int)
    for slug, held in data["counts"].items():
        for kind, gender, split, count in held["rows"]:
            if "referrer" in split:
                printed[(slug, "new_by_referrer", split["referrer"])] += count
            elif "reason" in split:
                printed[(slug, "exits_by_reason", split["reason"])] += count
            elif not split:
                printed[(slug, MEASURE[kind], gender)] += count
    return printed


def test_the_published_demo_year_hides_its_small_counts_and_fewer_others_than_before(demo):
    association = Association.objects.get(slug="ostra-sodertorn")
    scope = Scope.system(association)
    kind = get_kind("participants")
    cache.clear()
    published = json.loads(to_json(build_report(kind, scope, 2022, publish=True)))
    rows = {e["intervention"]: e for e in published["interventions"]}
    printed = _printed()
    hidden = {k for k in printed if rows[k[0]][k[1]][k[2]] == "x"}
    small = {k for k, v in printed.items() if 0 < v < 5}
    assert len(printed) == 54 and len(small) == 18
    assert small <= hidden
    # The per-line rules alone hid 34 of the 54; the audited year hides 26 (docs/participants.md).
    assert len(hidden) <= 34
    for k in printed.keys() - hidden:
        assert rows[k[0]][k[1]][k[2]] == printed[k]


def test_the_audit_of_the_demo_year_ends_in_time(demo):
    association = Association.objects.get(slug="ostra-sodertorn")
    cache.clear()
    started = time.monotonic()
    year = suppressed_year(ReportParams.for_year(Scope.system(association), 2022,
                                                 publish=True))
    assert year.complete
    assert time.monotonic() - started < 60
