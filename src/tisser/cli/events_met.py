"""``tisser events met``: capture the people met at an event, fast — typed names, a vCard
shared from a phone, or a business-card photo read by OCR (shown for correction first) —
each new contact linked to the event as how you met, follow-ups due within 48 hours."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from tisser.cli.context import State, local_zone
from tisser.cli.events import events_app, find_event
from tisser.cli.output import confirm, human_date
from tisser.core.card_reading import CardReading
from tisser.core.dates import at, parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.core.event_results import DEFAULT_FOLLOW_UP, FollowUp, follow_up_due
from tisser.core.events import Event, occurrences
from tisser.core.model import Channel, Contact, Interaction
from tisser.core.names import parse_full_name
from tisser.core.phones import normalize_phone
from tisser.i18n import _, ngettext

NOON = time(12, 0)


def occurrence_day(event: Event, today: date) -> date:
    """The occurrence just held: the latest on or before today within a year, else today."""
    every = replace(event, attend_count=None)
    held = occurrences(every, today - timedelta(days=365), today + timedelta(days=1))
    return held[-1] if held else today


def _ask(question: str, default: str) -> str:
    """One field, shown with what was read; Enter keeps it, "-" empties it."""
    sys.stderr.write(f"{question} [{default}] ")
    sys.stderr.flush()
    answer = sys.stdin.readline()
    if not answer:  # end of input: keep what was read
        return default
    answer = answer.strip()
    if answer == "-":
        return ""
    return answer or default


def correct(state: State, reading: CardReading, source: str, yes: bool) -> CardReading | None:
    """Show a card's reading, let the user correct each field, confirm; None if refused."""
    state.console.print(_("Read from {source}:").format(source=escape(source)), style="bold")
    fields = [
        (_("Name"), reading.name),
        (_("Organisation"), reading.organization),
        (_("Position"), reading.position),
        (_("E-mail"), ", ".join(reading.emails)),
        (_("Phone"), ", ".join(reading.phones)),
        (_("Web site"), reading.website),
    ]
    for label_text, value in fields:
        state.console.print(f"  {escape(label_text)}: {escape(value)}")
    if reading.unread:
        state.console.print(
            "  " + escape(_("Not understood: {text}").format(text=" | ".join(reading.unread)))
        )
    if yes:
        return reading
    state.console.print(_("Correct each field (Enter keeps it, - empties it):"))
    name = _ask(_("Name"), reading.name)
    given, particle, family = parse_full_name(name)
    reading.given_name = given
    reading.family_name = " ".join(p for p in (particle, family) if p)
    reading.organization = _ask(_("Organisation"), reading.organization)
    reading.position = _ask(_("Position"), reading.position)
    emails = _ask(_("E-mail"), ", ".join(reading.emails))
    reading.emails = [e.strip() for e in emails.split(",") if e.strip()]
    phones = _ask(_("Phone"), ", ".join(reading.phones))
    reading.phones = [p.strip() for p in phones.split(",") if p.strip()]
    reading.website = _ask(_("Web site"), reading.website)
    if not reading.name:
        raise InvalidInput(N_("a contact needs a name"), where=source)
    if not confirm(_("Save {name} as a new contact?").format(name=reading.name)):
        return None
    return reading


def contact_from(state: State, reading: CardReading, event: Event, day: date) -> Contact:
    given, particle, family = parse_full_name(reading.name)
    phones = []
    for raw in reading.phones:
        try:
            phones.append(normalize_phone(raw))
        except InvalidInput:
            state.console.print(
                escape(_("Phone {phone!r} not understood: kept in the notes.").format(phone=raw)),
                style="yellow",
            )
    notes = "; ".join(
        p for p in reading.phones if p not in phones and normalize_safe(p) not in phones
    )
    return Contact(
        owner_id=state.owner_id,
        given_name=given,
        particle=particle,
        family_name=family,
        organization=reading.organization,
        position=reading.position,
        emails=list(dict.fromkeys(reading.emails)),
        phones=phones,
        website=reading.website,
        met_on=day,
        met_how=event.title,
        met_channel=Channel.EVENT,
        notes=notes,
    )


def normalize_safe(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidInput:
        return ""


@events_app.command(
    "met",
    help=N_(
        'Capture the people met at an event: tisser events met "Afterwork French Tech" '
        '"Camille Rousseau" "Yann Le Gall"; also from a vCard (--vcard) or a business-card '
        "photo (--card-image). Follow-ups due within 48 hours are added."
    ),
)
def met_command(
    ctx: typer.Context,
    event: Annotated[
        str, typer.Argument(help=N_("The event: its title (or the start of it) or #id."))
    ],
    names: Annotated[list[str] | None, typer.Argument(help=N_("The people met, by name."))] = None,
    vcard: Annotated[
        list[Path] | None,
        typer.Option("--vcard", help=N_("A vCard file shared from a phone (repeatable).")),
    ] = None,
    card_image: Annotated[
        list[Path] | None,
        typer.Option(
            "--card-image", help=N_("A photo of a business card, read by OCR (repeatable).")
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", "-d", help=N_("The day (default: the latest occurrence).")),
    ] = None,
    action: Annotated[
        str | None, typer.Option("--action", help=N_("The follow-up to do within 48 hours."))
    ] = None,
    no_follow_up: Annotated[
        bool, typer.Option("--no-follow-up", help=N_("Do not add follow-up actions."))
    ] = False,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes",
            "-y",
            help=N_("Do not ask: a known name is that contact; a card is saved as read."),
        ),
    ] = False,
) -> None:
    from tisser.formats.card_ocr import read_card_image
    from tisser.formats.vcard_card import read_vcard

    state: State = ctx.obj
    found = find_event(state, event)
    day = parse_date(on, state.today) if on else occurrence_day(found, state.today)
    if not on and found.starts_at is not None and found.starts_at.date() > state.today:
        raise InvalidInput(
            N_("{title} has not taken place yet (it starts on {day})"),
            hint=N_("give the day with --date"),
            title=found.title,
            day=found.starts_at.date().isoformat(),
        )
    if day > state.today:
        raise InvalidInput(
            N_("{day} is in the future: record the people met once you have met them"),
            day=day.isoformat(),
        )
    readings: list[tuple[CardReading, str]] = []
    for path in vcard or []:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(
                N_("cannot read {file}: {reason}"),
                where=str(path),
                file=str(path),
                reason=exc.strerror,
            ) from exc
        readings.append((read_vcard(data, str(path)), str(path)))
    for path in card_image or []:
        readings.append((read_card_image(path), str(path)))
    if not (names or readings):
        raise InvalidInput(
            N_("nobody to record"),
            hint=N_('give names, --vcard FILE or --card-image PHOTO, e.g. "Camille Rousseau"'),
        )
    store = state.store
    new: list[Contact] = []
    seen: list[Contact] = []
    to_create: list[Contact] = []
    for name in names or []:
        given, particle, family = parse_full_name(name)
        if not (given or family):
            continue
        same = store.find_contacts_by_name(name, state.owner_id)
        # a name typed that only one contact bears is that contact (asking, with no answer
        # in a script, made a duplicate); among several namesakes the user chooses
        match = same[0] if len(same) == 1 else next(
            (c for c in same if yes or confirm(_question(c))), None
        )
        if match is not None:
            seen.append(match)
        else:
            to_create.append(Contact(owner_id=state.owner_id, given_name=given, particle=particle,
                                     family_name=family, met_on=day, met_how=found.title,
                                     met_channel=Channel.EVENT))  # fmt: skip
    for reading, source in readings:
        same = store.find_contacts_by_name(reading.name, state.owner_id) if reading.name else []
        match = next((c for c in same if yes or confirm(_question(c))), None)
        if match is not None:
            seen.append(match)
            continue
        checked = correct(state, reading, source, yes)
        if checked is None:
            state.console.print(_("Not saved: {name}.").format(name=escape(reading.name)))
            continue
        to_create.append(contact_from(state, checked, found, day))
    event_id = found.id or 0
    with store.transaction():
        for contact in to_create:
            new.append(store.add_contact(contact))
        store.record_attendance(event_id, day, state.owner_id)
        for c in new:
            store.link_event_contact(event_id, c.id or 0, "met", day, state.owner_id)
        for c in seen:
            store.link_event_contact(event_id, c.id or 0, "seen", day, state.owner_id)
        people = [c.id or 0 for c in new + seen]
        if people:
            store.add_interaction(
                Interaction(
                    owner_id=state.owner_id,
                    occurred_at=at(day, NOON, local_zone()),
                    channel=Channel.EVENT,
                    contact_ids=list(dict.fromkeys(people)),
                    about=found.title,
                )
            )
        if not no_follow_up and people:
            store.add_followups(
                [
                    FollowUp(
                        owner_id=state.owner_id,
                        event_id=event_id,
                        contact_id=cid,
                        action=(action or _(DEFAULT_FOLLOW_UP)).strip(),
                        due_on=follow_up_due(day),
                    )
                    for cid in dict.fromkeys(people)
                ]
            )
    for c in new:
        state.console.print(
            _("New contact: {name} (#{id}), met at {title} on {day}.").format(
                name=escape(c.display_name), id=c.id, title=escape(found.title), day=human_date(day)
            )
        )
    for c in seen:
        state.console.print(_("Seen: {name} (#{id}).").format(name=escape(c.display_name), id=c.id))
    if people and not no_follow_up:
        state.console.print(
            ngettext(
                "{count} follow-up due by {day}: tisser events followups.",
                "{count} follow-ups due by {day}: tisser events followups.",
                len(set(people)),
            ).format(count=len(set(people)), day=human_date(follow_up_due(day)))
        )


def _question(contact: Contact) -> str:
    role = " — ".join(p for p in (contact.position, contact.organization) if p)
    return _("Is this your contact {name} (#{id}{role})?").format(
        name=contact.display_name, id=contact.id, role=f", {role}" if role else ""
    )
