"""A date means the Swedish date: timezone.localdate(), never the server's date.today()."""

import datetime as dt
import re
from pathlib import Path

from django.conf import settings
from django.utils import timezone

PACKAGE = Path(__file__).resolve().parents[2]
SERVER_CLOCK = re.compile(r"\bdate\.today\b|\bdatetime\.(?:now|today)\(\s*\)|\bdatetime\.utcnow\b")


def test_no_code_asks_the_servers_clock_for_a_date():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SERVER_CLOCK.search(line):
                found.append(f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}")
    assert not found, "use timezone.localdate() or timezone.now():\n" + "\n".join(found)


def test_the_date_is_the_swedish_one_at_night():
    assert settings.TIME_ZONE == "Europe/Stockholm"
    late_utc = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert timezone.localdate(late_utc) == dt.date(2027, 1, 1)


def test_the_lint_would_catch_the_server_clock():
    assert SERVER_CLOCK.search("today = dt.date.today()")
    assert SERVER_CLOCK.search("default=datetime.date.today")
    assert not SERVER_CLOCK.search("today = timezone.localdate()")
