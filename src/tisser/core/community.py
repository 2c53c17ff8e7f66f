"""Communities: a club or an association whose members meet in rounds.

Seed 003 (Sporezo) matches professionals who play the same sport "à tous les niveaux"; seed 002
describes an association of 550 members where each networks with their own temperament — the
super-connecteur in the crowd, the réservé in small groups. A :class:`Member` carries what makes
a meeting worth it: sports with a level on the sport's own scale, weekly slots, area and how far
they travel, languages, sector, function, company (never matched with colleagues), relational
profile, preferred format, what they seek and what they offer. A :class:`Round` is one
invitation to meet: an activity, a group size, a date window and places.

Everything here is plain data and parsing of the member-file notation (``padel:5;golf:18``,
``tue-evening;sat-morning``, ``mentor:export``); no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import RelationalProfile
from tisser.core.names import fold

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = ("morning", "lunch", "afternoon", "evening")
SLOTS = tuple(f"{d}-{p}" for d in DAYS for p in PARTS)

# Display names of slots, translated by the caller ("mardi soir").
DAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
SLOT_TEMPLATES = {
    "morning": N_("{day} morning"),
    "lunch": N_("{day} lunchtime"),
    "afternoon": N_("{day} afternoon"),
    "evening": N_("{day} evening"),
}
# Local start time (hour, minute) of each part of the day, for invitations.
PART_START = {"morning": (9, 0), "lunch": (12, 30), "afternoon": (14, 30), "evening": (19, 0)}


class Format(StrEnum):
    """How a member prefers to meet: one other person, a small group, or either."""

    ONE_TO_ONE = "1:1"
    GROUP = "group"
    ANY = "any"


class Want(StrEnum):
    """What a member seeks or offers (the issue's list)."""

    PEERS = "peers"  # people in the same function
    MENTOR = "mentor"  # seek a mentor / offer to be one
    MENTEE = "mentee"  # seek someone to mentor / offer to be mentored
    SECTOR = "sector"  # another sector
    JOB = "job"  # seek a job / offer one (hiring)
    HELP = "help"  # seek help / offer to give help
    # A word outside the vocabulary ("RSE", "financement"), kept as a free interest: it meets
    # the same word stated by another member, sought or offered (see matching.complements).
    INTEREST = "interest"


@dataclass(frozen=True)
class Wish:
    """One item of what a member seeks or offers: a kind and an optional topic ("export")."""

    kind: Want
    topic: str = ""

    def meets(self, other: Wish) -> bool:
        """A need meets an offer of the same kind whose topic agrees (or either has none)."""
        if self.kind != other.kind:
            return False
        return not self.topic or not other.topic or fold(self.topic) == fold(other.topic)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.topic}" if self.topic else self.kind.value


@dataclass(frozen=True)
class SportScale:
    """A sport's level scale: its bounds, whether lower is better (golf), the hard band."""

    low: float
    high: float
    band: float = 3.0
    lower_is_better: bool = False


# Padel 1–10 (the clubs' own ladder), golf handicap index 0–54 (World Handicap System, lower
# is better), running pace in minutes per km. The band is the widest spread of levels in one
# group (the issue: "by default the levels of a group span at most 3 points").
SPORTS: dict[str, SportScale] = {
    "padel": SportScale(1, 10, 3.0),
    "tennis": SportScale(1, 10, 3.0),
    "golf": SportScale(0, 54, 8.0, lower_is_better=True),
    "running": SportScale(3, 9, 1.5, lower_is_better=True),
}
# Activities with no level: anyone can share a coffee.
SOCIAL = ("coffee", "lunch", "walk")


@dataclass(frozen=True)
class Community:
    """A club or an association; ``role`` is the reader's: organiser or member."""

    id: int
    name: str
    role: str = ""


# Profile fields a member may share with other members (name and first name always show).
SHAREABLE = (
    "last_name",
    "company",
    "sector",
    "function",
    "seniority",
    "city",
    "sports",
    "slots",
    "languages",
    "relational_profile",
    "format",
    "seeks",
    "offers",
    "email",
)
SHARED_BY_DEFAULT = ("last_name", "company", "sector", "function", "sports", "languages")


@dataclass(frozen=True)
class Member:
    """A member's profile, as matching sees it."""

    id: int
    email: str
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    sector: str = ""
    function: str = ""
    seniority: str = ""
    city: str = ""
    travel_km: float = 10.0
    sports: dict[str, float | None] = field(default_factory=dict)  # None: level unknown
    slots: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset({"fr"})
    relational_profile: RelationalProfile | None = None
    format: Format = Format.ANY
    seeks: tuple[Wish, ...] = ()
    offers: tuple[Wish, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    @property
    def short_name(self) -> str:
        return self.first_name or self.email.split("@")[0]


@dataclass(frozen=True)
class Round:
    """One invitation to meet: activity, group size range, date window, places."""

    id: int
    community_id: int
    activity: str
    size_min: int
    size_max: int
    date_from: date
    date_to: date
    places: tuple[str, ...] = ()
    status: str = "open"  # open → matched → published

    @property
    def is_pairs(self) -> bool:
        return self.size_max == 2


def takes_part(m: Member, activity: str) -> bool:
    """Whether ``m`` is invited to a round of ``activity`` opened for everyone.

    A sport for those who play it; a social round (coffee, lunch, walk) for every member:
    anyone can share a coffee (issue #22: it once took only those who listed no sport).
    """
    return activity in SOCIAL or activity in m.sports


# --- parsing the member-file notation -------------------------------------------------------


def split_list(text: str) -> list[str]:
    """``"a; b;;c"`` → ``["a", "b", "c"]`` (the template separates lists with ``;``)."""
    return [part.strip() for part in text.split(";") if part.strip()]


def parse_sports(text: str) -> dict[str, float | None]:
    """``padel:5;golf:18;running:6`` → levels by sport; a social activity needs no level."""
    sports, problems = read_sports(text)
    if problems:
        raise problems[0]
    return sports


def read_sports(text: str) -> tuple[dict[str, float | None], list[InvalidInput]]:
    """Levels by sport, and what was not understood; a member row is never refused for it.

    An unknown sport is left out; a level that is not a number or lies outside the sport's
    scale is left empty (the sport kept, its level unknown), each with its message.
    """
    sports: dict[str, float | None] = {}
    problems: list[InvalidInput] = []
    for item in split_list(text):
        try:
            key, value = _sport_item(item)
        except _EmptyLevel as bad:
            sports[bad.key] = None
            problems.append(bad.error)
            continue
        except InvalidInput as error:
            problems.append(error)
            continue
        sports[key] = value
    return sports, problems


class _EmptyLevel(Exception):
    """A known sport whose level cannot be kept: the sport stays, its level is left empty."""

    def __init__(self, key: str, error: InvalidInput) -> None:
        super().__init__(key)
        self.key, self.error = key, error


def _sport_item(item: str) -> tuple[str, float]:
    """One ``sport:level`` item → (sport, level); the errors of :func:`read_sports`."""
    name, _, level = item.partition(":")
    key = fold(name).replace(" ", "")
    if key in SOCIAL and not level.strip():
        return key, 0.0
    scale = SPORTS.get(key)
    if scale is None and key not in SOCIAL:
        raise InvalidInput(
            N_("unknown sport {sport!r}"),
            hint=N_("known: {known}"),
            sport=name,
            known=", ".join([*SPORTS, *SOCIAL]),
        )
    try:
        value = float(level.strip().replace(",", "."))
    except ValueError as exc:
        error = InvalidInput(
            N_("level {level!r} of {sport} is not a number"),
            hint=N_("write it as padel:5"),
            level=level,
            sport=name,
        )
        raise _EmptyLevel(key, error) from exc
    if scale is not None and not scale.low <= value <= scale.high:
        error = InvalidInput(
            N_("level {level} of {sport} is outside {low}–{high}"),
            level=level.strip(),
            sport=key,
            low=f"{scale.low:g}",
            high=f"{scale.high:g}",
        )
        raise _EmptyLevel(key, error)
    return key, value


def parse_slots(text: str) -> frozenset[str]:
    """``tue-evening;sat-morning`` → slots; ``tue`` alone means every part of Tuesday."""
    slots: set[str] = set()
    for item in split_list(text):
        key = fold(item).replace(" ", "-")
        if key in DAYS:
            slots.update(f"{key}-{p}" for p in PARTS)
        elif key in SLOTS:
            slots.add(key)
        else:
            raise InvalidInput(
                N_("unknown slot {slot!r}"),
                hint=N_(
                    "write day-part, e.g. tue-evening (mon…sun × morning, lunch, "
                    "afternoon, evening)"
                ),
                slot=item,
            )
    return frozenset(slots)


def parse_wishes(text: str) -> tuple[Wish, ...]:
    """``mentor:export;job`` → wishes (kind, optional topic); an unknown kind is an error."""
    wishes, unknown = read_wishes(text)
    if unknown:
        raise InvalidInput(
            N_("unknown wish {wish!r}"),
            hint=N_("known: {known}"),
            wish=unknown[0],
            known=", ".join(w.value for w in Want if w != Want.INTEREST),
        )
    return wishes


def read_wishes(text: str) -> tuple[tuple[Wish, ...], list[str]]:
    """Wishes, and the words outside the vocabulary, each kept as a free interest.

    ``mentor:export;RSE`` → (mentor in export, interest in RSE) and ``["RSE"]``: a member
    is never refused for a word of their own; the caller reports the words it kept.
    """
    wishes: list[Wish] = []
    unknown: list[str] = []
    for item in split_list(text):
        if any(fold(str(w)) == fold(item) for w in wishes):
            continue
        kind, _, topic = item.partition(":")
        try:
            wish = Wish(Want(fold(kind).strip()), topic.strip())
        except ValueError:
            wish = Wish(Want.INTEREST, item)
            unknown.append(item)
        if wish.kind == Want.INTEREST and not wish.topic:
            continue  # "interest" alone says nothing
        if wish not in wishes:
            wishes.append(wish)
    return tuple(wishes), unknown


def parse_format(text: str) -> Format:
    """``1:1``, ``group`` or ``any`` (empty means any)."""
    key = fold(text).strip() or "any"
    aliases = {"1-1": "1:1", "pair": "1:1", "groupe": "group", "tous": "any"}
    try:
        return Format(aliases.get(key, key))
    except ValueError as exc:
        raise InvalidInput(
            N_("unknown format {format!r}"), hint=N_("write 1:1, group or any"), format=text
        ) from exc


def parse_languages(text: str) -> frozenset[str]:
    """``fr;en`` → language codes (two letters); empty means French."""
    langs = frozenset(fold(x)[:2] for x in split_list(text))
    return langs or frozenset({"fr"})


def parse_size(text: str) -> tuple[int, int]:
    """``4`` → (4, 4); ``3-6`` → (3, 6). Groups hold 2 to 12 people."""
    low, _, high = text.strip().partition("-")
    try:
        lo, hi = int(low), int(high or low)
    except ValueError as exc:
        raise InvalidInput(N_("group size {size!r} is not a number"), size=text) from exc
    if not 2 <= lo <= hi <= 12:
        raise InvalidInput(
            N_("group size {size!r} must be between 2 and 12"), hint=N_("e.g. 4 or 3-6"), size=text
        )
    return lo, hi


def slot_label(slot: str) -> tuple[str, str]:
    """The (template, day) msgids naming a slot: ``("{day} evening", "Tuesday")``."""
    day, _, part = slot.partition("-")
    return SLOT_TEMPLATES[part], DAY_NAMES[DAYS.index(day)]
