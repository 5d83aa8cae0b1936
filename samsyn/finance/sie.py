"""Reading SIE 4 bookkeeping exports (4E and 4I), as real programs write them.

The specification (SIE filformat 4B) fixes codepage 437 ("PC8"), yet programs also write
UTF-8 or ISO-8859-15 and still declare PC8, so the encoding is found from the bytes. Unknown
labels are skipped, as the specification tells readers to. #RTRANS is a row added afterwards
and must be followed by the same row as #TRANS for older readers; #BTRANS is a row removed
afterwards. Only the rows that stand in the books count.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

SWEDISH_LETTERS = "åäöÅÄÖéÉ"
RESULT_ACCOUNTS = (3000, 8999)


class SieError(ValueError):
    def __init__(self, message: str, line: int | None = None):
        super().__init__(f"line {line}: {message}" if line else message)
        self.message = message
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
        return (self.account, self.objects, self.amount, self.date, self.text) == (
            other.account, other.objects, other.amount, other.date, other.text)


@dataclass
class Voucher:
    series: str
    number: str
    date: dt.date
    text: str
    line: int
    transactions: list[Transaction] = field(default_factory=list)

    def booked(self) -> list[Transaction]:
        rows = self.transactions
        kept = []
        for i, row in enumerate(rows):
            if row.kind == "trans":
                kept.append(row)
            elif row.kind == "rtrans":
                follower = rows[i + 1] if i + 1 < len(rows) else None
                if follower is None or follower.kind != "trans" or not row.same_row(follower):
                    kept.append(row)
        return kept

    def balance(self) -> Decimal:
        return sum((row.amount for row in self.booked()), Decimal(0))


@dataclass(frozen=True)
class SieWarning:
    line: int | None
    message: str


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
    if data.isascii():
        # Plain ASCII reads the same in every encoding: take the one the specification names.
        return data.decode("ascii"), "cp437"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return text, "utf-8"
    candidates = [(data.decode("cp437"), "cp437"), (data.decode("iso-8859-15"), "iso-8859-15")]
    # Ties (no Swedish letters at all) go to cp437, the encoding the specification names.
    return max(candidates, key=lambda c: (_swedish(c[0]), c[1] == "cp437"))


def _swedish(text: str) -> int:
    return sum(text.count(letter) for letter in SWEDISH_LETTERS)


# Splitting a line into fields


def fields(text: str, line: int,
           warnings: list[SieWarning] | None = None) -> list[str | list[str]]:
    """Fields of one line: quoted strings unquoted, a {...} object list as a list of items.

    A quote left open runs to the end of the line: exports cut long texts that way, and the
    amounts before the text are intact.
    """
    result: list[str | list[str]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in " \t":
            i += 1
        elif char == "{":
            end = text.find("}", i)
            if end < 0:
                raise SieError("an object list opened with { is not closed", line)
            result.append(list(_words(text[i + 1:end], line)))
            i = end + 1
        else:
            if char == '"' and _closing_quote(text, i) < 0:
                if warnings is not None:
                    warnings.append(SieWarning(line, "a quoted text is not closed"))
                result.append(text[i + 1:])
                break
            word, i = _word(text, i, line)
            result.append(word)
    return result


def _closing_quote(text: str, i: int) -> int:
    j = i + 1
    while j < len(text):
        if text[j] == "\\" and j + 1 < len(text) and text[j + 1] == '"':
            j += 2
        elif text[j] == '"':
            return j
        else:
            j += 1
    return -1


def _words(text: str, line: int) -> Iterator[str]:
    i = 0
    while i < len(text):
        if text[i] in " \t":
            i += 1
            continue
        word, i = _word(text, i, line)
        yield word


def _word(text: str, i: int, line: int) -> tuple[str, int]:
    if text[i] != '"':
        start = i
        while i < len(text) and text[i] not in " \t{}":
            i += 1
        return text[start:i], i
    chars = []
    i += 1
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] == '"':
            chars.append('"')
            i += 2
        elif char == '"':
            return "".join(chars), i + 1
        else:
            chars.append(char)
            i += 1
    raise SieError("a quoted text is not closed", line)


# Values


def parse_amount(text: str, line: int, warnings: list[SieWarning]) -> Decimal:
    value = text
    if "," in value and "." not in value:
        warnings.append(SieWarning(line, f"the amount {text} has a decimal comma"))
        value = value.replace(",", ".")
    try:
        amount = Decimal(value)
    except InvalidOperation:
        raise SieError(f"{text!r} is not an amount", line) from None
    if not amount.is_finite():
        raise SieError(f"{text!r} is not an amount", line)
    return amount


def parse_date(text: str, line: int) -> dt.date:
    if len(text) != 8 or not text.isdigit():
        raise SieError(f"{text!r} is not a date (YYYYMMDD)", line)
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        raise SieError(f"{text!r} is not a date", line) from None


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else " ".join(value)


def _objects(value: str | list[str], line: int) -> tuple[tuple[str, str], ...]:
    if isinstance(value, str):
        if value == "":
            return ()
        raise SieError("expected an object list in braces", line)
    if len(value) % 2:
        raise SieError("an object list holds pairs of dimension and object", line)
    return tuple((value[i], value[i + 1]) for i in range(0, len(value), 2))


def _need(parts: list[str | list[str]], count: int, label: str, line: int) -> None:
    if len(parts) < count:
        raise SieError(f"{label} needs at least {count - 1} fields", line)


# The file


def parse(data: bytes) -> SieFile:
    text, encoding = decode(data)
    sie = SieFile(encoding=encoding)
    reader = _Reader(sie)
    # Only LF (with an optional CR) ends a line: cp437 text holds control characters that
    # str.splitlines() would also break on, which would shift every line number after them.
    for number, raw in enumerate(text.split("\n"), start=1):
        reader.line(raw.strip(), number)
    reader.finish()
    if "\ufffd" in text:
        sie.warnings.append(SieWarning(
            None, "the file holds replacement characters (\ufffd): some letters were lost "
                  "before it was exported"))
    if sie.declared_format.upper() == "PC8" and encoding != "cp437":
        sie.warnings.append(SieWarning(None, f"declared PC8 (cp437) but written in {encoding}"))
    _warn_outside_years(sie)
    _warn_undeclared_accounts(sie)
    return sie


class _Reader:
    def __init__(self, sie: SieFile) -> None:
        self.sie = sie
        self.voucher: Voucher | None = None
        self.open_brace: int | None = None
        self.seen_header = False

    def line(self, text: str, number: int) -> None:
        if not text:
            return
        if text == "{":
            if self.voucher is None or self.open_brace is not None:
                raise SieError("{ without a #VER before it", number)
            self.open_brace = number
            return
        if text == "}":
            if self.open_brace is None:
                raise SieError("} without an open {", number)
            assert self.voucher is not None
            self.sie.vouchers.append(self.voucher)
            self.sie.warnings.extend(
                SieWarning(row.line, "#RTRANS without the same row as #TRANS after it; it counts")
                for row in self.voucher.booked() if row.kind == "rtrans"
            )
            self.voucher = None
            self.open_brace = None
            return
        if not text.startswith("#"):
            self.sie.warnings.append(SieWarning(number, "a line that is not a label is skipped"))
            return
        parts = fields(text, number, self.sie.warnings)
        label = _text(parts[0]).upper()
        handler = getattr(self, "_" + label[1:].lower(), None)
        if label in ("#TRANS", "#RTRANS", "#BTRANS"):
            self._row(label[1:].lower(), parts, number)
        elif handler is not None:
            if self.open_brace is not None:
                raise SieError(f"{label} inside a voucher", number)
            handler(parts, number)

    def finish(self) -> None:
        if self.open_brace is not None:
            raise SieError("the voucher opened here is never closed with }", self.open_brace)
        if self.voucher is not None:
            raise SieError("#VER without its { } block", self.voucher.line)
        if not self.seen_header:
            raise SieError("not a SIE file: no #FLAGGA or #SIETYP line", 1)

    # Labels

    def _flagga(self, parts: list, number: int) -> None:
        self.seen_header = True

    def _sietyp(self, parts: list, number: int) -> None:
        self.seen_header = True
        self.sie.sie_type = _text(parts[1]) if len(parts) > 1 else ""

    def _format(self, parts: list, number: int) -> None:
        self.sie.declared_format = _text(parts[1]) if len(parts) > 1 else ""

    def _program(self, parts: list, number: int) -> None:
        self.sie.program = _text(parts[1]) if len(parts) > 1 else ""

    def _fnamn(self, parts: list, number: int) -> None:
        self.sie.company = _text(parts[1]) if len(parts) > 1 else ""

    def _orgnr(self, parts: list, number: int) -> None:
        self.sie.org_number = _text(parts[1]) if len(parts) > 1 else ""

    def _valuta(self, parts: list, number: int) -> None:
        self.sie.currency = _text(parts[1]) if len(parts) > 1 else "SEK"

    def _rar(self, parts: list, number: int) -> None:
        _need(parts, 4, "#RAR", number)
        index = self._index(parts[1], number)
        self.sie.fiscal_years[index] = (parse_date(_text(parts[2]), number),
                                        parse_date(_text(parts[3]), number))

    def _konto(self, parts: list, number: int) -> None:
        if not self._enough(parts, 2, "#KONTO", number):
            return
        self.sie.accounts[_text(parts[1])] = _text(parts[2]) if len(parts) > 2 else ""

    def _ktyp(self, parts: list, number: int) -> None:
        if not self._enough(parts, 3, "#KTYP", number):
            return
        self.sie.account_types[_text(parts[1])] = _text(parts[2])

    def _dim(self, parts: list, number: int) -> None:
        if not self._enough(parts, 2, "#DIM", number):
            return
        self.sie.dimensions[_text(parts[1])] = _text(parts[2]) if len(parts) > 2 else ""

    _underdim = _dim

    def _objekt(self, parts: list, number: int) -> None:
        if not self._enough(parts, 3, "#OBJEKT", number):
            return
        name = _text(parts[3]) if len(parts) > 3 else ""
        self.sie.objects[(_text(parts[1]), _text(parts[2]))] = name

    def _balance(self, target: dict, label: str, parts: list, number: int) -> None:
        _need(parts, 4, label, number)
        key = (self._index(parts[1], number), _text(parts[2]))
        target[key] = parse_amount(_text(parts[3]), number, self.sie.warnings)

    def _ib(self, parts: list, number: int) -> None:
        self._balance(self.sie.opening_balances, "#IB", parts, number)

    def _ub(self, parts: list, number: int) -> None:
        self._balance(self.sie.closing_balances, "#UB", parts, number)

    def _res(self, parts: list, number: int) -> None:
        self._balance(self.sie.results, "#RES", parts, number)

    def _ver(self, parts: list, number: int) -> None:
        if self.voucher is not None:
            raise SieError("#VER without its { } block", self.voucher.line)
        _need(parts, 4, "#VER", number)
        self.voucher = Voucher(
            series=_text(parts[1]), number=_text(parts[2]),
            date=parse_date(_text(parts[3]), number),
            text=_text(parts[4]) if len(parts) > 4 else "", line=number,
        )

    def _row(self, kind: str, parts: list, number: int) -> None:
        if self.voucher is None or self.open_brace is None:
            raise SieError(f"#{kind.upper()} outside a voucher", number)
        _need(parts, 4, f"#{kind.upper()}", number)
        date_text = _text(parts[4]) if len(parts) > 4 else ""
        row = Transaction(
            account=_text(parts[1]), objects=_objects(parts[2], number),
            amount=parse_amount(_text(parts[3]), number, self.sie.warnings),
            date=parse_date(date_text, number) if date_text else None,
            text=_text(parts[5]) if len(parts) > 5 else "", kind=kind, line=number,
        )
        self.voucher.transactions.append(row)

    def _enough(self, parts: list, count: int, label: str, number: int) -> bool:
        """Descriptive labels with fields missing are skipped, not fatal: amounts are intact."""
        if len(parts) >= count:
            return True
        self.sie.warnings.append(SieWarning(number, f"{label} with fields missing is skipped"))
        return False

    def _index(self, value: str | list[str], number: int) -> int:
        try:
            return int(_text(value))
        except ValueError:
            raise SieError(f"{_text(value)!r} is not a year index", number) from None


def _warn_undeclared_accounts(sie: SieFile) -> None:
    if not sie.accounts:
        return
    first_use: dict[str, int] = {}
    for voucher in sie.vouchers:
        for row in voucher.transactions:
            if row.account not in sie.accounts:
                first_use.setdefault(row.account, row.line)
    sie.warnings.extend(
        SieWarning(line, f"account {account} is used but not in the chart of accounts (#KONTO)")
        for account, line in first_use.items()
    )


def _warn_outside_years(sie: SieFile) -> None:
    if not sie.fiscal_years:
        return
    for voucher in sie.vouchers:
        if not any(start <= voucher.date <= end for start, end in sie.fiscal_years.values()):
            sie.warnings.append(SieWarning(
                voucher.line, f"voucher {voucher.series} {voucher.number} is dated "
                              f"{voucher.date.isoformat()}, outside every fiscal year"))


def result_by_account(sie: SieFile, year: int = 0) -> dict[str, Decimal]:
    if year not in sie.fiscal_years:
        return {}
    start, end = sie.fiscal_years[year]
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for voucher in sie.vouchers:
        if not start <= voucher.date <= end:
            continue
        for row in voucher.booked():
            if row.account.isdigit() and (
                RESULT_ACCOUNTS[0] <= int(row.account) <= RESULT_ACCOUNTS[1]
            ):
                sums[row.account] += row.amount
    return {account: sums[account] for account in sorted(sums) if sums[account]}


def declared_result_by_account(sie: SieFile, year: int = 0) -> dict[str, Decimal]:
    return {account: amount
            for (index, account), amount in sorted(sie.results.items())
            if index == year}


def unbalanced_vouchers(sie: SieFile) -> list[Voucher]:
    return [v for v in sie.vouchers if v.balance() != 0]
