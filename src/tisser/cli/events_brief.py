"""``tisser events brief``: one page before an event — who goes that you know, whom to meet
and why, your pitch, what you can offer (seed 003: go prepared)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.events_group import events_app
from tisser.cli.events_plan import MissingOpt, WantOpt
from tisser.cli.markup import escape
from tisser.core.errors import N_

if TYPE_CHECKING:
    from tisser.app.context import State


@events_app.command(
    "brief",
    help=N_(
        "A one-page brief before an event: who goes that you know, whom to meet and why, "
        "your pitch, what you can offer."
    ),
)
def brief_command(
    ctx: typer.Context,
    event: Annotated[
        str, typer.Argument(help=N_("The event: its title (or the start of it) or #id."))
    ],
    markdown: Annotated[bool, typer.Option("--markdown", help=N_("Print Markdown."))] = False,
    want: WantOpt = None,
    missing: MissingOpt = None,
) -> None:
    from tisser.app.event_brief import brief_sections
    from tisser.app.event_choice import parse_wants
    from tisser.app.events import find_event

    state: State = ctx.obj
    found = find_event(state, event)
    sections = brief_sections(
        state, found, parse_wants(want, "want") + parse_wants(missing, "missing")
    )
    if markdown:
        out = []
        for n, (heading, lines) in enumerate(sections):
            out.append(("# " if n == 0 else "\n## ") + heading)
            out.append("")
            out.extend(f"- {line}" for line in lines)
        sys.stdout.write("\n".join(out) + "\n")
        return
    for n, (heading, lines) in enumerate(sections):
        state.console.print(escape(heading), style="bold underline" if n == 0 else "bold")
        for line in lines:
            state.console.print("  • " + escape(line))
