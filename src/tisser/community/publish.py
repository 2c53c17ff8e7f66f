"""After publication: each meeting becomes an interaction in the members' own networks.

A member whose account is also a tisser user (same ``user_id`` as the owner of a network)
sees each of their meetings in their journal, with the people they meet as contacts (found
by e-mail, or created from the community profile, met through the community).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tisser.core.community import Member, Round
from tisser.core.matching import Meeting
from tisser.core.model import Channel, Contact, Interaction

if TYPE_CHECKING:
    from tisser.store import Store

CHANNEL = {"coffee": Channel.IN_PERSON, "lunch": Channel.LUNCH, "walk": Channel.IN_PERSON}


def log_meetings(
    store: Store,
    actor: int,
    rnd: Round,
    community: str,
    meetings: Sequence[Meeting],
    people: dict[int, Member],
) -> int:
    """Log each meeting in the network of every member who has one; returns how many."""
    owners = store.member_users(actor, rnd.community_id)
    logged = 0
    for meeting in meetings:
        for mid in meeting.member_ids:
            owner = owners.get(mid)
            if owner is None or meeting.meets_at is None:
                continue
            ids = [_contact(store, owner, people[o], community).id or 0
                   for o in meeting.member_ids if o != mid]  # fmt: skip
            store.add_interaction(
                Interaction(
                    owner_id=owner,
                    occurred_at=meeting.meets_at,
                    channel=CHANNEL.get(rnd.activity, Channel.SPORT),
                    contact_ids=ids,
                    about=f"{community} — {rnd.activity}",
                )
            )
            logged += 1
    return logged


def _contact(store: Store, owner: int, m: Member, community: str) -> Contact:
    found = store.find_contacts_by_name(m.email, owner)
    if found:
        return found[0]
    return store.add_contact(
        Contact(
            owner_id=owner,
            given_name=m.first_name,
            family_name=m.last_name,
            organization=m.company,
            sector=m.sector,
            function=m.function,
            city=m.city,
            emails=[m.email],
            met_how=community,
            met_channel=Channel.EVENT,
        )
    )
