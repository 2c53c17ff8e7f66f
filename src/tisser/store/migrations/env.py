"""Alembic environment of tisser.

Run from :func:`tisser.store.migrate.upgrade` with a live connection in
``config.attributes["connection"]``; also works from the ``alembic`` command line when
``sqlalchemy.url`` is set on the config.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from tisser.store.migrations import include_name
from tisser.store.schema import metadata


def _configure(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        include_name=include_name,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        compare_server_default=False,
    )


def run_migrations_online() -> None:
    config = context.config
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        _configure(conn)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():  # pragma: no cover - offline SQL generation is not used
    raise SystemExit("tisser migrations run online only")
run_migrations_online()
