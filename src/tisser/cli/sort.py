"""``tisser sort``: the first run's quick sort of the people who matter most.

One contact at a time, the user types a circle (1-5) and/or a profile letter; Enter skips,
``q`` stops. Each answer is written at once (:func:`tisser.app.sorting.place`), so stopping
half-way loses nothing. A typo is explained and asked again, never a crash.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.core.errors import N_, InvalidInput

if TYPE_CHECKING:
    from tisser.app.context import State

from tisser.i18n import _, ngettext


@app.command(
    "sort",
    help=N_(
        "Place the people who matter most in circles and tag their profile, one at a time "
        "(the first run after an import)."
    ),
)
def sort_command(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help=N_("How many people to go through (20 to 50)."))
    ] = 30,
) -> None:
    from tisser.app.sorting import candidates, parse, place
    from tisser.present import labels

    state: State = ctx.obj
    con = state.console
    people = candidates(state.store, state.owner_id, max(1, min(limit, 200)))
    if not people:
        con.print(escape(_("Everyone who matters is already placed: nothing to sort.")))
        return
    con.print(
        escape(
            _(
                "For each person: a circle from 1 (closest) to 5 (archive) and/or a letter: "
                "s super-connector, m mentor, e expert, r reserved. Enter skips, q stops."
            )
        )
    )
    placed = 0
    for c in people:
        where = ", ".join(p for p in (c.position, c.organization) if p)
        label = f"{c.display_name} ({where})" if where else c.display_name
        now = labels.label(c.circle)
        while True:
            con.print(f"[bold]{escape(label)}[/] [dim]— {escape(now)}[/]")
            line = sys.stdin.readline()
            if not line or line.strip().lower() == "q":
                _summary(state, placed)
                return
            try:
                p = parse(line.strip())
            except InvalidInput as e:
                con.print(f"[yellow]{escape(e.one_line(_))}[/]")
                continue
            if not p.empty:
                place(state.store, state.owner_id, c.id or 0, p)
                placed += 1
            break
    _summary(state, placed)


def _summary(state: State, placed: int) -> None:
    state.console.print(
        escape(
            ngettext("{n} person placed.", "{n} people placed.", placed).format(n=placed)
            + " "
            + _("The diagnosis now reads your circles: tisser diagnose")
        )
    )
