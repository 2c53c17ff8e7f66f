"""One contact at a time: add, edit, read, tag, with their e-mails, phones and tags.

A contact is a ``contacts`` row plus child rows (e-mails, phones, tags and categories, the
name keys :meth:`~tisser.store.directory.DirectoryMixin.find_contacts_by_name` matches) and
its search-index entry. The functions here keep all of them in step, and read contacts
back with a fixed number of queries however many there are (:func:`load_contacts`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from tisser.core import names
from tisser.core.errors import N_, InvalidInput, NotFound
from tisser.core.model import Contact
from tisser.store import search as fts
from tisser.store.base import StoreBase, check_contacts
from tisser.store.rows import (
    CONTACT_COLS,
    IN_LIST_MAX,
    child_rows,
    contact_from,
    contact_row,
    insert_rows,
    new_id,
    now,
)
from tisser.store.schema import (
    contact_emails,
    contact_name_keys,
    contact_phones,
    contact_tags,
    contacts,
)

CHILDREN = (contact_emails, contact_phones, contact_tags, contact_name_keys)


def insert_children(conn: sa.Connection, rows: list[tuple[int, Contact]]) -> None:
    """Write the child rows of ``(id, contact)`` pairs, in batches."""
    emails: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    keys: list[dict[str, Any]] = []
    for cid, c in rows:
        e, p, t, k = child_rows(cid, c)
        emails += e
        phones += p
        tags += t
        keys += k
    for table, data in zip(CHILDREN, (emails, phones, tags, keys), strict=True):
        insert_rows(conn, table, data)


def delete_children(conn: sa.Connection, cid: int) -> None:
    for table in CHILDREN:
        conn.execute(table.delete().where(table.c.contact_id == cid))


def load_contacts(conn: sa.Connection, stmt: sa.Select[Any], owner_id: int) -> list[Contact]:
    """Run ``stmt`` (a select of contact columns) and attach the contacts' lists.

    Four queries whatever the number of contacts: by id list for a page, by owner for
    more than :data:`~tisser.store.rows.IN_LIST_MAX` (a huge IN list is slower than
    reading the owner's rows).
    """
    rows = conn.execute(stmt).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    emails: dict[int, list[str]] = defaultdict(list)
    phones: dict[int, list[str]] = defaultdict(list)
    tags: dict[int, list[str]] = defaultdict(list)
    cats: dict[int, list[str]] = defaultdict(list)

    def where(table: sa.Table) -> sa.ColumnElement[bool]:
        if len(ids) <= IN_LIST_MAX:
            return table.c.contact_id.in_(ids)
        return table.c.owner_id == owner_id

    for r in conn.execute(
        sa.select(contact_emails.c.contact_id, contact_emails.c.email)
        .where(where(contact_emails))
        .order_by(contact_emails.c.contact_id, contact_emails.c.position)
    ):
        emails[r[0]].append(r[1])
    for r in conn.execute(
        sa.select(contact_phones.c.contact_id, contact_phones.c.phone)
        .where(where(contact_phones))
        .order_by(contact_phones.c.contact_id, contact_phones.c.position)
    ):
        phones[r[0]].append(r[1])
    for cid, kind, value in conn.execute(
        sa.select(contact_tags.c.contact_id, contact_tags.c.kind, contact_tags.c.value)
        .where(where(contact_tags))
        .order_by(contact_tags.c.contact_id, contact_tags.c.position)
    ):
        (tags if kind == "tag" else cats)[cid].append(value)
    return [
        contact_from(
            r,
            emails.get(r.id, []),
            phones.get(r.id, []),
            tags.get(r.id, []),
            cats.get(r.id, []),
        )
        for r in rows
    ]


def fetch_contact(conn: sa.Connection, contact_id: int, owner_id: int) -> Contact:
    """The contact ``contact_id`` of ``owner_id``; NotFound otherwise."""
    found = load_contacts(
        conn,
        sa.select(*CONTACT_COLS).where(
            contacts.c.id == contact_id, contacts.c.owner_id == owner_id
        ),
        owner_id,
    )
    if not found:
        raise NotFound(
            N_("no contact #{id}"),
            hint=N_("list contacts with `tisser list --all`"),
            id=contact_id,
        )
    return found[0]


class ContactsMixin(StoreBase):
    """Add, edit, read and tag one contact."""

    def add_contact(self, c: Contact) -> Contact:
        """Save a new contact; returns a copy with its id and timestamps."""
        moment = now()
        new = dataclasses.replace(c, id=None, created_at=moment, updated_at=moment)
        with self._write() as conn:
            self._ensure_owners(conn, {c.owner_id})
            if c.met_through_id is not None:
                check_contacts(conn, {c.met_through_id}, c.owner_id)
            row = contact_row(new)
            cid = new_id(conn.execute(contacts.insert().values(row)))
            insert_children(conn, [(cid, new)])
            fts.fts_insert(conn, [(cid, row["search_text"], new)])
            return fetch_contact(conn, cid, c.owner_id)

    def update_contact(self, c: Contact) -> Contact:
        """Replace a contact's fields; NotFound if the owner has no contact with that id."""
        if c.id is None:
            raise NotFound(N_("no contact #{id}"), id="?")
        with self._write() as conn:
            old = fetch_contact(conn, c.id, c.owner_id)
            if c.met_through_id is not None:
                if c.met_through_id == c.id:
                    raise InvalidInput(N_("a contact cannot introduce themselves"))
                check_contacts(conn, {c.met_through_id}, c.owner_id)
            new = dataclasses.replace(c, created_at=old.created_at, updated_at=now())
            row = contact_row(new)
            conn.execute(
                contacts.update()
                .where(contacts.c.id == c.id, contacts.c.owner_id == c.owner_id)
                .values(row)
            )
            delete_children(conn, c.id)
            insert_children(conn, [(c.id, new)])
            fts.fts_delete(conn, [c.id])
            fts.fts_insert(conn, [(c.id, row["search_text"], new)])
            return fetch_contact(conn, c.id, c.owner_id)

    def get_contact(self, contact_id: int, owner_id: int = 1) -> Contact:
        """The contact ``contact_id`` of ``owner_id``; NotFound otherwise."""
        with self._conn() as conn:
            return fetch_contact(conn, contact_id, owner_id)

    def add_tags(self, contact_id: int, tags: list[str], owner_id: int = 1) -> Contact:
        """Add tags (a tag already there, accents and case aside, is kept as it was)."""
        c = self.get_contact(contact_id, owner_id)
        return self.update_contact(dataclasses.replace(c, tags=[*c.tags, *tags]))

    def remove_tags(self, contact_id: int, tags: list[str], owner_id: int = 1) -> Contact:
        """Remove tags, matched accent- and case-insensitively."""
        gone = {names.fold(t) for t in tags}
        c = self.get_contact(contact_id, owner_id)
        kept = [t for t in c.tags if names.fold(t) not in gone]
        return self.update_contact(dataclasses.replace(c, tags=kept))
