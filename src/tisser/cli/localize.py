"""Translate the command tree's help once the language is known.

Typer reads help texts when the module is imported, before ``--lang`` is parsed; so help
strings are written as English msgids (marked ``N_``) and this module walks the built Click
command tree, replacing each help text by its translation. Typer's own words (the section
titles "Options", "Commands"…) and Click's "Usage:" are translated here too.
"""

from __future__ import annotations

from typing import Any

import typer
import typer.core

from tisser.core.errors import N_
from tisser.i18n import _

# Typer's own words, as its help formatter asks ``typer.core._`` for them.
TYPER_WORDS = {
    "Arguments": N_("Arguments"),
    "Options": N_("Options"),
    "Commands": N_("Commands"),
    "required": N_("required"),
    "default: {default}": N_("default: {default}"),
    "env var: {var}": N_("env var: {var}"),
}
USAGE_PREFIX = N_("Usage: ")
HEADING = N_("{heading}:")  # French puts a no-break space before the colon
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
    """Point Typer's own words ("Options", "Commands", "required"…) at the current language.

    The help is Click's plain layout (``rich_markup_mode=None`` on the root): Rich's panels
    cost more CPU than building the whole command tree. Typer asks its words from
    ``typer.core._`` (the standard library's gettext, with no catalogue): it is pointed at
    :func:`typer_word`, which reads them from tisser's catalogue.
    """
    typer.core._ = typer_word  # type: ignore[attr-defined]


def typer_word(english: str) -> str:
    """One of Typer's words in the current language; any other text as Typer wrote it."""
    return _(TYPER_WORDS[english]) if english in TYPER_WORDS else english


def localize_command(command: Any) -> None:
    """Translate the help of ``command``, its parameters and its subcommands, in place."""
    for attr in ("help", "short_help"):
        text = getattr(command, attr, None)
        if text:
            setattr(command, attr, _(text))
    if command.help and not command.short_help:
        command.short_help = first_paragraph(command.help)
    command.context_class = HelpContext
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


def first_paragraph(text: str) -> str:
    """The first paragraph of a help text, on one line: what a command's row in its group's
    list shows, whole (Click would cut it at 45 characters and add "...")."""
    head = text.partition("\f")[0].strip().split("\n\n", 1)[0]
    return " ".join(head.split())


class HelpFormatter(typer._click.HelpFormatter):  # Typer ships Click inside itself
    """Click's help layout, with its hard-coded English ("Usage:", the headings' colon)
    in the current language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _(USAGE_PREFIX) if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_(HEADING).format(heading=heading)}\n")


class HelpContext(typer.Context):
    """The context of every tisser command: it formats help with :class:`HelpFormatter`."""

    formatter_class = HelpFormatter
