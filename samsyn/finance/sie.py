"""Reading SIE 4 bookkeeping exports (4E and 4I), as real programs write them.

The specification (SIE filformat 4B) fixes codepage 437 ("PC8"), yet programs also write
UTF-8 or ISO-8859-15 and still declare PC8, so the encoding is found from the bytes. Unknown
labels are skipped unread, as the specification tells readers to. #RTRANS is a row added
afterwards and must be followed by the same row as #TRANS for older readers; #BTRANS is a row
removed afterwards. Only the rows that stand in the books count.

Plain standard library on purpose: the parser is used by imports, commands and tests alike
and must not need Django to run.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

SWEDISH_LETTERS = "åäöÅÄÖéÉ"
FIRST_RESULT_ACCOUNT, LAST_RESULT_ACCOUNT = 3000, 8999
ROW_KINDS = {"#TRANS": "trans", "#RTRANS": "rtrans", "#BTRANS": "btrans"}
HEADER_LABELS = frozenset({"#FLAGGA", "#SIETYP"})
# PC8 is the only character set SIE 4 defines, and the one a file without #FORMAT is read in.
DECLARED_ENCODINGS = {"PC8": "cp437", "": "cp437"}
UTF8_BOM = b"\xef\xbb\xbf"

# re.ASCII: str.isdigit() would let "²" or Arabic digits through as amounts and dates.
_AMOUNT = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_COMMA_AMOUNT = re.compile(r"[+-]?(?:\d+(?:,\d*)?|,\d+)", re.ASCII)
_DATE = re.compile(r"\d{8}", re.ASCII)
MAX_ACCOUNT_LENGTH = 10
MAX_AMOUNT = Decimal(10) ** 12
CENT = Decimal("0.01")
_BLANKS = " \t"


def gettext_noop(message: str) -> str:
    """Marks a message for the Swedish catalogue; the reader itself needs no Django."""
    return message


class SieError(ValueError):
    """A file that cannot be read; `line` is the 1-based line at fault when it is known.

    `template` and `params` let the caller say it in the user's language:
    gettext(template) % params.
    """

    def __init__(self, template: str, line: int | None = None, **params: object) -> None:
        message = template % params if params else template
        super().__init__(message if line is None else f"line {line}: {message}")
        self.message = message
        self.template = template
        self.params = params
        self.line = line


@dataclass(frozen=True)
class Transaction:
    account: str
    objects: tuple[tuple[str, str], ...]
    amount: Decimal
    date: dt.date | None
    text: str
    kind: str
    line: int

    def same_row(self, other: "Transaction") -> bool:
        """The same booking, whatever the label: account, objects and amount.

        Programs write the #TRANS copy of an #RTRANS with the voucher's date or their own
        text, so date and text do not tell a copy from a new row; the order of an object list
        carries no meaning either.
        """
        return (self.account, sorted(self.objects), self.amount) == (
            other.account, sorted(other.objects), other.amount)


@dataclass
class Voucher:
    series: str
    number: str
    date: dt.date
    text: str
    line: int
    transactions: list[Transaction] = field(default_factory=list)

    def booked(self) -> list[Transaction]:
        return [row for i, row in enumerate(self.transactions) if self._counts(i)]

    def lone_rtrans(self) -> list[Transaction]:
        """#RTRANS rows that lack the #TRANS copy the specification requires after them."""
        return [row for i, row in enumerate(self.transactions)
                if row.kind == "rtrans" and self._counts(i)]

    def balance(self) -> Decimal:
        return sum((row.amount for row in self.booked()), Decimal(0))

    def _counts(self, i: int) -> bool:
        row = self.transactions[i]
        if row.kind != "rtrans":
            return row.kind == "trans"
        # The #TRANS copy after an #RTRANS is the same booking written for older readers:
        # counting both would book it twice.
        follower = self.transactions[i + 1] if i + 1 < len(self.transactions) else None
        return follower is None or follower.kind != "trans" or not row.same_row(follower)


@dataclass(frozen=True)
class SieWarning:
    line: int | None
    message: str
    template: str = field(default="", compare=False)
    params: dict[str, object] = field(default_factory=dict, compare=False)


def _warning(line: int | None, template: str, **params: object) -> SieWarning:
    return SieWarning(line, template % params if params else template, template, params)


@dataclass
class SieFile:
    encoding: str = "cp437"
    program: str = ""
    declared_format: str = ""
    sie_type: str = ""
    company: str = ""
    org_number: str = ""
    currency: str = "SEK"
    fiscal_years: dict[int, tuple[dt.date, dt.date]] = field(default_factory=dict)
    accounts: dict[str, str] = field(default_factory=dict)
    account_types: dict[str, str] = field(default_factory=dict)
    dimensions: dict[str, str] = field(default_factory=dict)
    objects: dict[tuple[str, str], str] = field(default_factory=dict)
    opening_balances: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    closing_balances: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    results: dict[tuple[int, str], Decimal] = field(default_factory=dict)
    vouchers: list[Voucher] = field(default_factory=list)
    warnings: list[SieWarning] = field(default_factory=list)


# Decoding


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was written in."""
    has_bom = data.startswith(UTF8_BOM)
    body = data[len(UTF8_BOM):] if has_bom else data
    if has_bom or not body.isascii():
        try:
            return body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    # Every byte is valid in both, so the letters decide; plain ASCII is a tie, and a tie goes
    # to cp437, the encoding the specification names.
    candidates = [(body.decode("cp437"), "cp437"), (body.decode("iso-8859-15"), "iso-8859-15")]
    return max(candidates, key=lambda c: (_swedish_letters(c[0]), c[1] == "cp437"))


def _swedish_letters(text: str) -> int:
    return sum(text.count(letter) for letter in SWEDISH_LETTERS)


# Splitting a line into fields

Field = str | tuple[str, ...]  # a tuple is an object list written in braces


def fields(text: str, line: int, warnings: list[SieWarning]) -> list[Field]:
    """The fields of one line, quotes removed; a {...} object list is one tuple field."""
    result: list[Field] = []
    i = _skip_blanks(text, 0)
    while i < len(text):
        if text[i] == "{":
            items, i = _object_list(text, i + 1, line)
            result.append(items)
        elif text[i] == '"' and _quote_end(text, i) < 0:
            # Exports cut long texts without closing the quote; the fields before it are intact.
            warnings.append(_warning(line, gettext_noop("a quoted text is not closed")))
            result.append(text[i + 1:].replace('\\"', '"'))
            break
        elif text[i] == "}":
            raise SieError(gettext_noop("a } without the { of an object list"), line)
        else:
            word, i = _word(text, i, line)
            result.append(word)
        i = _skip_blanks(text, i)
    return result


def _skip_blanks(text: str, i: int) -> int:
    while i < len(text) and text[i] in _BLANKS:
        i += 1
    return i


def _object_list(text: str, i: int, line: int) -> tuple[tuple[str, ...], int]:
    items: list[str] = []
    while True:
        i = _skip_blanks(text, i)
        if i >= len(text):
            raise SieError(gettext_noop("an object list opened with { is not closed"), line)
        if text[i] == "}":
            return tuple(items), i + 1
        if text[i] == "{":
            raise SieError(gettext_noop("an object list cannot hold another {"), line)
        word, i = _word(text, i, line)
        items.append(word)


def _quote_end(text: str, start: int) -> int:
    """Index of the quote closing the one at `start`, or -1; \\" is a quote inside the text."""
    i = start + 1
    while i < len(text):
        if text.startswith('\\"', i):
            i += 2
        elif text[i] == '"':
            return i
        else:
            i += 1
    return -1


def _word(text: str, i: int, line: int) -> tuple[str, int]:
    """One quoted or bare word starting at `i`, and the index after it."""
    if text[i] == '"':
        end = _quote_end(text, i)
        if end < 0:
            raise SieError(gettext_noop("a quoted text is not closed"), line)
        return text[i + 1:end].replace('\\"', '"'), end + 1
    start = i
    while i < len(text) and text[i] not in _BLANKS + "{}":
        i += 1
    return text[start:i], i


# Values


def parse_amount(text: str, line: int, warnings: list[SieWarning]) -> Decimal:
    if _AMOUNT.fullmatch(text):
        return _in_range(Decimal(text), text, line)
    if _COMMA_AMOUNT.fullmatch(text):
        warnings.append(_warning(line, gettext_noop("the amount %(text)s has a decimal comma"),
                                 text=text))
        return _in_range(Decimal(text.replace(",", ".")), text, line)
    raise SieError(gettext_noop("%(text)r is not an amount"), line, text=text)


def _in_range(amount: Decimal, text: str, line: int) -> Decimal:
    """Amounts the database holds exactly (14 digits, öre), refused here rather than there."""
    if abs(amount) >= MAX_AMOUNT:
        raise SieError(gettext_noop("the amount %(text)s is too large (at most "
                                    "999 999 999 999.99)"), line, text=text[:40])
    if amount != amount.quantize(CENT):
        raise SieError(gettext_noop("the amount %(text)s has more than two decimals"), line,
                       text=text[:40])
    return amount.quantize(CENT)


def parse_account(value: str, line: int) -> str:
    """Programs write non-numeric accounts ("FEL") that are warned about later; only what no
    chart of accounts can hold is refused."""
    if not value or len(value) > MAX_ACCOUNT_LENGTH:
        raise SieError(gettext_noop("%(text)r is not an account number (at most 10 characters)"),
                       line, text=value[:40])
    return value


def parse_date(text: str, line: int) -> dt.date:
    if not _DATE.fullmatch(text):
        raise SieError(gettext_noop("%(text)r is not a date (YYYYMMDD)"), line, text=text)
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise SieError(gettext_noop("%(text)r is not a date"), line, text=text) from None


def _text(value: Field) -> str:
    return value if isinstance(value, str) else " ".join(value)


def _optional(parts: list[Field], index: int, default: str = "") -> str:
    return _text(parts[index]) if len(parts) > index else default


def _objects(value: Field, line: int) -> tuple[tuple[str, str], ...]:
    if isinstance(value, str):
        if value == "":
            return ()
        raise SieError(gettext_noop("expected an object list in braces"), line)
    if len(value) % 2:
        raise SieError(gettext_noop("an object list holds pairs of dimension and object"), line)
    return tuple(zip(value[::2], value[1::2], strict=True))


def _need(parts: list[Field], count: int, line: int) -> None:
    if len(parts) < count:
        raise SieError(gettext_noop("%(label)s needs at least %(count)s fields"), line,
                       label=_text(parts[0]), count=count - 1)


def _year_index(value: Field, line: int) -> int:
    try:
        return int(_text(value))
    except ValueError:
        raise SieError(gettext_noop("%(text)r is not a year index"), line,
                       text=_text(value)) from None


# The file


def parse(data: bytes) -> SieFile:
    """Read a SIE 4 file; raises SieError naming the line when it cannot be read."""
    text, encoding = decode(data)
    # Only LF (with an optional CR) ends a line: cp437 text holds control characters that
    # str.splitlines() would also break on, which would shift every line number after them.
    lines = [raw.strip() for raw in text.split("\n")]
    if not any(_label_of(line) in HEADER_LABELS for line in lines):
        raise not_sie(text)
    sie = SieFile(encoding=encoding)
    reader = _Reader(sie)
    for number, line in enumerate(lines, start=1):
        reader.read(line, number)
    reader.finish()
    _warn_lost_letters(sie, text)
    _warn_encoding(sie)
    _warn_outside_years(sie)
    _warn_undeclared_accounts(sie)
    return sie


def not_sie(text: str) -> SieError:
    """Why a file is no SIE 4 file, in one line: what it looks like it is instead."""
    head = text.lstrip("\ufeff \t\r\n")[:2000].lower()
    if head.startswith("<?xml") or ("<sie" in head and "xmlns" in head):
        return SieError(gettext_noop("this is a SIE 5 file (XML); Samsyn reads SIE 4 (and "
                                     "1–3): export the year as SIE 4 from the bookkeeping "
                                     "program"), 1)
    if head.startswith("<!doctype html") or "<html" in head:
        return SieError(gettext_noop("this is a web page (HTML), not a SIE file: save the "
                                     "file itself, not the page that links to it"), 1)
    return SieError(gettext_noop("not a SIE file: no #FLAGGA or #SIETYP line"), 1)


def _label_of(line: str) -> str:
    return line.split(None, 1)[0].upper() if line.startswith("#") else ""


class _Reader:
    """Reads the lines in order, tracking the voucher whose { } block is being read."""

    def __init__(self, sie: SieFile) -> None:
        self.sie = sie
        self.voucher: Voucher | None = None
        self.block: int | None = None  # the line of the voucher's "{" once it is open

    def read(self, text: str, number: int) -> None:
        if not text:
            return
        if self.voucher is not None and self.block is None and text != "{":
            raise SieError(gettext_noop("#VER must be followed by a line holding {"),
                           self.voucher.line)
        if text == "{":
            self._open(number)
        elif text == "}":
            self._close(number)
        elif text.startswith("#"):
            self._label(_label_of(text), text, number)
        else:
            self.sie.warnings.append(
                _warning(number, gettext_noop("a line that is not a label is skipped")))

    def finish(self) -> None:
        if self.block is not None:
            raise SieError(gettext_noop("the voucher opened here is never closed with }"),
                           self.block)
        if self.voucher is not None:
            raise SieError(gettext_noop("#VER must be followed by a line holding {"),
                           self.voucher.line)

    def _fields(self, text: str, number: int) -> list[Field]:
        return fields(text, number, self.sie.warnings)

    def _label(self, label: str, text: str, number: int) -> None:
        if label in ROW_KINDS:
            self._row(ROW_KINDS[label], self._fields(text, number), number)
            return
        handler = _HANDLERS.get(label)
        if handler is None:
            return  # unknown labels are skipped unread, as the specification requires
        if self.voucher is not None:
            raise SieError(gettext_noop("%(label)s inside the voucher of line %(voucher)s: "
                                        "is its } missing?"), number,
                           label=label, voucher=self.voucher.line)
        handler(self, self._fields(text, number), number)

    def _open(self, number: int) -> None:
        if self.voucher is None:
            raise SieError(gettext_noop("{ without a #VER before it"), number)
        if self.block is not None:
            raise SieError(gettext_noop("a second { inside a voucher"), number)
        self.block = number

    def _close(self, number: int) -> None:
        if self.voucher is None or self.block is None:
            raise SieError(gettext_noop("} without an open {"), number)
        self.sie.vouchers.append(self.voucher)
        self.sie.warnings.extend(
            _warning(row.line, gettext_noop(
                "#RTRANS without the same row as #TRANS after it; it counts"))
            for row in self.voucher.lone_rtrans()
        )
        self.voucher = None
        self.block = None

    # Labels outside vouchers

    def header_text(self, parts: list[Field], number: int) -> None:
        if len(parts) > 1:
            setattr(self.sie, _TEXT_LABELS[_text(parts[0]).upper()], _text(parts[1]))

    def fiscal_year(self, parts: list[Field], number: int) -> None:
        _need(parts, 4, number)
        start, end = parse_date(_text(parts[2]), number), parse_date(_text(parts[3]), number)
        if start > end:
            raise SieError(gettext_noop("#RAR ends before it starts"), number)
        self.sie.fiscal_years[_year_index(parts[1], number)] = (start, end)

    def account(self, parts: list[Field], number: int) -> None:
        if self._enough(parts, 2, number):
            self.sie.accounts[_text(parts[1])] = _optional(parts, 2)

    def account_type(self, parts: list[Field], number: int) -> None:
        if self._enough(parts, 3, number):
            self.sie.account_types[_text(parts[1])] = _text(parts[2]).upper()

    def dimension(self, parts: list[Field], number: int) -> None:
        if self._enough(parts, 2, number):
            self.sie.dimensions[_text(parts[1])] = _optional(parts, 2)

    def object_entry(self, parts: list[Field], number: int) -> None:
        if self._enough(parts, 3, number):
            self.sie.objects[(_text(parts[1]), _text(parts[2]))] = _optional(parts, 3)

    def balance(self, parts: list[Field], number: int) -> None:
        _need(parts, 4, number)
        target = getattr(self.sie, _BALANCE_LABELS[_text(parts[0]).upper()])
        key = (_year_index(parts[1], number), parse_account(_text(parts[2]), number))
        target[key] = parse_amount(_text(parts[3]), number, self.sie.warnings)

    def voucher_label(self, parts: list[Field], number: int) -> None:
        _need(parts, 4, number)
        registered = _optional(parts, 5)
        if registered:
            parse_date(registered, number)  # not kept, but a broken date is a broken file
        self.voucher = Voucher(
            series=_text(parts[1]), number=_text(parts[2]),
            date=parse_date(_text(parts[3]), number), text=_optional(parts, 4), line=number,
        )

    # Rows inside vouchers

    def _row(self, kind: str, parts: list[Field], number: int) -> None:
        if self.voucher is None or self.block is None:
            raise SieError(gettext_noop("%(label)s outside a voucher"), number,
                           label=f"#{kind.upper()}")
        _need(parts, 4, number)
        date = _optional(parts, 4)
        self.voucher.transactions.append(Transaction(
            account=parse_account(_text(parts[1]), number), objects=_objects(parts[2], number),
            amount=parse_amount(_text(parts[3]), number, self.sie.warnings),
            date=parse_date(date, number) if date else None,
            text=_optional(parts, 5), kind=kind, line=number,
        ))

    def _enough(self, parts: list[Field], count: int, number: int) -> bool:
        """Descriptive labels with fields missing are skipped, not fatal: no amount is lost."""
        if len(parts) >= count:
            return True
        self.sie.warnings.append(
            _warning(number, gettext_noop("%(label)s with fields missing is skipped"),
                     label=_text(parts[0])))
        return False


_TEXT_LABELS = {
    "#PROGRAM": "program", "#FORMAT": "declared_format", "#SIETYP": "sie_type",
    "#FNAMN": "company", "#ORGNR": "org_number", "#VALUTA": "currency",
}
_BALANCE_LABELS = {"#IB": "opening_balances", "#UB": "closing_balances", "#RES": "results"}
# An explicit table rather than a method looked up by name: a label in a file must never
# reach any other method of the reader.
_HANDLERS: dict[str, Callable[[_Reader, list[Field], int], None]] = {
    **dict.fromkeys(_TEXT_LABELS, _Reader.header_text),
    **dict.fromkeys(_BALANCE_LABELS, _Reader.balance),
    "#RAR": _Reader.fiscal_year,
    "#KONTO": _Reader.account,
    "#KTYP": _Reader.account_type,
    "#DIM": _Reader.dimension,
    "#UNDERDIM": _Reader.dimension,
    "#OBJEKT": _Reader.object_entry,
    "#VER": _Reader.voucher_label,
}


# Warnings about a file that could be read


def _warn_lost_letters(sie: SieFile, text: str) -> None:
    if "\ufffd" in text:
        sie.warnings.append(_warning(None, gettext_noop(
            "the file holds replacement characters (U+FFFD): some letters were lost "
            "before it was exported")))


def _warn_encoding(sie: SieFile) -> None:
    declared = sie.declared_format.upper()
    expected = DECLARED_ENCODINGS.get(declared)
    if expected is None:
        sie.warnings.append(_warning(
            None, gettext_noop("#FORMAT %(declared)s is not a SIE 4 format; read as %(encoding)s"),
            declared=sie.declared_format, encoding=sie.encoding))
    elif expected != sie.encoding:
        sie.warnings.append(_warning(
            None, gettext_noop("declared %(declared)s (%(expected)s) but written in %(encoding)s"),
            declared=declared or "PC8", expected=expected, encoding=sie.encoding))


def _warn_outside_years(sie: SieFile) -> None:
    if not sie.fiscal_years:
        if sie.vouchers:
            sie.warnings.append(_warning(None, gettext_noop(
                "no #RAR: the vouchers belong to no fiscal year")))
        return
    for voucher in sie.vouchers:
        if not any(start <= voucher.date <= end for start, end in sie.fiscal_years.values()):
            sie.warnings.append(_warning(
                voucher.line, gettext_noop("voucher %(series)s %(number)s is dated %(date)s, "
                                           "outside every fiscal year"),
                series=voucher.series, number=voucher.number, date=voucher.date.isoformat()))


def _warn_undeclared_accounts(sie: SieFile) -> None:
    if not sie.accounts:
        return
    first_use: dict[str, int] = {}
    for row in _all_rows(sie.vouchers):
        if row.account not in sie.accounts:
            first_use.setdefault(row.account, row.line)
    sie.warnings.extend(
        _warning(line, gettext_noop(
            "account %(account)s is used but not in the chart of accounts (#KONTO)"),
            account=account)
        for account, line in first_use.items()
    )


def _all_rows(vouchers: Iterable[Voucher]) -> Iterable[Transaction]:
    return (row for voucher in vouchers for row in voucher.transactions)


# Figures


def is_result_account(account: str) -> bool:
    return account.isascii() and account.isdigit() and (
        FIRST_RESULT_ACCOUNT <= int(account) <= LAST_RESULT_ACCOUNT)


def result_by_account(sie: SieFile, year: int = 0) -> dict[str, Decimal]:
    """Booked income-statement amounts per account, over the vouchers dated in `year`."""
    if year not in sie.fiscal_years:
        return {}
    return result_between(sie, *sie.fiscal_years[year])


def result_between(sie: SieFile, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """Booked income-statement amounts per account, over the vouchers dated start–end."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for voucher in sie.vouchers:
        if start <= voucher.date <= end:
            for row in voucher.booked():
                if is_result_account(row.account):
                    sums[row.account] += row.amount
    return {account: sums[account] for account in sorted(sums) if sums[account]}


def declared_result_by_account(sie: SieFile, year: int = 0) -> dict[str, Decimal]:
    """The file's own #RES lines for `year`, sorted by account."""
    return {account: amount
            for (index, account), amount in sorted(sie.results.items())
            if index == year}


def unbalanced_vouchers(sie: SieFile) -> list[Voucher]:
    return [voucher for voucher in sie.vouchers if voucher.balance() != 0]
