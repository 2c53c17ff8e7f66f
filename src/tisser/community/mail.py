"""Invitations: one e-mail per member of a published group, FR or EN, text + HTML + .ics.

Each message is ``multipart/mixed``: a ``multipart/alternative`` (plain text, then HTML) and
the calendar invitation ``invite.ics`` (RFC 5545 VEVENT, METHOD:REQUEST, built with the
icalendar package) whose attendees are the group. The members of a group see each other's
names and e-mail addresses: meeting needs a way to reach each other.

Sending: SMTP with the settings of the environment (``TISSER_SMTP_HOST``, ``_PORT``,
``_USER``, ``_PASSWORD``, ``_FROM``, ``_STARTTLS``), or ``.eml`` files written to a folder
(``--to-dir``) for review or another mailer. Kept in its own module so that it can be merged
with the weekly digest's mailer (issue #5).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from tisser.core.community import Member, Round
from tisser.core.errors import N_
from tisser.core.matching import Meeting, render
from tisser.i18n import catalog
from tisser.mail import address, display_name, mailbox
from tisser.present.numbers import decimal

DURATION = {"coffee": 45, "lunch": 75, "padel": 90, "tennis": 90, "golf": 240, "running": 60}
ACTIVITY_NAMES = {
    "coffee": N_("coffee"),
    "lunch": N_("lunch"),
    "walk": N_("walk"),
    "padel": N_("padel"),
    "tennis": N_("tennis"),
    "golf": N_("golf"),
    "running": N_("running"),
}


def translator(lang: str) -> Callable[[str], str]:
    """A gettext for one language, whatever the language of the command line."""
    if lang == "en":
        return lambda s: s
    table = catalog(lang)
    return lambda s: table.get(s, s)


def language_of(m: Member) -> str:
    """French for a member who speaks it (the club's language), else English."""
    return "fr" if "fr" in m.languages or not m.languages else "en"


def invitation_ics(
    rnd: Round, meeting: Meeting, group: Sequence[Member], sender: str, why: str, title: str
) -> bytes:
    """The calendar invitation of a meeting (RFC 5545)."""
    from icalendar import Calendar, Event, vCalAddress, vText

    cal = Calendar()
    cal.add("prodid", "-//tisser//community//FR")
    cal.add("version", "2.0")
    cal.add("method", "REQUEST")
    event = Event()
    event.add("uid", f"tisser-round{rnd.id}-group{meeting.id}@tisser")
    assert meeting.meets_at is not None
    event.add("dtstamp", meeting.meets_at)
    event.add("dtstart", meeting.meets_at)
    event.add("dtend", meeting.meets_at + timedelta(minutes=DURATION.get(rnd.activity, 60)))
    event.add("summary", title)
    if meeting.place:
        event.add("location", meeting.place)
    event.add("description", why)
    organizer = vCalAddress(f"mailto:{sender}")
    event["organizer"] = organizer
    for m in group:
        attendee = vCalAddress(f"mailto:{m.email}")
        attendee.params["cn"] = vText(m.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    cal.add_missing_timezones()  # a VTIMEZONE for the meeting's zone (RFC 5545 §3.6.5)
    return bytes(cal.to_ical())


def invitation(
    rnd: Round, community: str, meeting: Meeting, group: Sequence[Member], to: Member, sender: str
) -> EmailMessage:
    """The e-mail inviting ``to`` to their group's meeting, in their language."""
    t = translator(language_of(to))
    activity = t(ACTIVITY_NAMES.get(rnd.activity, rnd.activity))
    why = render(meeting.why, t, lambda x: decimal(x, 2, language_of(to)))
    when = _when(meeting, language_of(to))
    title = t(N_("{community}: {activity}, {when}")).format(
        community=community, activity=activity, when=when
    )
    others = [m for m in group if m.id != to.id]
    lines = [
        t(N_("Hello {name},")).format(name=to.short_name),
        "",
        t(N_("{community} matched you for {activity}: {when}.")).format(
            community=community, activity=activity, when=when
        ),
        t(N_("Why: {why}.")).format(why=why),
        "",
        t(N_("You will meet:")),
        *[f"- {_person(m)}" for m in others],
        "",
        t(N_("The invitation is attached: add it to your calendar.")),
        t(N_("After the meeting, reply to this e-mail: did you meet, was it useful (1–5), "
             "would you meet again?")),
    ]  # fmt: skip
    text = "\n".join(lines) + "\n"
    body = "".join(
        f"<li>{html.escape(x[2:])}</li>" if x.startswith("- ") else f"<p>{html.escape(x)}</p>"
        for x in lines
        if x
    )
    msg = EmailMessage()
    msg["Subject"] = title
    msg["From"] = mailbox(sender)
    msg["To"] = address(to.name, to.email)  # quoted: a name cannot add a recipient
    msg["Message-ID"] = make_msgid(domain="tisser")
    if meeting.meets_at is not None:
        msg["Date"] = format_datetime(meeting.meets_at - timedelta(days=1))
    msg.set_content(text)
    msg.add_alternative(
        f'<!DOCTYPE html><html lang="{language_of(to)}"><body>{body}</body></html>', subtype="html"
    )
    if meeting.meets_at is not None:
        msg.add_attachment(
            invitation_ics(rnd, meeting, group, sender, why, title),
            maintype="text",
            subtype="calendar",
            filename="invite.ics",
            params={"method": "REQUEST"},
        )
    return msg


def _person(m: Member) -> str:
    return display_name(m.name + (f" ({m.company})" if m.company else "")) + f" <{m.email}>"


def _when(meeting: Meeting, lang: str) -> str:
    from babel.dates import format_datetime as babel_datetime

    if meeting.meets_at is None:
        return ""
    place = f", {meeting.place}" if meeting.place else ""
    return babel_datetime(meeting.meets_at, "EEEE d MMMM, HH:mm", locale=lang) + place


def write_eml(messages: Sequence[EmailMessage], folder: Path) -> list[Path]:
    """Write each message as ``NNN-address.eml`` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, msg in enumerate(messages, start=1):
        to = msg["To"]
        found = to.addresses[0].addr_spec if getattr(to, "addresses", ()) else str(to)
        path = folder / f"{n:03d}-{found.replace('/', '_')}.eml"
        path.write_bytes(bytes(msg))
        paths.append(path)
    return paths
