"""Events, clubs and associations: the catalogue's records and their occurrences.

Seed 004 ("ne pas se disperser"): do not scour every fair or join every association; ask
*why go, whom can I meet there, what can I bring*. Seed 000 §5: too much choice kills
choice; limit it by objectives and the weekly time budget. A catalogue entry therefore says
what it costs (time on site *and* travel, entry fee, yearly membership fee), who is there
(audience sectors, functions, profiles, expected size, the user's own contacts who go) and
what the user can bring; :mod:`tisser.core.event_score` turns that into a value and
:mod:`tisser.core.portfolio` chooses the set that fits the budgets.

One record type covers both one-off or recurring events (afterwork, salon, conference,
breakfast, sports-networking session) and memberships (association, club, alumni network,
business club): a membership is an entry whose kind is a membership kind, with a yearly fee
and usually a recurrence of meetings. An event may require a membership
(``membership_id``): the club's members-only breakfast.

Recurrences are RFC 5545 RRULEs (``FREQ=MONTHLY;BYDAY=1TH``), expanded with dateutil's
``rrulestr``, the reference implementation the icalendar ecosystem uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from dateutil.rrule import rrulestr

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import LOCAL_OWNER_ID
from tisser.core.names import fold


class EventKind(StrEnum):
    """What an entry is; the last four are memberships (a yearly commitment)."""

    AFTERWORK = "afterwork"
    SALON = "salon"
    CONFERENCE = "conference"
    BREAKFAST = "breakfast"
    DINNER = "dinner"
    WORKSHOP = "workshop"
    SPORT = "sport"
    OTHER = "other"
    ASSOCIATION = "association"
    CLUB = "club"
    ALUMNI = "alumni"
    BUSINESS_CLUB = "business_club"


MEMBERSHIP_KINDS = frozenset(
    {EventKind.ASSOCIATION, EventKind.CLUB, EventKind.ALUMNI, EventKind.BUSINESS_CLUB}
)


class Format(StrEnum):
    """The shape of the room, which matters to a réservé (seed 002): a big room of strangers
    costs them far more than a table of eight."""

    SMALL_GROUP = "small_group"
    MIXED = "mixed"
    BIG_ROOM = "big_room"


# Expected sizes at or under this are small groups, over BIG_ROOM_FROM big rooms.
SMALL_GROUP_MAX = 20
BIG_ROOM_FROM = 80
# Meetings a year assumed for a membership that gives no recurrence nor count.
DEFAULT_MEMBERSHIP_MEETINGS = 4


@dataclass(slots=True)
class Event:
    """A catalogue entry: an event (one-off or recurring) or a membership.

    ``starts_at`` is the first occurrence (timezone-aware; a date-only entry starts at
    midnight local time); ``rrule`` is empty for a one-off. ``duration_minutes`` is time on
    site, ``travel_minutes`` the round trip: both count against the weekly budget.
    ``entry_fee`` is paid per occurrence, ``yearly_fee`` once a year (membership fee).
    ``attend_count`` caps how many occurrences a year the user means to attend (None: all).
    ``attendee_ids`` are the user's contacts who go; ``wanted`` the contacts the user wants
    to meet there, each with why.
    """

    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    title: str = ""
    kind: EventKind = EventKind.OTHER
    starts_at: datetime | None = None
    rrule: str = ""
    duration_minutes: int = 120
    travel_minutes: int = 0
    place: str = ""
    city: str = ""
    organizer: str = ""
    url: str = ""
    entry_fee: float = 0.0
    yearly_fee: float = 0.0
    sectors: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    expected_size: int | None = None
    format: Format | None = None
    can_bring: list[str] = field(default_factory=list)
    membership_id: int | None = None
    attend_count: int | None = None
    attendee_ids: list[int] = field(default_factory=list)
    wanted: dict[int, str] = field(default_factory=dict)
    notes: str = ""
    uid: str = ""

    @property
    def is_membership(self) -> bool:
        return self.kind in MEMBERSHIP_KINDS

    @property
    def minutes_per_occurrence(self) -> int:
        """Time one occurrence takes from the week: on site plus travel."""
        return max(0, self.duration_minutes) + max(0, self.travel_minutes)

    @property
    def room(self) -> Format:
        """The format given, else guessed from the expected size (mixed when unknown)."""
        if self.format is not None:
            return self.format
        if self.expected_size is None:
            return Format.MIXED
        if self.expected_size <= SMALL_GROUP_MAX:
            return Format.SMALL_GROUP
        if self.expected_size >= BIG_ROOM_FROM:
            return Format.BIG_ROOM
        return Format.MIXED


def check_event(event: Event) -> Event:
    """``event`` if its values make sense, else :class:`InvalidInput` naming the field."""
    if not event.title.strip():
        raise InvalidInput(N_("an event needs a title"), hint=N_("give it a name"))
    for name in ("duration_minutes", "travel_minutes"):
        if getattr(event, name) < 0:
            raise InvalidInput(N_("{field} cannot be negative"), field=name)
    for name in ("entry_fee", "yearly_fee"):
        value = getattr(event, name)
        if value < 0 or value != value:  # NaN
            raise InvalidInput(N_("{field} cannot be negative"), field=name)
    if event.expected_size is not None and event.expected_size < 1:
        raise InvalidInput(N_("the expected size must be at least 1"))
    if event.attend_count is not None and event.attend_count < 0:
        raise InvalidInput(N_("{field} cannot be negative"), field="attend_count")
    if event.starts_at is not None and event.starts_at.tzinfo is None:
        raise InvalidInput(N_("an event's start needs a time zone"))
    if event.rrule:
        check_rrule(event.rrule)
    return event


def check_rrule(rule: str) -> None:
    """InvalidInput when ``rule`` is not an RFC 5545 RRULE that dateutil can expand."""
    text = rule.strip().removeprefix("RRULE:")
    try:
        rrulestr(text, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise InvalidInput(
            N_("cannot read the recurrence {rule!r}"),
            hint=N_("write an RRULE such as FREQ=MONTHLY;BYDAY=1TH"),
            rule=rule,
        ) from exc


def occurrences(event: Event, start: date, end: date) -> list[date]:
    """The days in ``[start, end)`` on which ``event`` takes place, in order.

    A one-off without a date counts once (the user will pick the day); a membership without
    a recurrence counts ``attend_count`` (default :data:`DEFAULT_MEMBERSHIP_MEETINGS`)
    meetings spread over the period. ``attend_count`` caps the result.
    """
    if event.starts_at is None and not event.rrule:
        if event.is_membership:
            n = event.attend_count
            n = DEFAULT_MEMBERSHIP_MEETINGS if n is None else n
            span = max(1, (end - start).days)
            return [start + timedelta(days=span * k // max(1, n)) for k in range(n)]
        return [start] if event.attend_count != 0 else []
    first = event.starts_at or datetime.combine(start, time(18, 0))
    if not event.rrule:
        days = [first.date()] if start <= first.date() < end else []
    else:
        naive = first.replace(tzinfo=None)
        rule = rrulestr(event.rrule.strip().removeprefix("RRULE:"), dtstart=naive)
        lo = datetime.combine(start, time.min)
        hi = datetime.combine(end, time.min) - timedelta(microseconds=1)
        days = sorted({d.date() for d in rule.between(lo, hi, inc=True)})
    if event.attend_count is not None:
        days = _spread(days, event.attend_count)
    return days


def _spread(days: list[date], n: int) -> list[date]:
    """``n`` of ``days`` spread evenly (attending one afterwork in three, not the first n)."""
    if n >= len(days):
        return days
    if n <= 0:
        return []
    step = len(days) / n
    return [days[int(k * step)] for k in range(n)]


_MINUTES = re.compile(r"^(?:(\d+)\s*h(?:eures?|ours?)?)?\s*(?:(\d+)\s*(?:min|mn|m)?)?$")
EVERY = {
    "daily": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "yearly": "FREQ=YEARLY",
    "quotidien": "FREQ=DAILY",
    "hebdomadaire": "FREQ=WEEKLY",
    "hebdo": "FREQ=WEEKLY",
    "bimensuel": "FREQ=WEEKLY;INTERVAL=2",
    "mensuel": "FREQ=MONTHLY",
    "trimestriel": "FREQ=MONTHLY;INTERVAL=3",
    "annuel": "FREQ=YEARLY",
}


def parse_minutes(text: str) -> int:
    """Minutes from "90", "2h", "1h30", "45min", "1 h 30"; InvalidInput otherwise."""
    value = fold(text).replace(" ", "")
    match = _MINUTES.match(value)
    if not value or match is None or not any(match.groups()):
        raise InvalidInput(
            N_("cannot read the duration {text!r}"),
            hint=N_("write minutes or hours: 90, 2h, 1h30"),
            text=text,
        )
    hours, minutes = match.groups()
    return int(hours or 0) * 60 + int(minutes or 0)


def parse_every(text: str) -> str:
    """The RRULE for "monthly", "mensuel", "weekly"…, or ``text`` itself if it is an RRULE."""
    key = fold(text)
    if key in EVERY:
        return EVERY[key]
    check_rrule(text)
    return text.strip().removeprefix("RRULE:")
