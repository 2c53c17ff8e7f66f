"""The demo's events, clubs and associations around Bordeaux and Paris (issue #7).

About forty entries Hélène could go to or join in the next twelve months: the Bordeaux
marketing and tech scene (French Tech afterworks, the marketing directors' club, Les
Digitales), the wine trade (Semaine des primeurs, Wine Paris, Vinexpo), business clubs
(Mérignac, BNI, Rotary), associations that would bring profiles her network lacks (DFCG for
finance, ANDRH for HR), sport (padel, golf, regattas) and Paris events a TGV ride away (the
train is in the travel time and the fee). Each names its audience and size; her contacts
who go are drawn from the network by what they share with the entry (a tag, a category, a
sector, or the way Hélène met them); the last twelve months' results come from the contacts
the network says she met at these very events (``met_how``), with their follow-ups, so
``tisser events results`` and next year's scoring have history to learn from.

Pure and reproducible like the rest of the demo: dates relative to ``today``, one
``random.Random`` of its own (the network's draws are untouched, so ``tisser demo``'s output
stays the same), temporary ids ``1..n`` remapped by :func:`load_demo_events`.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tisser.core.event_results import FollowUp, follow_up_due
from tisser.core.events import Event, EventKind, Format, occurrences
from tisser.core.model import LOCAL_OWNER_ID, Contact
from tisser.core.names import fold

PARIS = ZoneInfo("Europe/Paris")
# The demo's data is in French, as Hélène writes it.
FOLLOW_UP = "envoyer un mot qui rappelle notre échange, et proposer un coup de main"

# The catalogue: one JSON object per entry, beside this module. "first" is [days from today,
# "hh:mm"] (null: no date), "minutes" on site, "travel" there and back, "fee" per occurrence,
# "goes" = [tag|category|sector|met, value, how many] picks the contacts who go, "met_key"
# finds the contacts met there last year by their met_how, "membership" names the club an
# event is for, "attend" the occurrences a year she would go to.
CATALOGUE_FILE = Path(__file__).with_name("events.json")


def catalogue() -> list[dict[str, Any]]:
    """The demo catalogue's entries, as written in ``events.json``."""
    entries: list[dict[str, Any]] = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return entries


@dataclass
class DemoEvents:
    """The catalogue and the last year's records, with temporary event ids 1..n."""

    events: list[Event]
    attended: list[tuple[int, date]] = field(default_factory=list)
    met: list[tuple[int, int, date]] = field(default_factory=list)  # event, contact, day
    seen: list[tuple[int, int, date]] = field(default_factory=list)
    followups: list[FollowUp] = field(default_factory=list)


def _matches(contact: Contact, rule: tuple[str, str, int]) -> bool:
    kind, value, _count = rule
    key = fold(value)
    if kind == "tag":
        return any(fold(t) == key for t in contact.tags)
    if kind == "category":
        return any(fold(t) == key for t in contact.categories)
    if kind == "sector":
        return key in fold(contact.sector)
    return key in fold(contact.met_how)


def generate_events(
    contacts: list[Contact], today: date, seed: int = 2026, owner_id: int = LOCAL_OWNER_ID
) -> DemoEvents:
    """The demo catalogue for ``contacts`` (ids as stored), dated from ``today``."""
    rng = random.Random(f"{seed}-events")
    active = [c for c in contacts if int(c.circle) < 5 and c.id is not None]
    by_title: dict[str, int] = {}
    out = DemoEvents([])
    for number, e in enumerate(catalogue(), 1):
        starts = None
        if e["first"] is not None:
            offset, clock = e["first"]
            hours, mins = (int(p) for p in clock.split(":"))
            starts = datetime.combine(today + timedelta(days=offset), time(hours, mins), PARIS)
        goes = (e["goes"][0], e["goes"][1], int(e["goes"][2]))
        pool = [c for c in active if _matches(c, goes)]
        going = sorted(c.id for c in rng.sample(pool, min(goes[2], len(pool))) if c.id)
        event = Event(
            id=number, owner_id=owner_id, title=e["title"], kind=EventKind(e["kind"]),
            starts_at=starts, rrule=e["rrule"], duration_minutes=e["minutes"],
            travel_minutes=e["travel"], place=e["city"], city=e["city"],
            organizer=e["organizer"], entry_fee=float(e["fee"]),
            yearly_fee=float(e["yearly_fee"]), sectors=list(e["sectors"]),
            functions=list(e["functions"]), profiles=list(e["profiles"]),
            expected_size=e["size"], format=Format(e["format"]) if e["format"] else None,
            can_bring=list(e["bring"]),
            membership_id=by_title.get(e["membership"]) if e["membership"] else None,
            attend_count=e["attend"], attendee_ids=going,
        )  # fmt: skip
        met_key = e["met_key"]
        by_title[e["title"]] = number
        out.events.append(event)
        _history(out, event, contacts, met_key, today, rng)
    return out


def _history(
    out: DemoEvents,
    event: Event,
    contacts: list[Contact],
    met_key: str,
    today: date,
    rng: random.Random,
) -> None:
    """Last year's attendances, people met (from the network's ``met_how``) and follow-ups."""
    assert event.id is not None
    start = today - timedelta(days=365)
    if not met_key:  # she has not been there yet: no history
        return
    days: set[date] = set()
    for c in contacts:
        if c.id and c.met_on and start <= c.met_on < today and fold(met_key) in fold(c.met_how):
            days.add(c.met_on)
            out.met.append((event.id, c.id, c.met_on))
    if not event.rrule:  # a one-off: one visit, on the first day people were met
        days = {min(days)} if days else set()
    elif event.starts_at is not None:
        past = replace(event, starts_at=event.starts_at - timedelta(days=364))
        held = occurrences(past, start, today)
        days.update(held[:: max(1, len(held) // 4)][: 3 if event.attend_count is None else 5])
    for day in sorted(days):
        out.attended.append((event.id, day))
        for cid in event.attendee_ids:
            if rng.random() < 0.3:
                out.seen.append((event.id, cid, day))
    for event_id, cid, day in [m for m in out.met if m[0] == event.id]:
        if not event.rrule:
            out.met[out.met.index((event_id, cid, day))] = (event_id, cid, min(days))
            day = min(days)
        done = day + timedelta(days=1) if rng.random() < 0.75 else None
        out.followups.append(
            FollowUp(None, event.owner_id, event_id, cid, FOLLOW_UP, follow_up_due(day), done)
        )


def load_demo_events(store: Any, contacts: list[Contact], today: date, owner_id: int) -> DemoEvents:
    """Write the demo catalogue and its history to ``store`` (one unit of work)."""
    demo = generate_events(contacts, today, owner_id=owner_id)
    real: dict[int, int] = {}
    with store.transaction():
        store.reset_events(owner_id)
        for event in demo.events:
            assert event.id is not None
            temp = event.id
            membership = real.get(event.membership_id) if event.membership_id else None
            saved = store.add_event(replace(event, id=None, membership_id=membership))
            real[temp] = saved.id
        for event_id, day in demo.attended:
            store.record_attendance(real[event_id], day, owner_id)
        for role, rows in (("met", demo.met), ("seen", demo.seen)):
            for event_id, cid, day in rows:
                store.link_event_contact(real[event_id], cid, role, day, owner_id)
        store.add_followups([replace(f, event_id=real[f.event_id]) for f in demo.followups])
    return demo
