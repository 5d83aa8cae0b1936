"""Reading a participations file (DESIGN.md, Participations file): CSV or XLSX, one row each.

Rows are read one at a time (samsyn.web.tabular does the decoding and the limits), checked,
and the personnummer turned into a pseudonym at once: nothing here keeps the file or a
number. Every fault is reported, by row (as a spreadsheet numbers it, the header being row 1)
and by the column as the file names it; a value that could be a personnummer is never
repeated in a message.
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from samsyn.participants.codes import SYNONYMS
from samsyn.participants.pseudonym import PseudonymError, legal_gender
from samsyn.web.years import LAST_YEAR

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
    "occupation_at_start": ("occupation_at_start", "sysselsättning vid start"),
    "occupation_at_exit": ("occupation_at_exit", "sysselsättning vid avslut"),
    "support_at_exit": ("support_at_exit", "försörjning vid avslut"),
    "followup_date": ("followup_date", "uppföljningsdatum", "uppföljning"),
    "followup_occupation": ("followup_occupation", "sysselsättning vid uppföljning"),
    "followup_support": ("followup_support", "försörjning vid uppföljning"),
}
REQUIRED = ("intervention", "participant", "gender", "birth_year", "referrer", "start_date")
SUPPORT_TIMES = ("<1", "1-3", "3-5", "5-9", "9+")
# Only so many faults are listed; the count says how many there were.
MAX_LISTED = 200

OCCUPATIONS: dict[str, str] = {
    "arbete": "arbete", "work": "arbete", "förvärvsarbete": "arbete",
    "studier": "studier", "studies": "studier",
    "arbetssokande": "arbetssokande", "arbetssökande": "arbetssokande",
    "aktivt arbetssökande": "arbetssokande", "job-seeking": "arbetssokande",
    "ingen": "ingen", "ingen sysselsättning": "ingen", "no occupation": "ingen",
    "annan": "annan", "annat": "annan", "other": "annan", "": "",
}
SUPPORTS: dict[str, str] = SYNONYMS["support_at_start"]
CODE_LISTS: dict[str, Mapping[str, str]] = {
    "gender": SYNONYMS["gender"],
    "exit_reason": SYNONYMS["exit_reason"],
    "support_at_start": SUPPORTS,
    "support_at_exit": SUPPORTS,
    "followup_support": SUPPORTS,
    "occupation_at_start": OCCUPATIONS,
    "occupation_at_exit": OCCUPATIONS,
    "followup_occupation": OCCUPATIONS,
}
# What pseudonym.py says of a bad personnummer, for the catalogue (it stays free of Django).
PSEUDONYM_FAULTS = (
    gettext_noop("not a personnummer"),
    gettext_noop("the check digit of the personnummer is wrong"),
    gettext_noop("the personnummer has no valid date"),
    gettext_noop("neither a valid personnummer nor a local code (letters and digits, with a "
                 "letter)"),
    # PLACEHOLDER_FAULT, written out for makemessages (a test holds the two equal).
    gettext_noop("a placeholder or interim number (protected identity, T- or reserve number) "
                 "cannot tell people apart: register the person with a local code the insats "
                 "keeps, one for each person, e.g. SKYDD-0001"),
)
_YEAR = re.compile(r"[0-9]{4}")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)


class FileError(ValueError):
    """The file as a whole cannot be read (no header, unknown format); already translated."""


class Row(NamedTuple):
    """One good row, pseudonymised. A named tuple: made once a row of a large file, and
    several times cheaper to make than a dataclass."""

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
    occupation_at_start: str = ""
    occupation_at_exit: str = ""
    support_at_exit: str = ""
    followup_date: dt.date | None = None
    followup_occupation: str = ""
    followup_support: str = ""


@dataclass
class Context:
    """What the förbund knows, to check codes and names against."""

    interventions: Mapping[str, str]          # lower-case slug or name -> slug, the user's own
    municipalities: Mapping[str, str]         # lower-case name -> name
    referrers: Mapping[str, tuple[str, str]]  # lower-case code or label -> (code, category)
    pseudonymise: Callable[[str], str]
    this_year: int = field(default_factory=lambda: timezone.localdate().year)


@dataclass
class Faults:
    """The faults found so far: the first MAX_LISTED as messages, and how many in all."""

    listed: list[str] = field(default_factory=list)
    count: int = 0
    # Rows whose gender the personnummer contradicted: not faults, the number's is taken,
    # and the preview names them (issue 28: never silently).
    gender_rows: list[int] = field(default_factory=list)

    def add(self, message: str) -> None:
        self.count += 1
        if len(self.listed) < MAX_LISTED:
            self.listed.append(message)

    def messages(self) -> list[str]:
        if self.count > len(self.listed):
            return [*self.listed, _("… and %(n)s more faults.")
                    % {"n": self.count - len(self.listed)}]
        return list(self.listed)

    def notices(self) -> list[str]:
        if not self.gender_rows:
            return []
        rows = ", ".join(str(n) for n in self.gender_rows[:MAX_LISTED])
        if len(self.gender_rows) > MAX_LISTED:
            rows += " " + _("and %(n)s more") % {"n": len(self.gender_rows) - MAX_LISTED}
        return [_("Row %(rows)s: the gender in the file contradicts the personnummer. The "
                  "personnummer states the legal gender, so its gender is used; correct the "
                  "file if that is wrong.") % {"rows": rows}]


def checked_gender(gender: str, participant: Any, line: int, faults: Faults) -> str:
    """The file's gender, or the personnummer's where the two say woman and man: the number
    states the legal gender the national figures count, a column can be mistyped."""
    if gender not in ("kvinna", "man") or not isinstance(participant, str):
        return gender
    text = participant.strip()
    if not text[:1].isdecimal():
        return gender  # a local code: a personnummer starts with a digit (one test a row)
    stated = legal_gender(text)
    if stated is None or stated == gender:
        return gender
    faults.gender_rows.append(line)
    return stated


def header_map(header: list[Any]) -> tuple[dict[str, int], dict[str, str]]:
    """Column key -> index, and key -> the name the file gives the column."""
    labels = {label: key for key, names in COLUMNS.items() for label in names}
    found: dict[str, int] = {}
    names: dict[str, str] = {}
    unknown = []
    for index, cell in enumerate(header):
        name = " ".join(str(cell).split()).lower()
        if not name:
            continue
        key = labels.get(name)
        if key is None:
            unknown.append(shown(cell))
        elif key in found:
            raise FileError(_("row 1: the column %(column)s appears twice") % {
                "column": shown(cell)})
        else:
            found[key] = index
            names[key] = str(cell).strip()
    missing = [k for k in REQUIRED if k not in found]
    if missing:
        raise FileError(_("row 1: missing column %(columns)s") % {"columns": ", ".join(missing)})
    if unknown:
        raise FileError(_("row 1: unknown column %(columns)s") % {"columns": ", ".join(unknown)})
    return found, names


def read_rows(table: Iterable[tuple[int, list[Any]]], context: Context,
              faults: Faults) -> Iterator[Row]:
    """Each good row, pseudonymised, as it is read; each fault goes to `faults`.

    Participations repeated within the file are found later, where the rows are staged.
    """
    rows = iter(table)
    try:
        _number, header = next(rows)
    except StopIteration:
        raise FileError(_("the file is empty")) from None
    columns, names = header_map(header)
    fast = _fast_path(columns, context, faults)
    for number, cells in rows:
        # Most rows of most files are plain text cells with nothing wrong: checked by the
        # fast path; anything else (a fault, a spreadsheet's numbers or dates, an odd
        # spelling) goes the careful way, which says what is wrong.
        row = fast(number, cells)
        if row is None:
            if not any(str(c).strip() for c in cells):
                continue
            row = _row(number, cells, columns, names, context, faults)
            if row is None:
                continue
        yield row


_KEYS = tuple(COLUMNS)
# Distinct cells in a column are few (codes, the days of some years); each column remembers
# what its cells read as, up to this many, and reads the rest each time: memory stays flat.
_CACHED = 50_000
# What the fast path reads a cell as when it gives the row up to the careful path.
_BAD: Any = object()


class _Cells(dict[Any, Any]):
    """Cell text as met in the file -> what it reads as (or _BAD), read once per text."""

    def __init__(self, read: Callable[[str], Any]) -> None:
        super().__init__()
        self.read = read

    def __missing__(self, cell: Any) -> Any:
        if type(cell) is not str:
            return _BAD  # a spreadsheet's number or date: the careful path reads those
        value = self.read(cell.strip())
        if len(self) < _CACHED:
            self[cell] = value
        return value


def _fast_path(columns: dict[str, int], context: Context,
               faults: Faults) -> Callable[[int, list[Any]], Row | None]:
    """A row -> its Row when every cell is a plain, known, right value; None otherwise.
    The careful `_row` decides the same for the rows it accepts (a property test holds it)."""
    width = max(columns.values()) + 1
    # Missing columns read the empty cell appended after the last one.
    padding = [""] if len(columns) < len(_KEYS) else []
    (at_intervention, at_participant, at_gender, at_birth_year, at_municipality, at_referrer,
     at_start, at_support_at_start, at_end, at_exit_reason, at_support_time, at_consent,
     at_occupation_at_start, at_occupation_at_exit, at_support_at_exit, at_followup,
     at_followup_occupation, at_followup_support) = [columns.get(key, width) for key in _KEYS]
    pseudonymise, this_year = context.pseudonymise, context.this_year

    def code_of(codes: Mapping[str, Any]) -> _Cells:
        return _Cells(lambda text: codes.get(text.lower(), _BAD))

    def gender(text: str) -> Any:
        found = CODE_LISTS["gender"].get(text.lower())
        return _BAD if found is None else found or "ej_angett"

    def year(text: str) -> Any:
        if (len(text) == 4 and text.isascii() and text.isdigit()
                and 1900 <= int(text) <= this_year):
            return int(text)
        return _BAD

    def municipality(text: str) -> Any:
        return context.municipalities.get(text.lower(), _BAD) if text else None

    def day(text: str) -> Any:
        if not text:
            return None
        if len(text) != 10 or not _ISO_DATE.fullmatch(text):
            return _BAD
        try:
            parsed = dt.date(int(text[:4]), int(text[5:7]), int(text[8:]))
        except ValueError:
            return _BAD
        return parsed if FIRST_DAY <= parsed <= LAST_DAY else _BAD

    def exit_reason(text: str) -> Any:
        return CODE_LISTS["exit_reason"].get(text.lower(), _BAD) if text else ""

    interventions, referrers = code_of(context.interventions), code_of(context.referrers)
    genders, years, kommuner = _Cells(gender), _Cells(year), _Cells(municipality)
    days, exits = _Cells(day), _Cells(exit_reason)
    times = _Cells(lambda text: text if not text or text in SUPPORT_TIMES else _BAD)
    supports, occupations = code_of(SUPPORTS), code_of(OCCUPATIONS)

    def fast(number: int, cells: list[Any]) -> Row | None:
        if len(cells) != width:
            return None
        if padding:
            cells = cells + padding
        slug, code = interventions[cells[at_intervention]], referrers[cells[at_referrer]]
        sex, born = genders[cells[at_gender]], years[cells[at_birth_year]]
        kommun = kommuner[cells[at_municipality]]
        started, ended = days[cells[at_start]], days[cells[at_end]]
        consented, followed = days[cells[at_consent]], days[cells[at_followup]]
        support_time, reason = times[cells[at_support_time]], exits[cells[at_exit_reason]]
        supported = supports[cells[at_support_at_start]]
        supported_at_exit = supports[cells[at_support_at_exit]]
        supported_later = supports[cells[at_followup_support]]
        occupied = occupations[cells[at_occupation_at_start]]
        occupied_at_exit = occupations[cells[at_occupation_at_exit]]
        occupied_later = occupations[cells[at_followup_occupation]]
        if (slug is _BAD or code is _BAD or sex is _BAD or born is _BAD or kommun is _BAD
                or started is _BAD or ended is _BAD or consented is _BAD or followed is _BAD
                or support_time is _BAD or reason is _BAD or supported is _BAD
                or supported_at_exit is _BAD or supported_later is _BAD or occupied is _BAD
                or occupied_at_exit is _BAD or occupied_later is _BAD or started is None):
            return None
        if ended is None:
            if reason or occupied_at_exit or supported_at_exit or followed:
                return None
        elif not reason or ended < started or (followed is not None and followed < ended):
            return None
        if (occupied_later or supported_later) and followed is None:
            return None
        participant = cells[at_participant]
        if type(participant) is not str:
            return None
        try:
            pseudonym = pseudonymise(participant)
        except PseudonymError:
            return None
        sex = checked_gender(sex, participant, number, faults)
        return Row(number, slug, pseudonym, sex, born, kommun, code[0], code[1], started,
                   supported, support_time, ended, reason, consented, occupied,
                   occupied_at_exit, supported_at_exit, followed, occupied_later,
                   supported_later)

    return fast


def _cell(cells: list[Any], columns: dict[str, int], key: str) -> Any:
    index = columns.get(key)
    if index is None or index >= len(cells):
        return ""
    value = cells[index]
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _row(number: int, cells: list[Any], columns: dict[str, int], names: dict[str, str],
         context: Context, faults: Faults) -> Row | None:
    failed: set[str] = set()

    def fail(key: str, message: str) -> None:
        failed.add(key)
        faults.add(_("row %(row)s, column %(column)s: %(message)s") % {
            "row": number, "column": names.get(key, key), "message": message})

    values = {key: _cell(cells, columns, key) for key in columns}

    def get(key: str) -> Any:
        return values.get(key, "")

    intervention = context.interventions.get(str(get("intervention")).lower())
    if intervention is None:
        fail("intervention", _("no insats %(value)s that you keep records for")
             % {"value": shown(get("intervention"))})
    pseudonym = ""
    try:
        pseudonym = context.pseudonymise(str(get("participant")))
    except PseudonymError as exc:
        fail("participant", _(str(exc)))
    codes = {key: _code(key, get(key), fail) for key in CODE_LISTS}
    birth_year = _year(get("birth_year"), context.this_year, fail)
    municipality = None
    if str(get("municipality")):
        municipality = context.municipalities.get(str(get("municipality")).lower())
        if municipality is None:
            fail("municipality", _("%(value)s is not a member kommun")
                 % {"value": shown(get("municipality"))})
    referrer = context.referrers.get(str(get("referrer")).lower())
    if referrer is None:
        fail("referrer", _("%(value)s is not a referrer code of the förbund")
             % {"value": shown(get("referrer"))})
    start = _date(get("start_date"), "start_date", fail, required=True)
    end = _date(get("end_date"), "end_date", fail)
    consent = _date(get("consent_date"), "consent_date", fail)
    followup = _date(get("followup_date"), "followup_date", fail)
    support_time = str(get("support_time"))
    if support_time and support_time not in SUPPORT_TIMES:
        fail("support_time", _("%(value)s is not one of %(choices)s") % {
            "value": shown(support_time), "choices": ", ".join(SUPPORT_TIMES)})
    exit_reason = codes["exit_reason"] or ""
    if end and not exit_reason and "exit_reason" not in failed:
        fail("exit_reason", _("an ended participation needs its exit reason"))
    if exit_reason and not end and "end_date" not in failed:
        fail("end_date", _("an exit reason needs an end date"))
    if (codes["occupation_at_exit"] or codes["support_at_exit"]) and not end \
            and "end_date" not in failed:
        fail("end_date", _("the state at exit needs an end date"))
    if start and end and end < start:
        fail("end_date", _("the end is before the start"))
    if followup and not end and "end_date" not in failed:
        fail("followup_date", _("a follow-up comes after the exit: give the end date"))
    elif followup and end and followup < end:
        fail("followup_date", _("the follow-up is before the end"))
    if (codes["followup_occupation"] or codes["followup_support"]) and not followup \
            and "followup_date" not in failed:
        fail("followup_date", _("give the date of the follow-up"))
    if failed:
        return None
    assert intervention and referrer and start and birth_year
    gender = checked_gender(codes["gender"] or "ej_angett", get("participant"), number, faults)
    return Row(
        number, intervention, pseudonym, gender, birth_year,
        municipality, referrer[0], referrer[1], start, codes["support_at_start"] or "",
        support_time, end, exit_reason, consent,
        occupation_at_start=codes["occupation_at_start"] or "",
        occupation_at_exit=codes["occupation_at_exit"] or "",
        support_at_exit=codes["support_at_exit"] or "", followup_date=followup,
        followup_occupation=codes["followup_occupation"] or "",
        followup_support=codes["followup_support"] or "",
    )


def shown(value: Any) -> str:
    """A cell as an error message may repeat it: never anything that could be a personnummer."""
    text = str(value)
    if sum(c.isdigit() for c in text) >= 10:
        return _("(a value with 10 or more digits, not shown)")
    if len(text) > 60:
        text = text[:60] + "…"
    return repr(text)


def _code(key: str, value: Any, fail: Callable[[str, str], None]) -> str | None:
    codes = CODE_LISTS[key]
    if isinstance(value, str) and (found := codes.get(value.lower())) is not None:
        return found  # the common case, before normalising the spaces
    text = " ".join(str(value).split()).lower()
    found = codes.get(text)
    if found is None:
        if key == "exit_reason" and not text:
            return ""
        fail(key, _("%(value)s is not a known code") % {"value": shown(value)})
    return found


def _year(value: Any, this_year: int, fail: Callable[[str, str], None]) -> int | None:
    text = str(value).strip()
    if not _YEAR.fullmatch(text) or not 1900 <= int(text) <= this_year:
        fail("birth_year", _("%(value)s is not a birth year between 1900 and %(year)s")
             % {"value": shown(value), "year": this_year})
        return None
    return int(text)


def _date(value: Any, key: str, fail: Callable[[str, str], None],
          required: bool = False) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if not FIRST_DAY <= value <= LAST_DAY:
            fail(key, _("%(value)s is not a date between 1900 and 2100") % {"value": value})
            return None
        return value
    text = str(value).strip()
    if not text:
        if required:
            fail(key, _("empty"))
        return None
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        day = dt.date.fromisoformat(text)
    except ValueError:
        fail(key, _("%(value)s is not a date (YYYY-MM-DD)") % {"value": shown(text)})
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        fail(key, _("%(value)s is not a date between 1900 and 2100") % {"value": shown(text)})
        return None
    return day
