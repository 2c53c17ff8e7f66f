"""Merging two contacts into one, and undoing it.

A merge keeps every e-mail, phone, tag, interaction and link of both (the values come from
:func:`tisser.core.merge.merge_contacts`): the merged contact's interactions and links move
to the kept one, the people it introduced now name the kept one, its source keys and photo
follow. Before anything changes, a snapshot of both contacts and of every row that will move
is written to ``merges``; :meth:`MergesMixin.undo_merge` puts them back, the merged contact
with its old id. Both run in one transaction.

:meth:`MergesMixin.likely_duplicates` is the list a user reviews before merging (the CLI's
``tisser duplicates`` and the web's review page read the same one).
"""

from __future__ import annotations

import base64
import dataclasses
from datetime import date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from tisser.core import card_data
from tisser.core import merge as core_merge
from tisser.core.duplicates import LIKELY, Candidate, find_candidates
from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.core.model import Channel, Circle, Contact, Energy, RelationalProfile
from tisser.store import search as fts
from tisser.store import summary
from tisser.store.base import StoreBase
from tisser.store.contacts import delete_children, fetch_contact, insert_children, load_contacts
from tisser.store.links import upsert_links
from tisser.store.rows import CONTACT_COLS, contact_row, new_id, now
from tisser.store.schema import (
    contact_photos,
    contact_sources,
    contacts,
    duplicate_decisions,
    interaction_contacts,
    interactions,
    links,
    merges,
)

_ENUMS = {
    "met_channel": Channel,
    "relational_profile": RelationalProfile,
    "energy": Energy,
}


def contact_json(c: Contact) -> dict[str, Any]:
    out: dict[str, Any] = card_data.details(c)
    for f in dataclasses.fields(c):
        if f.name in card_data.DETAIL_FIELDS:
            continue
        v = getattr(c, f.name)
        if isinstance(v, datetime | date):
            v = v.isoformat()
        elif hasattr(v, "value"):
            v = v.value
        out[f.name] = v
    return out


def contact_from_json(d: dict[str, Any]) -> Contact:
    values = {k: v for k, v in d.items() if k not in card_data.DETAIL_FIELDS}
    values.update(card_data.from_details(d))
    values["met_on"] = date.fromisoformat(d["met_on"]) if d.get("met_on") else None
    for key in ("created_at", "updated_at"):
        values[key] = datetime.fromisoformat(d[key]) if d.get(key) else None
    for key, kind in _ENUMS.items():
        values[key] = kind(d[key]) if d.get(key) else None
    values["circle"] = Circle(d["circle"])
    return Contact(**values)


@dataclasses.dataclass(frozen=True)
class DuplicatePair:
    """A pair to review: the candidate (ids, score, reasons) and both contacts."""

    candidate: Candidate
    a: Contact
    b: Contact


class MergesMixin(StoreBase):
    """Find likely duplicates; merge two contacts; undo a merge; list them."""

    def likely_duplicates(
        self, owner_id: int = 1, min_score: float = LIKELY
    ) -> list[DuplicatePair]:
        """The pairs of contacts (archived ones included) that may be one person, best first.

        Pairs the user kept apart (:meth:`~tisser.store.imports.ImportsMixin.keep_apart`)
        are left out; the scoring is :func:`tisser.core.duplicates.find_candidates`.
        Comparing 30,000 contacts takes seconds: the web's review page keeps the answer
        until the next write (:mod:`tisser.web.cache`), like the diagnosis.
        """
        with self._conn() as conn:
            people = load_contacts(
                conn, sa.select(*CONTACT_COLS).where(contacts.c.owner_id == owner_id), owner_id
            )
            apart = {
                (int(a), int(b))
                for a, b in conn.execute(
                    sa.select(duplicate_decisions.c.a_id, duplicate_decisions.c.b_id).where(
                        duplicate_decisions.c.owner_id == owner_id
                    )
                )
            }
        by_id = {c.id: c for c in people}
        return [
            DuplicatePair(c, by_id[c.a_id], by_id[c.b_id])
            for c in find_candidates(people, apart, min_score)
        ]

    def merge_contacts(self, keep_id: int, other_id: int, owner_id: int = 1) -> int:
        """Merge ``other_id`` into ``keep_id``; the id of the merge (to undo it)."""
        if keep_id == other_id:
            raise InvalidInput(N_("a contact cannot be merged with itself"))
        with self.transaction() as conn:
            keep = fetch_contact(conn, keep_id, owner_id)
            other = fetch_contact(conn, other_id, owner_id)
            ic = interaction_contacts
            parts = conn.execute(
                sa.select(ic.c.interaction_id, ic.c.position, ic.c.occurred_at).where(
                    ic.c.contact_id == other_id
                )
            ).all()
            kept_in = set(
                conn.scalars(sa.select(ic.c.interaction_id).where(ic.c.contact_id == keep_id))
            )
            link_rows = [dict(r._mapping) for r in conn.execute(_links_of(owner_id, other_id))]
            keep_links = [dict(r._mapping) for r in conn.execute(_links_of(owner_id, keep_id))]
            introduced = list(
                conn.scalars(
                    sa.select(contacts.c.id).where(
                        contacts.c.owner_id == owner_id, contacts.c.met_through_id == other_id
                    )
                )
            )
            sources = [
                [s, k]
                for s, k in conn.execute(
                    sa.select(contact_sources.c.source, contact_sources.c.key).where(
                        contact_sources.c.contact_id == other_id
                    )
                )
            ]
            photos = {
                cid: (m, d)
                for cid, m, d in conn.execute(
                    sa.select(
                        contact_photos.c.contact_id,
                        contact_photos.c.media_type,
                        contact_photos.c.data,
                    ).where(contact_photos.c.contact_id.in_([keep_id, other_id]))
                )
            }
            apart = [
                [a, b]
                for a, b in conn.execute(
                    sa.select(duplicate_decisions.c.a_id, duplicate_decisions.c.b_id).where(
                        duplicate_decisions.c.owner_id == owner_id,
                        sa.or_(
                            duplicate_decisions.c.a_id == other_id,
                            duplicate_decisions.c.b_id == other_id,
                        ),
                    )
                )
            ]
            snapshot = {
                "keep": contact_json(keep),
                "other": contact_json(other),
                "participations": [
                    [iid, pos, at.isoformat(), iid in kept_in] for iid, pos, at in parts
                ],
                "links": [_plain_link(r) for r in link_rows],
                "keep_links": [_plain_link(r) for r in keep_links],
                "introduced": introduced,
                "sources": sources,
                "photo": _photo_json(photos.get(other_id)),
                "photo_moved": other_id in photos and keep_id not in photos,
                "apart": apart,
            }
            # interactions: the kept contact takes the other's place, once per interaction
            for iid, _, _ in parts:
                if iid in kept_in:
                    conn.execute(
                        ic.delete().where(ic.c.interaction_id == iid, ic.c.contact_id == other_id)
                    )
                else:
                    conn.execute(
                        ic.update()
                        .where(ic.c.interaction_id == iid, ic.c.contact_id == other_id)
                        .values(contact_id=keep_id)
                    )
            summary.refresh_contacts(conn, owner_id, (keep_id, other_id))
            # links: each of the other's links becomes the kept one's (the stronger wins)
            strengths = {_end(r, keep_id): r["strength"] for r in keep_links}
            moved: list[dict[str, Any]] = []
            for r in link_rows:
                end = _end(r, other_id)
                if end == keep_id:
                    continue
                mine = strengths.get(end)
                best = max((s for s in (mine, r["strength"]) if s is not None), default=None)
                lo, hi = sorted((keep_id, end))
                moved.append(
                    {
                        "owner_id": owner_id,
                        "a_id": lo,
                        "b_id": hi,
                        "strength": best,
                        "source": r["source"],
                    }
                )
            conn.execute(_delete_links(owner_id, other_id))
            if moved:
                upsert_links(conn, moved)
            conn.execute(
                contacts.update()
                .where(contacts.c.owner_id == owner_id, contacts.c.met_through_id == other_id)
                .values(met_through_id=keep_id)
            )
            conn.execute(
                contact_sources.update()
                .where(contact_sources.c.contact_id == other_id)
                .values(contact_id=keep_id)
            )
            if snapshot["photo_moved"]:
                conn.execute(
                    contact_photos.update()
                    .where(contact_photos.c.contact_id == other_id)
                    .values(contact_id=keep_id)
                )
            conn.execute(contact_photos.delete().where(contact_photos.c.contact_id == other_id))
            _delete_contact_row(conn, other_id, owner_id)
            merged = core_merge.merge_contacts(keep, other)
            if merged.met_through_id == other_id:
                merged = dataclasses.replace(merged, met_through_id=None)
            _rewrite(conn, merged)
            return int(
                conn.execute(
                    merges.insert().values(
                        owner_id=owner_id,
                        kept_id=keep_id,
                        merged_id=other_id,
                        merged_at=now(),
                        snapshot=snapshot,
                    )
                ).inserted_primary_key[0]  # type: ignore[index]
            )

    def list_merges(self, owner_id: int = 1, include_undone: bool = False) -> list[dict[str, Any]]:
        """Merges, newest first: id, kept_id, merged_id, names, merged_at, undone_at."""
        stmt = sa.select(merges).where(merges.c.owner_id == owner_id)
        if not include_undone:
            stmt = stmt.where(merges.c.undone_at.is_(None))
        stmt = stmt.order_by(merges.c.merged_at.desc(), merges.c.id.desc())
        with self._conn() as conn:
            return [
                {
                    "id": r.id,
                    "kept_id": r.kept_id,
                    "merged_id": r.merged_id,
                    "kept": contact_from_json(r.snapshot["keep"]).display_name,
                    "merged": contact_from_json(r.snapshot["other"]).display_name,
                    "merged_at": r.merged_at,
                    "undone_at": r.undone_at,
                }
                for r in conn.execute(stmt)
            ]

    def undo_merge(self, merge_id: int | None = None, owner_id: int = 1) -> UndoneMerge:
        """Undo a merge (default: the latest not undone); returns (kept id, restored id,
        former id). The merged contact gets its old id back, or a new one when a contact
        added since holds it (the caller says so: ``restored != former``)."""
        with self.transaction() as conn:
            stmt = sa.select(merges).where(
                merges.c.owner_id == owner_id, merges.c.undone_at.is_(None)
            )
            if merge_id is not None:
                stmt = stmt.where(merges.c.id == merge_id)
            row = conn.execute(stmt.order_by(merges.c.id.desc()).limit(1)).first()
            if row is None:
                raise NotFound(
                    N_("no merge to undo"),
                    hint=N_("see the merges with `tisser duplicates undo --list`"),
                )
            snap = row.snapshot
            keep = contact_from_json(snap["keep"])
            other = contact_from_json(snap["other"])
            keep_id, other_id = int(row.kept_id), int(row.merged_id)
            fetch_contact(conn, keep_id, owner_id)  # NotFound if erased since
            if other.met_through_id is not None and not _exists(conn, other.met_through_id):
                other = dataclasses.replace(other, met_through_id=None)
            row_values = contact_row(other)
            former = other_id
            if _exists(conn, former):  # the id was given to a contact added since the merge
                row_values.pop("id", None)
                other_id = int(new_id(conn.execute(contacts.insert().values(row_values))))
                snap = _renumbered(snap, former, other_id)
                other = dataclasses.replace(other, id=other_id)
            else:
                row_values["id"] = other_id
                conn.execute(contacts.insert().values(row_values))
            insert_children(conn, [(other_id, other)])
            fts.fts_insert(conn, [(other_id, row_values["search_text"], other)])
            _rewrite(conn, keep)
            ic = interaction_contacts
            existing = set(
                conn.scalars(
                    sa.select(interactions.c.id).where(interactions.c.owner_id == owner_id)
                )
            )
            for iid, pos, at, shared in snap["participations"]:
                if iid not in existing:
                    continue
                if not shared:
                    conn.execute(
                        ic.delete().where(ic.c.interaction_id == iid, ic.c.contact_id == keep_id)
                    )
                conn.execute(
                    ic.insert().values(
                        interaction_id=iid,
                        contact_id=other_id,
                        owner_id=owner_id,
                        position=pos,
                        occurred_at=datetime.fromisoformat(at),
                    )
                )
            summary.refresh_contacts(conn, owner_id, (keep_id, other_id))
            kept_ends = {_end(r, keep_id) for r in snap["keep_links"]}
            for r in snap["links"]:
                end = _end(r, other_id)
                if end not in kept_ends and end != keep_id:
                    lo, hi = sorted((keep_id, end))
                    conn.execute(
                        links.delete().where(
                            links.c.owner_id == owner_id, links.c.a_id == lo, links.c.b_id == hi
                        )
                    )
            alive = [
                r
                for r in snap["keep_links"] + snap["links"]
                if _exists(conn, r["a_id"]) and _exists(conn, r["b_id"])
            ]
            if alive:
                upsert_links(conn, [{**r, "owner_id": owner_id} for r in alive])
            if snap["introduced"]:
                conn.execute(
                    contacts.update()
                    .where(contacts.c.owner_id == owner_id, contacts.c.id.in_(snap["introduced"]))
                    .values(met_through_id=other_id)
                )
            for source, key in snap["sources"]:
                conn.execute(
                    contact_sources.update()
                    .where(
                        contact_sources.c.owner_id == owner_id,
                        contact_sources.c.source == source,
                        contact_sources.c.key == key,
                    )
                    .values(contact_id=other_id)
                )
            if snap["photo"]:
                if snap["photo_moved"]:
                    conn.execute(
                        contact_photos.delete().where(contact_photos.c.contact_id == keep_id)
                    )
                conn.execute(
                    contact_photos.insert().values(
                        contact_id=other_id,
                        owner_id=owner_id,
                        media_type=snap["photo"][0],
                        data=base64.b64decode(snap["photo"][1]),
                    )
                )
            for a, b in snap["apart"]:
                if _exists(conn, a) and _exists(conn, b):
                    conn.execute(
                        duplicate_decisions.insert().values(
                            owner_id=owner_id, a_id=a, b_id=b, decided_at=now()
                        )
                    )
            conn.execute(merges.update().where(merges.c.id == row.id).values(undone_at=now()))
            return UndoneMerge(keep_id, other_id, former)


class UndoneMerge(NamedTuple):
    kept: int
    restored: int
    former: int  # the merged contact's id before the merge; == restored unless it was taken


def _renumbered(snap: dict[str, Any], former: int, new: int) -> dict[str, Any]:
    """The snapshot with the merged contact's ``former`` id read as ``new`` (links, pairs
    kept apart), so that nothing of it lands on the contact that took the id."""

    def swap(cid: int) -> int:
        return new if cid == former else cid

    def link(r: dict[str, Any]) -> dict[str, Any]:
        a, b = sorted((swap(int(r["a_id"])), swap(int(r["b_id"]))))
        return {**r, "a_id": a, "b_id": b}

    return {
        **snap,
        "links": [link(r) for r in snap["links"]],
        "keep_links": [link(r) for r in snap["keep_links"]],
        "apart": [[swap(a), swap(b)] for a, b in snap["apart"]],
    }


def _links_of(owner_id: int, cid: int) -> sa.Select[Any]:
    return sa.select(links.c.a_id, links.c.b_id, links.c.strength, links.c.source).where(
        links.c.owner_id == owner_id, sa.or_(links.c.a_id == cid, links.c.b_id == cid)
    )


def _delete_links(owner_id: int, cid: int) -> sa.Delete:
    return links.delete().where(
        links.c.owner_id == owner_id, sa.or_(links.c.a_id == cid, links.c.b_id == cid)
    )


def _plain_link(r: dict[str, Any]) -> dict[str, Any]:
    return {"a_id": r["a_id"], "b_id": r["b_id"], "strength": r["strength"], "source": r["source"]}


def _end(r: dict[str, Any], cid: int) -> int:
    return int(r["b_id"] if r["a_id"] == cid else r["a_id"])


def _photo_json(photo: tuple[str, bytes] | None) -> list[str] | None:
    if photo is None:
        return None
    return [photo[0], base64.b64encode(bytes(photo[1])).decode("ascii")]


def _exists(conn: sa.Connection, cid: int) -> bool:
    return conn.execute(sa.select(contacts.c.id).where(contacts.c.id == cid)).first() is not None


def _delete_contact_row(conn: sa.Connection, cid: int, owner_id: int) -> None:
    delete_children(conn, cid)
    fts.fts_delete(conn, [cid])
    conn.execute(contacts.delete().where(contacts.c.id == cid, contacts.c.owner_id == owner_id))


def _rewrite(conn: sa.Connection, c: Contact) -> None:
    """Replace contact ``c.id``'s row, lists and index entry by ``c``'s values."""
    c = dataclasses.replace(c, updated_at=now())
    row = contact_row(c)
    row.pop("created_at")
    conn.execute(contacts.update().where(contacts.c.id == c.id).values(row))
    delete_children(conn, int(c.id or 0))
    insert_children(conn, [(int(c.id or 0), c)])
    fts.fts_delete(conn, [int(c.id or 0)])
    fts.fts_insert(conn, [(int(c.id or 0), row["search_text"], c)])
