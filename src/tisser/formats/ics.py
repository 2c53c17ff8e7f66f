"""The week's plan as iCalendar (RFC 5545), with the ``icalendar`` package.

Each action becomes a VEVENT (default: calendars such as khal, Thunderbird or Google show
events) or a VTODO (task lists), with a stable UID (the same action keeps its UID from one
export to the next, so re-importing updates instead of duplicating), DTSTAMP, and times in
the user's zone, described by a VTIMEZONE (Europe/Paris by default) as RFC 5545 §3.6.5 asks
when a TZID is used. Actions of a day are laid out one after the other from 9:00.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from tisser import __version__

DAY_START = time(9, 0)
UID_DOMAIN = "tisser.local"


@dataclass(frozen=True, slots=True)
class Entry:
    """One action as the calendar shows it (texts already in the user's language)."""

    uid: str
    day: date
    minutes: int
    summary: str
    description: str
    category: str
    done: bool = False
    start: datetime | None = None  # an entry with a time (a chosen event) is always a VEVENT


def calendar(
    entries: Sequence[Entry],
    zone: str = "Europe/Paris",
    todo: bool = False,
    name: str = "tisser",
    language: str = "fr",
    stamp: datetime | None = None,
) -> bytes:
    """The iCalendar document for ``entries``."""
    tz = ZoneInfo(zone)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//tisser//tisser {__version__}//{language.upper()}")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    moment = (stamp or datetime.now(UTC)).astimezone(UTC)
    cursor: dict[date, datetime] = {}
    for e in sorted(entries, key=lambda e: e.day):
        start = cursor.get(e.day) or datetime.combine(e.day, DAY_START, tzinfo=tz)
        end = start + timedelta(minutes=max(e.minutes, 5))
        cursor[e.day] = end
        item: icalendar.Component = icalendar.Todo() if todo else icalendar.Event()
        item.add("uid", f"{e.uid}@{UID_DOMAIN}")
        item.add("dtstamp", moment)
        item.add("dtstart", start)
        if todo:
            item.add("due", end)
            item.add("status", "COMPLETED" if e.done else "NEEDS-ACTION")
        else:
            item.add("dtend", end)
            item.add("status", "CONFIRMED")
            item.add("transp", "OPAQUE")
        item.add("summary", e.summary)
        if e.description:
            item.add("description", e.description)
        item.add("categories", [e.category])
        cal.add_component(item)
    days = [e.day for e in entries] or [moment.date()]
    # The zone's rules around the plan only: a short VTIMEZONE, not every change since 1970.
    cal.add_missing_timezones(
        first_date=min(days) - timedelta(days=366), last_date=max(days) + timedelta(days=366)
    )
    data: bytes = cal.to_ical()
    return data


def resource(
    e: Entry, zone: str = "Europe/Paris", language: str = "fr", stamp: datetime | None = None
) -> bytes:
    """One entry as a CalDAV resource (a VCALENDAR holding one component, RFC 4791 §4.1):
    a VTODO due on its day, or a VEVENT when it has a time."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//tisser//tisser {__version__}//{language.upper()}")
    cal.add("version", "2.0")
    moment = (stamp or datetime.now(UTC)).astimezone(UTC)
    item: icalendar.Component
    if e.start is not None:
        item = icalendar.Event()
        start = e.start.astimezone(ZoneInfo(zone))
        item.add("dtstart", start)
        item.add("dtend", start + timedelta(minutes=max(e.minutes, 5)))
        item.add("status", "CONFIRMED")
    else:
        item = icalendar.Todo()
        item.add("due", e.day)  # a date: the task of a day, at no particular hour
        item.add("status", "COMPLETED" if e.done else "NEEDS-ACTION")
        if e.done:
            item.add("percent-complete", 100)
    item.add("uid", f"{e.uid}@{UID_DOMAIN}")
    item.add("dtstamp", moment)
    item.add("summary", e.summary)
    if e.description:
        item.add("description", e.description)
    item.add("categories", [e.category])
    cal.add_component(item)
    if e.start is not None:
        cal.add_missing_timezones(
            first_date=e.day - timedelta(days=366), last_date=e.day + timedelta(days=366)
        )
    data: bytes = cal.to_ical()
    return data
