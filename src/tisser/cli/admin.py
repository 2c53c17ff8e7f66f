"""Keeping the database safe: backup, restore, and the demo network."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import confirm
from tisser.core.errors import N_
from tisser.i18n import _, ngettext

if TYPE_CHECKING:
    from tisser.app.context import State

Yes = Annotated[bool, typer.Option("--yes", "-y", help=N_("Do not ask for confirmation."))]


@app.command("backup", help=N_("Copy the database to FILE, safely, even while it is in use."))
def backup_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("Where to write the copy."))],
) -> None:
    state: State = ctx.obj
    state.store.backup(file)
    state.console.print(_("Backup written to {file}.").format(file=escape(str(file))))


@app.command(
    "restore",
    help=N_(
        "Replace the database with a backup FILE (asks first), or restore a JSON export "
        "(tisser export reseau.json) into an empty database."
    ),
)
def restore_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The backup or the JSON export to restore."))],
    yes: Yes = False,
) -> None:
    from tisser.store import ContactFilter

    state: State = ctx.obj
    if file.suffix.lower() == ".json":
        from tisser.cli.restore import restore_json

        restore_json(state, file)
        return
    count = state.store.count_contacts(ContactFilter(include_archived=True), state.owner_id)
    question = ngettext(
        "Replace your {count} contact with the backup {file}?",
        "Replace your {count} contacts with the backup {file}?",
        count,
    ).format(count=count, file=file)
    if count and not yes and not confirm(question):
        state.console.print(_("Nothing restored."))
        raise typer.Exit(1)
    state.store.restore(file)
    state.console.print(_("Restored from {file}.").format(file=escape(str(file))))


@app.command(
    "demo", help=N_("Load the demo network (a marketing director in Bordeaux) and show it.")
)
def demo_command(
    ctx: typer.Context,
    seed: Annotated[
        int, typer.Option("--seed", help=N_("Random seed: same seed, same network."))
    ] = 2026,
    size: Annotated[
        int, typer.Option("--size", min=40, max=5000, help=N_("Number of contacts."))
    ] = 350,
    yes: Yes = False,
) -> None:
    from tisser.cli.overview import show_overview
    from tisser.demo import load_demo
    from tisser.store import ContactFilter

    state: State = ctx.obj
    store = state.store
    count = store.count_contacts(ContactFilter(include_archived=True), state.owner_id)
    question = ngettext(
        "This database holds {count} contact; replace it with the demo network?",
        "This database holds {count} contacts; replace them with the demo network?",
        count,
    ).format(count=count)
    if count and not yes and not confirm(question):
        state.console.print(_("Nothing changed. Use --db demo.db to try the demo elsewhere."))
        raise typer.Exit(1)
    network = load_demo(store, state.today, seed=seed, size=size, owner_id=state.owner_id)
    from tisser.demo.events import load_demo_events

    load_demo_events(store, network.contacts, state.today, state.owner_id)
    state.console.print(
        _(
            "Demo network loaded: {contacts} contacts, {interactions} interactions, {links} links."
        ).format(
            contacts=len(network.contacts),
            interactions=len(network.interactions),
            links=len(network.links),
        )
    )
    show_overview(state)
