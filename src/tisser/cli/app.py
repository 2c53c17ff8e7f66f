"""The Typer application: global options and the command groups.

Help texts are English msgids marked with ``N_``; :mod:`tisser.cli.localize` translates the
whole command tree once the language is known, so ``tisser --help`` and every subcommand's
help read in French or English.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Annotated

import typer

from tisser import __version__
from tisser.core.errors import N_

app = typer.Typer(
    name="tisser",
    help=N_(
        "tisser — weave ties: your professional network as a weekly method. "
        "Run without a command to see your network at a glance."
    ),
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # Click's plain help: Rich's panels cost more than the whole tree
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
        "--lang",
        help=N_("Language of messages: fr or en (default: TISSER_LANG, then LANG)."),
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
            "--version",
            help=N_("Show the version and exit."),
            callback=_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """The options every command shares; without a command, show the overview."""
    from tisser.app.context import State

    state = State(db=db)
    ctx.obj = state
    ctx.call_on_close(state.close)
    if ctx.invoked_subcommand is None:
        # The overview command, found by name: this module does not import the command
        # modules, they import it (no import circle).
        overview = ctx.command.get_command(ctx, "overview")  # type: ignore[attr-defined]
        with overview.make_context("overview", [], parent=ctx, obj=state) as sub:
            overview.invoke(sub)


# The command modules, in the order their commands appear in ``tisser --help``: the method's
# steps first (know yourself, inventory, journal, diagnose, plan, reach, events), housekeeping last.
COMMAND_MODULES = (
    "profile",
    "contacts",
    "transfer",
    "carddav",
    "duplicates",
    "journal",
    "sources",
    "overview",
    "diagnose",
    "sort",
    "goals",
    "plan",
    "calendar",
    "digest",
    "reach",
    "giving",
    "intros",
    "events_group",
    "events",
    "events_plan",
    "events_after",
    "events_brief",
    "events_met",
    "community",
    "federation",
    "web",
    "serve",
    "admin",
)


EVENTS_MODULES = ("events_group", "events", "events_plan", "events_after", "events_brief",
                  "events_met")  # fmt: skip

# Which modules define each command or group of the root, so that a command line loads only
# the module of the command it runs (tests/test_cli_startup.py checks it against the tree).
# A name missing here still works: every module is then loaded, as for ``tisser --help``.
COMMANDS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("init", "me"), ("profile",)),
    **dict.fromkeys(
        ("add", "edit", "list", "search", "show", "tag", "archive", "delete"),
        ("contacts",),
    ),
    **dict.fromkeys(("import", "export"), ("transfer",)),
    "duplicates": ("duplicates",),
    **dict.fromkeys(("log", "link", "journal"), ("journal",)),
    **dict.fromkeys(("sources", "sync"), ("sources",)),
    "carddav": ("carddav",),
    "sort": ("sort",),
    "federation": ("federation",),
    "overview": ("overview",),
    **dict.fromkeys(("diagnose", "why", "report"), ("diagnose",)),
    "goal": ("goals",),
    **dict.fromkeys(("plan", "done", "snooze", "review"), ("plan",)),
    "calendar": ("calendar",),
    "digest": ("digest",),
    **dict.fromkeys(("reach", "ask"), ("reach",)),
    **dict.fromkeys(("offer", "need", "offers", "introductions", "ledger"), ("giving",)),
    "intro": ("intros",),
    "events": EVENTS_MODULES,
    "community": ("community",),
    "web": ("web",),
    "serve": ("serve",),
    **dict.fromkeys(("backup", "restore", "demo"), ("admin",)),
}
VALUE_OPTIONS = ("--db", "--lang")  # the root's options that take a value


def modules_for(args: Sequence[str]) -> tuple[str, ...]:
    """The command modules a command line needs: the one of the command it names, none for
    ``--version``, the overview's without a command, and all of them for the root's help or
    a name this table does not know (Click then lists the commands or suggests one)."""
    rest = iter(args)
    for arg in rest:
        if arg in VALUE_OPTIONS:
            next(rest, None)
        elif arg == "--version":
            return ()
        elif arg in ("-h", "--help"):
            return COMMAND_MODULES
        elif not arg.startswith("-"):
            return COMMANDS.get(arg, COMMAND_MODULES)
    return COMMANDS["overview"]


def register(modules: Sequence[str] = COMMAND_MODULES) -> typer.Typer:
    """Import the command modules (each adds its commands to ``app``) and return ``app``;
    in the order of ``tisser --help`` whichever are asked for."""
    for name in COMMAND_MODULES:
        if name in modules:
            importlib.import_module(f"tisser.cli.{name}")
    return app
