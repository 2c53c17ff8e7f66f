"""The store: every read and write of tisser's records, on SQLite or PostgreSQL.

:class:`Store` is a facade: each group of methods lives in its own module, as a mixin over
:class:`~tisser.store.base.StoreBase` (units of work, owners). SQLAlchemy Core throughout
(no ORM objects per row): the core dataclasses go in and come out. Every query filters on
``owner_id``. Every database failure that can reach a user is wrapped in
:class:`~tisser.core.errors.StoreError` (:mod:`tisser.store.engine`).

=============================  ========================================================
module                         methods
=============================  ========================================================
:mod:`~tisser.store.profiles`   ensure_owner, get_profile, save_profile
:mod:`~tisser.store.contacts`   add_contact, update_contact, get_contact, add/remove_tags
:mod:`~tisser.store.directory`  list_contacts, count_contacts, find_contacts_by_name, ...
:mod:`~tisser.store.browse`     browse_contacts (a page: status filter, sort), cadence_overview
:mod:`~tisser.store.overview`   count_interactions, count_links
:mod:`~tisser.store.journal`    add_interaction, interactions_for, list_interactions, ...
:mod:`~tisser.store.links`      add_link, links_of, all_links
:mod:`~tisser.store.bulk`       bulk_add_contacts, bulk_add_interactions, bulk_add_links
:mod:`~tisser.store.aggregates` contact_aggregates, monthly_interactions, link_pairs, ...
:mod:`~tisser.store.erasure`    delete_contact, reset
:mod:`~tisser.store.events`     add/update/get/list/find/delete_event, attendances, followups
:mod:`~tisser.store.plans`      worksheet, objectives, steps, weekly actions, snoozes
:mod:`~tisser.store.reach`      offers, introductions, fulltext_candidates
:mod:`~tisser.store.imports`    source_keys, save_source_keys, photos, update_contacts, apart
:mod:`~tisser.store.merges`     merge_contacts, undo_merge, list_merges
:mod:`~tisser.store.accounts`   create_account, authenticate (Argon2id)
:mod:`~tisser.store.community`  communities, organisers, members (role checks)
:mod:`~tisser.store.rounds`     rounds, opt-ins, groups, history, feedback, reports
:mod:`~tisser.store.capture`    capture sources, captured conversations, review queue
this module                    search, backup, restore; :func:`open_store`
=============================  ========================================================

Units of work: each public method runs in its own transaction, unless called inside
:meth:`Store.transaction`, in which case it joins that transaction and everything commits or
rolls back together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tisser.core.model import Contact
from tisser.store import search as fts
from tisser.store.accounts import AccountsMixin
from tisser.store.address_book import AddressBookMixin
from tisser.store.aggregates import AggregatesMixin
from tisser.store.browse import Browse, BrowseMixin, BrowsePage
from tisser.store.bulk import BulkMixin
from tisser.store.capture import CaptureMixin
from tisser.store.carddav import CardDavMixin
from tisser.store.contacts import ContactsMixin, load_contacts
from tisser.store.directory import ContactFilter, DirectoryMixin
from tisser.store.dump import DumpMixin
from tisser.store.engine import connect, migrate
from tisser.store.erasure import ErasureMixin, ErasureReport
from tisser.store.events import EventsMixin
from tisser.store.import_runs import ImportRunsMixin
from tisser.store.imports import ImportsMixin
from tisser.store.journal import JournalMixin
from tisser.store.links import LinksMixin
from tisser.store.membership import MembershipMixin
from tisser.store.merges import MergesMixin
from tisser.store.overview import OverviewMixin
from tisser.store.plans import PlansMixin
from tisser.store.profiles import ProfilesMixin
from tisser.store.reach import ReachMixin
from tisser.store.rounds import RoundsMixin
from tisser.store.rows import CONTACT_COLS
from tisser.store.schema import contacts
from tisser.store.server import ServerMixin

__all__ = [
    "Browse",
    "BrowsePage",
    "ContactFilter",
    "ErasureReport",
    "SearchHit",
    "Store",
    "open_store",
]


@dataclass
class SearchHit:
    """One search result: the contact, its rank (higher is better), the field that matched."""

    contact: Contact
    rank: float
    snippet: str


class Store(
    ProfilesMixin,
    ContactsMixin,
    DirectoryMixin,
    BrowseMixin,
    OverviewMixin,
    JournalMixin,
    LinksMixin,
    BulkMixin,
    AggregatesMixin,
    ErasureMixin,
    EventsMixin,
    PlansMixin,
    ReachMixin,
    ImportsMixin,
    ImportRunsMixin,
    MergesMixin,
    AccountsMixin,
    ServerMixin,
    RoundsMixin,
    MembershipMixin,
    DumpMixin,
    AddressBookMixin,
    CardDavMixin,
    CaptureMixin,
):
    """tisser's records in one database. Open it with :func:`open_store`."""

    def __init__(self, engine: sa.Engine, url: str) -> None:
        super().__init__(engine, url)
        self._unaccent: bool | None = None

    # --- search ---------------------------------------------------------------------------

    def _has_unaccent(self, conn: sa.Connection) -> bool:
        if self._unaccent is None:
            self._unaccent = self.dialect == "postgresql" and bool(
                conn.execute(
                    sa.text("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'")
                ).first()
            )
        return self._unaccent

    def search(self, query: str, owner_id: int = 1, limit: int = 20) -> list[SearchHit]:
        """Contacts matching every word of ``query`` as a prefix, best first.

        Accents and case are ignored ("helene" finds Hélène); see :mod:`tisser.store.search`.
        """
        terms = fts.query_words(query)
        if not terms:
            return []
        with self._conn() as conn:
            ranked = fts.ranked_ids(conn, terms, owner_id, limit, self._has_unaccent(conn))
            if not ranked:
                return []
            found = {
                c.id: c
                for c in load_contacts(
                    conn,
                    # by primary key only: with owner_id in the WHERE, SQLite would scan
                    # the owner's index instead (the ids are the owner's already)
                    sa.select(*CONTACT_COLS).where(contacts.c.id.in_([i for i, _ in ranked])),
                    owner_id,
                )
                if c.owner_id == owner_id
            }
        return [
            SearchHit(contact=found[i], rank=rank, snippet=fts.snippet(found[i], terms))
            for i, rank in ranked
            if i in found
        ]

    def search_ids(self, query: str, owner_id: int = 1, limit: int = 20) -> list[int]:
        """The ids of :meth:`search`'s contacts, in its order, without reading the contacts.

        What a page that shows the hits through :meth:`browse_contacts` needs: reading and
        describing 200 contacts only to keep their ids cost ten times the search itself.
        The ids are the owner's by construction (SQLite: the owner's token in the match, or
        no other owner at all; PostgreSQL: ``owner_id`` in the query).
        """
        terms = fts.query_words(query)
        if not terms:
            return []
        with self._conn() as conn:
            ranked = fts.ranked_ids(conn, terms, owner_id, limit, self._has_unaccent(conn))
        return [i for i, _ in ranked]

    def reset(self, owner_id: int = 1) -> None:
        """Erase every record of the owner: events first, then contacts and the rest."""
        with self.transaction():
            self.reset_events(owner_id)
            ErasureMixin.reset(self, owner_id)

    # --- backup ---------------------------------------------------------------------------

    def backup(self, dest: Path) -> None:
        """Copy the database to ``dest`` (SQLite online backup; safe while others write)."""
        from tisser.store.backup import backup_sqlite

        backup_sqlite(self, Path(dest))

    def restore(self, src: Path) -> None:
        """Replace the database with the backup ``src``, then migrate it to head."""
        from tisser.store.backup import restore_sqlite

        restore_sqlite(self, Path(src))
        migrate(self.engine, self.url)
        self._known_owners.clear()


def open_store(url: str) -> Store:
    """Open (creating if needed) the database at ``url``, migrate it to head, return a Store.

    Any failure (unreadable file, not a database, server down, bad URL) is a StoreError.
    An import killed half-way on SQLite is undone here (see :mod:`tisser.store.import_runs`).
    """
    store = Store(connect(url), url)
    if store.dialect == "sqlite":
        try:
            store.undo_dead_import_runs()
        except BaseException:
            store.close()
            raise
    return store
