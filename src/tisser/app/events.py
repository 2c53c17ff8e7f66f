"""The events catalogue: entries in local time, found by title or ``#id``, edited from the
options a user gave, and their results (``tisser events`` and the web's Events pages)."""

from __future__ import annotations

import dataclasses
from datetime import date, time, timedelta
from typing import Any

from tisser.app.context import State, local_zone
from tisser.core import resolve
from tisser.core.dates import at, parse_date, parse_time
from tisser.core.errors import N_, Ambiguous, InvalidInput, NotFound
from tisser.core.event_results import EventResult, event_result, past_result
from tisser.core.event_score import PastResult
from tisser.core.events import (
    Event,
    EventKind,
    Format,
    occurrences,
    parse_every,
    parse_minutes,
)
from tisser.present import labels


def localized(event: Event) -> Event:
    """``event`` with its start in the user's time zone: recurrences ("first Thursday")
    and dates are counted in local time, not in the UTC the store answers in."""
    if event.starts_at is not None:
        event.starts_at = event.starts_at.astimezone(local_zone())
    return event


def catalogue(state: State) -> list[Event]:
    """Every entry of the user, in local time."""
    return [localized(e) for e in state.store.list_events(state.owner_id)]


def find_event(state: State, text: str) -> Event:
    """The one entry ``text`` names: ``#id``, a title, the start of one, or a word in it."""
    event_id = resolve.parse_id(text)
    if event_id is not None:
        return localized(state.store.get_event(event_id, state.owner_id))
    found = state.store.find_events(text, state.owner_id)
    if len(found) == 1:
        return localized(found[0])
    if found:
        listing = "; ".join(f"#{e.id} {e.title}" for e in found[:8])
        raise Ambiguous(
            N_("{count} events answer to {text!r}: {listing}"),
            candidates=[f"#{e.id} {e.title}" for e in found],
            hint=N_("name one by its number, e.g. #{first_id}"),
            count=len(found),
            text=text,
            listing=listing,
            first_id=found[0].id,
        )
    raise NotFound(N_("no event named {text!r}"), hint=N_("see `tisser events list`"), text=text)


def _contact_ids(state: State, names: list[str]) -> list[int]:
    return list(dict.fromkeys(state.contact(n).id or 0 for n in names))


def apply_options(state: State, event: Event, given: dict[str, Any]) -> Event:
    """``event`` with the options the user gave, each parsed and checked."""
    o = {k: v for k, v in given.items() if v is not None}
    changes: dict[str, Any] = {}
    if "kind" in o:
        changes["kind"] = labels.parse(EventKind, o["kind"])
    if "when" in o or "at_time" in o:
        old = event.starts_at.astimezone(local_zone()) if event.starts_at else None
        day = parse_date(o["when"], state.today) if "when" in o else old.date() if old else None
        if day is None:
            raise InvalidInput(
                N_("--time needs --date"), hint=N_("e.g. --date 2026-12-03 --time 18:30")
            )
        moment = parse_time(o["at_time"]) if "at_time" in o else old.time() if old else time(18, 30)
        changes["starts_at"] = at(day, moment, local_zone())
    if "every" in o:
        changes["rrule"] = (
            "" if o["every"].strip() in ("", "-", "none", "aucune") else parse_every(o["every"])
        )
    for key, field_name in (("duration", "duration_minutes"), ("travel", "travel_minutes")):
        if key in o:
            changes[field_name] = parse_minutes(o[key])
    for key in ("place", "city", "organizer", "url", "notes"):
        if key in o:
            changes[key] = o[key].strip()
    if "fee" in o:
        changes["entry_fee"] = float(o["fee"])
    if "yearly_fee" in o:
        changes["yearly_fee"] = float(o["yearly_fee"])
    for key in ("sectors", "functions", "profiles"):
        if key in o:
            changes[key] = list(dict.fromkeys(v.strip() for v in o[key] if v.strip()))
    if "bring" in o:
        changes["can_bring"] = [v.strip() for v in o["bring"] if v.strip()]
    if "size" in o:
        changes["expected_size"] = o["size"]
    if "format_" in o:
        changes["format"] = labels.parse(Format, o["format_"])
    if "goes" in o:
        changes["attendee_ids"] = _contact_ids(state, o["goes"])
    if "meet" in o:
        wanted: dict[int, str] = {}
        for item in o["meet"]:
            who, _sep, why = item.partition("=")
            wanted[state.contact(who.strip()).id or 0] = why.strip()
        changes["wanted"] = wanted
    if "membership" in o:
        club = find_event(state, o["membership"])
        if not club.is_membership:
            raise InvalidInput(
                N_("{title!r} is not a membership (club, association…)"),
                hint=N_("give it --kind club or association first"),
                title=club.title,
            )
        changes["membership_id"] = club.id
    if "attend" in o:
        changes["attend_count"] = o["attend"]
    return dataclasses.replace(event, **changes)


def next_day(event: Event, today: date) -> date | None:
    """The next occurrence from today (within two years); a past one-off's own date."""
    if event.starts_at is None and not event.rrule:
        return None
    horizon = today + timedelta(days=730)
    upcoming = occurrences(dataclasses.replace(event, attend_count=None), today, horizon)
    if upcoming:
        return upcoming[0]
    return event.starts_at.astimezone(local_zone()).date() if event.starts_at else None


def compute_results(state: State, events: list[Event], start: date, end: date) -> list[EventResult]:
    """Each entry's result over ``[start, end)`` from the store's records."""
    attended = state.store.attendances(state.owner_id)
    met = state.store.event_people("met", state.owner_id)
    followups = state.store.followups(state.owner_id)
    out = []
    for e in events:
        eid = e.id or 0
        ids = [cid for cid, d in met.get(eid, []) if d is None or start <= d < end]
        out.append(
            event_result(
                e,
                [a for a in attended if a.event_id == eid],
                ids,
                [f for f in followups if f.event_id == eid],
                start,
                end,
            )
        )
    return out


def history_for(state: State, events: list[Event], start: date) -> dict[int, PastResult]:
    """Last year's results (the 365 days before ``start``), as the score's history."""
    past: dict[int, PastResult] = {}
    for r in compute_results(state, events, start - timedelta(days=365), start):
        p = past_result(r)
        if p is not None:
            past[r.event_id] = p
    return past
