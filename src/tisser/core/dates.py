"""Dates as people type them, in French or English.

``"2026-11-20"``, ``"20/11/2026"``, ``"today"``/``"aujourd'hui"``, ``"yesterday"``/``"hier"``,
and durations back from today (``"3d"``, ``"2w"``/``"2sem"``, ``"6m"``/``"6mois"``, ``"1y"``/
``"1an"``). ``today`` is always passed in, so tests and demos are reproducible.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, tzinfo

from tisser.core.errors import N_, InvalidInput
from tisser.core.names import fold

_DURATION = re.compile(r"^(\d+)\s*([a-z]+)$")
_UNITS_DAYS = {
    "d": 1,
    "j": 1,
    "day": 1,
    "days": 1,
    "jour": 1,
    "jours": 1,
    "w": 7,
    "sem": 7,
    "week": 7,
    "weeks": 7,
    "semaine": 7,
    "semaines": 7,
}
_UNITS_MONTHS = {
    "m": 1,
    "mo": 1,
    "month": 1,
    "months": 1,
    "mois": 1,
    "y": 12,
    "a": 12,
    "an": 12,
    "ans": 12,
    "year": 12,
    "years": 12,
    "annee": 12,
    "annees": 12,
}
_WORDS = {"today": 0, "aujourd'hui": 0, "aujourdhui": 0, "yesterday": 1, "hier": 1, "avant-hier": 2}


def parse_date(text: str, today: date) -> date:
    """A calendar date from what the user typed; :class:`InvalidInput` if unreadable."""
    value = fold(text).replace("’", "'")
    if value in _WORDS:
        return today - timedelta(days=_WORDS[value])
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    match = _DURATION.match(value.replace(" ", ""))
    if match and match.group(2) in _UNITS_DAYS:
        return today - timedelta(days=int(match.group(1)) * _UNITS_DAYS[match.group(2)])
    if match and match.group(2) in _UNITS_MONTHS:
        return months_before(today, int(match.group(1)) * _UNITS_MONTHS[match.group(2)])
    raise InvalidInput(
        N_("cannot read the date {text!r}"),
        hint=N_("write 2026-11-20, 20/11/2026, yesterday, or a duration like 6m"),
        text=text,
    )


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier, clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 27, -1):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    return date(year, month + 1, min(day.day, 28))


def parse_time(text: str) -> time:
    """``"12:30"``, ``"12h30"`` or ``"9h"`` -> a time of day."""
    value = text.strip().lower().replace("h", ":")
    if value.endswith(":"):
        value += "00"
    try:
        return datetime.strptime(value, "%H:%M").time()
    except ValueError as exc:
        raise InvalidInput(
            N_("cannot read the time {text!r}"), hint=N_("write 12:30 or 12h30"), text=text
        ) from exc


def at(day: date, moment: time, zone: tzinfo) -> datetime:
    """A timezone-aware datetime for ``day`` at ``moment`` in ``zone``."""
    return datetime.combine(day, moment, tzinfo=zone)
