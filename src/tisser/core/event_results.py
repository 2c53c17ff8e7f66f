"""After the event: who was met, the follow-ups due within 48 hours, and what it was worth.

Seed 003: events full of people who all expect something leave everyone frustrated — go
prepared, and *follow up*. Each person met gets a follow-up action due
:data:`FOLLOW_UP_HOURS` hours after the event (a message recalling what you talked about,
an introduction promised…). They are kept in their own records with a due date, so the
weekly plan can pick them up.

An entry's realised value counts, per period: each new contact made (1), each follow-up
done (1 more: a contact followed up is a tie started, not a card collected) and each of
the user's contacts seen there, once per occurrence (:data:`SEEN_VALUE`: a tie kept warm).
Divided by the hours spent (on site and travel, for the occurrences attended) and by the
euros paid, it gives the value per hour and per euro that :func:`past_result` feeds back
into next period's score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from tisser.core.errors import N_
from tisser.core.event_score import PastResult
from tisser.core.events import Event
from tisser.core.model import LOCAL_OWNER_ID

FOLLOW_UP_HOURS = 48
SEEN_VALUE = 0.5
DEFAULT_FOLLOW_UP = N_("send a note recalling what you talked about, and offer something")


@dataclass(slots=True)
class FollowUp:
    """An action owed to someone met at an event, due ``due_on`` (48 h after by default)."""

    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    event_id: int = 0
    contact_id: int = 0
    action: str = ""
    due_on: date | None = None
    done_on: date | None = None


@dataclass(slots=True)
class Attendance:
    """One occurrence the user went to, and whom they saw there (their own contacts)."""

    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    event_id: int = 0
    day: date | None = None
    seen_ids: list[int] | None = None


@dataclass(slots=True)
class EventResult:
    """What one entry gave over a period."""

    event_id: int
    occurrences: int
    minutes: int
    euros: float
    contacts_made: int
    followups_done: int
    followups_total: int
    contacts_seen: int
    value: float

    @property
    def per_hour(self) -> float | None:
        return self.value / (self.minutes / 60) if self.minutes else None

    @property
    def per_euro(self) -> float | None:
        return self.value / self.euros if self.euros else None


def follow_up_due(met_on: date) -> date:
    """The day a follow-up is due: 48 hours after the meeting."""
    return met_on + timedelta(hours=FOLLOW_UP_HOURS)


def event_result(
    event: Event,
    attended: Sequence[Attendance],
    met_ids: Sequence[int],
    followups: Sequence[FollowUp],
    start: date,
    end: date,
) -> EventResult:
    """The result of ``event`` over ``[start, end)`` from its records (one entry's rows)."""
    assert event.id is not None
    days = sorted({a.day for a in attended if a.day is not None and start <= a.day < end})
    made_ids = set(met_ids)
    # each known contact counts once per occurrence they were seen at (a tie kept warm)
    seen = sum(
        len(set(a.seen_ids or []) - made_ids) for a in {a.day: a for a in attended}.values()
        if a.day in days
    )  # fmt: skip
    mine = [f for f in followups if f.due_on is not None and start <= f.due_on < end + _GRACE]
    done = sum(1 for f in mine if f.done_on is not None)
    made = len(made_ids)
    n = len(days)
    yearly = event.yearly_fee if (n or event.is_membership) and event.yearly_fee else 0.0
    euros = n * event.entry_fee + yearly
    value = made + done + SEEN_VALUE * seen
    return EventResult(
        event.id,
        n,
        n * event.minutes_per_occurrence,
        euros,
        made,
        done,
        len(mine),
        seen,
        value,
    )


_GRACE = timedelta(days=3)  # a follow-up of the period's last evening is due after its end


def past_result(result: EventResult) -> PastResult | None:
    """The history record next period's score reads, or None when nothing was attended."""
    if result.occurrences == 0 or result.minutes == 0:
        return None
    return PastResult(result.occurrences, result.minutes, result.value)
