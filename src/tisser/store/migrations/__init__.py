"""Alembic migrations of the tisser database, configured from Python (no alembic.ini).

:func:`alembic_config` points Alembic at this folder, so the migrations work from an
installed wheel as well as from the source tree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tisser.store.schema import FTS_TABLE

if TYPE_CHECKING:  # Alembic is loaded only to migrate: most commands open an up-to-date base
    import sqlalchemy as sa
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent

# Objects the migrations create outside the metadata (full-text search), ignored when
# comparing the database with the metadata.
PG_SEARCH_INDEX = "ix_contacts_search"
PG_SEARCH_COLUMN = "search_vector"


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's filter: leave the full-text search objects out of comparisons."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == PG_SEARCH_COLUMN:
        return False
    return not (type_ == "index" and name == PG_SEARCH_INDEX)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration for the package's migrations, bound to ``connection``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest revision of the script directory."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def upgrade_head(connection: sa.Connection) -> None:
    """Upgrade the database behind ``connection`` to the newest revision."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")
