"""The years a förbund can have, 2004 to 2100, are written once, in samsyn.web.years (the lowest
floor, so every app may import them): the URL converter, the ?year= reader, the national view
and the forms all take them from there, and none can drift from the others."""

import re
from pathlib import Path

import pytest

from samsyn.national import services as national
from samsyn.periods.forms import SignForm
from samsyn.web import converters, years

ROOT = Path(__file__).resolve().parents[2]
# The bounds as numbers; a line naming 1900 is about dates of birth or of records instead.
BOUND = re.compile(r"(?<![\d.])(2004|2100)(?![\d.])")


def _code_files() -> list[Path]:
    return [p for p in ROOT.rglob("*.py")
            if "tests" not in p.parts and "migrations" not in p.parts
            and p != ROOT / "web" / "years.py"]


def test_the_year_bounds_are_written_once_in_web_years():
    assert (years.FIRST_YEAR, years.LAST_YEAR) == (2004, 2100)
    written = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
               for p in _code_files()
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if BOUND.search(line) and "1900" not in line]
    assert written == []


def test_the_converter_and_the_national_view_share_the_bounds():
    converter = converters.YearConverter()
    assert converter.to_python(str(years.FIRST_YEAR)) == years.FIRST_YEAR
    assert converter.to_python(str(years.LAST_YEAR)) == years.LAST_YEAR
    for outside in (years.FIRST_YEAR - 1, years.LAST_YEAR + 1):
        with pytest.raises(ValueError):
            converter.to_python(str(outside))
        with pytest.raises(ValueError, match="2004"):
            national.publish(None, outside)  # type: ignore[arg-type]


def test_a_year_outside_the_bounds_is_refused_by_the_forms():
    sign = SignForm(data={"kind": "annual-report", "year": years.LAST_YEAR + 1, "half": "year"})
    assert not sign.is_valid() and "year" in sign.errors
    field = SignForm().fields["year"]
    assert (field.min_value, field.max_value) == (years.FIRST_YEAR, years.LAST_YEAR)
