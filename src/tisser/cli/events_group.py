"""The ``tisser events`` group itself, apart from its commands.

Each module of the group (:mod:`tisser.cli.events`, ``events_plan``, ``events_after``,
``events_brief``, ``events_met``) adds its commands to :data:`events_app`; they import it
from here, so none imports another to join the group (no import circle), and
:data:`tisser.cli.app.COMMAND_MODULES` loads them in the order of ``tisser events --help``.
"""

from __future__ import annotations

import typer

from tisser.cli.app import app
from tisser.core.errors import N_

events_app = typer.Typer(
    name="events",
    help=N_(
        "Events, clubs and associations: the catalogue, the portfolio to choose under your "
        "budgets, a brief before, the people met after."
    ),
)


@events_app.callback(invoke_without_command=True)
def events_root(ctx: typer.Context) -> None:
    """Without a subcommand, show the group's help (and succeed)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


app.add_typer(events_app, name="events")
