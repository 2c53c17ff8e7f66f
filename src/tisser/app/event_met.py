"""Recording the people met at an event (``tisser events met`` and the web's event page).

Typed names, vCards shared from a phone and business-card photos read by OCR become contacts
linked to the event as how they were met, one interaction at the event, and follow-ups due
within 48 hours, in one transaction. What needs a person (is this name that contact? is
this card read right?) is asked through callbacks: the command line asks on the terminal,
the web has already asked on its form.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from pathlib import Path

from tisser.app.context import State, local_zone
from tisser.app.events import find_event
from tisser.core.card_reading import CardReading
from tisser.core.dates import at, parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.core.event_results import DEFAULT_FOLLOW_UP, FollowUp, follow_up_due
from tisser.core.events import Event, occurrences
from tisser.core.model import Channel, Contact, Interaction
from tisser.core.names import parse_full_name
from tisser.core.phones import normalize_phone
from tisser.i18n import _

NOON = time(12, 0)

Reading = tuple[CardReading, str]  # what a card says, and the file it came from


@dataclass(frozen=True)
class Met:
    """What was recorded: the event and day, the contacts created and those seen again."""

    event: Event
    day: date
    new: list[Contact]
    seen: list[Contact]

    @property
    def people(self) -> list[int]:
        return [c.id or 0 for c in self.new + self.seen]


def occurrence_day(event: Event, today: date) -> date:
    """The occurrence just held: the latest on or before today within a year, else today."""
    every = replace(event, attend_count=None)
    held = occurrences(every, today - timedelta(days=365), today + timedelta(days=1))
    return held[-1] if held else today


def met_day(found: Event, on: str | None, today: date) -> date:
    """The day the people were met: ``on`` if given, else the occurrence just held; never
    a day to come (the journal holds what happened)."""
    day = parse_date(on, today) if on else occurrence_day(found, today)
    if not on and found.starts_at is not None and found.starts_at.date() > today:
        raise InvalidInput(
            N_("{title} has not taken place yet (it starts on {day})"),
            hint=N_("give the day with --date"),
            title=found.title,
            day=found.starts_at.date().isoformat(),
        )
    if day > today:
        raise InvalidInput(
            N_("{day} is in the future: record the people met once you have met them"),
            day=day.isoformat(),
        )
    return day


def read_cards(vcard: list[Path] | None, card_image: list[Path] | None) -> list[Reading]:
    """Each vCard file and card photo, read; InvalidInput naming a file that cannot be read."""
    from tisser.formats.card_ocr import read_card_image
    from tisser.formats.vcard_card import read_vcard

    readings: list[Reading] = []
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
    return readings


def normalize_safe(raw: str) -> str:
    try:
        return normalize_phone(raw)
    except InvalidInput:
        return ""


def contact_from(
    state: State,
    reading: CardReading,
    event: Event,
    day: date,
    warn: Callable[[str], None] | None = None,
) -> Contact:
    """The new contact a card describes, met at ``event`` on ``day``; a phone number that
    does not parse is kept in the notes (and ``warn`` told)."""
    given, particle, family = parse_full_name(reading.name)
    phones = []
    for raw in reading.phones:
        try:
            phones.append(normalize_phone(raw))
        except InvalidInput:
            if warn is not None:
                warn(_("Phone {phone!r} not understood: kept in the notes.").format(phone=raw))
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


def sort_people(
    state: State,
    found: Event,
    day: date,
    names: list[str],
    readings: list[Reading],
    is_them: Callable[[Contact], bool],
    check: Callable[[CardReading, str], CardReading | None],
    warn: Callable[[str], None] | None = None,
) -> tuple[list[Contact], list[Contact]]:
    """(contacts seen again, contacts to create): a name or card matching a contact the
    user recognises (``is_them``) is that contact; a card is saved as ``check`` returns it."""
    store = state.store
    seen: list[Contact] = []
    to_create: list[Contact] = []
    for name in names:
        given, particle, family = parse_full_name(name)
        if not (given or family):
            continue
        same = store.find_contacts_by_name(name, state.owner_id)
        match = next((c for c in same if is_them(c)), None)
        if match is not None:
            seen.append(match)
        else:
            to_create.append(Contact(owner_id=state.owner_id, given_name=given, particle=particle,
                                     family_name=family, met_on=day, met_how=found.title,
                                     met_channel=Channel.EVENT))  # fmt: skip
    for reading, source in readings:
        same = store.find_contacts_by_name(reading.name, state.owner_id) if reading.name else []
        match = next((c for c in same if is_them(c)), None)
        if match is not None:
            seen.append(match)
            continue
        checked = check(reading, source)
        if checked is not None:
            to_create.append(contact_from(state, checked, found, day, warn))
    return seen, to_create


def save_met(
    state: State,
    found: Event,
    day: date,
    to_create: list[Contact],
    seen: list[Contact],
    action: str | None,
    follow_up: bool,
) -> Met:
    """One transaction: the new contacts, the attendance, who was met and seen, one
    interaction at the event, and the follow-ups due within 48 hours."""
    store, owner = state.store, state.owner_id
    event_id = found.id or 0
    new: list[Contact] = []
    with store.transaction():
        for contact in to_create:
            new.append(store.add_contact(contact))
        store.record_attendance(event_id, day, owner)
        for c in new:
            store.link_event_contact(event_id, c.id or 0, "met", day, owner)
        for c in seen:
            store.link_event_contact(event_id, c.id or 0, "seen", day, owner)
        people = [c.id or 0 for c in new + seen]
        if people:
            store.add_interaction(
                Interaction(
                    owner_id=owner,
                    occurred_at=at(day, NOON, local_zone()),
                    channel=Channel.EVENT,
                    contact_ids=list(dict.fromkeys(people)),
                    about=found.title,
                )
            )
        if follow_up and people:
            store.add_followups(
                [
                    FollowUp(
                        owner_id=owner,
                        event_id=event_id,
                        contact_id=cid,
                        action=(action or _(DEFAULT_FOLLOW_UP)).strip(),
                        due_on=follow_up_due(day),
                    )
                    for cid in dict.fromkeys(people)
                ]
            )
    return Met(found, day, new, seen)


def record_met(
    state: State,
    event: str,
    names: list[str] | None = None,
    vcard: list[Path] | None = None,
    card_image: list[Path] | None = None,
    *,
    on: str | None = None,
    action: str | None = None,
    follow_up: bool = True,
    is_them: Callable[[Contact], bool] = lambda _contact: True,
    check: Callable[[CardReading, str], CardReading | None] = lambda reading, _source: reading,
    warn: Callable[[str], None] | None = None,
) -> Met:
    """Record the people met at ``event`` (a title or ``#id``): by default a known name is
    that contact and a card is saved as read (the web's form, ``--yes``)."""
    found = find_event(state, event)
    day = met_day(found, on, state.today)
    readings = read_cards(vcard, card_image)
    if not (names or readings):
        raise InvalidInput(
            N_("nobody to record"),
            hint=N_('give names, --vcard FILE or --card-image PHOTO, e.g. "Camille Rousseau"'),
        )
    seen, to_create = sort_people(state, found, day, names or [], readings, is_them, check, warn)
    return save_met(state, found, day, to_create, seen, action, follow_up)
