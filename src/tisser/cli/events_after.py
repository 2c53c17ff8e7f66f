"""After an event: ``tisser events followups`` and ``done`` (the actions owed to people met)
and ``results`` (value per hour and per euro, fed back into next year's choice)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

import typer

from tisser.app.context import State
from tisser.app.event_choice import period
from tisser.app.events import catalogue, compute_results  # moved
from tisser.cli.events import events_app
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, output_format
from tisser.core.dates import parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.i18n import _, ngettext
from tisser.present.dates import human_date

FOLLOWUP_COLUMNS = [
    Column("id", N_("#"), justify="right"),
    Column("due", N_("Due")),
    Column("who", N_("Who"), "bold"),
    Column("event", N_("Event")),
    Column("action", N_("Action")),
    Column("state", N_("State")),
]


@events_app.command(
    "followups", help=N_("The follow-ups owed to people met at events, by due date.")
)
def followups_command(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help=N_("Include the ones done."))] = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    items = state.store.followups(state.owner_id, open_only=not all_)
    names = dict(state.store.contact_names(state.owner_id))
    titles = {e.id: e.title for e in state.store.list_events(state.owner_id)}
    rows, shown = [], []
    for f in items:
        late = f.done_on is None and f.due_on is not None and f.due_on < state.today
        condition = "done" if f.done_on else "late" if late else "open"
        rows.append(
            {
                "id": f.id,
                "due_on": f.due_on,
                "done_on": f.done_on,
                "contact_id": f.contact_id,
                "who": names.get(f.contact_id, "?"),
                "event_id": f.event_id,
                "event": titles.get(f.event_id, "?"),
                "action": f.action,
                "state": condition,
            }
        )
        shown.append(
            {
                "id": f.id,
                "due": human_date(f.due_on),
                "who": names.get(f.contact_id, "?"),
                "event": titles.get(f.event_id, "?"),
                "action": f.action,
                "state": {"done": _("done"), "late": _("late"), "open": _("to do")}[condition],
            }
        )
    emit(rows, FOLLOWUP_COLUMNS, fmt=fmt, console=state.console, table_rows=shown,
         title=_("Follow-ups"), empty=_("No follow-up to do."))  # fmt: skip


@events_app.command(
    "done", help=N_("Mark follow-ups done, by their numbers: tisser events done 3 4.")
)
def done_command(
    ctx: typer.Context,
    ids: Annotated[list[int], typer.Argument(help=N_("Follow-up numbers."))],
    on: Annotated[
        str | None, typer.Option("--date", "-d", help=N_("When (default today)."))
    ] = None,
) -> None:
    state: State = ctx.obj
    day = parse_date(on, state.today) if on else state.today
    mine = {f.id for f in state.store.followups(state.owner_id)}
    unknown = [i for i in ids if i not in mine]
    if unknown:
        raise InvalidInput(
            N_("no follow-up #{id}"), hint=N_("see `tisser events followups --all`"),
            id=", #".join(str(i) for i in unknown),
        )  # fmt: skip
    count = state.store.complete_followups(ids, day, state.owner_id)
    state.console.print(
        ngettext("{count} follow-up marked done.", "{count} follow-ups marked done.", count).format(
            count=count
        )
    )


RESULT_COLUMNS = [
    Column("title", N_("Event"), "bold"),
    Column("times", N_("Times"), justify="right"),
    Column("hours", N_("Hours"), justify="right"),
    Column("euros", N_("Fees"), justify="right"),
    Column("made", N_("New contacts"), justify="right"),
    Column("followups", N_("Follow-ups done"), justify="right"),
    Column("per_hour", N_("Value/h"), justify="right"),
    Column("per_euro", N_("Value/€"), justify="right"),
]


@events_app.command(
    "results",
    help=N_(
        "What each event and membership gave: contacts made, follow-ups done, value per hour "
        "and per euro (next year's choice learns from it)."
    ),
)
def results_command(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option("--year", help=N_("A calendar year (default: the last 12 months).")),
    ] = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    if year is not None:
        start, end = period(state, year)
    else:
        start, end = state.today - timedelta(days=365), state.today + timedelta(days=1)
    events = catalogue(state)
    titles = {e.id: e.title for e in events}
    results = [
        r for r in compute_results(state, events, start, end)
        if r.occurrences or r.contacts_made or r.followups_total
    ]  # fmt: skip
    results.sort(key=lambda r: (-(r.per_hour or 0.0), r.event_id))
    rows = [
        {
            "event_id": r.event_id,
            "title": titles.get(r.event_id, "?"),
            "occurrences": r.occurrences,
            "minutes": r.minutes,
            "euros": r.euros,
            "contacts_made": r.contacts_made,
            "contacts_seen": r.contacts_seen,
            "followups_done": r.followups_done,
            "followups_total": r.followups_total,
            "value": r.value,
            "value_per_hour": r.per_hour,
            "value_per_euro": r.per_euro,
        }
        for r in results
    ]
    shown = [
        {
            "title": row["title"],
            "times": row["occurrences"],
            "hours": f"{r.minutes / 60:.1f}",
            "euros": f"{r.euros:.0f} €",
            "made": r.contacts_made,
            "followups": f"{r.followups_done}/{r.followups_total}",
            "per_hour": f"{r.per_hour:.2f}" if r.per_hour is not None else "—",
            "per_euro": f"{r.per_euro:.2f}" if r.per_euro is not None else "—",
        }
        for row, r in zip(rows, results, strict=True)
    ]
    title = _("Results from {start} to {end}").format(
        start=human_date(start), end=human_date(end - timedelta(days=1))
    )
    emit(
        rows,
        RESULT_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=title,
        empty=_("Nothing attended in this period yet: tisser events met after an event."),
    )
