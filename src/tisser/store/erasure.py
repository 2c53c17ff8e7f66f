"""Erasure (RGPD right to erasure): a contact, or every record of an owner, and its traces.

Deleting the rows is not enough for erased text to be gone from the file: on SQLite,
``secure_delete`` (set on every connection) zeroes freed pages, the FTS5 index is merged so
the deleted words leave its segments, and the WAL is checkpointed and truncated once the
transaction has committed, so no copy of the old pages stays beside the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tisser.core.redact import PLACEHOLDER, Finder, needles
from tisser.store import mentions as mention_store
from tisser.store import search as fts
from tisser.store import summary
from tisser.store.base import StoreBase
from tisser.store.contacts import delete_children, fetch_contact
from tisser.store.engine import wrapped
from tisser.store.rows import chunks
from tisser.store.schema import (
    appointments,
    contacts,
    interaction_contacts,
    interactions,
    links,
    merges,
    objectives,
    plan_actions,
    profiles,
    snoozes,
    worksheets,
)
from tisser.store.summary import month_of


@dataclass
class ErasureReport:
    """What :meth:`Store.delete_contact` erased."""

    contact_name: str
    interactions_deleted: int
    interactions_detached: int
    links_deleted: int
    references_cleared: int
    mentions_redacted: int = 0


class ErasureMixin(StoreBase):
    """Erase a contact, or an owner's records."""

    def contact_mentions(self, contact_id: int, owner_id: int = 1) -> list[mention_store.Mention]:
        """The mentions of the contact outside their card (the erase preview lists them)."""
        with self._conn() as conn:
            c = fetch_contact(conn, contact_id, owner_id)
            return mention_store.find(conn, Finder(needles(c)), contact_id, owner_id)

    def delete_contact(
        self,
        contact_id: int,
        owner_id: int = 1,
        *,
        redact_mentions: bool = True,
        placeholder: str = PLACEHOLDER,
    ) -> ErasureReport:
        """Erase a contact and every trace of them (RGPD right to erasure).

        Deleted: the contact, their e-mails, phones, tags and name keys, the links touching
        them, the interactions where they were the only participant, their search-index
        entry. Shared interactions lose them as a participant but stay. Contacts they
        introduced keep existing with ``met_through_id`` cleared. On SQLite, secure_delete
        zeroes the freed content, the FTS index is merged so the deleted words leave it, and
        the WAL is checkpointed and truncated after the commit. With ``redact_mentions``,
        their names, e-mails and phones written elsewhere (other contacts' notes,
        interaction texts, plan lines…, see :mod:`tisser.store.mentions`) become
        ``placeholder``.
        """
        with self._conn() as conn:
            c = fetch_contact(conn, contact_id, owner_id)
            redacted = (
                mention_store.redact(conn, Finder(needles(c)), contact_id, owner_id, placeholder)
                if redact_mentions
                else 0
            )
            mine, solo, shared = _drop_interactions(conn, contact_id, owner_id)
            ic = interaction_contacts
            conn.execute(ic.delete().where(ic.c.contact_id == contact_id))
            # the others of a shared interaction keep it: only this contact's summary goes,
            # and the months that lost a solo interaction
            summary.refresh_contacts(conn, owner_id, [contact_id])
            summary.refresh_months(conn, owner_id, {month_of(r[2]) for r in mine if r[1] == 1})
            links_deleted = conn.execute(
                links.delete().where(
                    links.c.owner_id == owner_id,
                    sa.or_(links.c.a_id == contact_id, links.c.b_id == contact_id),
                )
            ).rowcount
            cleared = conn.execute(
                contacts.update()
                .where(contacts.c.owner_id == owner_id, contacts.c.met_through_id == contact_id)
                .values(met_through_id=None)
            ).rowcount
            # merge snapshots hold the person's data: they go too (no undo past an erasure)
            conn.execute(
                merges.delete().where(
                    merges.c.owner_id == owner_id,
                    sa.or_(merges.c.kept_id == contact_id, merges.c.merged_id == contact_id),
                )
            )
            delete_children(conn, contact_id)
            fts.fts_delete(conn, [contact_id])
            conn.execute(
                contacts.delete().where(
                    contacts.c.id == contact_id, contacts.c.owner_id == owner_id
                )
            )
            fts.fts_optimize(conn)
        self._after_commit(self._checkpoint)
        return ErasureReport(
            contact_name=c.display_name,
            interactions_deleted=len(solo),
            interactions_detached=len(shared),
            links_deleted=int(links_deleted),
            references_cleared=int(cleared),
            mentions_redacted=redacted,
        )

    def reset(self, owner_id: int = 1) -> None:
        """Erase every record of the owner (contacts, interactions, links, profile, plan)."""
        with self._conn() as conn:
            for table in (plan_actions, appointments, objectives, snoozes, worksheets):
                conn.execute(table.delete().where(table.c.owner_id == owner_id))
            conn.execute(links.delete().where(links.c.owner_id == owner_id))
            conn.execute(merges.delete().where(merges.c.owner_id == owner_id))
            conn.execute(interactions.delete().where(interactions.c.owner_id == owner_id))
            summary.forget_owner(conn, owner_id)
            fts.fts_delete_owner(conn, owner_id)
            conn.execute(
                contacts.update().where(contacts.c.owner_id == owner_id).values(met_through_id=None)
            )
            conn.execute(contacts.delete().where(contacts.c.owner_id == owner_id))
            conn.execute(profiles.delete().where(profiles.c.owner_id == owner_id))
            fts.fts_optimize(conn)
        self._after_commit(self._checkpoint)

    def _checkpoint(self) -> None:
        """Copy the WAL into the database and truncate it (SQLite), so erased text is gone."""
        if self.dialect != "sqlite":
            return
        with wrapped(self.url):
            raw = self.engine.raw_connection()
            try:
                cur = raw.cursor()
                cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                cur.close()
            finally:
                raw.close()


def _drop_interactions(
    conn: sa.Connection, contact_id: int, owner_id: int
) -> tuple[Sequence[Any], list[int], list[int]]:
    """Delete the interactions where the contact was alone; (their rows, solo, shared)."""
    ic = interaction_contacts
    others = (
        sa.select(sa.func.count())
        .select_from(ic.alias("o"))
        .where(sa.literal_column("o.interaction_id") == ic.c.interaction_id)
        .scalar_subquery()
    )
    mine = conn.execute(
        sa.select(ic.c.interaction_id, others, ic.c.occurred_at).where(
            ic.c.contact_id == contact_id, ic.c.owner_id == owner_id
        )
    ).all()
    solo = [r[0] for r in mine if r[1] == 1]
    shared = [r[0] for r in mine if r[1] > 1]
    for chunk in chunks(solo):
        conn.execute(
            interactions.delete().where(
                interactions.c.owner_id == owner_id, interactions.c.id.in_(chunk)
            )
        )
    return mine, solo, shared
