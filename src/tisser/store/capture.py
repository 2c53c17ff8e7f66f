"""Captured interactions: sources and their cursors, conversations, seen messages, the
review queue's correspondents (issue #16).

A conversation (an e-mail thread, a chat day, a meeting) is one journal interaction plus
its ``captures`` row. New conversations are inserted like a bulk load (their counts added
to the summary); a conversation a later message extends (more messages, a later moment,
one more participant) is updated and the summary rows of its contacts and months are
recomputed (:func:`tisser.store.summary.refresh_contacts`), so the per-contact figures stay
exact whatever the order messages arrive in. :meth:`CaptureMixin.save_capture_batch`
writes one batch, its seen keys and the source's cursor in one transaction: a sync cut at
any moment leaves the journal as it was after the last whole batch, and resumes there.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.store import summary
from tisser.store.base import StoreBase
from tisser.store.bulk import _reserve_ids
from tisser.store.rows import (
    IN_LIST_MAX,
    chunks,
    insert_rows,
    now,
    participant_rows,
    update_rows,
)
from tisser.store.schema import (
    capture_aliases,
    capture_correspondents,
    capture_ignored,
    capture_pending,
    capture_seen,
    capture_sources,
    captures,
    interaction_contacts,
    interactions,
)


@dataclass(slots=True)
class SourceRecord:
    """A capture source as stored (no secret: passwords live in the keyring)."""

    id: int
    owner_id: int
    name: str
    kind: str
    location: str
    settings: dict[str, Any]
    state: dict[str, Any]
    created_at: datetime
    last_sync_at: datetime | None = None
    last_report: dict[str, Any] | None = None
    captured: int = 0


@dataclass(slots=True)
class Conversation:
    """A captured interaction: its key in the source, messages each way, its contacts."""

    key: str
    channel: str
    initiator: str
    first_at: datetime
    last_at: datetime
    sent: int = 0
    received: int = 0
    replied_at: datetime | None = None
    subject: str | None = None
    contact_ids: list[int] = field(default_factory=list)
    outcome: str = ""
    interaction_id: int | None = None
    old_last_at: datetime | None = None
    old_contacts: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Correspondent:
    """A correspondent who is not a contact, summed over the owner's sources."""

    address: str
    display: str
    sent: int
    received: int
    last_at: datetime


def _source(r: Any, captured: int = 0) -> SourceRecord:
    return SourceRecord(
        id=r.id,
        owner_id=r.owner_id,
        name=r.name,
        kind=r.kind,
        location=r.location,
        settings=dict(r.settings or {}),
        state=dict(r.state or {}),
        created_at=r.created_at,
        last_sync_at=r.last_sync_at,
        last_report=r.last_report,
        captured=captured,
    )


class CaptureMixin(StoreBase):
    """Sources, captured conversations and the review queue."""

    # --- sources ----------------------------------------------------------------------

    def add_source(
        self, owner_id: int, name: str, kind: str, location: str, settings: dict[str, Any]
    ) -> SourceRecord:
        """Record a new source; InvalidInput when the owner already has one by that name."""
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})
            t = capture_sources
            taken = conn.scalar(sa.select(t.c.id).where(t.c.owner_id == owner_id, t.c.name == name))
            if taken is not None:
                raise InvalidInput(
                    N_("a source named {name!r} exists already"),
                    hint=N_("choose another name with --name"),
                    name=name,
                )
            sid = conn.execute(
                t.insert().values(
                    owner_id=owner_id,
                    name=name,
                    kind=kind,
                    location=location,
                    settings=settings,
                    state={},
                    created_at=now(),
                )
            ).inserted_primary_key[0]
            return self._get_source(conn, owner_id, int(sid))

    def _get_source(self, conn: sa.Connection, owner_id: int, sid: int) -> SourceRecord:
        t = capture_sources
        r = conn.execute(sa.select(t).where(t.c.id == sid, t.c.owner_id == owner_id)).first()
        if r is None:
            raise NotFound(N_("no source #{id}"), id=sid)
        return _source(r)

    def list_sources(self, owner_id: int = 1) -> list[SourceRecord]:
        """The owner's sources by name, each with how many interactions it captured."""
        t, c = capture_sources, captures
        counts = (
            sa.select(c.c.source_id, sa.func.count().label("n"))
            .where(c.c.owner_id == owner_id)
            .group_by(c.c.source_id)
            .subquery()
        )
        stmt = (
            sa.select(t, sa.func.coalesce(counts.c.n, 0).label("captured"))
            .outerjoin(counts, counts.c.source_id == t.c.id)
            .where(t.c.owner_id == owner_id)
            .order_by(t.c.name)
        )
        with self._conn() as conn:
            return [_source(r, int(r.captured)) for r in conn.execute(stmt)]

    def get_source(self, owner_id: int, name: str) -> SourceRecord:
        """The source by name; NotFound with the names there are."""
        for s in self.list_sources(owner_id):
            if s.name == name:
                return s
        raise NotFound(
            N_("no source named {name!r}"),
            hint=N_("see them with: tisser sources list"),
            name=name,
        )

    def update_source(self, source_id: int, **values: Any) -> None:
        """Set columns of a source (state, settings, last_sync_at, last_report)."""
        with self._conn() as conn:
            conn.execute(
                capture_sources.update().where(capture_sources.c.id == source_id).values(**values)
            )

    def remove_source(self, owner_id: int, name: str) -> int:
        """Delete a source and the interactions it captured (never others); how many."""
        src = self.get_source(owner_id, name)
        with self._conn() as conn:
            ids = list(
                conn.scalars(
                    sa.select(captures.c.interaction_id).where(captures.c.source_id == src.id)
                )
            )
            who: set[int] = set()
            months: set[str] = set()
            for chunk in chunks(ids, IN_LIST_MAX):
                ic = interaction_contacts
                for cid, _at in conn.execute(
                    sa.select(ic.c.contact_id, ic.c.occurred_at).where(
                        ic.c.interaction_id.in_(chunk)
                    )
                ):
                    who.add(cid)
                for at in conn.scalars(
                    sa.select(interactions.c.occurred_at).where(interactions.c.id.in_(chunk))
                ):
                    months.add(summary.month_of(at))
                conn.execute(interactions.delete().where(interactions.c.id.in_(chunk)))
            conn.execute(capture_sources.delete().where(capture_sources.c.id == src.id))
            summary.refresh_contacts(conn, owner_id, who)
            summary.refresh_months(conn, owner_id, months)
        return len(ids)

    # --- one batch --------------------------------------------------------------------

    def seen_keys(self, source_id: int, keys: Iterable[str]) -> set[str]:
        """Which of these message keys the source has counted already."""
        out: set[str] = set()
        wanted = sorted(set(keys))
        with self._conn() as conn:
            for chunk in chunks(wanted, IN_LIST_MAX):
                out.update(
                    conn.scalars(
                        sa.select(capture_seen.c.key).where(
                            capture_seen.c.source_id == source_id, capture_seen.c.key.in_(chunk)
                        )
                    )
                )
        return out

    def conversations(self, source_id: int, keys: Iterable[str]) -> dict[str, Conversation]:
        """The stored conversations of these keys, with their contacts."""
        out: dict[str, Conversation] = {}
        wanted = sorted(set(keys))
        c, i = captures, interactions
        with self._conn() as conn:
            for chunk in chunks(wanted, IN_LIST_MAX):
                rows = conn.execute(
                    sa.select(c, i.c.channel, i.c.outcome)
                    .join(i, i.c.id == c.c.interaction_id)
                    .where(c.c.source_id == source_id, c.c.key.in_(chunk))
                ).all()
                for r in rows:
                    out[r.key] = Conversation(
                        key=r.key,
                        channel=r.channel,
                        initiator=r.initiator,
                        first_at=r.first_at,
                        last_at=r.last_at,
                        sent=r.sent,
                        received=r.received,
                        replied_at=r.replied_at,
                        subject=r.subject,
                        outcome=r.outcome,
                        interaction_id=r.interaction_id,
                        old_last_at=r.last_at,
                    )
                ids = {r.interaction_id: r.key for r in rows}
                ic = interaction_contacts
                for iid, cid in conn.execute(
                    sa.select(ic.c.interaction_id, ic.c.contact_id)
                    .where(ic.c.interaction_id.in_(list(ids)))
                    .order_by(ic.c.interaction_id, ic.c.position)
                ):
                    conv = out[ids[iid]]
                    conv.contact_ids.append(cid)
                    conv.old_contacts.append(cid)
        return out

    def save_capture_batch(
        self,
        source_id: int,
        owner_id: int,
        conversations: Sequence[Conversation],
        seen: Iterable[str],
        correspondents: dict[str, list[Any]],
        state: dict[str, Any] | None,
        pending: Sequence[dict[str, Any]] = (),
    ) -> tuple[int, int]:
        """Write a batch in one transaction: (interactions created, interactions updated).

        ``pending`` are the :data:`~tisser.store.schema.capture_pending` rows of the
        messages' unknown correspondents; ``state`` None leaves the cursor as it is."""
        new = [cv for cv in conversations if cv.interaction_id is None]
        old = [cv for cv in conversations if cv.interaction_id is not None]
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})
            if new:
                self._insert_new(conn, owner_id, source_id, new)
            if old:
                self._update_old(conn, owner_id, old)
            seen_rows = [{"source_id": source_id, "key": k} for k in dict.fromkeys(seen)]
            insert_rows(conn, capture_seen, seen_rows)
            self._add_correspondents(conn, owner_id, source_id, correspondents)
            insert_rows(
                conn,
                capture_pending,
                [{**r, "source_id": source_id, "owner_id": owner_id} for r in pending],
            )
            if state is not None:
                conn.execute(
                    capture_sources.update()
                    .where(capture_sources.c.id == source_id)
                    .values(state=state)
                )
        return len(new), len(old)

    def _insert_new(
        self, conn: sa.Connection, owner_id: int, source_id: int, new: Sequence[Conversation]
    ) -> None:
        def row(cv: Conversation) -> dict[str, Any]:
            return {
                "owner_id": owner_id,
                "occurred_at": cv.last_at,
                "channel": cv.channel,
                "direction": "none",
                "gave": "",
                "received": "",
                "about": "",
                "outcome": cv.outcome,
            }

        ids = _reserve_ids(conn, interactions, row(new[0]), len(new))
        rows = [{**row(cv), "id": iid} for cv, iid in zip(new[1:], ids[1:], strict=True)]
        insert_rows(conn, interactions, rows)
        assoc = [
            r
            for cv, iid in zip(new, ids, strict=True)
            for r in participant_rows(iid, owner_id, cv.last_at, cv.contact_ids)
        ]
        insert_rows(conn, interaction_contacts, assoc)
        caps = []
        for cv, iid in zip(new, ids, strict=True):
            cv.interaction_id = iid
            caps.append(_capture_row(cv, owner_id, source_id))
        insert_rows(conn, captures, caps)
        summary.add_loaded(
            conn, ((owner_id, cv.last_at, "none", cv.channel, cv.contact_ids) for cv in new)
        )

    def _update_old(self, conn: sa.Connection, owner_id: int, old: Sequence[Conversation]) -> None:
        """Update the conversations later messages extended: one statement per table for
        the whole batch (:func:`~tisser.store.rows.update_rows`), then the summaries of
        their contacts and months."""
        update_rows(
            conn,
            interactions,
            ("id",),
            [
                {"id": cv.interaction_id, "occurred_at": cv.last_at, "outcome": cv.outcome}
                for cv in old
            ],
        )
        update_rows(
            conn,
            captures,
            ("interaction_id",),
            [
                {
                    "interaction_id": cv.interaction_id,
                    "initiator": cv.initiator,
                    "sent": cv.sent,
                    "received": cv.received,
                    "first_at": cv.first_at,
                    "last_at": cv.last_at,
                    "replied_at": cv.replied_at,
                    "subject": cv.subject,
                }
                for cv in old
            ],
        )
        update_rows(
            conn,
            interaction_contacts,
            ("interaction_id",),
            [
                {"interaction_id": cv.interaction_id, "occurred_at": cv.last_at}
                for cv in old
                if cv.old_last_at != cv.last_at
            ],
        )
        who: set[int] = set()
        months: set[str] = set()
        joined = []
        for cv in old:
            added = [x for x in cv.contact_ids if x not in cv.old_contacts]
            if added:
                rows = participant_rows(
                    cv.interaction_id or 0, owner_id, cv.last_at, cv.contact_ids
                )
                joined += [r for r in rows if r["contact_id"] in added]
            if added or cv.old_last_at != cv.last_at:
                who.update(cv.contact_ids)
                months.add(summary.month_of(cv.last_at))
                if cv.old_last_at is not None:
                    months.add(summary.month_of(cv.old_last_at))
        insert_rows(conn, interaction_contacts, joined)
        summary.refresh_contacts(conn, owner_id, who)
        summary.refresh_months(conn, owner_id, months)

    def _add_correspondents(
        self, conn: sa.Connection, owner_id: int, source_id: int, deltas: dict[str, list[Any]]
    ) -> None:
        """Add (display, sent, received, last_at) to each unknown correspondent's counts."""
        if not deltas:
            return
        t = capture_correspondents
        have: dict[str, Any] = {}
        for chunk in chunks(sorted(deltas), IN_LIST_MAX):
            for r in conn.execute(
                sa.select(t).where(t.c.source_id == source_id, t.c.address.in_(chunk))
            ):
                have[r.address] = r
        inserts, updates = [], []
        for address, (display, sent, received, last_at) in deltas.items():
            r = have.get(address)
            if r is None:
                inserts.append(
                    {
                        "source_id": source_id,
                        "address": address,
                        "owner_id": owner_id,
                        "display": display[:300],
                        "sent": sent,
                        "received": received,
                        "last_at": last_at,
                    }
                )
            else:
                updates.append(
                    {
                        "source_id": source_id,
                        "address": address,
                        "sent": r.sent + sent,
                        "received": r.received + received,
                        "last_at": max(r.last_at, last_at),
                        "display": r.display or display[:300],
                    }
                )
        update_rows(conn, t, ("source_id", "address"), updates)
        insert_rows(conn, t, inserts)

    def mark_no_reply(self, source_id: int, before: datetime, value: str) -> int:
        """Outgoing conversations unanswered since before ``before`` get outcome ``value``."""
        c = captures
        pending = (
            sa.select(c.c.interaction_id)
            .where(
                c.c.source_id == source_id,
                c.c.initiator == "me",
                c.c.received == 0,
                c.c.first_at < before,
            )
            .scalar_subquery()
        )
        with self._conn() as conn:
            return int(
                conn.execute(
                    interactions.update()
                    .where(interactions.c.id.in_(pending), interactions.c.outcome == "")
                    .values(outcome=value)
                ).rowcount
            )

    # --- review queue -----------------------------------------------------------------

    def correspondents(self, owner_id: int, min_each_way: int) -> list[Correspondent]:
        """Unknown correspondents with at least ``min_each_way`` messages each way, summed
        over the sources, without the ignored addresses; most exchanges first."""
        t, ig = capture_correspondents, capture_ignored
        ignored = sa.select(ig.c.address).where(ig.c.owner_id == owner_id)
        stmt = (
            sa.select(
                t.c.address,
                sa.func.max(t.c.display),
                sa.func.sum(t.c.sent),
                sa.func.sum(t.c.received),
                sa.func.max(t.c.last_at),
            )
            .where(t.c.owner_id == owner_id, t.c.address.not_in(ignored))
            .group_by(t.c.address)
            .having(sa.func.sum(t.c.sent) >= min_each_way)
            .having(sa.func.sum(t.c.received) >= min_each_way)
        )
        with self._conn() as conn:
            rows = [
                Correspondent(a, d or "", int(s), int(r), at)
                for a, d, s, r, at in conn.execute(stmt)
            ]
        rows.sort(key=lambda c: (-min(c.sent, c.received), c.address))
        return rows

    def ignore_address(self, owner_id: int, address: str) -> None:
        """Never propose this address again (and forget the messages kept for it)."""
        with self._conn() as conn:
            p = capture_pending
            conn.execute(p.delete().where(p.c.owner_id == owner_id, p.c.address == address))
            ig = capture_ignored
            if (
                conn.scalar(
                    sa.select(ig.c.address).where(
                        ig.c.owner_id == owner_id, ig.c.address == address
                    )
                )
                is None
            ):
                conn.execute(ig.insert().values(owner_id=owner_id, address=address))

    def forget_correspondent(self, owner_id: int, address: str) -> None:
        """Drop an address from the queue (it became, or joined, a contact)."""
        t = capture_correspondents
        with self._conn() as conn:
            conn.execute(t.delete().where(t.c.owner_id == owner_id, t.c.address == address))

    def pending_messages(self, owner_id: int, address: str) -> dict[int, list[Any]]:
        """The messages read from (or to) this unknown correspondent, by source id, oldest
        first: rows of key, conversation, at, outgoing, channel, counted."""
        t = capture_pending
        out: dict[int, list[Any]] = {}
        with self._conn() as conn:
            for r in conn.execute(
                sa.select(t)
                .where(t.c.owner_id == owner_id, t.c.address == address)
                .order_by(t.c.source_id, t.c.at, t.c.key)
            ):
                out.setdefault(r.source_id, []).append(r)
        return out

    def settle_pending(self, owner_id: int, address: str, counted: dict[int, set[str]]) -> None:
        """The address's messages are the journal's now: forget them, and mark the messages
        ``counted`` (by source) as in an interaction for the other addresses they bear."""
        t = capture_pending
        with self._conn() as conn:
            conn.execute(t.delete().where(t.c.owner_id == owner_id, t.c.address == address))
            for source_id, keys in counted.items():
                for chunk in chunks(sorted(keys), IN_LIST_MAX):
                    conn.execute(
                        t.update()
                        .where(t.c.source_id == source_id, t.c.key.in_(chunk))
                        .values(counted=True)
                    )

    def capture_aliases(self, owner_id: int) -> dict[str, int]:
        """Addresses the user attached to a contact that the contact cannot hold: address ->
        contact id (see :meth:`add_capture_alias`)."""
        t = capture_aliases
        with self._conn() as conn:
            rows = conn.execute(
                sa.select(t.c.address, t.c.contact_id).where(t.c.owner_id == owner_id)
            )
            return {a: int(c) for a, c in rows}

    def add_capture_alias(self, owner_id: int, address: str, contact_id: int) -> None:
        """Resolve ``address`` (``"name:marie"``) to this contact from now on."""
        t = capture_aliases
        with self._conn() as conn:
            conn.execute(t.delete().where(t.c.owner_id == owner_id, t.c.address == address))
            conn.execute(
                t.insert().values(owner_id=owner_id, address=address, contact_id=contact_id)
            )

    def capture_sources_of(self, interaction_ids: Iterable[int]) -> dict[int, str]:
        """interaction id -> the name of the source that captured it (typed ones absent)."""
        ids = sorted(set(interaction_ids))
        out: dict[int, str] = {}
        with self._conn() as conn:
            for chunk in chunks(ids, IN_LIST_MAX):
                for iid, name in conn.execute(
                    sa.select(captures.c.interaction_id, capture_sources.c.name)
                    .join(capture_sources, capture_sources.c.id == captures.c.source_id)
                    .where(captures.c.interaction_id.in_(chunk))
                ):
                    out[iid] = name
        return out


def _capture_row(cv: Conversation, owner_id: int, source_id: int) -> dict[str, Any]:
    return {
        "interaction_id": cv.interaction_id,
        "owner_id": owner_id,
        "source_id": source_id,
        "key": cv.key,
        "initiator": cv.initiator,
        "sent": cv.sent,
        "received": cv.received,
        "first_at": cv.first_at,
        "last_at": cv.last_at,
        "replied_at": cv.replied_at,
        "subject": cv.subject,
    }
