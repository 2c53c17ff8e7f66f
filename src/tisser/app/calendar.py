"""The week's plan as calendar entries (``tisser calendar`` and the web's calendar feed)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tisser.app.context import State, names_of
from tisser.app.plan import week_plan
from tisser.core.actions import ActionState
from tisser.formats.ics import Entry
from tisser.present.plantext import describe, kind_label, why

if TYPE_CHECKING:
    from tisser.store import Store


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


# --- the feed's secret link (``tisser web``: /plan/calendar/<token>.ics) -------------------


def _hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_feed_token(store: Store, owner_id: int) -> str:
    """A new secret for the feed's address (the previous one stops working). Only its
    SHA-256 is kept: the caller shows the token once."""
    import secrets

    token = secrets.token_urlsafe(24)
    store.set_feed_token(_hash(token), owner_id)
    return token


def feed_opens(store: Store, owner_id: int, token: str) -> bool:
    """Whether ``token`` is the feed's current secret (compared in constant time)."""
    import hmac

    found = store.feed_token(owner_id)
    return found is not None and bool(token) and hmac.compare_digest(found[0], _hash(token))
