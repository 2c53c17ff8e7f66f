"""``tisser events show``: one entry, its costs, audience, people and results."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tisser.cli.markup import escape
from tisser.cli.output import json_out
from tisser.core.event_results import event_result
from tisser.core.events import (
    Event,
    occurrences,
)
from tisser.i18n import _
from tisser.present import labels
from tisser.present.dates import human_date
from tisser.present.events import fees_text

if TYPE_CHECKING:
    from tisser.app.context import State


def show_event(state: State, event: Event, as_json: bool) -> None:
    from tisser.app.events import next_day

    store = state.store
    today = state.today
    names = dict(store.contact_names(state.owner_id))
    year = occurrences(event, today, today + timedelta(days=365))
    met = store.event_people("met", state.owner_id).get(event.id or 0, [])
    attended = [a for a in store.attendances(state.owner_id) if a.event_id == event.id]
    followups = [f for f in store.followups(state.owner_id) if f.event_id == event.id]
    result = event_result(
        event, attended, [c for c, _d in met], followups, today - timedelta(days=365 * 50),
        today + timedelta(days=1),
    )  # fmt: skip
    if as_json:
        record = event_record(event, today)
        record["occurrences_next_12_months"] = year
        record["met"] = [{"contact_id": c, "day": d} for c, d in met]
        record["attended"] = [a.day for a in attended]
        record["followups"] = [
            {"id": f.id, "contact_id": f.contact_id, "due_on": f.due_on, "done_on": f.done_on}
            for f in followups
        ]
        json_out(record)
        return
    console = state.console
    console.print(f"[bold]{escape(event.title)}[/bold] (#{event.id}) — {labels.label(event.kind)}")

    def row(label_text: str, value: object) -> None:
        if value not in (None, "", [], {}):
            console.print(f"  {escape(label_text)}: {escape(str(value))}")

    day = next_day(event, today)
    row(_("Starts"), moment_text(event.starts_at))
    row(_("Recurrence"), event.rrule)
    row(_("Next"), human_date(day) if day else "")
    row(_("Occurrences in the next 12 months"), len(year))
    row(_("Place"), ", ".join(p for p in (event.place, event.city) if p))
    row(_("Organiser"), event.organizer)
    row(_("Web"), event.url)
    row(
        _("Time"),
        _("{on_site} min on site + {travel} min travel").format(
            on_site=event.duration_minutes, travel=event.travel_minutes
        ),
    )
    row(_("Fees"), fees_text(event))
    if event.membership_id:
        row(_("Members only"), f"#{event.membership_id}")
    row(_("Audience sectors"), ", ".join(event.sectors))
    row(_("Audience functions"), ", ".join(event.functions))
    row(_("Audience profiles"), ", ".join(event.profiles))
    size = f" (~{event.expected_size})" if event.expected_size else ""
    row(_("Room"), labels.label(event.room) + size)
    row(_("I can bring"), ", ".join(event.can_bring))
    row(_("Contacts going"), ", ".join(names.get(c, "?") for c in event.attendee_ids))
    row(
        _("To meet"),
        "; ".join(names.get(c, "?") + (f" ({w})" if w else "") for c, w in event.wanted.items()),
    )
    row(_("Attend"), event.attend_count)
    row(_("Notes"), event.notes)
    if attended or met:
        console.print(
            "  "
            + escape(
                _(
                    "So far: attended {times} times, {made} new contacts, "
                    "{done}/{total} follow-ups done."
                ).format(
                    times=result.occurrences,
                    made=result.contacts_made,
                    done=result.followups_done,
                    total=result.followups_total,
                )
            )
        )


def event_record(event: Event, today: date) -> dict[str, Any]:
    """Every field of an entry, for JSON and CSV."""
    from tisser.app.events import next_day

    record = dataclasses.asdict(event)
    record["is_membership"] = event.is_membership
    record["next"] = next_day(event, today)
    record["minutes_per_occurrence"] = event.minutes_per_occurrence
    record["room"] = event.room
    record["wanted"] = {str(k): v for k, v in event.wanted.items()}
    return record


def moment_text(moment: datetime | None) -> str:
    from tisser.app.context import local_zone

    if moment is None:
        return ""
    local = moment.astimezone(local_zone())
    return f"{human_date(local.date())} {local:%H:%M}"
