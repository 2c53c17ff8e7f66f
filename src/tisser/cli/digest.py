"""``tisser digest``: the week's plan by e-mail (plain text and HTML), or as an .eml file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.core.errors import N_
from tisser.i18n import _
from tisser.present.plantext import write_file

if TYPE_CHECKING:
    from tisser.app.context import State


@app.command("digest", help=N_("Send the week's plan by e-mail (SMTP), or write it to a file."))
def digest_command(
    ctx: typer.Context,
    to: Annotated[
        str | None, typer.Option("--to", help=N_("Recipient (default: TISSER_SMTP_TO)."))
    ] = None,
    to_file: Annotated[
        Path | None,
        typer.Option("--to-file", help=N_("Write the mail to this .eml file instead of sending.")),
    ] = None,
) -> None:
    from tisser.app.digest import digest_message, send_digest

    state: State = ctx.obj
    if to_file is not None:
        write_file(to_file, bytes(digest_message(state, to)))
        state.console.print(_("Digest written to {file}.").format(file=escape(str(to_file))))
        return
    recipient = send_digest(state, to)
    state.console.print(_("Digest sent to {to}.").format(to=escape(recipient)))
