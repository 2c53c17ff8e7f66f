"""An organiser's review of a matched round, and its publication with the invitations.

Review acts on the saved groups (the CLI's ``match`` and the web page share them):

- **swap** two members of different groups: both groups are rebuilt by the core
  (:func:`~tisser.core.matching.make_meeting`: slot, place, score and explanation follow);
- **lock** groups: a re-run keeps them as they are;
- **exclude** a member: out of the round (opt-in withdrawn) and out of their group;
- **re-run**: the solver matches the opted-in members who are not in a locked group.

A swap or an exclusion that leaves a group infeasible (no shared slot, too small) dissolves
it: its members wait for the next re-run rather than receive an impossible invitation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import tzinfo
from email.message import EmailMessage
from typing import TYPE_CHECKING

from tisser.community.mail import invitation
from tisser.community.publish import log_meetings
from tisser.community.service import context_for, matching_weights, solve
from tisser.core.community import Member
from tisser.core.errors import N_, InvalidInput
from tisser.core.matching import Context, Meeting, feasible, make_meeting, score_parts

if TYPE_CHECKING:
    from tisser.store import Store


def _context(store: Store, actor: int, round_id: int) -> tuple[Context, dict[int, Member]]:
    rnd = store.get_round(actor, round_id)
    people = {m.id: m for m in store.community_members(actor, rnd.community_id)}
    return context_for(store, actor, rnd, matching_weights(), people), people


def score_parts_of(store: Store, actor: int, round_id: int) -> dict[int, list[tuple[str, float]]]:
    """What each saved group's score adds up to (:func:`~tisser.core.matching.score_parts`),
    by group id, with the round's context as it is now (history, feedback)."""
    ctx, people = _context(store, actor, round_id)
    return {
        g.id: score_parts([people[i] for i in g.member_ids], ctx)
        for g in store.round_groups(actor, round_id)
        if g.id is not None and all(i in people for i in g.member_ids)
    }


def _save(
    store: Store, actor: int, round_id: int, meetings: Sequence[Meeting], locked: Sequence[bool]
) -> None:
    """Save the groups, keeping each one's lock (the groups get new ids)."""
    with store.transaction():
        store.save_groups(actor, round_id, meetings)
        saved = store.round_groups(actor, round_id)
        store.set_locks(actor, round_id, [g.id for g, lock in zip(saved, locked, strict=True)
                                          if lock and g.id is not None])  # fmt: skip


def _rebuild(group: Sequence[Member], ctx: Context, zone: tzinfo, old: Meeting) -> Meeting | None:
    if len(group) < ctx.round.size_min or not feasible(group, ctx):
        return None
    return dataclasses.replace(make_meeting(group, ctx, zone), id=old.id)


def swap(store: Store, actor: int, round_id: int, a: int, b: int, zone: tzinfo) -> None:
    """Swap members ``a`` and ``b`` between their groups."""
    ctx, people = _context(store, actor, round_id)
    groups = store.round_groups(actor, round_id)
    locks = store.locked_groups(actor, round_id)
    where = {mid: n for n, g in enumerate(groups) for mid in g.member_ids}
    if a == b:
        raise InvalidInput(
            N_("{name} is chosen in both lists: a swap needs two people"),
            hint=N_("choose someone from another group in the second list"),
            name=people[a].name if a in people else str(a),
        )
    if a not in where or b not in where or where[a] == where[b]:
        raise InvalidInput(
            N_("choose two members of two different groups"),
            hint=N_("pick one member in each list"),
        )
    ga, gb = where[a], where[b]
    out: list[Meeting | None] = list(groups)
    for n, old, new in ((ga, a, b), (gb, b, a)):
        ids = [new if x == old else x for x in groups[n].member_ids]
        out[n] = _rebuild([people[x] for x in ids], ctx, zone, groups[n])
    kept = [(m, groups[n].id in locks) for n, m in enumerate(out) if m is not None]
    _save(store, actor, round_id, [m for m, _ in kept], [lock for _, lock in kept])


def exclude(store: Store, actor: int, round_id: int, member_id: int, zone: tzinfo) -> None:
    """Take a member out of the round and out of their group."""
    ctx, people = _context(store, actor, round_id)
    groups = store.round_groups(actor, round_id)
    locks = store.locked_groups(actor, round_id)
    kept: list[tuple[Meeting, bool]] = []
    for g in groups:
        if member_id in g.member_ids:
            rest = [people[x] for x in g.member_ids if x != member_id]
            rebuilt = _rebuild(rest, ctx, zone, g)
            if rebuilt is not None:
                kept.append((rebuilt, g.id in locks))
        else:
            kept.append((g, g.id in locks))
    with store.transaction():
        store.withdraw(actor, round_id, [member_id])
        _save(store, actor, round_id, [m for m, _ in kept], [lock for _, lock in kept])


def rerun(store: Store, actor: int, round_id: int, zone: tzinfo) -> list[Member]:
    """Match again everyone opted in outside the locked groups; returns who waits."""
    ctx, people = _context(store, actor, round_id)
    locks = store.locked_groups(actor, round_id)
    fixed = [g for g in store.round_groups(actor, round_id) if g.id in locks]
    placed = {mid for g in fixed for mid in g.member_ids}
    free = [people[i] for i in store.opted_in(actor, round_id) if i not in placed]
    meetings, unmatched, *_ = solve(free, ctx, zone)
    _save(
        store, actor, round_id, [*fixed, *meetings], [True] * len(fixed) + [False] * len(meetings)
    )
    return unmatched


def publish(
    store: Store,
    actor: int,
    round_id: int,
    zone: tzinfo,
    sender: str,
    deliver: Callable[[list[EmailMessage]], object],
) -> tuple[list[EmailMessage], int]:
    """Publish the round and deliver every invitation (SMTP or a folder); (messages,
    meetings logged in members' own networks). Delivery runs inside the transaction: when
    it fails, the round stays unpublished and can be published again."""
    rnd = store.get_round(actor, round_id)
    community = next(c for c in store.my_communities(actor) if c.id == rnd.community_id)
    people = {m.id: m for m in store.community_members(actor, rnd.community_id)}
    meetings = [  # invitations speak local time; the store keeps UTC
        dataclasses.replace(m, meets_at=m.meets_at.astimezone(zone) if m.meets_at else None)
        for m in store.round_groups(actor, round_id)
    ]
    messages: list[EmailMessage] = []
    for meeting in meetings:
        group = [people[i] for i in meeting.member_ids]
        messages.extend(invitation(rnd, community.name, meeting, group, m, sender) for m in group)
    with store.transaction():
        store.publish_round(actor, round_id)
        logged = log_meetings(store, actor, rnd, community.name, meetings, people)
        deliver(messages)
    return messages, logged
