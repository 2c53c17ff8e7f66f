"""The first sort: place the 20 to 50 people who matter most in circles, tag their profile.

After importing only a LinkedIn export every contact sits in the wider network and nothing
is known of anyone's temperament: the diagnosis can say little (#18, cold start). The
quickest fix is the user's own judgement, one person at a time: ``tisser sort`` in the
terminal and the Sort page in the browser both read :func:`candidates` and write with
:func:`place`, so the two agree on who comes first and on what an answer means.
"""

from __future__ import annotations

from dataclasses import dataclass

from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Circle, Contact, RelationalProfile
from tisser.store import ContactFilter, Store

SORT_LIMIT = 50
PROFILE_KEYS = {
    "s": RelationalProfile.SUPER_CONNECTOR,
    "m": RelationalProfile.MENTOR,
    "e": RelationalProfile.EXPERT,
    "r": RelationalProfile.RESERVED,
}


@dataclass(frozen=True, slots=True)
class Placement:
    """One answer: a circle (1-5) and/or a relational profile; None leaves it as it is."""

    circle: Circle | None = None
    profile: RelationalProfile | None = None

    @property
    def empty(self) -> bool:
        return self.circle is None and self.profile is None


def candidates(store: Store, owner_id: int, limit: int = SORT_LIMIT) -> list[Contact]:
    """Who to sort first: those not yet placed nor tagged, the likeliest to matter first.

    Order: most interactions, then most contacts in common, then the most recently met, then
    by name. A contact already in circles 1-2 with a profile is done and left out.
    """
    people = store.list_contacts(ContactFilter(), owner_id)
    counts = store.interaction_counts(owner_id)
    degree: dict[int, int] = {}
    for a, b in store.link_pairs(owner_id):
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    todo = [
        c
        for c in people
        if c.id is not None
        and c.circle != Circle.DORMANT
        and not (c.circle in (Circle.FIRST, Circle.SECOND) and c.relational_profile)
    ]
    todo.sort(
        key=lambda c: (
            -counts.get(c.id or 0, 0),
            -degree.get(c.id or 0, 0),
            -(c.met_on.toordinal() if c.met_on else 0),
            c.sort_key,
        )
    )
    return todo[:limit]


def parse(answer: str) -> Placement:
    """``"2"``, ``"2m"``, ``"m"``, ``"3 e"`` -> a placement; ``""`` leaves the contact as is.

    The digit is the circle (1-5), the letter the profile: s super-connector, m mentor,
    e expert, r reserved. Anything else is refused with what is expected.
    """
    text = answer.strip().lower().replace(" ", "")
    circle = profile = None
    for ch in text:
        if ch.isdigit() and circle is None and ch in "12345":
            circle = Circle(int(ch))
        elif ch in PROFILE_KEYS and profile is None:
            profile = PROFILE_KEYS[ch]
        else:
            raise InvalidInput(
                N_("cannot read {answer!r}"),
                hint=N_(
                    "type a circle from 1 to 5 and/or a letter: s super-connector, m mentor, "
                    "e expert, r reserved (Enter to skip, q to stop)"
                ),
                answer=answer,
            )
    return Placement(circle, profile)


def place(store: Store, owner_id: int, contact_id: int, p: Placement) -> Contact:
    """Write one placement at once (nothing is lost if the sort stops half-way)."""
    c = store.get_contact(contact_id, owner_id)
    if p.empty:
        return c
    if p.circle is not None:
        c.circle = p.circle
    if p.profile is not None:
        c.relational_profile = p.profile
    return store.update_contact(c)
