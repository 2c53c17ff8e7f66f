"""``tisser events``: the catalogue of events, clubs and associations (add, list, show, edit,
delete, import).

The group's other commands live beside it: choosing in :mod:`tisser.cli.events_plan`, briefs
in :mod:`tisser.cli.events_brief`, capturing the people met in :mod:`tisser.cli.events_met`,
follow-ups and results in :mod:`tisser.cli.events_after`; the options shared by ``add`` and
``edit``, and the labels of kinds and formats, in :mod:`tisser.cli.events_options`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.events_group import events_app
from tisser.cli.events_options import (
    EVENT_OPTIONS,
    Attend,
    AtTime,
    Bring,
    City,
    Duration,
    EventArg,
    Every,
    Fee,
    FormatOpt,
    Functions,
    Goes,
    Kind,
    Meet,
    Membership,
    Notes,
    Organizer,
    Place,
    Profiles,
    Sectors,
    Size,
    Travel,
    Url,
    When,
    YearlyFee,
    Yes,
)
from tisser.cli.events_view import event_record
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, confirm, emit, output_format
from tisser.core.errors import N_, InvalidInput
from tisser.core.events import (
    Event,
)
from tisser.i18n import _, ngettext
from tisser.present import labels
from tisser.present.dates import human_date
from tisser.present.events import fees_text


@events_app.command(
    "add",
    help=N_(
        'Add an event or a membership: tisser events add "Afterwork French Tech" --kind '
        "afterwork --date 2026-12-03 --time 18:30 --every monthly --fee 15."
    ),
)
def add_command(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=N_("Its title."))],
    kind: Kind = None,
    when: When = None,
    at_time: AtTime = None,
    every: Every = None,
    duration: Duration = None,
    travel: Travel = None,
    place: Place = None,
    city: City = None,
    organizer: Organizer = None,
    url: Url = None,
    fee: Fee = None,
    yearly_fee: YearlyFee = None,
    sectors: Sectors = None,
    functions: Functions = None,
    profiles: Profiles = None,
    size: Size = None,
    format_: FormatOpt = None,
    bring: Bring = None,
    goes: Goes = None,
    meet: Meet = None,
    membership: Membership = None,
    attend: Attend = None,
    notes: Notes = None,
) -> None:
    from tisser.app.events import apply_options

    state: State = ctx.obj
    given = {k: v for k, v in locals().items() if k in EVENT_OPTIONS}
    event = apply_options(state, Event(owner_id=state.owner_id, title=title.strip()), given)
    saved = state.store.add_event(event)
    state.console.print(
        _("Added {title} (#{id}) — {kind}.").format(
            title=escape(saved.title), id=saved.id, kind=labels.label(saved.kind)
        )
    )


@events_app.command(
    "edit", help=N_("Change an event or membership: only the options given change.")
)
def edit_command(
    ctx: typer.Context,
    event: EventArg,
    title: Annotated[str | None, typer.Option("--title", help=N_("New title."))] = None,
    kind: Kind = None,
    when: When = None,
    at_time: AtTime = None,
    every: Every = None,
    duration: Duration = None,
    travel: Travel = None,
    place: Place = None,
    city: City = None,
    organizer: Organizer = None,
    url: Url = None,
    fee: Fee = None,
    yearly_fee: YearlyFee = None,
    sectors: Sectors = None,
    functions: Functions = None,
    profiles: Profiles = None,
    size: Size = None,
    format_: FormatOpt = None,
    bring: Bring = None,
    goes: Goes = None,
    meet: Meet = None,
    membership: Membership = None,
    attend: Attend = None,
    notes: Notes = None,
) -> None:
    from tisser.app.events import apply_options, find_event

    state: State = ctx.obj
    given = {k: v for k, v in locals().items() if k in EVENT_OPTIONS}
    found = find_event(state, event)
    changed = apply_options(state, found, given)
    if title is not None:
        changed.title = title.strip()
    saved = state.store.update_event(changed)
    state.console.print(
        _("Updated {title} (#{id}).").format(title=escape(saved.title), id=saved.id)
    )


LIST_COLUMNS = [
    Column("id", N_("#"), justify="right"),
    Column("title", N_("Title"), "bold"),
    Column("kind", N_("Kind")),
    Column("next", N_("Next")),
    Column("city", N_("City")),
    Column("time", N_("Time"), justify="right"),
    Column("fees", N_("Fees")),
    Column("room", N_("Room")),
    Column("going", N_("Contacts going"), justify="right"),
]


@events_app.command("list", help=N_("List the catalogue: events first by date, then memberships."))
def list_command(
    ctx: typer.Context,
    memberships: Annotated[
        bool, typer.Option("--memberships", help=N_("Only memberships (clubs, associations…)."))
    ] = False,
    upcoming: Annotated[
        bool, typer.Option("--upcoming", help=N_("Only entries with an occurrence to come."))
    ] = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    from tisser.app.events import catalogue, next_day

    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    items = catalogue(state)
    if memberships:
        items = [e for e in items if e.is_membership]
    rows, shown = [], []
    for e in items:
        day = next_day(e, state.today)
        if upcoming and (day is None or day < state.today) and not e.is_membership:
            continue
        rows.append(event_record(e, state.today))
        shown.append(
            {
                "id": e.id,
                "title": e.title,
                "kind": labels.label(e.kind),
                "next": human_date(day) if day else "",
                "city": e.city,
                "time": _("{minutes} min").format(minutes=e.minutes_per_occurrence),
                "fees": fees_text(e),
                "room": labels.label(e.room),
                "going": len(e.attendee_ids) or "",
            }
        )
    emit(
        rows,
        LIST_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=ngettext("{count} entry", "{count} entries", len(rows)).format(count=len(rows)),
        empty=_("No event yet: tisser events add, or tisser events import FILE.ics."),
    )


@events_app.command(
    "show", help=N_("Show one event or membership: costs, audience, who goes, results.")
)
def show_command(ctx: typer.Context, event: EventArg, as_json: JsonFlag = False) -> None:
    from tisser.app.events import find_event
    from tisser.cli.events_view import show_event

    state: State = ctx.obj
    show_event(state, find_event(state, event), as_json)


@events_app.command(
    "delete", help=N_("Delete an event or membership and what is recorded about it. Asks first.")
)
def delete_command(ctx: typer.Context, event: EventArg, yes: Yes = False) -> None:
    from tisser.app.events import find_event

    state: State = ctx.obj
    found = find_event(state, event)
    question = _("Delete {title} (#{id}), its attendances and follow-ups?").format(
        title=found.title, id=found.id
    )
    if not yes and not confirm(question):
        state.console.print(_("Nothing deleted."))
        raise typer.Exit(1)
    state.store.delete_event(found.id or 0, state.owner_id)
    state.console.print(_("Deleted {title}.").format(title=escape(found.title)))


@events_app.command(
    "import",
    help=N_(
        "Import events from an .ics file (a club's calendar export). Unreadable events are "
        "reported by number; the others are imported, all at once."
    ),
)
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help=N_("The .ics file."))],
    kind: Kind = None,
    travel: Travel = None,
) -> None:
    from tisser.app.context import local_zone
    from tisser.app.events import apply_options
    from tisser.formats.ics_events import read_ics

    state: State = ctx.obj
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InvalidInput(
            N_("cannot read {file}: {reason}"), where=str(file), file=str(file), reason=exc.strerror
        ) from exc
    report = read_ics(data, str(file), local_zone(), state.owner_id)
    for problem in report.problems:
        state.console.print(
            escape(_("Skipped: {problem}").format(problem=problem.one_line(_))), style="yellow"
        )
    added = updated = 0
    store = state.store
    with store.transaction():
        for event in report.events:
            event = apply_options(state, event, {"kind": kind, "travel": travel})
            existing = store.event_by_uid(event.uid, state.owner_id)
            if existing is not None:
                keep = {"id", "attendee_ids", "wanted", "sectors", "functions", "profiles",
                        "can_bring", "membership_id", "attend_count", "expected_size", "format",
                        "yearly_fee"}  # fmt: skip
                if travel is None:
                    keep.add("travel_minutes")
                store.update_event(
                    dataclasses.replace(event, **{k: getattr(existing, k) for k in keep})
                )
                updated += 1
            else:
                store.add_event(event)
                added += 1
    state.console.print(
        _("Imported {added} new and {updated} updated of {total} events from {file}.").format(
            added=added, updated=updated, total=report.total, file=escape(str(file))
        )
    )
    if report.problems:
        state.console.print(
            ngettext(
                "{count} event could not be read (listed above).",
                "{count} events could not be read (listed above).",
                len(report.problems),
            ).format(count=len(report.problems))
        )
        raise typer.Exit(1)


if TYPE_CHECKING:
    from tisser.app.context import State
