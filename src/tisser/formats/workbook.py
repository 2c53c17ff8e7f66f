"""Excel workbooks (.xlsx), read as the rows a CSV export of them would give, by openpyxl.

Member lists and directories are often kept in Excel and never saved as CSV. A workbook is
a ZIP archive holding ``xl/workbook.xml``: it is told apart from an archive of contact files
by that. Cells come back as text the way a person reads them in Excel: a whole number
without ``.0`` (a phone typed as a number, ``612345678``), a date as ``2026-11-23``; formulas
give the value Excel last computed. Line numbers are the sheet's row numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from tisser.core.errors import N_, InvalidInput

Rows = list[tuple[int, list[str]]]


def is_workbook(data: bytes) -> bool:
    """Whether ``data`` is an Excel workbook (.xlsx, .xlsm), whatever the file's name."""
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "xl/workbook.xml" in z.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return False


def sheets(data: bytes) -> list[tuple[str, Rows]]:
    """Each sheet's name and rows (blank rows left out); InvalidInput if unreadable."""
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


def _unreadable(exc: Exception) -> InvalidInput:
    return InvalidInput(
        N_("not a readable Excel workbook: {reason}"),
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
