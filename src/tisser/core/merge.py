"""Combining two records of one person, without losing anything either held.

Two operations, because they answer two different questions:

- :func:`merge_contacts` — the user (or a certain match) says A and B are one person: A's
  values stay, B fills what A lacks, every e-mail, phone, tag and category of both is kept,
  notes are put end to end, the earliest meeting date wins and the closer circle wins.
- :func:`absorb` — a source we imported from before sends the same record again (the
  LinkedIn export of next year): what the source says about work and contact details is
  newer, so its non-empty values replace ours; lists are unioned; what the user decided
  in tisser (circle, profile, closeness, how we met, names) is left alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from tisser.core.identity import email_key
from tisser.core.model import DEFAULT_CIRCLE, Contact
from tisser.core.names import fold

# Fields a source may update on a re-import (absorb); the rest belongs to the user.
SOURCE_FIELDS = (
    "organization",
    "position",
    "city",
    "country",
    "linkedin",
    "x_handle",
    "website",
    "sector",
    "function",
    "seniority",
    "gender",
    "birthday",
    "anniversary",
    "nickname",
)
_FILL_FIELDS = (
    "given_name",
    "particle",
    "family_name",
    *SOURCE_FIELDS,
    "met_how",
    "met_channel",
    "met_through_id",
    "relational_profile",
    "energy",
)


def union(first: Sequence[str], second: Sequence[str], key: str = "fold") -> list[str]:
    """``first`` then the values of ``second`` it lacks, compared folded (or as e-mails)."""
    out: list[str] = []
    seen: set[str] = set()
    for value in [*first, *second]:
        k = (email_key(value) or fold(value)) if key == "email" else fold(value)
        if k and k not in seen:
            seen.add(k)
            out.append(value)
    return out


def _notes(first: str, second: str) -> str:
    a, b = first.strip(), second.strip()
    if not b or b in a:
        return first
    if not a or a in b:
        return second
    return f"{a}\n\n{b}"


def _details(first: Contact, second: Contact) -> dict[str, Any]:
    """The address-book details of both: typed values of both kept, ``first``'s first;
    addresses and links without repeats; ``first``'s kept card lines, else ``second``'s."""

    def listed(a: list, b: list) -> list:  # type: ignore[type-arg]
        return a + [x for x in b if x not in a]

    card = dict(second.card) | dict(first.card)
    extra = listed(list(first.card.get("extra", [])), list(second.card.get("extra", [])))
    if extra:
        card["extra"] = extra
    return {
        "addresses": listed(first.addresses, second.addresses),
        "phone_info": second.phone_info | first.phone_info,
        "email_info": second.email_info | first.email_info,
        "urls": listed(first.urls, second.urls),
        "ims": listed(first.ims, second.ims),
        "related": listed(first.related, second.related),
        "card": card,
    }


def merge_contacts(keep: Contact, other: Contact) -> Contact:
    """``keep`` and ``other`` as one contact, with ``keep``'s id and its values first."""
    values = {}
    for name in _FILL_FIELDS:
        mine = getattr(keep, name)
        values[name] = mine if mine not in ("", None) else getattr(other, name)
    if values["met_through_id"] in (keep.id, other.id):
        values["met_through_id"] = None
    if keep.given_name or keep.family_name:
        for name in ("given_name", "particle", "family_name"):
            values[name] = getattr(keep, name)
    met = [d for d in (keep.met_on, other.met_on) if d is not None]
    closeness = [v for v in (keep.closeness, other.closeness) if v is not None]
    return dataclasses.replace(
        keep,
        **values,
        emails=union(keep.emails, other.emails, key="email"),
        phones=list(dict.fromkeys([*keep.phones, *other.phones])),
        tags=union(keep.tags, other.tags),
        categories=union(keep.categories, other.categories),
        notes=_notes(keep.notes, other.notes),
        met_on=min(met) if met else None,
        circle=min(keep.circle, other.circle),
        closeness=max(closeness) if closeness else None,
        **_details(keep, other),
    )


def absorb(existing: Contact, incoming: Contact) -> Contact:
    """``existing`` updated by a newer copy of the same record from the same source."""
    values = {}
    for name in SOURCE_FIELDS:
        new = getattr(incoming, name)
        values[name] = new if new else getattr(existing, name)
    for name in ("met_on", "met_how", "met_channel", "relational_profile", "energy", "closeness"):
        if getattr(existing, name) in ("", None):
            values[name] = getattr(incoming, name)
    if existing.circle == DEFAULT_CIRCLE and incoming.circle != DEFAULT_CIRCLE:
        values["circle"] = incoming.circle
    return dataclasses.replace(
        existing,
        **values,
        emails=union(existing.emails, incoming.emails, key="email"),
        phones=list(dict.fromkeys([*existing.phones, *incoming.phones])),
        tags=union(existing.tags, incoming.tags),
        categories=union(existing.categories, incoming.categories),
        notes=_notes(existing.notes, incoming.notes),
        **{
            name: getattr(incoming, name) or getattr(existing, name)
            for name in ("addresses", "urls", "ims", "related", "card")
        },
        phone_info=existing.phone_info | incoming.phone_info,
        email_info=existing.email_info | incoming.email_info,
    )


_COMPARED = [
    f.name for f in dataclasses.fields(Contact) if f.name not in ("created_at", "updated_at")
]


def same(a: Contact, b: Contact) -> bool:
    """Whether two versions of a contact hold the same values (timestamps aside)."""
    return all(getattr(a, n) == getattr(b, n) for n in _COMPARED)
