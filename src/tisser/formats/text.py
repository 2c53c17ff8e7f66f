"""Bytes to text the way address books and spreadsheets actually encode them.

Exports come as UTF-8 (with or without a BOM), UTF-16 with a BOM (Outlook, some Windows
tools), or Windows-1252 (older Outlook, Excel "CSV" on a Western Windows). We try them in
that order: a UTF-8 decode that succeeds is almost never wrong on real text, while
Windows-1252 decodes anything, so it comes last; the five bytes it leaves undefined fall
back to Latin-1 so nothing is ever refused.
"""

from __future__ import annotations

import codecs
import csv
import io

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def bom_encoding(data: bytes) -> tuple[str, int]:
    """The encoding a byte-order mark announces and the mark's length; ("", 0) if none.

    A UTF-16 file without a BOM is recognised by its zero bytes (ASCII text in UTF-16 has a
    NUL every other byte).
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    head = data[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        return ("utf-16-le" if head[1] == 0 else "utf-16-be"), 0
    return "", 0


def decode(data: bytes, fallback: str = "cp1252") -> str:
    """``data`` as text: BOM first, then UTF-8, then ``fallback`` (never raises)."""
    encoding, skip = bom_encoding(data)
    if encoding:
        return data[skip:].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_8bit(data, fallback)


def decode_8bit(data: bytes, charset: str = "cp1252") -> str:
    """``data`` in a one-byte ``charset``; bytes it leaves undefined are read as Latin-1."""
    try:
        return data.decode(charset)
    except (LookupError, ValueError):
        try:
            codecs.lookup(charset)
        except (LookupError, ValueError):
            charset = "cp1252"
        return "".join(bytes([b]).decode(charset, errors="ignore") or chr(b) for b in data)


class CsvRows(list[tuple[int, list[str]]]):
    """The rows of a CSV text, and ``unreadable``: (line, reason) of each row the reader could
    not split, which the importers report (a row is never dropped without a word)."""

    unreadable: list[tuple[int, str]]

    def __init__(self) -> None:
        super().__init__()
        self.unreadable = []


def csv_rows(text: str) -> CsvRows:
    """Every CSV row of ``text`` with the line it starts on; the delimiter is sniffed.

    Spreadsheets in French locales save with ``;``; a tab-separated export is possible
    too. Rows spanning lines (quoted newlines in a note) keep their first line number.
    The field limit is raised to the text's length (the csv module's default, 131,072
    characters, made a long note drop its row and every row after it); any row the reader
    still refuses is kept in ``unreadable`` with its line, and reading goes on after it.
    """
    sample = text[:8192]
    delimiter = ","
    first = next((ln for ln in sample.splitlines() if ln.strip()), "")
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    if counts[","] == 0 and max(counts.values()) > 0:
        delimiter = max(counts, key=lambda d: counts[d])
    elif counts[";"] > counts[","] * 2:
        delimiter = ";"
    if csv.field_size_limit() <= len(text):
        csv.field_size_limit(len(text) + 1)  # no field can be longer than the whole text
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows = CsvRows()
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            rows.unreadable.append((start, str(exc)))
            if reader.line_num < start:  # nothing consumed: stop rather than loop
                break
        else:
            rows.append((start, row))
        start = reader.line_num + 1
    return rows


def header_index(rows: list[tuple[int, list[str]]], wanted: set[str], need: int) -> int:
    """The index of the first row holding at least ``need`` of the ``wanted`` headers.

    Headers are compared folded (case, spaces, BOM): LinkedIn puts a preamble of notes
    before its header, so it is found by content, never by position. -1 if none.
    """
    for i, (_, row) in enumerate(rows[:50]):
        cells = {header_cell(c) for c in row}
        if len(cells & wanted) >= need:
            return i
    return -1


def header_cell(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").strip().strip('"').casefold().split())
