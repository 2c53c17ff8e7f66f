"""The storage layer of tisser: SQLite by default, PostgreSQL when given a server URL.

::

    from tisser.store import open_store, resolve_db_url
    store = open_store(resolve_db_url(None))
"""

from __future__ import annotations

from tisser.store.bulk import PreparedContacts, prepare_contacts
from tisser.store.repository import (
    Browse,
    BrowsePage,
    ContactFilter,
    ErasureReport,
    SearchHit,
    Store,
    open_store,
)
from tisser.store.urls import default_db_path, resolve_db_url

__all__ = [
    "Browse",
    "BrowsePage",
    "ContactFilter",
    "ErasureReport",
    "PreparedContacts",
    "SearchHit",
    "Store",
    "default_db_path",
    "open_store",
    "prepare_contacts",
    "resolve_db_url",
]
