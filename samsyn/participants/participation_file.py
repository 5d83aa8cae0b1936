"""Reading a participations file (DESIGN.md, Participations file): CSV or XLSX, one row each.

Every row is checked and every fault reported at once, by row (as a spreadsheet numbers it,
the header being row 1) and column. A personnummer is turned into a pseudonym here and never
appears in a message.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from samsyn.participants.codes import SYNONYMS
from samsyn.participants.pseudonym import PseudonymError

COLUMNS: dict[str, tuple[str, ...]] = {
    "intervention": ("intervention", "insats"),
    "participant": ("participant", "deltagare", "personnummer", "kod"),
    "gender": ("gender", "kön", "kon"),
    "birth_year": ("birth_year", "födelseår", "fodelsear"),
    "municipality": ("municipality", "kommun"),
    "referrer": ("referrer", "anvisare", "anvisande part", "remitterande part"),
    "start_date": ("start_date", "startdatum", "start", "inskriven"),
    "support_at_start": ("support_at_start", "försörjning vid start", "försörjning"),
    "end_date": ("end_date", "slutdatum", "avslutad", "slut"),
    "exit_reason": ("exit_reason", "avslutsorsak"),
    "support_time": ("support_time", "tid i offentlig försörjning"),
    "consent_date": ("consent_date", "samtycke", "samtyckesdatum"),
}
REQUIRED = ("intervention", "participant", "gender", "birth_year", "referrer", "start_date")
SUPPORT_TIMES = ("<1", "1-3", "3-5", "5-9", "9+")


class FileError(ValueError):
    """The file as a whole cannot be read (no header, unknown format)."""


@dataclass(frozen=True)
class Row:
    line: int
    intervention: str
    pseudonym: str
    gender: str
    birth_year: int
    municipality: str | None
    referrer: str
    referrer_category: str
    start_date: dt.date
    support_at_start: str
    support_time: str
    end_date: dt.date | None
    exit_reason: str
    consent_date: dt.date | None


@dataclass
class Context:
    """What the förbund knows, to check codes and names against."""

    interventions: Mapping[str, str]          # lower-case slug or name -> slug, the user's own
    municipalities: Mapping[str, str]         # lower-case name -> name
    referrers: Mapping[str, tuple[str, str]]  # lower-case code or label -> (code, category)
    pseudonymise: Callable[[str], str]
    this_year: int = field(default_factory=lambda: timezone.localdate().year)


@dataclass
class Parsed:
    rows: list[Row]
    errors: list[str]


def read_table(data: bytes, filename: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) for each row, the header included, from CSV or XLSX."""
    if filename.lower().endswith(".xlsx") or data[:2] == b"PK":
        yield from _xlsx_rows(data)
    else:
        yield from _csv_rows(data)


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Sweden saves "CSV" in Windows-1252 unless told otherwise.
        text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    yield from enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise FileError(f"not a readable XLSX file ({type(exc).__name__})") from None
    sheet = book.worksheets[0]
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        yield number, ["" if c is None else c for c in cells]


def header_map(header: list[Any]) -> dict[str, int]:
    labels = {label: key for key, names in COLUMNS.items() for label in names}
    found: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(header):
        name = str(cell).strip().lower()
        if not name:
            continue
        key = labels.get(name)
        if key is None:
            unknown.append(shown(cell))
        else:
            found[key] = index
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise FileError(f"row 1: missing column {', '.join(missing)}")
    if unknown:
        raise FileError(f"row 1: unknown column {', '.join(unknown)}")
    return found


def parse(data: bytes, filename: str, context: Context) -> Parsed:
    table = read_table(data, filename)
    try:
        _number, header = next(table)
    except StopIteration:
        raise FileError("the file is empty") from None
    columns = header_map(header)
    rows: list[Row] = []
    errors: list[str] = []
    seen: dict[tuple[str, str, dt.date], int] = {}
    for number, cells in table:
        if not any(str(c).strip() for c in cells):
            continue
        row_errors: list[str] = []
        row = _row(number, cells, columns, context, row_errors)
        if row is not None:
            identity = (row.intervention, row.pseudonym, row.start_date)
            if identity in seen:
                row_errors.append(f"row {number}: the same participation as row {seen[identity]}")
            else:
                seen[identity] = number
                rows.append(row)
        errors.extend(row_errors)
    return Parsed(rows, errors)


def _cell(cells: list[Any], columns: dict[str, int], key: str) -> Any:
    index = columns.get(key)
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    return value.strip() if isinstance(value, str) else value


def _row(number: int, cells: list[Any], columns: dict[str, int], context: Context,
         errors: list[str]) -> Row | None:
    def fail(column: str, message: str) -> None:
        errors.append(f"row {number}, column {column}: {message}")

    get = lambda key: _cell(cells, columns, key)  # noqa: E731
    intervention = context.interventions.get(str(get("intervention")).lower())
    if intervention is None:
        fail("intervention", f"no insats {shown(get('intervention'))} that you keep records for")
    pseudonym = ""
    try:
        pseudonym = context.pseudonymise(str(get("participant")))
    except PseudonymError as exc:
        fail("participant", str(exc))
    gender = _code("gender", get("gender"), fail)
    birth_year = _year(get("birth_year"), context.this_year, fail)
    municipality = None
    if str(get("municipality")):
        municipality = context.municipalities.get(str(get("municipality")).lower())
        if municipality is None:
            fail("municipality", f"{shown(get('municipality'))} is not a member kommun")
    referrer = context.referrers.get(str(get("referrer")).lower())
    if referrer is None:
        fail("referrer", f"{shown(get('referrer'))} is not a referrer code of the förbund")
    start = _date(get("start_date"), "start_date", fail, required=True)
    end = _date(get("end_date"), "end_date", fail)
    consent = _date(get("consent_date"), "consent_date", fail)
    support = _code("support_at_start", get("support_at_start"), fail)
    support_time = str(get("support_time"))
    if support_time and support_time not in SUPPORT_TIMES:
        fail("support_time", f"{shown(support_time)} is not one of {', '.join(SUPPORT_TIMES)}")
    exit_reason = (_code("exit_reason", get("exit_reason"), fail) or "") if get("exit_reason") \
        else ""
    if end and not exit_reason and "exit_reason" not in _columns_failed(errors, number):
        fail("exit_reason", "an ended participation needs its exit reason")
    if exit_reason and not end:
        fail("end_date", "an exit reason needs an end date")
    if start and end and end < start:
        fail("end_date", "the end is before the start")
    if any(e.startswith(f"row {number},") for e in errors):
        return None
    assert intervention and referrer and start and gender is not None and birth_year
    return Row(number, intervention, pseudonym, gender, birth_year, municipality, referrer[0],
               referrer[1], start, support or "", support_time, end, exit_reason, consent)


def shown(value: Any) -> str:
    """A cell as an error message may repeat it: never anything that could be a personnummer."""
    text = str(value)
    if sum(c.isdigit() for c in text) >= 10:
        return "(a value with 10 or more digits, not shown)"
    return repr(text)


def _columns_failed(errors: list[str], number: int) -> set[str]:
    prefix = f"row {number}, column "
    return {e[len(prefix):].split(":")[0] for e in errors if e.startswith(prefix)}


def _code(column: str, value: Any, fail: Callable[[str, str], None]) -> str | None:
    found = SYNONYMS[column].get(str(value).strip().lower())
    if found is None:
        fail(column, f"{shown(value)} is not a known code")
    return found


def _year(value: Any, this_year: int, fail: Callable[[str, str], None]) -> int | None:
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit() or not 1900 <= int(text) <= this_year:
        fail("birth_year", f"{shown(value)} is not a birth year between 1900 and {this_year}")
        return None
    return int(text)


def _date(value: Any, column: str, fail: Callable[[str, str], None],
          required: bool = False) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        if required:
            fail(column, "empty")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(column, f"{shown(text)} is not a date (YYYY-MM-DD)")
        return None
