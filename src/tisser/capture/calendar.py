"""Calendars: ``.ics`` files (Google Calendar, Outlook, Thunderbird) and CalDAV.

Only meetings with at least one other attendee become interactions; recurrences are
expanded with ``recurring-ical-events`` inside the sync window (from two years ago, or the
``--since`` date, to now: the journal holds what happened). Cancelled events, events the
user declined and events with nobody else are left out, each counted. An occurrence's key
is its UID and RECURRENCE-ID (or start, for an expanded one): re-reading the calendar adds
nothing, and a moved event keeps its key and moves its interaction (see
:data:`tisser.capture.sync.MEETINGS`). The same events read from an ``.ics`` file or from
a CalDAV server give the same interactions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

from tisser.capture import filters as f
from tisser.capture.headers import digest
from tisser.capture.model import Batch, Message, Party, Problem
from tisser.capture.parties import email_party
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel

WINDOW_DAYS = 730
_VIDEO = re.compile(r"meet\.google|zoom\.us|teams\.microsoft|whereby|jitsi|webex", re.I)

CANCELLED = "cancelled"
DECLINED = "declined"
ALONE = "no_other_attendee"


def window(now: datetime, since: datetime | None) -> tuple[datetime, datetime]:
    return (since or now - timedelta(days=WINDOW_DAYS)), now


def _moment(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(12, 0), UTC)
    raise ValueError("no start")


def _party(prop: Any) -> Party | None:
    text = str(prop)
    if text.lower().startswith("mailto:"):
        text = text[7:]
    name = ""
    params = getattr(prop, "params", {}) or {}
    name = str(params.get("CN", "") or "")
    return email_party(text, name)


def _key(ev: Any, start: datetime, series: set[str]) -> str:
    """UID + RECURRENCE-ID for an occurrence of a series; the UID alone for a single event,
    so that moving it keeps its key (the expander gives every event a RECURRENCE-ID)."""
    uid = str(ev.get("UID", "")) or f"no-uid:{ev.get('SUMMARY', '')}"
    rid = ev.get("RECURRENCE-ID")
    if uid not in series:
        occ = "single"
    elif rid is not None:
        occ = _moment(rid.dt).isoformat()
    else:
        occ = start.isoformat()

    return f"{uid}|{occ}"


def occurrences(
    cal: icalendar.Calendar, start: datetime, end: datetime, own: set[str], where: str
) -> Iterator[Message | Problem]:
    """The meetings of a calendar in the window, as messages (one per occurrence)."""
    try:
        events = recurring_ical_events.of(cal).between(start, end)
    except Exception as exc:
        yield Problem(
            where, N_("recurrences not readable ({error})"), {"error": type(exc).__name__}
        )
        return
    series = {
        str(c.get("UID", ""))
        for c in cal.walk("VEVENT")
        if any(c.get(k) is not None for k in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }
    for ev in events:
        if ev.name != "VEVENT":
            continue
        try:
            at = _moment(ev.get("DTSTART").dt)
        except (AttributeError, ValueError):
            yield Problem(where, N_("an event without a start was left out"), reason=f.NO_DATE)
            continue
        label = f"{where}: {str(ev.get('UID', ''))[:60]}"
        if str(ev.get("STATUS", "")).upper() == "CANCELLED":
            yield Problem(label, "", reason=CANCELLED)
            continue
        attendees = ev.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        organizer = ev.get("ORGANIZER")
        others: list[Party] = []
        declined = False
        for a in attendees:
            p = _party(a)
            if p is None:
                continue
            if p.address in own:
                if str(a.params.get("PARTSTAT", "")).upper() == "DECLINED":
                    declined = True
                continue
            if str(a.params.get("PARTSTAT", "")).upper() != "DECLINED":
                others.append(p)
        org = _party(organizer) if organizer is not None else None
        if (
            org is not None
            and org.address not in own
            and org.address not in {p.address for p in others}
        ):
            others.append(org)
        if declined:
            yield Problem(label, "", reason=DECLINED)
            continue
        if not others:
            yield Problem(label, "", reason=ALONE)
            continue
        mine = org is None or org.address in own
        text = f"{ev.get('LOCATION', '')} {ev.get('DESCRIPTION', '')} {ev.get('URL', '')}"
        key = _key(ev, at, series)
        yield Message(
            key=digest(f"{key}|{at.isoformat()}"),  # a moved event is read anew
            thread=digest(key),
            at=at,
            sender=None,
            recipients=others,
            channel=Channel.VIDEO if _VIDEO.search(text) else Channel.IN_PERSON,
            outgoing=mine,
            subject=str(ev.get("SUMMARY", "")),
            where=label,
        )


def _batches(
    items: Iterable[Message | Problem], state: dict[str, Any], size: int = 2000
) -> Iterator[Batch]:
    messages: list[Message] = []
    problems: list[Problem] = []
    for item in items:
        (messages if isinstance(item, Message) else problems).append(item)
        if len(messages) + len(problems) >= size:
            yield Batch(messages, state, len(messages), problems)
            messages, problems = [], []
    yield Batch(messages, state, len(messages), problems)


def read_ics(path: Path, own: set[str], now: datetime, since: datetime | None) -> Iterator[Batch]:
    """The meetings of an ``.ics`` file (or of every ``.ics`` in a folder)."""
    files = [path] if path.is_file() else sorted(path.rglob("*.ics"))
    start, end = window(now, since)

    def items() -> Iterator[Message | Problem]:
        for file in files:
            try:
                cal = icalendar.Calendar.from_ical(file.read_bytes())
            except (OSError, ValueError) as exc:
                yield Problem(
                    file.name,
                    N_("not a readable calendar ({error})"),
                    {"error": type(exc).__name__},
                )
                continue
            yield from occurrences(cal, start, end, own, file.name)

    yield from _batches(items(), {"read_at": now.isoformat()})


def read_caldav(
    url: str,
    user: str,
    password: str,
    own: set[str],
    now: datetime,
    since: datetime | None,
    name: str,
    timeout: float = 30.0,
) -> Iterator[Batch]:
    """The meetings of every calendar of a CalDAV account (``caldav`` client)."""
    import caldav
    import requests
    from caldav.lib import error as dav_error

    start, end = window(now, since)

    def fail(exc: BaseException) -> InvalidInput:
        if isinstance(exc, dav_error.AuthorizationError):
            return InvalidInput(
                N_("{url} refused the user name or the password"),
                where=name,
                hint=N_("check them, or the app password"),
                url=url,
            )
        if isinstance(exc, dav_error.NotFoundError):
            return InvalidInput(
                N_("no calendar at {url}"),
                where=name,
                hint=N_("check the address of the CalDAV account"),
                url=url,
            )
        if any("Timeout" in k.__name__ for k in type(exc).__mro__):
            return InvalidInput(
                N_("{url} did not answer in time"), where=name, hint=N_("try again later"), url=url
            )
        return InvalidInput(
            N_("the CalDAV server {url} failed ({error})"),
            where=name,
            hint=N_("try again later; nothing was changed"),
            url=url,
            error=type(exc).__name__,
        )

    def items() -> Iterator[Message | Problem]:
        try:
            client = caldav.DAVClient(url=url, username=user, password=password, timeout=timeout)
            calendars = client.principal().calendars()
        except (dav_error.DAVError, requests.RequestException, OSError) as exc:
            raise fail(exc) from None
        for calendar in calendars:
            label = str(calendar.url).rstrip("/").rsplit("/", 1)[-1]
            try:
                found = calendar.search(start=start, end=end, event=True, expand=False)
            except (dav_error.DAVError, requests.RequestException, OSError) as exc:
                raise fail(exc) from None
            for obj in found:
                yield from occurrences(obj.icalendar_instance, start, end, own, label)

    yield from _batches(items(), {"read_at": now.isoformat()})
