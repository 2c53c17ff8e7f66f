"""``tisser calendar --ics FILE``: the week's plan in your calendar."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _, get_language, ngettext
from tisser.present.plantext import write_file

if TYPE_CHECKING:
    from tisser.app.context import State


@app.command("calendar", help=N_("Write the week's plan as an iCalendar file (.ics)."))
def calendar_command(
    ctx: typer.Context,
    ics: Annotated[Path, typer.Option("--ics", help=N_("The .ics file to write."))],
    todo: Annotated[
        bool, typer.Option("--todo", help=N_("Write tasks (VTODO) instead of events."))
    ] = False,
    zone: Annotated[
        str | None,
        typer.Option("--tz", help=N_("Time zone of the events (default: yours, Europe/Paris).")),
    ] = None,
) -> None:
    from tisser.app.calendar import week_entries
    from tisser.app.context import local_zone
    from tisser.formats.ics import calendar

    state: State = ctx.obj
    tz = zone or str(local_zone())
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(tz)
    except (ValueError, KeyError, OSError) as exc:
        raise InvalidInput(
            N_("unknown time zone {zone!r}"), hint=N_("use a name like Europe/Paris"), zone=tz
        ) from exc
    entries = week_entries(state)
    data = calendar(
        entries, zone=tz, todo=todo, name=_("tisser — networking plan"), language=get_language()
    )
    write_file(ics, data)
    state.console.print(
        ngettext(
            "{n} action written to {file}.", "{n} actions written to {file}.", len(entries)
        ).format(n=len(entries), file=escape(str(ics)))
    )
