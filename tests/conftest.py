"""Shared fixtures.

Databases: ``db_url`` is parametrized over ``sqlite`` and ``postgresql`` and yields the URL
of a fresh, migrated, empty database; ``store`` opens it. The PostgreSQL server is private
to the session (see ``tests/pg.py``); when it cannot start, PostgreSQL tests are skipped
with the reason, or fail when ``CI`` or ``TISSER_REQUIRE_PG`` is set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg import PgServer, PgUnavailable
from tisser.store import Store, open_store

# --- databases --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | str]:
    """The session's PostgreSQL server, or the reason it is unavailable."""
    try:
        server = PgServer.start()
    except (PgUnavailable, OSError) as exc:
        yield str(exc)
        return
    try:
        yield server
    finally:
        server.stop()


def require_pg(pg_server: PgServer | str) -> PgServer:
    """The server, or skip (fail under CI / TISSER_REQUIRE_PG) with the reason."""
    if isinstance(pg_server, PgServer):
        return pg_server
    reason = f"PostgreSQL unavailable: {pg_server}"
    if os.environ.get("CI") or os.environ.get("TISSER_REQUIRE_PG"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a fresh, migrated, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'tisser.db'}"
        return
    server = require_pg(request.getfixturevalue("pg_server"))
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open store on ``db_url``, closed after the test."""
    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()
