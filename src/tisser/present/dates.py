"""Dates as people read them, in their language (``23 nov. 2026``, ``il y a 3 mois``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from tisser.i18n import _, get_language


def format_date(*args: Any, **kwargs: Any) -> str:
    """Babel's ``format_date``, loaded on first use: importing :mod:`babel.dates` (and the
    time-zone lookup it starts) costs every command's start, even ``tisser --help``."""
    from babel.dates import format_date as babel_format_date

    return str(babel_format_date(*args, **kwargs))


def format_timedelta(*args: Any, **kwargs: Any) -> str:
    """Babel's ``format_timedelta``, loaded on first use (see :func:`format_date`)."""
    from babel.dates import format_timedelta as babel_format_timedelta

    return str(babel_format_timedelta(*args, **kwargs))


def human_date(day: date | None) -> str:
    """``23 nov. 2026`` / ``Nov 23, 2026``."""
    if day is None:
        return ""
    return format_date(day, format="medium", locale=get_language())


def ago(day: date | None, today: date) -> str:
    """``il y a 3 mois`` / ``3 months ago``; empty when unknown."""
    if day is None:
        return ""
    delta = day - today
    if delta.days == 0:
        return _("today")
    return format_timedelta(delta, add_direction=True, locale=get_language(), threshold=1.1)
