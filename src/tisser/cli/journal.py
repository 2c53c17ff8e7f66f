"""The journal: log what happened with people, and record who knows whom."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, output_format
from tisser.core.dates import parse_date
from tisser.core.errors import N_
from tisser.core.model import Channel, HelpDirection, make_link
from tisser.i18n import _
from tisser.present import labels
from tisser.present.dates import human_date
from tisser.present.plantext import outcome_label

if TYPE_CHECKING:
    from tisser.app.context import State


@app.command(
    "log",
    help=N_(
        'Log an interaction: tisser log "Claire Dubois" lunch --gave "intro to Marc" '
        "--date 2026-11-20."
    ),
)
def log_command(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(help=N_("The contact: a name, an e-mail or #id."))],
    channel: Annotated[
        str,
        typer.Argument(
            help=N_(
                "How: in_person, lunch, call, video, message, email, linkedin, event, sport "
                "(French words work too: déjeuner, appel, visio…)."
            )
        ),
    ],
    with_: Annotated[
        list[str] | None,
        typer.Option("--with", "-w", help=N_("Another contact who was there (repeatable).")),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", "-d", help=N_("When (default today): 2026-11-20, yesterday, 3d.")),
    ] = None,
    at_time: Annotated[
        str | None, typer.Option("--time", help=N_("Time of day, e.g. 12:30 (default noon)."))
    ] = None,
    gave: Annotated[
        str | None, typer.Option("--gave", help=N_("What you gave (help, intro…)."))
    ] = None,
    received: Annotated[
        str | None, typer.Option("--received", help=N_("What you received."))
    ] = None,
    direction: Annotated[
        str | None,
        typer.Option("--direction", help=N_("Who helped whom: gave, received, mutual, none.")),
    ] = None,
    about: Annotated[
        str | None, typer.Option("--about", "-a", help=N_("What it was about."))
    ] = None,
    outcome: Annotated[str | None, typer.Option("--outcome", help=N_("What came of it."))] = None,
) -> None:
    from tisser.app.journal import make_interaction

    state: State = ctx.obj
    kind = labels.parse(Channel, channel)
    people = [state.contact(who)] + [state.contact(w) for w in with_ or []]
    interaction = make_interaction(
        state.owner_id,
        state.today,
        kind,
        [p.id or 0 for p in people],
        on=on,
        at_time=at_time,
        gave=gave,
        received=received,
        direction=direction,
        about=about,
        outcome=outcome,
    )
    saved = state.store.add_interaction(interaction)
    day = interaction.occurred_at.date() if interaction.occurred_at else state.today
    names = ", ".join(p.display_name for p in people)
    line = _("Logged {channel} with {names} on {day}.").format(
        channel=labels.label(kind), names=escape(names), day=human_date(day)
    )
    if saved.direction is not HelpDirection.NONE:
        line += " " + _("Help: {direction}.").format(direction=labels.label(saved.direction))
    state.console.print(line)


@app.command("link", help=N_("Record that two of your contacts know each other."))
def link_command(
    ctx: typer.Context,
    first: Annotated[str, typer.Argument(help=N_("One contact."))],
    second: Annotated[str, typer.Argument(help=N_("The contact they know."))],
    strength: Annotated[
        float | None,
        typer.Option("--strength", "-s", help=N_("How well they know each other, 0 to 1.")),
    ] = None,
) -> None:
    state: State = ctx.obj
    a, b = state.contact(first), state.contact(second)
    link = make_link(a.id or 0, b.id or 0, strength, owner_id=state.owner_id)
    state.store.add_link(link)
    state.console.print(
        _("Noted: {a} knows {b}.").format(a=escape(a.display_name), b=escape(b.display_name))
    )


JOURNAL_COLUMNS = [
    Column("date", N_("Date")),
    Column("channel", N_("Channel")),
    Column("with", N_("With"), "bold"),
    Column("direction", N_("Help")),
    Column("about", N_("About")),
    Column("source", N_("Source")),
]


@app.command(
    "journal", help=N_("List logged interactions, newest first, for everyone or one contact.")
)
def journal_command(
    ctx: typer.Context,
    who: Annotated[
        str | None, typer.Argument(help=N_("Only this contact (a name, an e-mail or #id)."))
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help=N_("From this date or for this long (3m, 1y)."))
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help=N_("Show at most this many."))] = 50,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    start = parse_date(since, state.today) if since else None
    if who:
        contact = state.contact(who)
        items = state.history(contact.id or 0)
    else:
        items = sorted(
            state.interactions(),
            key=lambda i: i.occurred_at or datetime.min.replace(tzinfo=UTC),
            reverse=True,
        )
    if start:
        items = [i for i in items if i.occurred_at and i.occurred_at.date() >= start]
    items = items[:limit]
    names = dict(state.store.contact_names(state.owner_id))
    captured_by = state.store.capture_sources_of(i.id for i in items if i.id)  # #16
    rows, shown = [], []
    for i in items:
        people = [names.get(cid, "?") for cid in i.contact_ids]
        rows.append(
            {
                "id": i.id,
                "date": i.occurred_at,
                "channel": i.channel,
                "with": people,
                "contact_ids": i.contact_ids,
                "direction": i.direction,
                "gave": i.gave,
                "received": i.received,
                "about": i.about,
                "outcome": i.outcome,
                "source": captured_by.get(i.id or 0),
            }
        )
        detail = "; ".join(p for p in (i.gave, i.received) if p)
        shown.append(
            {
                "date": human_date(i.occurred_at.date()) if i.occurred_at else "",
                "channel": labels.label(i.channel),
                "with": ", ".join(people),
                "direction": (labels.label(i.direction) + (f" — {detail}" if detail else ""))
                if i.direction is not HelpDirection.NONE
                else "",
                "about": " → ".join(p for p in (i.about, outcome_label(i.outcome)) if p),
                "source": captured_by.get(i.id or 0, ""),
            }
        )
    emit(
        rows,
        JOURNAL_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=_("Journal"),
        empty=_("No interaction logged yet."),
    )
