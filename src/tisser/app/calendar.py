"""The week's plan as calendar entries (``tisser calendar`` and the web's calendar feed)."""

from __future__ import annotations

from tisser.app.context import State, names_of
from tisser.app.plan import week_plan
from tisser.core.actions import ActionState
from tisser.formats.ics import Entry
from tisser.present.plantext import describe, kind_label, why


def week_entries(state: State) -> list[Entry]:
    """The week's actions (planned first if needed) as calendar entries, snoozed ones left
    out; also the web's calendar feed."""
    _week, actions, _budget = week_plan(state)
    names = names_of(state)
    return [
        Entry(
            uid=f"tisser-{state.owner_id}-{a.id}",
            day=a.day,
            minutes=a.minutes,
            summary=describe(a, names),
            description=why(a),
            category=kind_label(a.kind),
            done=a.state == ActionState.DONE,
        )
        for a in actions
        if a.state != ActionState.SNOOZED
    ]
