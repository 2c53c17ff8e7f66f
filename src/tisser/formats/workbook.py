"""Spreadsheet files read as the rows a CSV export of them would give: Excel workbooks
(.xlsx) by openpyxl, OpenDocument spreadsheets (.ods, LibreOffice Calc) from their XML; and
an Excel workbook written (:func:`write`), text always kept as text.

Member lists and directories are often kept in Excel or LibreOffice and never saved as
CSV. Both files are ZIP archives: an Excel workbook holds ``xl/workbook.xml``, an
OpenDocument one says ``application/vnd.oasis.opendocument.spreadsheet`` in its
``mimetype``; that tells them apart from an archive of contact files. Cells come back as
text the way a person reads them: a whole number without ``.0`` (a phone typed as a
number, ``612345678``), a date as ``2026-11-23``; formulas give the value last computed.
Line numbers are the sheet's row numbers.

In an OpenDocument file, a run of identical cells or rows is written once with a repeat
count (LibreOffice writes the empty columns up to the last one, 16,384, that way): empty
runs only move the count on, and a row's cells stop at :data:`MAX_COLUMNS`.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from tisser.core.errors import N_, InvalidInput

Rows = list[tuple[int, list[str]]]


ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"
MAX_COLUMNS = 1024
MAX_ROWS_REPEATED = 1000  # a filled row written once "repeated" more is not a contact list
MAX_UNZIPPED = 256 * 1024 * 1024  # a workbook's parts once unzipped, as for an archive's file
SUFFIXES = ("xlsx", "xlsm", "ods")
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def kind(data: bytes) -> str:
    """``"xlsx"``, ``"ods"`` or ``""`` (not a spreadsheet file), whatever the file's name."""
    if data[:4] != b"PK\x03\x04":
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "content.xml" in names and "mimetype" in names:
                if z.getinfo("mimetype").file_size > 2 * len(ODS_TYPE):  # never inflate a bomb
                    return ""
                return "ods" if z.read("mimetype").strip() == ODS_TYPE else ""
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return ""
    return ""


def is_workbook(data: bytes) -> bool:
    """Whether ``data`` is an Excel or OpenDocument spreadsheet file."""
    return bool(kind(data))


def sheets(data: bytes) -> list[tuple[str, Rows]]:
    """Each sheet's name and rows (blank rows left out); InvalidInput if unreadable."""
    _refuse_zip_bomb(data)
    if kind(data) == "ods":
        return _ods_sheets(data)
    return _xlsx_sheets(data)


def _xlsx_sheets(data: bytes) -> list[tuple[str, Rows]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _unreadable(exc) from exc
    try:
        out: list[tuple[str, Rows]] = []
        for sheet in book.worksheets:
            rows: Rows = []
            for line, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [cell_text(c) for c in row]
                if any(cells):
                    rows.append((line, cells))
            out.append((sheet.title, rows))
        return out
    except Exception as exc:  # a sheet cut short or malformed XML inside
        raise _unreadable(exc) from exc
    finally:
        book.close()


def _ods_sheets(data: bytes) -> list[tuple[str, Rows]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = fromstring(z.read("content.xml"))
    except (
        zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, zlib.error,
        RuntimeError, NotImplementedError,  # encrypted, or an unknown compression
        DefusedXmlException, SyntaxError,  # ParseError is a SyntaxError
    ) as exc:  # fmt: skip
        raise _unreadable(exc) from exc
    out: list[tuple[str, Rows]] = []
    for table in root.iter(f"{_TABLE}table"):
        rows: Rows = []
        line = 0
        for row in table.iter(f"{_TABLE}table-row"):
            repeat = _count(row, "number-rows-repeated")
            cells = _ods_cells(row)
            if any(cells):
                rows += [(line + k + 1, list(cells)) for k in range(min(repeat, MAX_ROWS_REPEATED))]
            line += repeat
        out.append((table.get(f"{_TABLE}name", ""), rows))
    return out


def _ods_cells(row: Element) -> list[str]:
    cells: list[str] = []
    for cell in row:
        if cell.tag not in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            continue
        repeat = min(_count(cell, "number-columns-repeated"), MAX_COLUMNS - len(cells))
        cells += [_ods_value(cell)] * repeat
        if len(cells) >= MAX_COLUMNS:
            break
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _count(element: Element, attribute: str) -> int:
    text = element.get(f"{_TABLE}{attribute}", "1")
    return max(1, int(text)) if text.isdigit() else 1


def _ods_value(cell: Element) -> str:
    """A cell's value as LibreOffice shows it (numbers and dates by their value)."""
    kind_ = cell.get(f"{_OFFICE}value-type", "")
    if kind_ in ("float", "percentage", "currency"):
        value = cell.get(f"{_OFFICE}value", "")
        try:
            return cell_text(float(value))
        except ValueError:
            return value
    if kind_ == "date":
        value = cell.get(f"{_OFFICE}date-value", "")
        return value[:10] if value.endswith("T00:00:00") else value
    if kind_ == "boolean":
        return "TRUE" if cell.get(f"{_OFFICE}boolean-value") == "true" else "FALSE"
    return "\n".join(_text(p) for p in cell.iter(f"{_TEXT}p")).strip()


def _text(element: Element) -> str:
    """The text of a paragraph: spans followed, ``<text:s text:c="3"/>`` as 3 spaces."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{_TEXT}s":
            parts.append(" " * _count_text(child))
        elif child.tag == f"{_TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{_TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _count_text(element: Element) -> int:
    text = element.get(f"{_TEXT}c", "1")
    return min(int(text), 100) if text.isdigit() else 1


def _refuse_zip_bomb(data: bytes) -> None:
    """InvalidInput when the workbook's parts would pass :data:`MAX_UNZIPPED` once unzipped.

    Why: openpyxl and the OpenDocument reader inflate whole parts (shared strings, the
    content) before reading them, so a few hundred KB could take gigabytes. The sizes the
    file declares are what :mod:`zipfile` gives at most (it stops there), so summing them
    refuses a bomb before anything is inflated.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unzipped = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return  # the readers below say why it cannot be read
    if unzipped > MAX_UNZIPPED:
        raise InvalidInput(
            N_("spreadsheet file too large once unzipped (over {mb} MB)"),
            hint=N_("save it as CSV, or split it into smaller files"),
            mb=MAX_UNZIPPED // (1024 * 1024),
        )


def _unreadable(exc: Exception) -> InvalidInput:
    return InvalidInput(
        N_("not a readable spreadsheet file: {reason}"),
        hint=N_("open it in a spreadsheet and save it again, or save it as CSV"),
        reason=str(exc) or type(exc).__name__,
    )


def cell_text(value: object) -> str:
    """A cell's value as Excel shows it: ``612345678.0`` -> ``"612345678"``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def write(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """An .xlsx of one sheet: a bold header, frozen and with filters, then ``rows``.

    A text cell starting with ``=`` is written as text, never as a formula: a contact
    named ``=HYPERLINK(...)`` cannot run when the file is opened (what the formula-safe
    CSV does with a quote, a workbook does by the cell's type). Control characters, which
    the format cannot hold (a vertical tab from an old vCard), are left out. Dates stay
    dates.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])  # Excel's limit on a sheet's name
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, name, bold) for name in header])
    count = 0
    for row in rows:
        sheet.append([_cell(sheet, v) for v in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(max(1, len(header)))}{count + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: object, value: object) -> object:
    """What to append for ``value``: itself, or a text cell when it could pass for a formula."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = str(ILLEGAL_CHARACTERS_RE.sub("", value))
    return _text_cell(sheet, text) if text.startswith("=") else text


def _text_cell(sheet: object, value: str, font: object = None) -> object:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell
