"""Unanswered attempts from the journal: the contacts a run of "no reply" concerns.

An interaction whose outcome is ``no_reply`` (the plan's outcome of an unanswered message,
and how the capture of mail records an unanswered one) is an attempt, not an exchange
(:mod:`tisser.core.unanswered`). Two queries: the few contacts with any such attempt, then
every interaction of those contacts, as (local day, answered) pairs — the diagnosis needs
their order to know the run since the last answer.

The first query reads only the interactions since ``since`` (a year by default), through the
journal's (owner, date) index: the outcome has no index, and scanning a million interactions
for it would cost the 30,000-contact diagnosis most of a second. A run of unanswered messages
matters while it is recent; a contact whose every attempt is older is read as before.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, tzinfo

import sqlalchemy as sa

from tisser.core.unanswered import NO_REPLY, window_start
from tisser.store.base import StoreBase
from tisser.store.rows import IN_LIST_MAX
from tisser.store.schema import interaction_contacts, interactions


def unanswered_attempts(
    store: StoreBase, owner_id: int, zone: tzinfo, since: datetime | None = None
) -> dict[int, list[tuple[date, bool]]]:
    """contact id -> (day, answered) of each interaction, for the contacts with an attempt
    since ``since`` (default: local midnight of :func:`window_start`, the one window)."""
    i, ic = interactions, interaction_contacts
    if since is None:
        since = datetime.combine(window_start(datetime.now(zone).date()), time(0), tzinfo=zone)
    with store._conn() as conn:
        who = sorted(
            conn.execute(
                sa.select(ic.c.contact_id)
                .join(i, i.c.id == ic.c.interaction_id)
                .where(i.c.owner_id == owner_id, i.c.occurred_at >= since, i.c.outcome == NO_REPLY)
                .distinct()
            ).scalars()
        )
        out: dict[int, list[tuple[date, bool]]] = defaultdict(list)
        for start in range(0, len(who), IN_LIST_MAX):
            rows = conn.execute(
                sa.select(ic.c.contact_id, ic.c.occurred_at, i.c.outcome)
                .join(i, i.c.id == ic.c.interaction_id)
                .where(ic.c.contact_id.in_(who[start : start + IN_LIST_MAX]))
            )
            for cid, at, outcome in rows:
                out[cid].append((at.astimezone(zone).date(), outcome != NO_REPLY))
    return dict(out)
