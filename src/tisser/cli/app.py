"""The Typer application: global options and the command groups.

Help texts are English msgids marked with ``N_``; :mod:`tisser.cli.localize` translates the
whole command tree once the language is known, so ``tisser --help`` and every subcommand's
help read in French or English.
"""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from tisser import __version__
from tisser.app.context import State
from tisser.core.errors import N_

app = typer.Typer(
    name="tisser",
    help=N_(
        "tisser — weave ties: your professional network as a weekly method. "
        "Run without a command to see your network at a glance."
    ),
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help=N_("Database file or URL (default: TISSER_DB, else your data folder)."),
        envvar="TISSER_DB",
        show_envvar=False,
    ),
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang", help=N_("Language of messages: fr or en (default: TISSER_LANG, then LANG).")
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tisser {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def root(
    ctx: typer.Context,
    db: DbOption = None,
    lang: LangOption = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help=N_("Show the version and exit."), callback=_version, is_eager=True
        ),
    ] = False,
) -> None:
    """The options every command shares; without a command, show the overview."""
    state = State(db=db)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        from tisser.cli.overview import show_overview

        show_overview(state)


# The command modules, in the order their commands appear in ``tisser --help``: the method's
# steps first (know yourself, inventory, journal, diagnose, plan, reach, events), housekeeping last.
COMMAND_MODULES = (
    "profile",
    "contacts",
    "transfer",
    "duplicates",
    "journal",
    "overview",
    "diagnose",
    "goals",
    "plan",
    "calendar",
    "digest",
    "reach",
    "giving",
    "intros",
    "events",
    "community",
    "web",
    "serve",
    "admin",
)


def register() -> typer.Typer:
    """Import the command modules (each adds its commands to ``app``) and return ``app``."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"tisser.cli.{name}")
    return app
