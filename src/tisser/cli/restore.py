"""``tisser restore FILE.json``: a JSON export back into an empty database."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tisser.app.context import State
from tisser.cli.app import app
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import ngettext


@app.command(
    "restore",
    help=N_(
        "Restore everything a JSON export holds (tisser export reseau.json) into an empty "
        "database: contacts, journal, links, offers and needs, objectives, events, plan, "
        "introductions, photos."
    ),
)
def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The JSON file made by tisser export."))],
) -> None:
    from tisser.app.restore import restore

    state: State = ctx.obj
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
