"""Mentions of an erased contact elsewhere in the owner's records (issue #21, RGPD erasure).

:func:`find` lists each mention (where, which field, the text around it) for the erase
preview; :func:`redact` replaces them all in the same transaction as the erasure. Searched:
the other contacts' notes, "met how" and related people; interaction texts; events (title,
place, organiser, notes) and the notes on who was met there; follow-ups, introductions,
plan lines, objectives and their steps, appointments, capture subjects, offers and needs,
merge snapshots, worksheets, address-book copies and conflicts, a source's last report.
The capture review queue forgets the person's addresses. Derived columns (search text,
folded titles) and the contacts' search index follow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from tisser.core import names
from tisser.core.errors import N_
from tisser.core.model import Contact
from tisser.core.redact import Finder
from tisser.store import search as fts
from tisser.store.contacts import delete_children, insert_children, load_contacts
from tisser.store.rows import CONTACT_COLS, contact_row
from tisser.store.schema import (
    appointments,
    capture_correspondents,
    capture_pending,
    capture_sources,
    captures,
    carddav_cards,
    carddav_conflicts,
    contact_offers,
    contacts,
    event_contacts,
    event_followups,
    events,
    interactions,
    introductions,
    merges,
    objective_steps,
    objectives,
    plan_actions,
    worksheets,
)

# (table, free-text columns, what the row is, shown in the preview); JSON columns apart
_TEXT: list[tuple[sa.Table, tuple[str, ...], str]] = [
    (interactions, ("about", "gave", "received", "outcome"), N_("an interaction")),
    (events, ("title", "place", "organizer", "notes"), N_("an event")),
    (event_contacts, ("note",), N_("a note on someone met at an event")),
    (event_followups, ("action",), N_("an event follow-up")),
    (introductions, ("reason", "outcome"), N_("an introduction")),
    (plan_actions, ("title", "note"), N_("a plan line")),
    (objectives, ("title", "why"), N_("an objective")),
    (objective_steps, ("title",), N_("an objective's step")),
    (appointments, ("title",), N_("an appointment")),
    (captures, ("subject",), N_("a captured conversation")),
    (contact_offers, ("text",), N_("an offer or a need")),
    (carddav_cards, ("base",), N_("an address-book copy")),
    (carddav_conflicts, ("local", "remote"), N_("an address-book conflict")),
]
_JSON: list[tuple[sa.Table, str, str]] = [
    (merges, "snapshot", N_("a merge's undo copy")),
    (worksheets, "data", N_("a worksheet")),
    (plan_actions, "reasons", N_("a plan line")),
    (plan_actions, "wording", N_("a plan line")),
    (capture_sources, "last_report", N_("a capture source's report")),
]
_FOLDED = {(events.name, "title"): "title_fold", (contact_offers.name, "text"): "text_fold"}


@dataclass(frozen=True)
class Mention:
    """One mention: ``place`` (an English label marked for translation), the field, the
    row (a contact's name for a contact), and the text around it."""

    place: str
    field: str
    row: str
    excerpt: str


def _pk(table: sa.Table, row: Any) -> dict[str, Any]:
    return {c.name: getattr(row, c.name) for c in table.primary_key.columns}


def _rows(conn: sa.Connection, table: sa.Table, cols: tuple[str, ...], owner_id: int) -> Any:
    keys = [c for c in table.primary_key.columns]
    stmt = sa.select(*keys, *[table.c[c] for c in cols]).where(table.c.owner_id == owner_id)
    return conn.execute(stmt.execution_options(yield_per=1000))


def _contacts_hit(
    conn: sa.Connection, finder: Finder, erased: int, owner_id: int
) -> Iterator[Contact]:
    """The other contacts whose notes, "met how" or related people mention the person."""
    ids = [
        r.id
        for r in conn.execute(
            sa.select(contacts.c.id, contacts.c.notes, contacts.c.met_how, contacts.c.details)
            .where(contacts.c.owner_id == owner_id, contacts.c.id != erased)
            .execution_options(yield_per=1000)
        )
        if any(finder.spans(v or "") for v in (r.notes, r.met_how, r.details))
    ]
    if ids:
        yield from load_contacts(
            conn, sa.select(*CONTACT_COLS).where(contacts.c.id.in_(ids)), owner_id
        )


def find(conn: sa.Connection, finder: Finder, erased: int, owner_id: int) -> list[Mention]:
    """Every mention of the person outside their own card."""
    out: list[Mention] = []
    for c in _contacts_hit(conn, finder, erased, owner_id):
        texts = [("notes", c.notes), ("met_how", c.met_how)]
        texts += [("related", r.value) for r in c.related]
        out += [
            Mention(N_("another contact"), f, c.display_name, finder.excerpt(t))
            for f, t in texts
            if finder.spans(t)
        ]
    for table, cols, place in _TEXT:
        for r in _rows(conn, table, cols, owner_id):
            for col in cols:
                text = getattr(r, col) or ""
                if finder.spans(text):
                    out.append(Mention(place, col, _label(r, table), finder.excerpt(text)))
    for table, col, place in _JSON:
        for r in _rows(conn, table, (col,), owner_id):
            value = getattr(r, col)
            if value is not None and finder.redact_value(value) != value:
                out.append(Mention(place, col, _label(r, table), ""))
    out += [
        Mention(N_("the capture review queue"), "address", r.address, r.display or r.address)
        for r in _queue_hits(conn, finder, owner_id)
    ]
    return out


def _label(row: Any, table: sa.Table) -> str:
    return " ".join(f"#{getattr(row, c.name)}" for c in table.primary_key.columns)


def redact(
    conn: sa.Connection,
    finder: Finder,
    erased_id: int,
    owner_id: int,
    placeholder: str,
) -> int:
    """Replace every mention by ``placeholder``; the number of fields changed."""
    n = 0
    for c in list(_contacts_hit(conn, finder, erased_id, owner_id)):
        new = dataclasses.replace(
            c,
            notes=finder.redact(c.notes, placeholder),
            met_how=finder.redact(c.met_how, placeholder),
            related=[
                dataclasses.replace(r, value=finder.redact(r.value, placeholder),
                                    text=finder.redact(r.text, placeholder))
                for r in c.related
            ],
        )  # fmt: skip
        row = contact_row(new)
        conn.execute(contacts.update().where(contacts.c.id == c.id).values(row))
        delete_children(conn, c.id or 0)
        insert_children(conn, [(c.id or 0, new)])
        fts.fts_delete(conn, [c.id or 0])
        fts.fts_insert(conn, [(c.id or 0, row["search_text"], new)])
        n += 1
    for table, cols, _place in _TEXT:
        for r in list(_rows(conn, table, cols, owner_id)):
            values = {
                col: finder.redact(getattr(r, col), placeholder)
                for col in cols
                if getattr(r, col) and finder.spans(getattr(r, col))
            }
            for col in list(values):
                if (folded := _FOLDED.get((table.name, col))) is not None:
                    values[folded] = names.fold(values[col])
            if values:
                conn.execute(_update(table, r).values(values))
                n += 1
    for table, col, _place in _JSON:
        for r in list(_rows(conn, table, (col,), owner_id)):
            value = getattr(r, col)
            if (
                value is not None
                and (new_value := finder.redact_value(value, placeholder)) != value
            ):
                conn.execute(_update(table, r).values({col: new_value}))
                n += 1
    for r in _queue_hits(conn, finder, owner_id):
        conn.execute(_delete(capture_correspondents, r))
        p = capture_pending
        conn.execute(p.delete().where(p.c.source_id == r.source_id, p.c.address == r.address))
        n += 1
    return n


def _queue_hits(conn: sa.Connection, finder: Finder, owner_id: int) -> list[Any]:
    """The capture review queue's rows whose address or display name is the person's."""
    cols = ("address", "display")
    return [
        r
        for r in _rows(conn, capture_correspondents, cols, owner_id)
        if finder.spans(r.address) or finder.spans(r.display or "")
    ]


def _delete(table: sa.Table, row: Any) -> Any:
    return table.delete().where(*[table.c[k] == v for k, v in _pk(table, row).items()])


def _update(table: sa.Table, row: Any) -> Any:
    return table.update().where(*[table.c[k] == v for k, v in _pk(table, row).items()])
