"""Turning what a user typed ("claire", "Hélène M", "#42") into one contact.

The store answers exact folded matches first; when none is exact, this module decides from
the list of names alone: a unique name whose words start with every typed word wins
("claire d" -> Claire Dubois), several are ambiguous, none gives the closest names as
suggestions (rapidfuzz's WRatio on folded text, the way a person misspells).
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from tisser.core.names import fold, search_terms

SUGGESTION_LIMIT = 3
SUGGESTION_CUTOFF = 60.0


MAX_ID = 2**63 - 1
"""The largest id a database holds (a signed 64-bit integer in SQLite and PostgreSQL)."""


def parse_id(text: str) -> int | None:
    """``"#42"`` or ``"42"`` -> 42; anything else -> None.

    A number past ``MAX_ID`` is no id at all (it is then looked up as a name, and not
    found): handing it to the database would overflow its integer instead.
    """
    stripped = text.strip().removeprefix("#")
    # ASCII digits only: "²".isdigit() is True but int("²") fails.
    if not (stripped.isascii() and stripped.isdigit()):
        return None
    value = int(stripped)
    return value if value <= MAX_ID else None


def prefix_matches(query: str, names: Sequence[tuple[int, str]]) -> list[int]:
    """Ids whose name has, for every typed word, a word starting with it."""
    terms = search_terms(query)
    if not terms:
        return []
    found = []
    for contact_id, name in names:
        words = search_terms(name)
        if all(any(w.startswith(t) for w in words) for t in terms):
            found.append(contact_id)
    return found


def suggestions(query: str, names: Sequence[tuple[int, str]]) -> list[str]:
    """The closest display names to ``query``, best first."""
    if not names:
        return []
    choices = {i: fold(name) for i, name in names}
    by_id = dict(names)
    best = process.extract(
        fold(query),
        choices,
        scorer=fuzz.WRatio,
        limit=SUGGESTION_LIMIT,
        score_cutoff=SUGGESTION_CUTOFF,
    )
    return [by_id[key] for _, _, key in best]
