"""``tisser events``: the catalogue of events, clubs and associations (add, list, show, edit,
delete, import).

The group's other commands live beside it: choosing in :mod:`tisser.cli.events_plan`, briefs
in :mod:`tisser.cli.events_brief`, capturing the people met in :mod:`tisser.cli.events_met`,
follow-ups and results in :mod:`tisser.cli.events_after`; the options shared by ``add`` and
``edit``, and the labels of kinds and formats, in :mod:`tisser.cli.events_options`.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from tisser.cli import labels
from tisser.cli.app import app
from tisser.cli.context import State, local_zone
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
from tisser.cli.output import Column, CsvFlag, JsonFlag, confirm, emit, human_date, output_format
from tisser.core import resolve
from tisser.core.dates import at, parse_date, parse_time
from tisser.core.errors import N_, Ambiguous, InvalidInput, NotFound
from tisser.core.events import (
    Event,
    EventKind,
    Format,
    occurrences,
    parse_every,
    parse_minutes,
)
from tisser.i18n import _, ngettext

events_app = typer.Typer(
    name="events",
    help=N_(
        "Events, clubs and associations: the catalogue, the portfolio to choose under your "
        "budgets, a brief before, the people met after."
    ),
)
app.add_typer(events_app, name="events")


@events_app.callback(invoke_without_command=True)
def events_root(ctx: typer.Context) -> None:
    """Without a subcommand, show the group's help (and succeed)."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit()


def localized(event: Event) -> Event:
    """``event`` with its start in the user's time zone: recurrences ("first Thursday")
    and dates are counted in local time, not in the UTC the store answers in."""
    if event.starts_at is not None:
        event.starts_at = event.starts_at.astimezone(local_zone())
    return event


def catalogue(state: State) -> list[Event]:
    """Every entry of the user, in local time."""
    return [localized(e) for e in state.store.list_events(state.owner_id)]


def find_event(state: State, text: str) -> Event:
    """The one entry ``text`` names: ``#id``, a title, the start of one, or a word in it."""
    event_id = resolve.parse_id(text)
    if event_id is not None:
        return localized(state.store.get_event(event_id, state.owner_id))
    found = state.store.find_events(text, state.owner_id)
    if len(found) == 1:
        return localized(found[0])
    if found:
        listing = "; ".join(f"#{e.id} {e.title}" for e in found[:8])
        raise Ambiguous(
            N_("{count} events answer to {text!r}: {listing}"),
            candidates=[f"#{e.id} {e.title}" for e in found],
            hint=N_("name one by its number, e.g. #{first_id}"),
            count=len(found),
            text=text,
            listing=listing,
            first_id=found[0].id,
        )
    raise NotFound(N_("no event named {text!r}"), hint=N_("see `tisser events list`"), text=text)


def _contact_ids(state: State, names: list[str]) -> list[int]:
    return list(dict.fromkeys(state.contact(n).id or 0 for n in names))


def apply_options(state: State, event: Event, given: dict[str, Any]) -> Event:
    """``event`` with the options the user gave, each parsed and checked."""
    o = {k: v for k, v in given.items() if v is not None}
    changes: dict[str, Any] = {}
    if "kind" in o:
        changes["kind"] = labels.parse(EventKind, o["kind"])
    if "when" in o or "at_time" in o:
        old = event.starts_at.astimezone(local_zone()) if event.starts_at else None
        day = parse_date(o["when"], state.today) if "when" in o else old.date() if old else None
        if day is None:
            raise InvalidInput(
                N_("--time needs --date"), hint=N_("e.g. --date 2026-12-03 --time 18:30")
            )
        moment = parse_time(o["at_time"]) if "at_time" in o else old.time() if old else time(18, 30)
        changes["starts_at"] = at(day, moment, local_zone())
    if "every" in o:
        changes["rrule"] = (
            "" if o["every"].strip() in ("", "-", "none", "aucune") else parse_every(o["every"])
        )
    for key, field_name in (("duration", "duration_minutes"), ("travel", "travel_minutes")):
        if key in o:
            changes[field_name] = parse_minutes(o[key])
    for key in ("place", "city", "organizer", "url", "notes"):
        if key in o:
            changes[key] = o[key].strip()
    if "fee" in o:
        changes["entry_fee"] = float(o["fee"])
    if "yearly_fee" in o:
        changes["yearly_fee"] = float(o["yearly_fee"])
    for key in ("sectors", "functions", "profiles"):
        if key in o:
            changes[key] = list(dict.fromkeys(v.strip() for v in o[key] if v.strip()))
    if "bring" in o:
        changes["can_bring"] = [v.strip() for v in o["bring"] if v.strip()]
    if "size" in o:
        changes["expected_size"] = o["size"]
    if "format_" in o:
        changes["format"] = labels.parse(Format, o["format_"])
    if "goes" in o:
        changes["attendee_ids"] = _contact_ids(state, o["goes"])
    if "meet" in o:
        wanted: dict[int, str] = {}
        for item in o["meet"]:
            who, _sep, why = item.partition("=")
            wanted[state.contact(who.strip()).id or 0] = why.strip()
        changes["wanted"] = wanted
    if "membership" in o:
        club = find_event(state, o["membership"])
        if not club.is_membership:
            raise InvalidInput(
                N_("{title!r} is not a membership (club, association…)"),
                hint=N_("give it --kind club or association first"),
                title=club.title,
            )
        changes["membership_id"] = club.id
    if "attend" in o:
        changes["attend_count"] = o["attend"]
    return dataclasses.replace(event, **changes)


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


def next_day(event: Event, today: date) -> date | None:
    """The next occurrence from today (within two years); a past one-off's own date."""
    if event.starts_at is None and not event.rrule:
        return None
    horizon = today + timedelta(days=730)
    upcoming = occurrences(dataclasses.replace(event, attend_count=None), today, horizon)
    if upcoming:
        return upcoming[0]
    return event.starts_at.astimezone(local_zone()).date() if event.starts_at else None


def fees_text(event: Event) -> str:
    parts = []
    if event.entry_fee:
        parts.append(_("{amount} € entry").format(amount=f"{event.entry_fee:.0f}"))
    if event.yearly_fee:
        parts.append(_("{amount} €/year").format(amount=f"{event.yearly_fee:.0f}"))
    return ", ".join(parts) or _("free")


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


def event_record(event: Event, today: date) -> dict[str, Any]:
    """Every field of an entry, for JSON and CSV."""
    record = dataclasses.asdict(event)
    record["is_membership"] = event.is_membership
    record["next"] = next_day(event, today)
    record["minutes_per_occurrence"] = event.minutes_per_occurrence
    record["room"] = event.room
    record["wanted"] = {str(k): v for k, v in event.wanted.items()}
    return record


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
    from tisser.cli.events_view import show_event

    state: State = ctx.obj
    show_event(state, find_event(state, event), as_json)


@events_app.command(
    "delete", help=N_("Delete an event or membership and what is recorded about it. Asks first.")
)
def delete_command(ctx: typer.Context, event: EventArg, yes: Yes = False) -> None:
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


def moment_text(moment: datetime | None) -> str:
    if moment is None:
        return ""
    local = moment.astimezone(local_zone())
    return f"{human_date(local.date())} {local:%H:%M}"


from tisser.cli import events_after, events_brief, events_met, events_plan  # noqa: E402, F401 - their commands join the group
