"""The domain records of tisser: plain dataclasses, no I/O.

Every record carries an ``owner_id`` so one database can hold several people's networks (a
community server later); the local single-user mode uses owner 1.

Enumerations store stable ASCII codes; what a user reads ("Premier cercle", "Réservé") is
the translation of the code, done at the edge (CLI, web).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import IntEnum, StrEnum
from typing import Any

from tisser.core import names
from tisser.core.errors import N_, InvalidInput

LOCAL_OWNER_ID = 1


class Circle(IntEnum):
    """How close a contact is, after seed 003 and Dunbar's layers.

    ====  ==============  ===========================================  ================
    code  name            who                                          default cadence
    ====  ==============  ===========================================  ================
    1     first circle    family and close friends (Dunbar's ~5-15)    every week
    2     second circle   good friends, trusted colleagues (~50)       every month
    3     active network  people you work with or want to (~150)       every 3 months
    4     wider network   acquaintances, past colleagues, LinkedIn     every year
    5     dormant         archived: kept, never proposed for contact   none
    ====  ==============  ===========================================  ================

    A new contact starts in the wider network (4) unless the user says otherwise.
    """

    FIRST = 1
    SECOND = 2
    ACTIVE = 3
    WIDER = 4
    DORMANT = 5


DEFAULT_CIRCLE = Circle.WIDER

# Days between two interactions each circle should not exceed (the "maximum interval").
# Settings can override them; circle 5 has no cadence.
DEFAULT_CADENCE_DAYS: dict[Circle, int | None] = {
    Circle.FIRST: 7,
    Circle.SECOND: 30,
    Circle.ACTIVE: 90,
    Circle.WIDER: 365,
    Circle.DORMANT: None,
}


class RelationalProfile(StrEnum):
    """The four networking temperaments of seed 002."""

    SUPER_CONNECTOR = "super_connector"
    MENTOR = "mentor"
    EXPERT = "expert"
    RESERVED = "reserved"


class Energy(StrEnum):
    """Introvert or extravert hint (seed 000): shapes the kind of meeting proposed."""

    INTROVERT = "introvert"
    AMBIVERT = "ambivert"
    EXTRAVERT = "extravert"


class Channel(StrEnum):
    """How an interaction happened."""

    IN_PERSON = "in_person"
    LUNCH = "lunch"
    CALL = "call"
    VIDEO = "video"
    MESSAGE = "message"
    EMAIL = "email"
    LINKEDIN = "linkedin"
    EVENT = "event"
    SPORT = "sport"


class HelpDirection(StrEnum):
    """Who helped whom in an interaction (entraide, seeds 000 §8 and 004)."""

    GAVE = "gave"
    RECEIVED = "received"
    MUTUAL = "mutual"
    NONE = "none"


@dataclass(slots=True)
class User:
    """An owner of records: the person whose network it is."""

    id: int | None = None
    name: str = ""
    email: str = ""
    created_at: datetime | None = None


@dataclass(slots=True)
class Profile:
    """The user's own profile ("marketing de soi"); the plan issue extends the worksheet."""

    owner_id: int = LOCAL_OWNER_ID
    given_name: str = ""
    family_name: str = ""
    headline: str = ""
    organization: str = ""
    sector: str = ""
    function: str = ""
    seniority: str = ""
    city: str = ""
    country: str = ""
    relational_profile: RelationalProfile | None = None
    energy: Energy | None = None
    weekly_budget_minutes: int = 60
    values: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    pitch: str = ""
    language: str = "fr"


@dataclass(slots=True)
class Typed:
    """One phone, e-mail, URL, handle or related person as an address book types it.

    ``types`` are the vCard TYPE values upper-cased (``CELL``, ``WORK``; PREF apart, in
    ``pref``); ``group`` ties it to its label (Apple's ``item1.X-ABLabel``); ``params`` are
    the other parameters, kept so an export gives them back; ``text`` is the value as the
    card wrote it when tisser normalised it (``(555) 555-1234`` for ``+15555551234``).
    """

    value: str
    types: list[str] = field(default_factory=list)
    pref: bool = False
    group: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""
    kind: str = ""  # the vCard property it came from when several map here (IMPP, X-SOCIALPROFILE)


@dataclass(slots=True)
class Address:
    """A structured postal address (vCard ADR): what a letter or a map needs."""

    street: str = ""
    extended: str = ""
    locality: str = ""
    region: str = ""
    code: str = ""
    country: str = ""
    pobox: str = ""
    types: list[str] = field(default_factory=list)
    pref: bool = False
    group: str = ""
    params: dict[str, list[str]] = field(default_factory=dict)
    text: str = ""  # the ADR value as read: written back while the parts are unchanged

    def lines(self) -> list[str]:
        """The address as written on an envelope, one line per non-empty part."""
        city = " ".join(p for p in (self.code, self.locality) if p)
        parts = [self.pobox, self.street, self.extended, city, self.region, self.country]
        return [p for p in parts if p]


@dataclass(slots=True)
class Contact:
    """A person the user knows.

    ``family_name`` excludes the particle, kept apart in ``particle`` so "de La Fontaine"
    sorts under L (see :mod:`tisser.core.names`). ``phones`` hold E.164 numbers
    (``+33612345678``) once normalised by :func:`tisser.core.phones.normalize_phone`.
    """

    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    given_name: str = ""
    particle: str = ""
    family_name: str = ""
    organization: str = ""
    position: str = ""
    sector: str = ""
    function: str = ""
    seniority: str = ""
    gender: str = ""
    city: str = ""
    country: str = ""
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    linkedin: str = ""
    x_handle: str = ""
    website: str = ""
    met_on: date | None = None
    met_how: str = ""
    met_channel: Channel | None = None
    met_through_id: int | None = None
    relational_profile: RelationalProfile | None = None
    energy: Energy | None = None
    circle: Circle = DEFAULT_CIRCLE
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    closeness: int | None = None
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # What address books hold (issue #17). ``birthday``/``anniversary``: ISO ``1980-03-15``
    # or ``--03-15`` when the year is unknown (see :mod:`tisser.core.birthdays`).
    birthday: str = ""
    anniversary: str = ""
    nickname: str = ""
    addresses: list[Address] = field(default_factory=list)
    phone_info: dict[str, Typed] = field(default_factory=dict)  # keyed by the value in phones
    email_info: dict[str, Typed] = field(default_factory=dict)  # keyed by the value in emails
    urls: list[Typed] = field(default_factory=list)
    ims: list[Typed] = field(default_factory=list)
    related: list[Typed] = field(default_factory=list)
    # The vCard as read, for what tisser does not model: see tisser.core.card_extra.
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        """The name as people write it ("Jean de La Fontaine")."""
        return names.join_name(self.given_name, self.particle, self.family_name)

    @property
    def sort_key(self) -> str:
        """The folded key a directory sorts by (family name without particle first)."""
        return names.sort_key(self.given_name, self.particle, self.family_name)


@dataclass(slots=True)
class Interaction:
    """Something that happened with one or more contacts, logged in the journal.

    ``occurred_at`` is timezone-aware. ``gave`` and ``received`` say what help went each way
    ("intro to Marc"); ``direction`` summarises them and can be set without text.
    """

    id: int | None = None
    owner_id: int = LOCAL_OWNER_ID
    occurred_at: datetime | None = None
    channel: Channel = Channel.MESSAGE
    contact_ids: list[int] = field(default_factory=list)
    direction: HelpDirection = HelpDirection.NONE
    gave: str = ""
    received: str = ""
    about: str = ""
    outcome: str = ""


@dataclass(slots=True)
class Link:
    """ "A knows B": the raw material for contacts of contacts.

    Links are undirected; ``a_id < b_id`` always (see :func:`make_link`). ``strength`` is in
    [0, 1] when known.
    """

    a_id: int
    b_id: int
    owner_id: int = LOCAL_OWNER_ID
    strength: float | None = None
    source: str = "manual"


def make_link(
    a_id: int,
    b_id: int,
    strength: float | None = None,
    *,
    owner_id: int = LOCAL_OWNER_ID,
    source: str = "manual",
) -> Link:
    """Build a link with its ends in canonical order, refusing a self-link or a bad strength."""
    if a_id == b_id:
        raise InvalidInput(N_("a contact cannot be linked to themselves"))
    if strength is not None and not 0.0 <= strength <= 1.0:
        raise InvalidInput(
            N_("link strength {strength} is outside 0..1"),
            hint=N_("give a strength between 0 and 1, e.g. 0.8"),
            strength=strength,
        )
    lo, hi = sorted((a_id, b_id))
    return Link(a_id=lo, b_id=hi, owner_id=owner_id, strength=strength, source=source)


def help_direction(gave: str, received: str) -> HelpDirection:
    """The direction implied by what was given and received in one interaction."""
    if gave and received:
        return HelpDirection.MUTUAL
    if gave:
        return HelpDirection.GAVE
    if received:
        return HelpDirection.RECEIVED
    return HelpDirection.NONE
