"""What the user reads for each code, in French and English, and the reverse.

Codes stay stable in the database ("reserved", "lunch"); a French user types "réservé" or
"déjeuner" and reads the same words back. Parsing accepts the code, the English label, the
French label and a few aliases, all compared folded (accents and case ignored).
"""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

from tisser.core.cadence import Status
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel, Circle, Energy, HelpDirection, RelationalProfile
from tisser.core.names import fold
from tisser.i18n import _, catalog

CIRCLE_LABELS: dict[Enum, str] = {
    Circle.FIRST: N_("first circle"),
    Circle.SECOND: N_("second circle"),
    Circle.ACTIVE: N_("active network"),
    Circle.WIDER: N_("wider network"),
    Circle.DORMANT: N_("dormant (archived)"),
}
PROFILE_LABELS: dict[Enum, str] = {
    RelationalProfile.SUPER_CONNECTOR: N_("super-connector"),
    RelationalProfile.MENTOR: N_("mentor"),
    RelationalProfile.EXPERT: N_("expert"),
    RelationalProfile.RESERVED: N_("reserved"),
}
ENERGY_LABELS: dict[Enum, str] = {
    Energy.INTROVERT: N_("introvert"),
    Energy.AMBIVERT: N_("ambivert"),
    Energy.EXTRAVERT: N_("extravert"),
}
CHANNEL_LABELS: dict[Enum, str] = {
    Channel.IN_PERSON: N_("in person"),
    Channel.LUNCH: N_("lunch"),
    Channel.CALL: N_("call"),
    Channel.VIDEO: N_("video call"),
    Channel.MESSAGE: N_("message"),
    Channel.EMAIL: N_("e-mail"),
    Channel.LINKEDIN: N_("LinkedIn"),
    Channel.EVENT: N_("event"),
    Channel.SPORT: N_("sport session"),
}
DIRECTION_LABELS: dict[Enum, str] = {
    HelpDirection.GAVE: N_("I gave"),
    HelpDirection.RECEIVED: N_("I received"),
    HelpDirection.MUTUAL: N_("mutual"),
    HelpDirection.NONE: N_("none"),
}
STATUS_LABELS: dict[Enum, str] = {
    Status.ON_TRACK: N_("on track"),
    Status.DUE: N_("due"),
    Status.OVERDUE: N_("overdue"),
    Status.COOLING: N_("cooling"),
    Status.DORMANT: N_("dormant"),
    Status.UNKNOWN: N_("never seen"),
    Status.ARCHIVED: N_("archived"),
}

# Contact fields, as the store's search names them in its snippets ("position: DRH").
FIELD_LABELS = {
    "name": N_("name"),
    "organization": N_("organisation"),
    "position": N_("position"),
    "sector": N_("sector"),
    "function": N_("function"),
    "city": N_("city"),
    "country": N_("country"),
    "tag": N_("tag"),
    "category": N_("category"),
    "email": N_("e-mail"),
    "notes": N_("notes"),
}

# Why two contacts may be one person (the codes of :class:`tisser.core.duplicates.Candidate`).
DUPLICATE_REASONS = {
    "email": N_("same e-mail"),
    "phone": N_("same phone"),
    "linkedin": N_("same LinkedIn profile"),
    "same_name": N_("same name"),
    "nickname": N_("nickname"),
    "initial": N_("initial"),
    "similar_name": N_("similar name"),
    "organization": N_("same organisation"),
}

# The formats ``tisser import`` reads (:data:`tisser.formats.FORMATS`), as people name them.
FORMAT_NAMES = {
    "linkedin": "LinkedIn",
    "vcard": "vCard",
    "google": "Google CSV",
    "outlook": "Outlook CSV",
    "spreadsheet": N_("spreadsheet"),
    "edges": N_("edge list"),
    "graphml": "GraphML",
    "gexf": "GEXF",
    "zip": N_("ZIP archive"),
}

# Words people type that are neither the code nor a label.
ALIASES: dict[type[Enum], dict[str, Enum]] = {
    Channel: {
        "visio": Channel.VIDEO,
        "video": Channel.VIDEO,
        "zoom": Channel.VIDEO,
        "teams": Channel.VIDEO,
        "dej": Channel.LUNCH,
        "dejeuner": Channel.LUNCH,
        "diner": Channel.LUNCH,
        "cafe": Channel.IN_PERSON,
        "coffee": Channel.IN_PERSON,
        "rencontre": Channel.IN_PERSON,
        "meeting": Channel.IN_PERSON,
        "rdv": Channel.IN_PERSON,
        "tel": Channel.CALL,
        "phone": Channel.CALL,
        "appel": Channel.CALL,
        "mail": Channel.EMAIL,
        "courriel": Channel.EMAIL,
        "sms": Channel.MESSAGE,
        "whatsapp": Channel.MESSAGE,
        "texto": Channel.MESSAGE,
        "padel": Channel.SPORT,
        "golf": Channel.SPORT,
        "running": Channel.SPORT,
        "tennis": Channel.SPORT,
        "salon": Channel.EVENT,
        "afterwork": Channel.EVENT,
        "conference": Channel.EVENT,
    },
    RelationalProfile: {
        "connector": RelationalProfile.SUPER_CONNECTOR,
        "connecteur": RelationalProfile.SUPER_CONNECTOR,
        "super connecteur": RelationalProfile.SUPER_CONNECTOR,
        "reserve": RelationalProfile.RESERVED,
    },
    Energy: {
        "introverti": Energy.INTROVERT,
        "extraverti": Energy.EXTRAVERT,
        "extrovert": Energy.EXTRAVERT,
        "ambiverti": Energy.AMBIVERT,
        "intro": Energy.INTROVERT,
        "extra": Energy.EXTRAVERT,
    },
    Circle: {
        "premier": Circle.FIRST,
        "first": Circle.FIRST,
        "second": Circle.SECOND,
        "deuxieme": Circle.SECOND,
        "active": Circle.ACTIVE,
        "actif": Circle.ACTIVE,
        "wider": Circle.WIDER,
        "elargi": Circle.WIDER,
        "dormant": Circle.DORMANT,
        "archive": Circle.DORMANT,
        "archived": Circle.DORMANT,
    },
}

LABELS: dict[type[Enum], dict[Enum, str]] = {
    Circle: CIRCLE_LABELS,
    RelationalProfile: PROFILE_LABELS,
    Energy: ENERGY_LABELS,
    Channel: CHANNEL_LABELS,
    HelpDirection: DIRECTION_LABELS,
    Status: STATUS_LABELS,
}

E = TypeVar("E", bound=Enum)


def label(value: Enum | None) -> str:
    """The translated label of a code ("" for None)."""
    if value is None:
        return ""
    table = LABELS.get(type(value), {})
    return _(table[value]) if value in table else str(value.value)


def snippet_label(snippet: str) -> str:
    """``"position: DRH"`` -> ``"poste : DRH"``: the matched field named in the user's language."""
    field, sep, text = snippet.partition(": ")
    if sep and field in FIELD_LABELS:
        return _("{field}: {text}").format(field=_(FIELD_LABELS[field]), text=text)
    return snippet


def reason_label(code: str) -> str:
    """``"email"`` -> ``"même e-mail"``: why a pair may be a duplicate."""
    return _(DUPLICATE_REASONS[code]) if code in DUPLICATE_REASONS else code


def format_label(fmt: str) -> str:
    """``"edges"`` -> ``"liste de liens"``: an import format as people name it."""
    return _(FORMAT_NAMES[fmt]) if fmt in FORMAT_NAMES else fmt


def problem_place(path: str, card: int | None, line: int | None) -> str:
    """``file.vcf, card 3 (line 41)`` in the user's language: where an import problem is."""
    if card is not None:
        return _("{file}, card {card} (line {line})").format(file=path, card=card, line=line)
    if line is not None:
        return _("{file}, line {line}").format(file=path, line=line)
    return path


# The demo's and the members' import's seniority codes; anything else is the user's own words.
SENIORITY_LABELS = {
    "junior": N_("junior level"),
    "confirmed": N_("experienced level"),
    "senior": N_("senior level"),
    "executive": N_("executive level"),
}


def seniority_label(value: str | None) -> str:
    """``"confirmed"`` -> ``"niveau confirmé"``: a seniority code in the reader's language,
    free text as typed (a raw code never reaches the contact card or a member's sheet)."""
    if not value:
        return ""
    return _(SENIORITY_LABELS[value]) if value in SENIORITY_LABELS else value


def work_line(sector: str, function: str, seniority: str) -> str:
    """ "Santé, marketing, niveau confirmé": what someone does, seniority in words."""
    return ", ".join(p for p in (sector, function, seniority_label(seniority)) if p)


def attribute_value(attribute: str, value: str | None) -> str:
    """A value of a diversity attribute as shown to the user (seniority codes translated)."""
    return seniority_label(value) if attribute == "seniority" else (value or "")


def circle_label(circle: Circle) -> str:
    """``"3 · active network"``: the number people use and its name."""
    return f"{int(circle)} · {label(circle)}"


def parse(kind: type[E], text: str) -> E:
    """Read a code of enum ``kind`` from what the user typed, in either language."""
    key = fold(text).replace("_", " ").replace("-", " ").strip()
    fr = catalog("fr")
    for member in kind:
        english = LABELS.get(kind, {}).get(member, "")
        candidates = {str(member.value), english, fr.get(english, ""), member.name}
        if kind is Circle:
            candidates.add(str(int(member.value)))
        if key in {fold(c).replace("_", " ").replace("-", " ") for c in candidates if c}:
            return member
    aliased = ALIASES.get(kind, {}).get(key)
    if aliased is not None:
        return kind(aliased.value)
    choices = ", ".join(label(m) for m in kind)
    raise InvalidInput(
        N_("{text!r} is not one of: {choices}"),
        hint=N_("pick one of the values listed"),
        text=text,
        choices=choices,
    )


PARTS = {
    "closeness": N_("closeness"),
    "recency": N_("recency"),
    "intensity": N_("intensity"),
    "duration": N_("duration"),
    "reciprocity": N_("reciprocity"),
    "mutual": N_("in common"),
}
