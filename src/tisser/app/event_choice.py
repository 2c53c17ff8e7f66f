"""What the event portfolio needs to know of the user's goals (``tisser events choose`` and
the web's Events page): audiences wanted, people to see, budgets and periods."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tisser.app.context import State, local_zone
from tisser.core.cadence import Status, status_of
from tisser.core.errors import N_, InvalidInput
from tisser.core.event_score import Needs, Part, Temperament, Want
from tisser.core.events import Event
from tisser.core.model import RelationalProfile
from tisser.core.names import fold
from tisser.core.objectives import Objective, wanted_of
from tisser.i18n import _
from tisser.present import labels
from tisser.present.events import PRECISION, number  # moved
from tisser.report.load import load_diagnosis
from tisser.settings import load_settings

DEFAULT_SHARE = 0.5


DEFAULT_FEES = 600.0


OWN_FIELD_WEIGHT = 0.5


DUE = {Status.DUE, Status.OVERDUE, Status.COOLING}


KIND_WORDS = {
    "sector": "sector",
    "secteur": "sector",
    "function": "function",
    "fonction": "function",
    "metier": "function",
    "profile": "profile",
    "profil": "profile",
}


def parse_wants(items: list[str] | None, source: str) -> list[Want]:
    """``sector=wine`` -> Want("sector", "wine"); ``function=DAF*2`` doubles its weight."""
    wants = []
    for item in items or []:
        kind, sep, value = item.partition("=")
        key = KIND_WORDS.get(fold(kind).strip())
        if not sep or key is None or not value.strip():
            raise InvalidInput(
                N_("cannot read {text!r}: write sector=…, function=… or profile=…"),
                hint=N_("e.g. --want function=DAF"),
                text=item,
            )
        value, star, weight = value.partition("*")
        try:
            w = float(weight) if star else 1.0
        except ValueError as exc:
            raise InvalidInput(N_("cannot read the weight in {text!r}"), text=item) from exc
        wants.append(Want(key, value.strip(), w, source))
    return wants


def build_needs(
    state: State,
    events: list[Event],
    want: list[str] | None,
    missing: list[str] | None,
    see: list[str] | None,
) -> Needs:
    """What the score needs to know of the user's goals.

    The options first (``--want``, ``--missing``, ``--see``), then what tisser already
    knows: the active objectives of the plan (#5: their sectors and profiles as audiences,
    source "objective"; their linked contacts as people to see), the profiles the
    diagnosis (#4) finds missing (source "missing"), and the user's own sector and function
    at weight 0.5 (peers are worth meeting, but seed 004 also says to look beyond one's own
    field); the contacts due for news come from each attendee's cadence, with the settings
    file's cadences as in ``tisser diagnose``.
    """
    needs = Needs(wants=parse_wants(want, "want") + parse_wants(missing, "missing"))

    def add(kind: str, value: str, weight: float, source: str, reason: str = "") -> None:
        if value and not any(w.kind == kind and fold(w.value) == fold(value) for w in needs.wants):
            needs.wants.append(Want(kind, value, weight, source, reason))

    objectives = state.store.list_objectives(state.owner_id, active_only=True)
    for o in objectives:
        for sector in o.sectors:
            add("sector", sector.strip(), 1.0, "objective", o.title)
        for prof in o.profiles:
            add("profile", prof.strip(), 1.0, "objective", o.title)
        for cid in o.contact_ids:
            needs.contacts.setdefault(cid, o.title)
    for kind, value in missing_audiences(state, objectives):
        add(kind, value, 1.0, "missing")
    profile = state.store.get_profile(state.owner_id)
    if profile is not None:  # peers of one's own field count, a little (seed 004)
        for kind, value in (("sector", profile.sector), ("function", profile.function)):
            add(kind, value, OWN_FIELD_WEIGHT, "profile")
    for name in see or []:
        contact = state.contact(name)
        needs.contacts[contact.id or 0] = ""
    attendees = {cid for e in events for cid in e.attendee_ids}
    if attendees:
        last = state.last_seen()
        rhythm = load_settings().cadence
        for cid in sorted(attendees):
            contact = state.store.get_contact(cid, state.owner_id)
            if status_of(contact, last.get(cid), state.today, settings=rhythm).status in DUE:
                needs.due_contacts.add(cid)
    return needs


# How event audiences name the relational profiles of seed 002 (the catalogue's words).
PROFILE_AUDIENCE = {
    RelationalProfile.SUPER_CONNECTOR: "super-connecteurs",
    RelationalProfile.MENTOR: "mentors",
    RelationalProfile.EXPERT: "experts",
}


def missing_audiences(state: State, objectives: list[Objective]) -> list[tuple[str, str]]:
    """(kind, value) audiences the diagnosis finds missing: relational profiles the network
    lacks (seed 002; the reserved are not sought at events) and what the objectives want
    but no activated tie has (a job title counts as a profile)."""
    diag = load_diagnosis(
        state.store,
        state.owner_id,
        state.today,
        local_zone(),
        load_settings().diagnosis,
        wanted_of(objectives),
    )
    out = [
        ("profile", PROFILE_AUDIENCE[RelationalProfile(p)])
        for p in diag.mix.missing_profiles
        if RelationalProfile(p) in PROFILE_AUDIENCE
    ]
    for kind, value in diag.mix.missing_wanted:
        out.append((kind if kind in ("sector", "function") else "profile", value))
    return out


def temperament_of(state: State) -> tuple[Temperament, int]:
    profile = state.store.get_profile(state.owner_id)
    if profile is None:
        return Temperament(), 60
    return Temperament(profile.relational_profile, profile.energy), profile.weekly_budget_minutes


def period(state: State, year: int | None) -> tuple[date, date]:
    if year is not None:
        if not 1900 < year < 3000:
            raise InvalidInput(N_("{year} is not a year"), year=year)
        return date(year, 1, 1), date(year + 1, 1, 1)
    return state.today, state.today + timedelta(days=365)


def part_text(state: State, part: Part, titles: dict[int, str]) -> str:
    """One value part in the user's language, its ids named."""
    params: dict[str, Any] = {
        k: (number(v, PRECISION.get(k, 1)) if isinstance(v, float) else v)
        for k, v in part.params.items()
    }
    if "room" in params:
        params["room"] = labels.label(params["room"])
    if "kind" in params:
        params["kind"] = _(params["kind"])
    text = _(part.message).format(**params)
    if "contact_id" in params:
        names = dict(state.store.contact_names(state.owner_id))
        text += f": {names.get(params['contact_id'], '?')}"
    if "event_id" in params:
        text += f": {titles.get(params['event_id'], '#' + str(params['event_id']))}"
    return text
