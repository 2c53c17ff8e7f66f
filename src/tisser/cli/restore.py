"""``tisser restore FILE.json``: a JSON export back into an empty database."""

from __future__ import annotations

from pathlib import Path

from tisser.app.context import State
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import ngettext


def restore_json(state: State, file: Path) -> None:
    """Restore everything a JSON export holds (tisser export reseau.json) into an empty
    database: contacts, journal, links, offers and needs, objectives, events, plan,
    introductions, photos. ``tisser restore`` calls it for a ``.json`` file."""
    from tisser.app.restore import restore

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            N_("cannot read the file: {reason}"), where=str(file), reason=exc.strerror or str(exc)
        ) from exc
    done = restore(state.store, data, str(file), state.owner_id)
    state.console.print(
        ngettext("{n} contact restored", "{n} contacts restored", done.contacts).format(
            n=done.contacts
        )
        + " — "
        + ngettext("{n} row written", "{n} rows written", done.rows).format(n=done.rows)
    )
