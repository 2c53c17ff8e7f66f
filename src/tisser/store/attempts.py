"""Unanswered attempts from the journal: the contacts a run of "no reply" concerns.

An interaction whose outcome is ``no_reply`` (the plan's outcome of an unanswered message,
and how the capture of mail records an unanswered one) is an attempt, not an exchange
(:mod:`tisser.core.unanswered`). Two queries: the few contacts with any such attempt, then
every interaction of those contacts, as (local day, answered) pairs — the diagnosis needs
their order to know the run since the last answer. A network without attempts costs one
query on the journal.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, tzinfo

import sqlalchemy as sa

from tisser.core.unanswered import NO_REPLY
from tisser.store.base import StoreBase
from tisser.store.rows import IN_LIST_MAX
from tisser.store.schema import interaction_contacts, interactions


def unanswered_attempts(
    store: StoreBase, owner_id: int, zone: tzinfo
) -> dict[int, list[tuple[date, bool]]]:
    """contact id -> (day, answered) of each interaction, for contacts with an attempt."""
    i, ic = interactions, interaction_contacts
    with store._conn() as conn:
        who = sorted(
            conn.execute(
                sa.select(ic.c.contact_id)
                .join(i, i.c.id == ic.c.interaction_id)
                .where(i.c.owner_id == owner_id, i.c.outcome == NO_REPLY)
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
