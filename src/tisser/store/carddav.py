"""The CardDAV sync's state: the books, each card's href, ETag and last synced text, and
the conflicts waiting for the user (see :mod:`tisser.app.carddav`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tisser.core.errors import N_, NotFound
from tisser.core.model import Contact
from tisser.store.base import StoreBase
from tisser.store.contacts import load_contacts
from tisser.store.rows import CONTACT_COLS, now
from tisser.store.schema import carddav_books, carddav_cards, carddav_conflicts, contacts


@dataclass
class BookRow:
    id: int
    url: str
    username: str
    name: str
    sync_token: str
    last_sync: datetime | None


@dataclass
class CardRow:
    href: str
    etag: str
    uid: str
    contact_id: int | None
    base: str


@dataclass(frozen=True)
class Conflict:
    id: int
    book_id: int
    contact_id: int
    field: str
    local: str
    remote: str


class CardDavMixin(StoreBase):
    """Rows of carddav_books, carddav_cards and carddav_conflicts."""

    def add_book(self, url: str, username: str, name: str, owner_id: int = 1) -> int:
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})
            found = conn.scalar(
                sa.select(carddav_books.c.id).where(
                    carddav_books.c.owner_id == owner_id, carddav_books.c.url == url
                )
            )
            if found is not None:
                return int(found)
            result = conn.execute(
                carddav_books.insert().values(
                    owner_id=owner_id, url=url, username=username, name=name, created_at=now()
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def books(self, owner_id: int = 1) -> list[BookRow]:
        query = sa.select(carddav_books).where(carddav_books.c.owner_id == owner_id)
        with self._conn() as conn:
            return [
                BookRow(r.id, r.url, r.username, r.name, r.sync_token, r.last_sync)
                for r in conn.execute(query.order_by(carddav_books.c.id))
            ]

    def book(self, book_id: int, owner_id: int = 1) -> BookRow:
        for b in self.books(owner_id):
            if b.id == book_id:
                return b
        raise NotFound(N_("no address book #{id}"), hint=N_("see tisser carddav list"), id=book_id)

    def remove_book(self, book_id: int, owner_id: int = 1) -> None:
        with self._conn() as conn:
            conn.execute(
                carddav_books.delete().where(
                    carddav_books.c.id == book_id, carddav_books.c.owner_id == owner_id
                )
            )

    def save_token(self, book_id: int, token: str, started: datetime | None = None) -> None:
        """The token a sync ends with, and when it started: a contact edited after that
        moment is looked at again by the next sync."""
        with self._conn() as conn:
            conn.execute(
                carddav_books.update()
                .where(carddav_books.c.id == book_id)
                .values(sync_token=token, last_sync=started or now())
            )

    def cards(self, book_id: int) -> dict[str, CardRow]:
        """``{href: card}`` of a book."""
        query = sa.select(carddav_cards).where(carddav_cards.c.book_id == book_id)
        with self._conn() as conn:
            return {
                r.href: CardRow(r.href, r.etag, r.uid, r.contact_id, r.base)
                for r in conn.execute(query)
            }

    def contacts_to_push(
        self, book_id: int, owner_id: int, since: datetime | None, also: set[int]
    ) -> list[Contact]:
        """The contacts a sync of ``book_id`` may have to send: changed since ``since``,
        without a card in the book yet, or among ``also`` (conflicts); every contact on a
        first sync. An incremental sync then reads a few contacts, not the whole book."""
        stmt = sa.select(*CONTACT_COLS).where(contacts.c.owner_id == owner_id)
        if since is not None:
            card = carddav_cards.alias("card")
            stmt = stmt.outerjoin(
                card, sa.and_(card.c.book_id == book_id, card.c.contact_id == contacts.c.id)
            ).where(
                sa.or_(
                    card.c.id.is_(None),
                    contacts.c.updated_at > sa.func.coalesce(card.c.synced_at, since),
                    contacts.c.id.in_(sorted(also)),
                )
            )
        with self._conn() as conn:
            return load_contacts(conn, stmt.order_by(contacts.c.id), owner_id)

    def save_card(
        self, book_id: int, owner_id: int, card: CardRow, *, matches: bool = False
    ) -> None:
        """Write ``card``'s row; ``matches``: the contact now holds exactly what the card
        says (made from it, or just sent), so its updated_at is kept as ``synced_at``."""
        values: dict[str, Any] = {
            "etag": card.etag, "uid": card.uid, "contact_id": card.contact_id, "base": card.base,
        }  # fmt: skip
        if matches and card.contact_id is not None:
            values["synced_at"] = (
                sa.select(contacts.c.updated_at)
                .where(contacts.c.id == card.contact_id)
                .scalar_subquery()
            )
        with self._conn() as conn:
            done = conn.execute(
                carddav_cards.update()
                .where(carddav_cards.c.book_id == book_id, carddav_cards.c.href == card.href)
                .values(**values)
            )
            if not done.rowcount:
                conn.execute(
                    carddav_cards.insert().values(
                        book_id=book_id, owner_id=owner_id, href=card.href, **values
                    )
                )

    def drop_card(self, book_id: int, href: str) -> None:
        with self._conn() as conn:
            conn.execute(
                carddav_cards.delete().where(
                    carddav_cards.c.book_id == book_id, carddav_cards.c.href == href
                )
            )

    def add_conflict(
        self, book_id: int, owner_id: int, contact_id: int, field: str, local: str, remote: str
    ) -> None:
        with self._conn() as conn:
            conn.execute(
                carddav_conflicts.delete().where(
                    carddav_conflicts.c.contact_id == contact_id, carddav_conflicts.c.field == field
                )
            )
            conn.execute(
                carddav_conflicts.insert().values(
                    book_id=book_id,
                    owner_id=owner_id,
                    contact_id=contact_id,
                    field=field,
                    local=local,
                    remote=remote,
                    created_at=now(),
                )
            )

    def conflicts(self, owner_id: int = 1) -> list[Conflict]:
        query = sa.select(carddav_conflicts).where(carddav_conflicts.c.owner_id == owner_id)
        with self._conn() as conn:
            return [
                Conflict(r.id, r.book_id, r.contact_id, r.field, r.local, r.remote)
                for r in conn.execute(query.order_by(carddav_conflicts.c.id))
            ]

    def drop_conflict(self, conflict_id: int, owner_id: int = 1) -> None:
        with self._conn() as conn:
            conn.execute(
                carddav_conflicts.delete().where(
                    carddav_conflicts.c.id == conflict_id, carddav_conflicts.c.owner_id == owner_id
                )
            )
