"""``tisser events met``: capture the people met at an event, fast — typed names, a vCard
shared from a phone, or a business-card photo read by OCR (shown for correction first) —
each new contact linked to the event as how you met, follow-ups due within 48 hours."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.events_group import events_app
from tisser.cli.markup import escape
from tisser.cli.output import confirm
from tisser.core.card_reading import CardReading
from tisser.core.errors import N_, InvalidInput
from tisser.core.event_results import follow_up_due
from tisser.core.model import Contact
from tisser.core.names import parse_full_name
from tisser.i18n import _, ngettext
from tisser.present.dates import human_date

if TYPE_CHECKING:
    from tisser.app.context import State


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
    from tisser.app.event_met import record_met

    state: State = ctx.obj

    def check(reading: CardReading, source: str) -> CardReading | None:
        checked = correct(state, reading, source, yes)
        if checked is None:
            state.console.print(_("Not saved: {name}.").format(name=escape(reading.name)))
        return checked

    met = record_met(
        state,
        event,
        names,
        vcard,
        card_image,
        on=on,
        action=action,
        follow_up=not no_follow_up,
        is_them=lambda c: yes or confirm(_question(c)),
        check=check,
        warn=lambda text: state.console.print(escape(text), style="yellow"),
    )
    found, day, people = met.event, met.day, met.people
    for c in met.new:
        state.console.print(
            _("New contact: {name} (#{id}), met at {title} on {day}.").format(
                name=escape(c.display_name), id=c.id, title=escape(found.title), day=human_date(day)
            )
        )
    for c in met.seen:
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
