"""The journal: interactions with one or more contacts, and the counts cadence needs.

An interaction row holds what happened; ``interaction_contacts`` holds one row per
participant, with ``owner_id`` and ``occurred_at`` copied so "last seen" and "not seen
since" read one covering index instead of joining the interactions.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tisser.core.model import Channel, HelpDirection, Interaction
from tisser.store import summary
from tisser.store.base import StoreBase, check_contacts
from tisser.store.rows import IN_LIST_MAX, aware, interaction_row, new_id, participant_rows
from tisser.store.schema import contact_stats, interaction_contacts, interactions


def load_interactions(
    conn: sa.Connection,
    stmt: sa.Select[Any],
    owner_id: int,
    since: datetime | None = None,
) -> list[Interaction]:
    """Run ``stmt`` (a select of interactions) and attach each one's contacts, in order."""
    rows = conn.execute(stmt).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    ic = interaction_contacts
    q = sa.select(ic.c.interaction_id, ic.c.contact_id).order_by(ic.c.interaction_id, ic.c.position)
    who: dict[int, list[int]] = defaultdict(list)
    if len(ids) <= IN_LIST_MAX:
        q = q.where(ic.c.interaction_id.in_(ids))
    else:
        q = q.where(ic.c.owner_id == owner_id)
        if since is not None:
            q = q.where(ic.c.occurred_at >= since)
    for iid, cid in conn.execute(q):
        who[iid].append(cid)
    return [
        Interaction(
            id=r.id,
            owner_id=r.owner_id,
            occurred_at=r.occurred_at,
            channel=Channel(r.channel),
            contact_ids=who.get(r.id, []),
            direction=HelpDirection(r.direction),
            gave=r.gave,
            received=r.received,
            about=r.about,
            outcome=r.outcome,
        )
        for r in rows
    ]


class JournalMixin(StoreBase):
    """Log and read interactions."""

    def add_interaction(self, i: Interaction) -> Interaction:
        """Log an interaction; its contacts must belong to the owner (NotFound otherwise)."""
        moment = aware(i.occurred_at, "occurred_at")
        ids = list(dict.fromkeys(i.contact_ids))
        new = dataclasses.replace(i, occurred_at=moment, contact_ids=ids)
        with self._write() as conn:
            self._ensure_owners(conn, {i.owner_id})
            check_contacts(conn, set(ids), i.owner_id)
            iid = new_id(conn.execute(interactions.insert().values(interaction_row(new))))
            if ids:
                conn.execute(
                    interaction_contacts.insert(), participant_rows(iid, i.owner_id, moment, ids)
                )
            # an addition: its counts are added to the summary (see summary.add_loaded)
            summary.add_loaded(
                conn, [(i.owner_id, moment, i.direction.value, i.channel.value, ids)]
            )
            return load_interactions(
                conn, sa.select(interactions).where(interactions.c.id == iid), i.owner_id
            )[0]

    def interactions_for(
        self, contact_id: int, owner_id: int = 1, limit: int | None = None
    ) -> list[Interaction]:
        """The interactions with a contact, newest first, each with all its contacts."""
        ic = interaction_contacts
        stmt = (
            sa.select(interactions)
            .join(ic, ic.c.interaction_id == interactions.c.id)
            # the participant rows first (their owner and moment are copies): a few index
            # entries of this contact, not every interaction of the owner
            .where(ic.c.contact_id == contact_id, ic.c.owner_id == owner_id)
            .order_by(ic.c.occurred_at.desc(), interactions.c.id.desc())
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        with self._conn() as conn:
            check_contacts(conn, {contact_id}, owner_id)
            return load_interactions(conn, stmt, owner_id)

    def list_interactions(
        self, owner_id: int = 1, since: datetime | None = None
    ) -> list[Interaction]:
        """The owner's interactions (from ``since`` on, if given), newest first."""
        stmt = sa.select(interactions).where(interactions.c.owner_id == owner_id)
        if since is not None:
            since = aware(since, "since")
            stmt = stmt.where(interactions.c.occurred_at >= since)
        stmt = stmt.order_by(interactions.c.occurred_at.desc(), interactions.c.id.desc())
        with self._conn() as conn:
            return load_interactions(conn, stmt, owner_id, since)

    def last_interactions(self, owner_id: int = 1) -> dict[int, datetime]:
        """contact id -> moment of the latest interaction with them (their summary rows)."""
        cs = contact_stats
        stmt = sa.select(cs.c.contact_id, cs.c.last_at).where(cs.c.owner_id == owner_id)
        with self._conn() as conn:
            return {int(r[0]): r[1] for r in conn.execute(stmt)}

    def interaction_counts(self, owner_id: int = 1) -> dict[int, int]:
        """contact id -> number of interactions with them (their summary rows)."""
        cs = contact_stats
        stmt = sa.select(cs.c.contact_id, cs.c.interactions).where(cs.c.owner_id == owner_id)
        with self._conn() as conn:
            return {int(r[0]): int(r[1]) for r in conn.execute(stmt)}

    def help_balance(self, owner_id: int = 1, since: datetime | None = None) -> dict[str, int]:
        """HelpDirection value -> number of interactions (every direction present, maybe 0).

        With ``since``, only the interactions from that moment on.
        """
        stmt = sa.select(interactions.c.direction, sa.func.count()).where(
            interactions.c.owner_id == owner_id
        )
        if since is not None:
            stmt = stmt.where(interactions.c.occurred_at >= aware(since, "since"))
        stmt = stmt.group_by(interactions.c.direction)
        out = {d.value: 0 for d in HelpDirection}
        with self._conn() as conn:
            for direction, n in conn.execute(stmt):
                out[direction] = int(n)
        return out
