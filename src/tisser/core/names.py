"""Names: folding for search, particles for sorting, and display.

French users expect "helene" to find Hélène, "oeuvre" to find Œuvre, "muller" to find
Müller, and "Jean de La Fontaine" to sort under L (the particle "de" is set aside, the
article "La" is kept: the usage of French dictionaries and the BnF). Folding is done once,
here, and the store indexes the folded text so SQLite and PostgreSQL agree.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus accents.
_LIGATURES = str.maketrans(
    {
        "œ": "oe",
        "Œ": "oe",
        "æ": "ae",
        "Æ": "ae",
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ł": "l",
        "Ł": "l",
        "ı": "i",
        "þ": "th",
        "Þ": "th",
        "’": "'",
        "‘": "'",
    }
)

# Particles set aside when sorting a family name ("de La Fontaine" sorts under "La
# Fontaine"). Articles (la, le, les) and contracted articles (du, des) stay part of the
# name, as French usage wants ("Du Bellay" sorts under D).
PARTICLES: tuple[str, ...] = (
    "von und zu",
    "van der",
    "van den",
    "van de",
    "von der",
    "de",
    "d'",
    "von",
    "van",
    "zu",
    "ten",
    "ter",
    "da",
    "das",
    "dos",
    "do",
)

# Words that, before the last word of a full name, belong to the family name.
_NAME_PREFIXES = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "van",
        "von",
        "der",
        "den",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "das",
        "do",
        "ten",
        "ter",
        "zu",
        "und",
        "y",
        "st",
        "saint",
        "sainte",
    }
)

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w@.+'-]+")


@functools.lru_cache(maxsize=1 << 17)
def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents: ``"Hélène Œuvre"`` -> ``"helene oeuvre"``.

    Used for search, comparison and deduplication; never shown to a user. Cached: a bulk
    import folds the same given names, companies and positions thousands of times.

    The steps, for each character (:func:`fold_char`): ligatures out
    (:data:`_LIGATURES`), NFKD, combining marks out, casefold, ligatures out again (NFKD
    and casefold can make ``ø``); then whitespace is collapsed. ASCII text only needs
    lower case and its spaces collapsed (``str.split`` collapses the same whitespace as
    ``\\s+``). Other text goes through one ``str.translate`` with the foldings of the
    characters met so far (:data:`_CHAR_FOLDS`): notes are long and seldom repeat, and
    the steps above on the whole text cost several times more.
    """
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(text.translate(_CHAR_FOLDS).split())


def fold_char(ch: str) -> str:
    """The folding of one character (see :func:`fold`).

    Folding text character by character is folding it whole: casefold and the ligature
    table look at one character at a time, and NFKD only adds canonical reordering, which
    moves combining marks (combining class > 0) among themselves, and those are all
    dropped here; the characters that stay keep their order.
    """
    decomposed = unicodedata.normalize("NFKD", ch.translate(_LIGATURES))
    kept = "".join(c for c in decomposed if unicodedata.combining(c) == 0)
    return kept.casefold().translate(_LIGATURES)


class _CharFolds(dict[int, str]):
    """Code point -> :func:`fold_char`, computed the first time ``str.translate`` asks."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = fold_char(chr(code))
        return folded


_CHAR_FOLDS = _CharFolds()


def search_terms(text: str) -> list[str]:
    """Split folded ``text`` into the words a search matches against."""
    return [t for t in _NON_WORD.sub(" ", fold(text)).replace("'", " ").split() if t]


def split_particle(family_name: str) -> tuple[str, str]:
    """Split a family name into its leading particle and the rest.

    ``"de La Fontaine"`` -> ``("de", "La Fontaine")``; ``"d'Alembert"`` -> ``("d'",
    "Alembert")``; ``"Du Bellay"`` -> ``("", "Du Bellay")``. Only a lower-case particle
    counts: ``"De Gaulle"`` written with a capital is kept whole, as the family writes it.
    """
    name = " ".join(family_name.split()).replace("’", "'")
    if " " not in name and "'" not in name:  # no particle without its space or apostrophe
        return "", name
    for particle in PARTICLES:
        if particle.endswith("'"):
            if name.startswith(particle) and len(name) > len(particle):
                return particle, name[len(particle) :].strip()
        elif name.startswith(particle + " ") and len(name) > len(particle) + 1:
            return particle, name[len(particle) + 1 :].strip()
    return "", name


def join_name(given_name: str, particle: str, family_name: str) -> str:
    """The name as people write it: ``"Jean de La Fontaine"``, ``"Jean d'Alembert"``."""
    family = family_name
    if particle:
        family = (
            f"{particle}{family_name}" if particle.endswith("'") else f"{particle} {family_name}"
        )
    given, family = given_name.strip(), family.strip()
    return f"{given} {family}" if given and family else given or family


def sort_key(given_name: str, particle: str, family_name: str) -> str:
    """The folded key a directory sorts by: family name without particle, then given name.

    ``sort_key("Jean", "de", "La Fontaine")`` -> ``"la fontaine\\x00jean"``, so it sorts
    under L, between "Laborde" and "Lagarde"; accents never move a name ("Éric" sorts
    with "Eric").
    """
    family = fold(family_name) or fold(given_name)
    return f"{family}\x00{fold(given_name)}\x00{fold(particle)}"


def parse_full_name(full_name: str) -> tuple[str, str, str]:
    """Split a typed full name into ``(given, particle, family)``.

    ``"Jean de La Fontaine"`` -> ``("Jean", "de", "La Fontaine")``; ``"Hélène Müller"`` ->
    ``("Hélène", "", "Müller")``; a single word is a given name. A comma means
    "Family, Given" (``"Dupont, Marie"``).
    """
    text = _SPACES.sub(" ", full_name.strip()).replace("’", "'")
    if not text:
        return "", "", ""
    if "," in text:
        family_part, given = (p.strip() for p in text.split(",", 1))
        particle, family = split_particle(family_part)
        return given, particle, family
    words = text.split(" ")
    if len(words) == 1:
        return words[0], "", ""
    # The family name is the last word plus the particles and articles before it
    # ("de La Fontaine", "Du Bellay", "van der Berg"); at least one word stays given.
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in _NAME_PREFIXES:
        start -= 1
    particle, family = split_particle(" ".join(words[start:]))
    return " ".join(words[:start]), particle, family
