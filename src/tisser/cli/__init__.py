"""The ``tisser`` command line.

:func:`main` is the console script: it picks the language, builds the command tree in that
language, runs it, and turns every error into one line on stderr and a non-zero exit code.
No traceback reaches a user: an unexpected error is written to a log file and named in
that one line.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from typer import Abort, TyperException

from tisser.cli.usage import translate_usage
from tisser.core.errors import TisserError
from tisser.i18n import _, init_from_environment

INTERRUPTED_EXIT = 130
INTERNAL_ERROR_EXIT = 70


def build_command(args: Sequence[str] | None = None) -> Any:
    """The Click command tree of tisser, with help in the current language.

    With the command line ``args``, only the commands it may run are built (the module of the
    command it names: the start of a command is not spent building the 80 others).
    """
    import typer

    from tisser.cli import coerce
    from tisser.cli.app import COMMAND_MODULES, modules_for, register
    from tisser.cli.localize import localize_command, localize_typer

    localize_typer()
    coerce.install()
    command = typer.main.get_command(
        register(COMMAND_MODULES if args is None else modules_for(args))
    )
    localize_command(command)
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """Run tisser with ``argv`` (default ``sys.argv[1:]``); return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    init_from_environment(args)
    try:
        command = build_command(args)
        result = command.main(args=args, prog_name="tisser", standalone_mode=False)
        return result if isinstance(result, int) else 0
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except Abort:
        _stderr().print(_("Aborted."))
        return 1
    except TyperException as error:  # Click's usage errors: missing argument, bad option…
        where = " ".join(_command_path(args))
        hint = _("see `{command} --help`").format(command=where)
        message = translate_usage(getattr(error, "format_message", error.__str__)())
        text = _("Error: {message}").format(message=f"{message} — {hint}")
        _stderr().print(_escape(text), style="red")
        return int(getattr(error, "exit_code", 2))
    except TisserError as error:
        text = _("Error: {message}").format(message=error.one_line(_))
        _stderr().print(_escape(text), style="red")
        return error.exit_code
    except KeyboardInterrupt:
        message = _("Interrupted: nothing was half-written (each change is one transaction).")
        _stderr().print(message)
        return INTERRUPTED_EXIT
    except Exception as unexpected:  # the last line of defence: no traceback to the user
        log = _write_crash_log(unexpected)
        message = _("Unexpected error: {kind}: {detail} — details in {log}; please report it.")
        _stderr().print(
            _escape(message.format(kind=type(unexpected).__name__, detail=unexpected, log=log)),
            style="red",
        )
        return INTERNAL_ERROR_EXIT
    return 0


def _command_path(args: list[str]) -> list[str]:
    """``tisser`` and the subcommand named in ``args``, for the "see --help" hint."""
    from tisser.cli.app import app

    names = {c.name or c.callback.__name__ for c in app.registered_commands if c.callback}
    return ["tisser", *[a for a in args if a in names][:1]]


def _stderr() -> Any:
    """Rich's console on stderr, made only when there is an error to show: a command that
    succeeds does not pay for loading Rich's console."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _write_crash_log(error: BaseException) -> str:
    import platformdirs

    try:
        folder = platformdirs.user_log_path("tisser", ensure_exists=True)
        path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.log"
        path.write_text("".join(traceback.format_exception(error)), encoding="utf-8")
        return str(path)
    except OSError:
        return _("(log not writable)")


__all__ = ["main"]
