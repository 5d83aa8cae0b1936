"""Reading uploaded tables and JSON robustly: every importer reads its file through here.

Whatever the bytes, a reader either yields rows or raises `TabularError` with a Swedish message
naming the row or line at fault. Files are read as streams: a CSV is decoded and split in
chunks (a line longer than IMPORT_MAX_LINE is refused before it is held in memory), an XLSX is
measured (uncompressed size, sheet dimensions) before openpyxl expands it, and the number of
rows, the size and the JSON nesting are bounded by the settings IMPORT_MAX_*.

Text is UTF-8 (with or without a byte order mark) or, failing that, Windows-1252 as Excel in
Sweden saves "CSV"; the five bytes Windows-1252 leaves undefined are read as Windows itself
reads them (the C1 control characters), so no byte can stop the decoding. Lines may end in
CR LF, LF or a lone CR.
"""

import codecs
import contextlib
import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _


class TabularError(ValueError):
    """The file cannot be read; the message is for the user, already translated."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_line: int
    max_columns: int
    max_json_depth: int
    max_xlsx_expanded: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS,
            max_line=settings.IMPORT_MAX_LINE, max_columns=settings.IMPORT_MAX_COLUMNS,
            max_json_depth=settings.IMPORT_MAX_JSON_DEPTH,
            max_xlsx_expanded=settings.IMPORT_MAX_XLSX_EXPANDED,
        )


def _windows_c1(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return "".join(chr(b) for b in error.object[error.start:error.end]), error.end


codecs.register_error("samsyn-cp1252", _windows_c1)

_CHUNK = 64 * 1024


def size_of(stream: IO[bytes]) -> int:
    position = stream.tell()
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    stream.seek(position)
    return size


def check_size(stream: IO[bytes], limits: Limits) -> None:
    size = size_of(stream)
    if size > limits.max_bytes:
        raise TabularError(_("The file is %(size)s MB; at most %(max)s MB can be read.") % {
            "size": _mb(size), "max": _mb(limits.max_bytes)})


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def encoding_of(stream: IO[bytes]) -> str:
    """utf-8-sig if every byte is UTF-8, else cp1252; read in chunks, the stream rewound."""
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := stream.read(_CHUNK):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
        found = "utf-8-sig"
    except UnicodeDecodeError:
        found = "cp1252"
    stream.seek(0)
    return found


def decode(data: bytes) -> str:
    """Bytes of a small text file (JSON, a form field) as text, by the same rule."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="samsyn-cp1252")


_ENDING = re.compile(r"\r\n|\r|\n")


def lines(stream: IO[bytes], limits: Limits) -> Iterator[str]:
    """The text's lines with their endings (LF, CR LF or a lone CR), none longer than the limit."""
    encoding = encoding_of(stream)
    text = io.TextIOWrapper(stream, encoding=encoding,
                            errors="samsyn-cp1252" if encoding == "cp1252" else "strict",
                            newline="")
    number = 0
    pending = ""
    try:
        while True:
            chunk = text.read(_CHUNK)
            data = pending + chunk
            pending = ""
            start = 0
            for match in _ENDING.finditer(data):
                # A CR at the very end may be the first half of CR LF: wait for more.
                if match.group() == "\r" and match.end() == len(data) and chunk:
                    break
                number += 1
                if match.start() - start > limits.max_line:
                    raise TabularError(_("Line %(line)s is longer than %(max)s characters.")
                                       % {"line": number, "max": limits.max_line})
                yield data[start:match.end()]
                start = match.end()
            pending = data[start:]
            if len(pending) > limits.max_line:
                raise TabularError(_("Line %(line)s is longer than %(max)s characters.")
                                   % {"line": number + 1, "max": limits.max_line})
            if not chunk:
                if pending:
                    yield pending
                return
    finally:
        with contextlib.suppress(ValueError):  # already closed by the caller
            text.detach()  # the caller owns the stream


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_rows(stream: IO[bytes], limits: Limits) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells), the header being row 1, as a spreadsheet numbers them."""
    check_size(stream, limits)
    source = lines(stream, limits)
    try:
        first = next(source)
    except StopIteration:
        return
    delimiter = _delimiter(first)

    def again() -> Iterator[str]:
        yield first
        yield from source

    # The limit on a field is the limit on a line: a quoted field may span lines.
    csv.field_size_limit(max(limits.max_line, 1024))
    reader = csv.reader(again(), delimiter=delimiter, strict=False)
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise TabularError(_("Row %(row)s cannot be read as CSV (%(reason)s).")
                               % {"row": number + 1, "reason": exc}) from None
        number += 1
        if number > limits.max_rows + 1:
            raise TabularError(_("The file has more than %(max)s rows.")
                               % {"max": limits.max_rows})
        if len(cells) > limits.max_columns:
            raise TabularError(_("Row %(row)s has more than %(max)s columns.")
                               % {"row": number, "max": limits.max_columns})
        yield number, [c.replace("\x00", "") for c in cells]


def xlsx_rows(stream: IO[bytes], limits: Limits) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet; measured before anything is expanded."""
    check_size(stream, limits)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise TabularError(_("The file is not a readable XLSX file.")) from None
    if expanded > limits.max_xlsx_expanded:
        raise TabularError(_("The XLSX file expands to %(size)s MB; at most %(max)s MB can be "
                             "read.") % {"size": _mb(expanded),
                                         "max": _mb(limits.max_xlsx_expanded)})
    stream.seek(0)
    from openpyxl import load_workbook  # noqa: PLC0415 - start-up cost: openpyxl only for a spreadsheet

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows, columns = sheet.max_row, sheet.max_column
    except Exception:  # openpyxl raises many kinds (KeyError, XML errors...) for a bad file
        raise TabularError(_("The file is not a readable XLSX file.")) from None
    if rows is not None and rows > limits.max_rows + 1:
        raise TabularError(_("The file has more than %(max)s rows.") % {"max": limits.max_rows})
    if columns is not None and columns > limits.max_columns:
        # Only the columns in use count: a sheet may claim a wider range than it fills.
        columns = limits.max_columns
    try:
        for number, cells in enumerate(
                sheet.iter_rows(values_only=True, max_col=columns or limits.max_columns),
                start=1):
            if number > limits.max_rows + 1:
                raise TabularError(_("The file has more than %(max)s rows.")
                                   % {"max": limits.max_rows})
            yield number, [_xlsx_value(c) for c in cells]
    except TabularError:
        raise
    except Exception:
        raise TabularError(_("The file is not a readable XLSX file.")) from None
    finally:
        book.close()


def _xlsx_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dt.datetime | dt.date | int | float):
        return value
    return str(value)


def is_xlsx(stream: IO[bytes], filename: str) -> bool:
    stream.seek(0)
    magic = stream.read(2)
    stream.seek(0)
    return filename.lower().endswith(".xlsx") or magic == b"PK"


def table_rows(stream: IO[bytes], filename: str,
               limits: Limits | None = None) -> Iterator[tuple[int, list[Any]]]:
    limits = limits or Limits.from_settings()
    if is_xlsx(stream, filename):
        return xlsx_rows(stream, limits)
    return csv_rows(stream, limits)


def load_json(data: bytes, limits: Limits | None = None) -> Any:
    """JSON text as values; too deep, too large or malformed gives a message with the line."""
    limits = limits or Limits.from_settings()
    if len(data) > limits.max_bytes:
        raise TabularError(_("The file is %(size)s MB; at most %(max)s MB can be read.") % {
            "size": _mb(len(data)), "max": _mb(limits.max_bytes)})
    text = decode(data)
    _check_depth(text, limits.max_json_depth)
    try:
        loaded = json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise TabularError(_("Line %(line)s, column %(column)s: not valid JSON (%(reason)s).")
                           % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}) from None
    except (ValueError, RecursionError):
        raise TabularError(_("The file is not valid JSON.")) from None
    # JSON may escape half of a UTF-16 pair ("\ud800"): a string no database can store, since
    # it has no UTF-8, so every reader would fail at the save. Re-encoding finds one anywhere.
    try:
        json.dumps(loaded, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        raise TabularError(_("The file holds an escaped character that is not a character "
                             "(half of a UTF-16 pair, \\ud800 to \\udfff).")) from None
    return loaded


def _no_constant(name: str) -> Any:
    raise ValueError(name)


def _check_depth(text: str, limit: int) -> None:
    """Counted on the text, outside strings, before the parser recurses into it."""
    depth = 0
    line = 1
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            elif char == "\n":
                line += 1
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                raise TabularError(_("Line %(line)s: the JSON is nested deeper than %(max)s "
                                     "levels.") % {"line": line, "max": limit})
        elif char in "]}":
            depth -= 1
        elif char == "\n":
            line += 1
