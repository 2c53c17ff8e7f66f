"""Restoring a JSON export (``tisser export reseau.json``) into an empty database.

The export's ``tables`` hold every row the user owned (see :mod:`tisser.store.dump`); this
checks the file is one and hands the rows to the store, which writes them in one
transaction or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from tisser.core.errors import N_, InvalidInput
from tisser.store import Store


@dataclass(frozen=True)
class Restored:
    """What a restore wrote."""

    rows: int
    contacts: int


def read_export(data: bytes, where: str) -> dict[str, Any]:
    """The tables of a tisser JSON export; InvalidInput naming ``where`` otherwise."""
    hint = N_("give a file made by tisser export FILE.json (version 2 or later)")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(
            N_("not a JSON file: {reason}"), where=where, hint=hint, reason=str(exc)
        ) from exc
    if not isinstance(doc, dict) or doc.get("format") != "tisser-export":
        raise InvalidInput(N_("not a tisser export"), where=where, hint=hint)
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(v, list) for v in tables.values()):
        raise InvalidInput(
            N_("this export has no tables to restore (made by an older tisser)"),
            where=where,
            hint=hint,
        )
    return tables


def restore(store: Store, data: bytes, where: str, owner_id: int = 1) -> Restored:
    """Write the export ``data`` (read from ``where``) for ``owner_id``."""
    tables = read_export(data, where)
    try:
        rows = store.restore_tables(tables, owner_id)
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInput(
            N_("the export is damaged: {reason}"),
            where=where,
            hint=N_("export again from the tisser that made it"),
            reason=str(exc),
        ) from exc
    return Restored(rows, len(tables.get("contacts", [])))
