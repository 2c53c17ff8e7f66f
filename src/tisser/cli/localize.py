"""Translate the command tree's help once the language is known.

Typer reads help texts when the module is imported, before ``--lang`` is parsed; so help
strings are written as English msgids (marked ``N_``) and this module walks the built Click
command tree, replacing each help text by its translation. Typer's own words (the panel
titles "Options", "Commands"…) are module constants in ``typer.rich_utils``; they are set
here too.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from tisser.core.errors import N_
from tisser.i18n import _

# Typer's panel titles and markers, as Typer writes them.
TYPER_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
}
HELP_OPTION_TEXT = N_("Show this message and exit.")
HELP_OPTION_NAMES = ["-h", "--help"]

# What each positional argument is, shown in "Usage:" lines instead of Typer's "{who}".
ARGUMENT_WORDS = {
    "who": N_("CONTACT"),
    "first": N_("CONTACT"),
    "second": N_("CONTACT"),
    "name": N_("NAME"),
    "channel": N_("CHANNEL"),
    "words": N_("WORDS"),
    "tags": N_("TAGS"),
    "file": N_("FILE"),
    "event": N_("EVENT"),
    "title": N_("TITLE"),
    "names": N_("NAMES"),
    "ids": N_("NUMBERS"),
    "action": N_("ACTION"),
    "goal": N_("OBJECTIVE"),
    "files": N_("FILES"),
    "target": N_("TARGET"),
    "keep": N_("KEEP"),
    "other": N_("OTHER"),
    "merge_id": N_("MERGE"),
    "community": N_("COMMUNITY"),
    "round_id": N_("ROUND"),
    "emails": N_("E-MAILS"),
    "email": N_("E-MAIL"),
}

# Typer shows each option's Python type ("<str>", "<bool>"); a reader wants a word.
TYPE_WORDS = {
    "<str>": N_("TEXT"),
    "<list[str]>": N_("TEXT"),
    "<int>": N_("NUMBER"),
    "<int range>": N_("NUMBER"),
    "<float>": N_("NUMBER"),
    "<float range>": N_("NUMBER"),
    "<path>": N_("FILE"),
    "<list[Path]>": N_("FILES"),
}


def localize_typer() -> None:
    """Point Typer's own words at the current language, as soon as Typer has them.

    They live in ``typer.rich_utils``, which loads Rich's tables and panels: more CPU than the
    whole command tree. Typer loads it only to show help, so a command that shows none should
    not pay for it: the words are set when the module loads (:class:`_WhenLoaded`), or at
    once if it is already there.
    """
    module = sys.modules.get(TYPER_HELP_MODULE)
    if module is not None:
        _set_words(module)
    elif not any(isinstance(f, _WhenLoaded) for f in sys.meta_path):
        sys.meta_path.insert(0, _WhenLoaded(TYPER_HELP_MODULE, _set_words))


TYPER_HELP_MODULE = "typer.rich_utils"


def _set_words(rich_utils: ModuleType) -> None:
    for attr, english in TYPER_WORDS.items():
        if hasattr(rich_utils, attr):
            setattr(rich_utils, attr, _(english))


class _WhenLoaded(importlib.abc.MetaPathFinder):
    """An import hook that runs ``then(module)`` right after ``name`` is loaded, once."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name, self.then = name, then

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(fullname)
        if spec is None or spec.loader is None:
            return spec
        loader, then = spec.loader, self.then
        load = loader.exec_module

        def exec_module(module: ModuleType) -> None:
            load(module)
            then(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def localize_command(command: Any) -> None:
    """Translate the help of ``command``, its parameters and its subcommands, in place."""
    import typer

    for attr in ("help", "short_help"):
        text = getattr(command, attr, None)
        if text:
            setattr(command, attr, _(text))
    ctx = typer.Context(command, help_option_names=HELP_OPTION_NAMES)
    for param in getattr(command, "params", []):
        text = getattr(param, "help", None)
        if text:
            param.help = _(text)
        if param.param_type_name == "argument" and param.name in ARGUMENT_WORDS:
            param.metavar = _(ARGUMENT_WORDS[param.name])
        if param.param_type_name == "option" and param.metavar is None:
            shown = param.display_type(ctx)
            if getattr(param, "is_flag", False):
                param.metavar = ""
            elif shown in TYPE_WORDS:
                param.metavar = _(TYPE_WORDS[shown])
    # Click builds the --help option on first use and caches it: build it now, translated.
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        help_option.help = _(HELP_OPTION_TEXT)
        help_option.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        localize_command(sub)
