"""The self-profile worksheet, "marketing de soi" (seed 001, first step of the method).

Seed 001 asks the networker to see themself "as a product positioned on its market": say
who they are (identity, values, savoirs, savoir-faire, savoir-être), what they want, can and
know how to do, map their "terrain de jeu" (sectors, companies, places), and work it through
the classic tools (SWOT, Ikigai, SMART, pitch) into a value proposition that serves both
networking and prospecting. :class:`Worksheet` holds those answers next to the core
:class:`~tisser.core.model.Profile` (name, temperament, weekly budget), which it does not
repeat.

The Ikigai is the four-circle diagram popularised by Garcia & Miralles (2016) after the
Japanese notion: what I love, what I am good at, what the world needs, what I can be paid
for. Its intersections are named passion (love & good at), mission (love & needs),
vocation (needs & paid) and profession (good at & paid); :func:`ikigai_intersections`
computes them by folded word match, so "Export" and "export" meet.

The 30-second pitch (the "elevator pitch") follows the usual networking template: who I am,
what I do and for whom, what makes me different, what I am looking for. :func:`draft_pitch`
fills it from the worksheet in French or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from tisser.core.errors import N_
from tisser.core.model import Profile
from tisser.core.names import fold

# (field name, English label marked for translation, worksheet section)
SECTIONS: tuple[tuple[str, str], ...] = (
    ("identity", N_("Identity and values")),
    ("knowledge", N_("Savoirs, savoir-faire, savoir-être")),
    ("direction", N_("What I want, can and know how to do")),
    ("market", N_("My market (terrain de jeu)")),
    ("swot", N_("SWOT")),
    ("ikigai", N_("Ikigai")),
    ("proposition", N_("Value proposition and pitch")),
)

# Each list field of the worksheet: its section and its English label.
LIST_FIELDS: dict[str, tuple[str, str]] = {
    "identity": ("identity", N_("Who I am, in a few words")),
    "savoirs": ("knowledge", N_("Savoirs (what I know)")),
    "savoir_faire": ("knowledge", N_("Savoir-faire (what I can do)")),
    "savoir_etre": ("knowledge", N_("Savoir-être (how I behave)")),
    "wants": ("direction", N_("What I want to do")),
    "can": ("direction", N_("What I can do (means, time, network)")),
    "knows": ("direction", N_("What I know how to do")),
    "sectors": ("market", N_("Sectors")),
    "companies": ("market", N_("Companies")),
    "places": ("market", N_("Places")),
    "strengths": ("swot", N_("Strengths")),
    "weaknesses": ("swot", N_("Weaknesses")),
    "opportunities": ("swot", N_("Opportunities")),
    "threats": ("swot", N_("Threats")),
    "love": ("ikigai", N_("What I love")),
    "good_at": ("ikigai", N_("What I am good at")),
    "world_needs": ("ikigai", N_("What the world needs")),
    "paid_for": ("ikigai", N_("What I can be paid for")),
}
TEXT_FIELDS: dict[str, tuple[str, str]] = {
    "value_proposition": ("proposition", N_("Value proposition")),
    "looking_for": ("proposition", N_("What I am looking for")),
}

IKIGAI_PAIRS: dict[str, tuple[str, str, str]] = {
    "passion": ("love", "good_at", N_("Passion (love & good at)")),
    "mission": ("love", "world_needs", N_("Mission (love & world needs)")),
    "vocation": ("world_needs", "paid_for", N_("Vocation (needs & paid for)")),
    "profession": ("good_at", "paid_for", N_("Profession (good at & paid for)")),
}

PITCH_TEMPLATE = {
    "fr": (
        "Je suis {name}, {role}. J'aide {audience} à {benefit}. "
        "Ce qui me distingue : {difference}. En ce moment, je cherche {looking_for}."
    ),
    "en": (
        "I am {name}, {role}. I help {audience} to {benefit}. "
        "What sets me apart: {difference}. Right now I am looking for {looking_for}."
    ),
}
PITCH_BLANKS = {"fr": "…", "en": "…"}


@dataclass(slots=True)
class Worksheet:
    """The user's answers to the marketing-de-soi worksheet; every field may stay empty."""

    identity: list[str] = field(default_factory=list)
    savoirs: list[str] = field(default_factory=list)
    savoir_faire: list[str] = field(default_factory=list)
    savoir_etre: list[str] = field(default_factory=list)
    wants: list[str] = field(default_factory=list)
    can: list[str] = field(default_factory=list)
    knows: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    strengths: list[str] = field(default_factory=list)
    weaknesses: list[str] = field(default_factory=list)
    opportunities: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)
    love: list[str] = field(default_factory=list)
    good_at: list[str] = field(default_factory=list)
    world_needs: list[str] = field(default_factory=list)
    paid_for: list[str] = field(default_factory=list)
    value_proposition: str = ""
    looking_for: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Worksheet:
        """A worksheet from stored JSON; unknown keys are ignored, bad values dropped."""
        sheet = cls()
        for name, value in (data or {}).items():
            if name in LIST_FIELDS and isinstance(value, list):
                setattr(sheet, name, [str(v) for v in value if str(v).strip()])
            elif name in TEXT_FIELDS and isinstance(value, str):
                setattr(sheet, name, value)
        return sheet

    def completion(self) -> float:
        """Share of the worksheet's fields that hold an answer (0..1)."""
        names = [*LIST_FIELDS, *TEXT_FIELDS]
        return sum(1 for n in names if getattr(self, n)) / len(names)


def ikigai_intersections(sheet: Worksheet) -> dict[str, list[str]]:
    """The four pairwise intersections and the centre (ikigai) of the four lists.

    Items match when their folded forms are equal; the first spelling met is kept.
    """

    def common(*lists: list[str]) -> list[str]:
        keys = [{fold(x): x for x in lst} for lst in lists]
        first = keys[0]
        return [first[k] for k in first if all(k in other for other in keys[1:])]

    out = {
        name: common(getattr(sheet, a), getattr(sheet, b))
        for name, (a, b, _) in IKIGAI_PAIRS.items()
    }
    out["ikigai"] = common(sheet.love, sheet.good_at, sheet.world_needs, sheet.paid_for)
    return out


def draft_pitch(profile: Profile, sheet: Worksheet, language: str = "fr") -> str:
    """The 30-second pitch template filled from the profile and worksheet.

    Blanks the worksheet cannot fill stay as "…" for the user to complete.
    """
    lang = "fr" if language == "fr" else "en"
    blank = PITCH_BLANKS[lang]
    name = f"{profile.given_name} {profile.family_name}".strip() or blank
    role = profile.headline or ", ".join(p for p in (profile.function, profile.organization) if p)
    audience = ", ".join(sheet.sectors[:2]) or ", ".join(sheet.companies[:2])
    benefit = sheet.value_proposition or ", ".join(sheet.wants[:2])
    difference = ", ".join((sheet.strengths or profile.skills)[:2])
    return PITCH_TEMPLATE[lang].format(
        name=name,
        role=role or blank,
        audience=audience or blank,
        benefit=benefit or blank,
        difference=difference or blank,
        looking_for=sheet.looking_for or blank,
    )
