"""Events from an iCalendar (.ics) file: a club's calendar export, a conference's programme.

Each ``VEVENT`` is read on its own, with the ``icalendar`` package (RFC 5545), inside a
calendar holding the file's ``VTIMEZONE`` blocks: one broken event is reported by its number
and line and the others are still read (khard's ``--skip-unparsable`` habit). What is read:

* ``SUMMARY`` (the title, required) and ``DTSTART`` (required; a date alone is an all-day
  event starting at midnight local time, a floating time is local time);
* ``DTEND`` or ``DURATION`` (default 2 hours; an all-day event counts 8 hours a day);
* ``RRULE`` kept as text (expanded by :func:`tisser.core.events.occurrences`);
* ``LOCATION`` (its last part, postcode dropped, is the city), ``ORGANIZER`` (its CN),
  ``URL``, ``UID`` (a second import updates the entry instead of duplicating it),
  ``DESCRIPTION`` (the notes; a price written "25 €" or "25 EUR" is the entry fee);
* ``CATEGORIES`` and the title give the kind (afterwork, salon, conférence, petit-déjeuner…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from tisser.core.errors import N_, InvalidInput
from tisser.core.events import Event, EventKind, check_event
from tisser.core.names import fold

DEFAULT_MINUTES = 120
ALL_DAY_MINUTES = 480
_FEE = re.compile(r"(\d+(?:[.,]\d{1,2})?)\s*(?:€|eur\b|euros?\b)", re.I)
_POSTCODE = re.compile(r"^\s*\d{4,5}\s*")
KIND_WORDS: list[tuple[str, EventKind]] = [
    ("afterwork", EventKind.AFTERWORK),
    ("after work", EventKind.AFTERWORK),
    ("apero", EventKind.AFTERWORK),
    ("salon", EventKind.SALON),
    ("fair", EventKind.SALON),
    ("forum", EventKind.SALON),
    ("conference", EventKind.CONFERENCE),
    ("congres", EventKind.CONFERENCE),
    ("summit", EventKind.CONFERENCE),
    ("petit-dejeuner", EventKind.BREAKFAST),
    ("petit dejeuner", EventKind.BREAKFAST),
    ("breakfast", EventKind.BREAKFAST),
    ("diner", EventKind.DINNER),
    ("dinner", EventKind.DINNER),
    ("atelier", EventKind.WORKSHOP),
    ("workshop", EventKind.WORKSHOP),
    ("padel", EventKind.SPORT),
    ("golf", EventKind.SPORT),
    ("running", EventKind.SPORT),
    ("tennis", EventKind.SPORT),
    ("voile", EventKind.SPORT),
    ("alumni", EventKind.ALUMNI),
    ("business club", EventKind.BUSINESS_CLUB),
    ("association", EventKind.ASSOCIATION),
    ("club", EventKind.CLUB),
]


@dataclass(slots=True)
class IcsReport:
    """What an .ics file gave: the events read, and one error per VEVENT that was not."""

    events: list[Event] = field(default_factory=list)
    problems: list[InvalidInput] = field(default_factory=list)
    total: int = 0


def _unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: a line starting with a space or a tab continues the previous one."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def _blocks(lines: list[str], name: str) -> list[tuple[int, list[str] | None]]:
    """(first line number, lines) of each ``name`` block; None lines when it never ends."""
    found: list[tuple[int, list[str] | None]] = []
    current: list[str] | None = None
    start = 0
    depth = 0
    for number, line in enumerate(lines, 1):
        upper = line.strip().upper()
        if upper == f"BEGIN:{name}":
            if current is not None:  # a new one opens before the last ended
                found.append((start, None))
            current, start, depth = [line], number, 0
            continue
        if current is None:
            continue
        current.append(line)
        if upper.startswith("BEGIN:"):
            depth += 1
        elif upper.startswith("END:") and depth:
            depth -= 1
        elif upper == f"END:{name}":
            found.append((start, current))
            current = None
    if current is not None:
        found.append((start, None))
    return found


def guess_kind(*texts: str) -> EventKind:
    """The kind the words of a title or categories suggest (OTHER when none does)."""
    folded = " ".join(fold(t) for t in texts)
    for word, kind in KIND_WORDS:
        if word in folded:
            return kind
    return EventKind.OTHER


def _moment(value: Any, zone: ZoneInfo) -> tuple[datetime, bool]:
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=zone)), False
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=zone), True
    raise ValueError(f"not a date: {value!r}")


def _city(location: str) -> str:
    part = location.split(",")[-1] if location else ""
    return _POSTCODE.sub("", part).strip()


def _event_from(component: Any, zone: ZoneInfo, owner_id: int) -> Event:
    title = str(component.get("SUMMARY", "")).strip()
    if not title:
        raise InvalidInput(N_("the event has no SUMMARY (title)"))
    start_prop = component.get("DTSTART")
    if start_prop is None:
        raise InvalidInput(N_("the event has no DTSTART (start)"))
    start, all_day = _moment(start_prop.dt, zone)
    minutes = ALL_DAY_MINUTES if all_day else DEFAULT_MINUTES
    if component.get("DTEND") is not None:
        end, _ = _moment(component.get("DTEND").dt, zone)
        span = end - start
        if span < timedelta(0):
            raise InvalidInput(N_("the event ends before it starts"))
        minutes = (
            max(1, span.days) * ALL_DAY_MINUTES if all_day else int(span.total_seconds() // 60)
        )
    elif component.get("DURATION") is not None:
        minutes = int(component.get("DURATION").dt.total_seconds() // 60)
    rule = component.get("RRULE")
    rrule = rule.to_ical().decode() if rule is not None else ""
    location = str(component.get("LOCATION", "")).strip()
    description = str(component.get("DESCRIPTION", "")).strip()
    categories = component.get("CATEGORIES")
    cats: list[str] = []
    for entry in categories if isinstance(categories, list) else [categories] if categories else []:
        cats.extend(str(c) for c in getattr(entry, "cats", [entry]))
    organizer = component.get("ORGANIZER")
    fee = _FEE.search(description)
    event = Event(
        owner_id=owner_id,
        title=title,
        kind=guess_kind(" ".join(cats), title),
        starts_at=start,
        rrule=rrule,
        duration_minutes=minutes,
        place=location,
        city=_city(location),
        organizer=str(organizer.params.get("CN", "")) if organizer is not None else "",
        url=str(component.get("URL", "")),
        entry_fee=float(fee.group(1).replace(",", ".")) if fee else 0.0,
        notes=description,
        uid=str(component.get("UID", "")).strip(),
    )
    return check_event(event)


def read_ics(data: bytes | str, source: str, zone: ZoneInfo, owner_id: int = 1) -> IcsReport:
    """The events of an .ics file; a VEVENT that cannot be read becomes a problem naming it
    (``FILE, event N (line L)``) and the rest are still read."""
    text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
    lines = _unfold(text)
    if not any(line.strip().upper() == "BEGIN:VCALENDAR" for line in lines):
        raise InvalidInput(
            N_("{file} is not an iCalendar file (no BEGIN:VCALENDAR)"),
            where=source,
            hint=N_("export the calendar as .ics and try again"),
            file=source,
        )
    zones = [b for _, b in _blocks(lines, "VTIMEZONE") if b is not None]
    report = IcsReport()
    for number, (line_no, block) in enumerate(_blocks(lines, "VEVENT"), 1):
        report.total += 1
        where = f"{source}, event {number} (line {line_no})"
        try:
            if block is None:
                raise InvalidInput(N_("the event never ends (END:VEVENT is missing)"))
            wrapped = ["BEGIN:VCALENDAR", "VERSION:2.0", *(ln for z in zones for ln in z), *block]
            calendar = icalendar.Calendar.from_ical("\r\n".join([*wrapped, "END:VCALENDAR"]))
            component = next(iter(calendar.walk("VEVENT")))
            report.events.append(_event_from(component, zone, owner_id))
        except InvalidInput as problem:
            problem.where = where
            report.problems.append(problem)
        except Exception as exc:  # icalendar raises ValueError, KeyError, TypeError...
            report.problems.append(
                InvalidInput(
                    N_("cannot read this event: {reason}"),
                    where=where,
                    hint=N_("fix or remove it in the file; the other events were read"),
                    reason=str(exc) or type(exc).__name__,
                )
            )
    return report
