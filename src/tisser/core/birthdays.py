"""Birthdays and anniversaries, with or without the year, and the ones coming up.

An address book knows ``1980-03-15`` for some people and only ``--03-15`` for others (the
year is a secret, or unknown); Apple writes a missing year as 1604. tisser keeps them as
ISO text: ``YYYY-MM-DD`` or ``--MM-DD``, so a store column holds either without a fake year.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?$")
_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")
NO_YEAR_MARKS = {1604, 1900}  # what Apple and some Outlook exports write for "no year"


def parse_partial(text: str) -> str:
    """``text`` from a card or a form as ``YYYY-MM-DD`` or ``--MM-DD``; "" when not a date."""
    text = text.strip()
    m = _FULL.match(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        if not _valid(mo, d):
            return ""
        if y in NO_YEAR_MARKS:
            return f"--{mo:02d}-{d:02d}"
        try:
            return date(y, mo, d).isoformat()
        except ValueError:
            return ""
    m = _NO_YEAR.match(text)
    if m and _valid(int(m.group(1)), int(m.group(2))):
        return f"--{int(m.group(1)):02d}-{int(m.group(2)):02d}"
    return ""


def _valid(month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    try:
        date(2000, month, day)  # a leap year: 29 February is a valid birthday
    except ValueError:
        return False
    return True


def month_day(value: str) -> tuple[int, int] | None:
    """The (month, day) of a stored value, None when empty or unreadable."""
    if not value:
        return None
    value = parse_partial(value)
    if not value:
        return None
    return int(value[-5:-3]), int(value[-2:])


def year_of(value: str) -> int | None:
    """The year of a stored value, None when it has none."""
    return int(value[:4]) if value and not value.startswith("--") else None


def next_occurrence(value: str, today: date) -> date | None:
    """The next day (today included) this birthday falls on; 29 Feb falls on 28 Feb."""
    md = month_day(value)
    if md is None:
        return None
    for year in (today.year, today.year + 1):
        try:
            day = date(year, *md)
        except ValueError:
            day = date(year, md[0], 28)
        if day >= today:
            return day
    return None


def coming(
    values: dict[int, str], today: date, days: int = 7
) -> list[tuple[int, date, int | None]]:
    """The (id, day, age reached) of the values falling within ``days`` from today, soonest
    first; the age is None when the year is unknown."""
    end = today + timedelta(days=days)
    out: list[tuple[int, date, int | None]] = []
    for key, value in values.items():
        day = next_occurrence(value, today)
        if day is None or day >= end:
            continue
        year = year_of(value)
        out.append((key, day, day.year - year if year else None))
    out.sort(key=lambda item: (item[1], item[0]))
    return out
