"""Running a round: from the store's opt-ins to saved, explained groups.

The one place that joins the store, the core score and the solvers, so the CLI (and later
the web routes) stay short: :func:`match_round` reads the opted-in members and the history,
builds the candidate graph, solves pairs or groups, turns each group into a
:class:`~tisser.core.matching.Meeting` (slot, place, time, explanation) and saves them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import TYPE_CHECKING

from tisser.community import groups as group_solver
from tisser.community import pairs as pair_solver
from tisser.community.features import Features, candidates
from tisser.core.community import Member, Round
from tisser.core.matching import Context, Meeting, Weights, feasible, learn, make_meeting

if TYPE_CHECKING:
    from tisser.store import Store


@dataclass
class MatchOutcome:
    """The saved groups, who waits, and how good the solution is against its bound."""

    round: Round
    meetings: list[Meeting]
    unmatched: list[Member]
    members: dict[int, Member]
    value: float
    bound: float | None
    method: str


def solve(
    members: Sequence[Member],
    ctx: Context,
    zone: tzinfo,
    exact_limit: int = 3000,
    k: int = 20,
    seed: int = 7,
) -> tuple[list[Meeting], list[Member], float, float | None, str]:
    """Meetings for the members of a round, the unmatched, value, bound and method.

    ``k`` candidates kept per member, ``seed`` for the sampling of large blocks: the same
    members, context and seed give the same meetings (the federation relies on it).
    """
    rnd = ctx.round
    if len(members) < rnd.size_min:
        return [], list(members), 0.0, None, "none"
    f = Features.build(members, ctx)
    cand = candidates(f, k=k, seed=seed)
    if rnd.is_pairs:
        res = pair_solver.solve(len(members), cand, exact_limit=exact_limit)
        chosen = [[a, b] for a, b in res.pairs]
        value, bound, method = res.value, res.bound, res.method
    else:
        g = group_solver.solve(f, cand, rnd.size_min, rnd.size_max)
        chosen, value, bound, method = g.groups, g.value, g.bound, g.method
    meetings = []
    placed: set[int] = set()
    for idx in chosen:
        group = [members[i] for i in idx]
        if not feasible(group, ctx):  # the core has the last word on hard constraints
            continue
        meetings.append(make_meeting(group, ctx, zone))
        placed.update(m.id for m in group)
    meetings.sort(key=lambda m: (-m.score, m.member_ids))
    unmatched = [m for m in members if m.id not in placed]
    return meetings, unmatched, value, bound, method


def matching_weights() -> Weights:
    """The [matching] section of the settings file (defaults when absent)."""
    from tisser.settings import load_settings

    return load_settings().matching


def context_for(
    store: Store, actor: int, rnd: Round, w: Weights, everyone: Mapping[int, Member]
) -> Context:
    """The round's context: history (pairs met recently, who waited) and feedback's lessons.

    Pairs who said they would not meet again join the recent pairs: the same hard rule.
    """
    recent, waited = store.history(actor, rnd, w.history_rounds)
    lessons = learn(store.feedback_answers(actor, rnd), everyone, rnd.activity, w)
    return Context(
        rnd, w, recent | lessons.never, waited, liked=lessons.liked, stood_up=lessons.stood_up
    )


def match_round(
    store: Store,
    actor: int,
    round_id: int,
    zone: tzinfo,
    weights: Weights | None = None,
    exact_limit: int = 3000,
) -> MatchOutcome:
    """Match the opted-in members of a round and save the proposed groups.

    The weights are the [matching] settings unless given.
    """
    w = weights or matching_weights()
    rnd = store.get_round(actor, round_id)
    everyone = {m.id: m for m in store.community_members(actor, rnd.community_id)}
    members = [everyone[i] for i in store.opted_in(actor, round_id)]
    ctx = context_for(store, actor, rnd, w, everyone)
    meetings, unmatched, value, bound, method = solve(members, ctx, zone, exact_limit)
    store.save_groups(actor, round_id, meetings)
    saved = store.round_groups(actor, round_id)
    return MatchOutcome(rnd, saved, unmatched, everyone, value, bound, method)
