"""Values as other programs read them: codes for enums, ISO dates, spreadsheet-safe CSV cells.

Shared by the command line's ``--json``/``--csv`` and the exports (OWASP's CSV-injection
advice: a cell starting with ``=``, ``+``, ``-`` or ``@`` is prefixed with an apostrophe).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """A JSON-ready value: enums as codes, dates as ISO strings, lists kept."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def csv_safe(value: Any) -> str:
    """A CSV cell that no spreadsheet will execute."""
    value = plain(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text
