"""Where the database lives: the default file, the ``--db`` option, ``TISSER_DB``."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from tisser.core.errors import N_, StoreError

ENV_VAR = "TISSER_DB"


def default_db_path() -> Path:
    """The database file used when neither ``--db`` nor ``TISSER_DB`` says otherwise."""
    return platformdirs.user_data_path("tisser") / "tisser.db"


def resolve_db_url(db: str | None) -> str:
    """The SQLAlchemy URL of the database: ``db`` > ``$TISSER_DB`` > :func:`default_db_path`.

    A value containing ``://`` is a SQLAlchemy URL and is passed through, except that
    ``postgresql://`` (and ``postgres://``) become ``postgresql+psycopg://``. Anything else is
    a file path: it is made absolute, its parent directory is created, and it becomes
    ``sqlite:///<absolute path>``.
    """
    value = db if db else os.environ.get(ENV_VAR) or None
    if value is None:
        return _sqlite_url(default_db_path())
    value = value.strip()
    if "://" in value:
        scheme, rest = value.split("://", 1)
        if scheme in ("postgresql", "postgres"):
            return f"postgresql+psycopg://{rest}"
        return value
    return _sqlite_url(Path(value).expanduser())


def _sqlite_url(path: Path) -> str:
    path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            N_("cannot create the folder {folder}: {reason}"),
            hint=N_("choose another place with --db or TISSER_DB"),
            folder=str(path.parent),
            reason=exc.strerror or str(exc),
        ) from exc
    return f"sqlite:///{path}"
