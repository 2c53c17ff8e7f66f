"""The brief before an event: who will be there, who to see, what to say (``tisser events
brief`` and the web's event page)."""

from __future__ import annotations

from datetime import timedelta

from tisser.app.context import State
from tisser.app.event_choice import DUE, build_needs, part_text, temperament_of
from tisser.app.events import next_day
from tisser.core.cadence import status_of
from tisser.core.event_score import Want, score_event
from tisser.core.events import Event, occurrences
from tisser.core.names import fold
from tisser.i18n import _
from tisser.present import labels
from tisser.present.dates import human_date
from tisser.present.events import SEP, fees_text


def pitch_of(state: State) -> tuple[str, list[str]]:
    """The user's pitch (their own, else one made of their profile) and their skills."""
    profile = state.store.get_profile(state.owner_id)
    if profile is None:
        return "", []
    if profile.pitch.strip():
        return profile.pitch.strip(), list(profile.skills)
    who = " ".join(p for p in (profile.given_name, profile.family_name) if p)
    role = profile.headline or profile.function
    text = ", ".join(p for p in (who, role) if p)
    if profile.organization:
        text += " — " + profile.organization
    return text, list(profile.skills)


def brief_sections(
    state: State, event: Event, wants: list[Want], *, on_web: bool = False
) -> list[tuple[str, list[str]]]:
    """The brief as (heading, lines): what it is, why go, who goes, whom to meet, pitch, offer."""
    today = state.today
    day = next_day(event, today)
    where = ", ".join(dict.fromkeys(p for p in (event.place, event.city) if p))
    facts = [
        _("When: {day}").format(day=human_date(day) if day else _("date to be set")),
        _("Where: {place}").format(place=where or "—"),
        _("Time: {minutes} min with travel; fees: {fees}").format(
            minutes=event.minutes_per_occurrence, fees=fees_text(event)
        ),
        _("Room: {room}").format(room=labels.label(event.room))
        + (f" (~{event.expected_size})" if event.expected_size else ""),
    ]
    audience = event.sectors + event.functions + event.profiles
    if audience:
        facts.append(_("Audience: {who}").format(who=", ".join(audience)))
    temperament, _weekly = temperament_of(state)
    needs = build_needs(state, [event], None, None, None)
    needs.wants = wants + [w for w in needs.wants if w.source == "profile"]
    n = max(1, len(occurrences(event, today, today + timedelta(days=365))))
    score = score_event(event, n, needs, temperament)
    titles = {event.id or 0: event.title}
    why = [part_text(state, p, titles) for p in score.parts if p.code != "contact"]
    last = state.last_seen()
    names = dict(state.store.contact_names(state.owner_id))
    known = []
    for cid in event.attendee_ids:
        c = state.store.get_contact(cid, state.owner_id)
        seen = last.get(cid)
        role = " — ".join(p for p in (c.position, c.organization) if p)
        line = c.display_name + (f" ({role})" if role else "")
        if seen is not None:
            line += _(SEP) + _("last seen {day}").format(day=human_date(seen.date()))
        st = status_of(c, seen, today).status
        if st in DUE:
            line += _(SEP) + _("due for news ({status})").format(status=labels.label(st))
        known.append(line)
    met_before = state.store.event_people("met", state.owner_id).get(event.id or 0, [])
    for cid, met_day in met_before:
        known.append(
            _("{name}, met here on {day}").format(
                name=names.get(cid, "?"), day=human_date(met_day) if met_day else "?"
            )
        )
    meet = [
        names.get(cid, "?") + (f" — {why_text}" if why_text else "")
        for cid, why_text in event.wanted.items()
    ]
    for want in wants:
        audience_of = {
            "sector": event.sectors,
            "function": event.functions,
            "profile": event.profiles,
        }
        if fold(want.value) in {fold(v) for v in audience_of.get(want.kind, [])}:
            meet.append(
                _("people in {value} ({kind}): an audience you need").format(
                    value=want.value, kind=_(want.kind)
                )
            )
    pitch, skills = pitch_of(state)
    offer = list(event.can_bring) + [s for s in skills if s not in event.can_bring]
    # the web's brief names what to do on its pages, never a command line (#20)
    after = [
        _("Right after: note the people you met on this event's page (names, a vCard or a "
          "photo of a card); follow up within 48 hours.")
        if on_web
        else _('Right after: tisser events met "{title}" "First Last" … (or --vcard, '
               "--card-image); follow up within 48 hours.").format(title=event.title)
    ]  # fmt: skip
    no_pitch = _("write one on your profile page") if on_web else _("write one with tisser me --pitch")
    return [
        (event.title, facts),
        (_("Why go"), why),
        (_("Who I know who goes"), known or [_("nobody yet: a chance to meet new people")]),
        (
            _("Who I want to meet, and why"),
            meet or [_("no one named: say hello to three new people")],
        ),
        (_("My pitch"), [pitch or no_pitch]),
        (_("What I can offer"), offer or [_("listen, and offer an introduction")]),
        (_("After"), after),
    ]
