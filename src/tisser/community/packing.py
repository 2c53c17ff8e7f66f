"""Groups as a set-packing problem: a pool of good groups, packed by a Lagrangian heuristic.

The grouping of a round is the set-partitioning problem of :mod:`tisser.community.lp_bound`
(one column per feasible group, each member in at most one). Listing every feasible group
is out of reach beyond a few hundred members, but the good ones are few: a good group is
made of members who are among each other's best candidates. :func:`pool` lists, for every
member and every allowed size ``k``, the groups of that member with ``k - 1`` of their best
candidates (as many as keep the number of combinations near ``budget``), and keeps those
that break no hard rule (the pair scores of :class:`~tisser.community.features.Features`,
one shared slot and place, no recent pair) with a positive score.

:func:`pack` chooses disjoint groups of the pool by Lagrangian relaxation (Fisher, *Mgmt.
Sci.* 1981; for set packing, Beasley's subgradient scheme): each member gets a price
``y_i``; a group's reduced score is its score minus its members' prices; prices rise for
members claimed by several groups of positive reduced score and fall for those unclaimed.
Every few steps the groups are packed greedily in decreasing reduced score; the best
packing is then improved by exchanges (a group replaces those it overlaps when its score is
larger). Everything is numpy and deterministic: the same members give the same groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from math import comb

import numpy as np

from tisser.community.features import NEG, Candidates, Features


@dataclass
class Pool:
    """Groups of several sizes as a ragged array: group ``t`` is ``flat[start[t]:start[t+1]]``."""

    flat: np.ndarray
    start: np.ndarray  # len = groups + 1
    score: np.ndarray

    def __len__(self) -> int:
        return len(self.score)

    def group(self, t: int) -> list[int]:
        return self.flat[self.start[t] : self.start[t + 1]].tolist()



def _neighbours(c: Candidates, n: int, m: int) -> np.ndarray:
    """Each member's ``m`` best candidates by pair score (-1 where fewer), ties by index."""
    ends = np.concatenate([c.a, c.b])
    others = np.concatenate([c.b, c.a])
    scores = np.concatenate([c.score, c.score])
    order = np.lexsort((others, -scores, ends))
    ends, others = ends[order], others[order]
    rank = np.arange(len(ends)) - np.searchsorted(ends, ends, "left")
    out = np.full((n, m), -1, dtype=np.int64)
    keep = rank < m
    out[ends[keep], rank[keep]] = others[keep]
    return out


def _recent_codes(f: Features) -> np.ndarray:
    """Recent pairs as sorted codes ``low * n + high`` of member indexes."""
    n = len(f.members)
    pos = {m.id: i for i, m in enumerate(f.members)}
    codes = {
        min(pos[a], pos[b]) * n + max(pos[a], pos[b])
        for a, b in f.ctx.recent_pairs
        if a in pos and b in pos
    }
    return np.array(sorted(codes), dtype=np.int64)


def _sized(f: Features, c: Candidates, k: int, budget: int, recent: np.ndarray) -> tuple:
    """The feasible groups of ``k`` around each member (sorted rows) and their scores."""
    n = len(f.members)
    m = k - 1
    while m < 24 and comb(m + 1, k - 1) <= budget:
        m += 1
    near = _neighbours(c, n, m)
    combos = np.array(list(combinations(range(m), k - 1)), dtype=np.int64)
    rows = np.concatenate(
        [np.repeat(np.arange(n), len(combos))[:, None], near[:, combos].reshape(-1, k - 1)], axis=1
    )
    rows = rows[(rows >= 0).all(axis=1)]
    if not len(rows):
        return np.empty((0, k), dtype=np.int64), np.empty(0)
    rows = np.unique(np.sort(rows, axis=1), axis=0)
    shared = (np.bitwise_and.reduce(f.slots[rows], axis=1) != 0) & (
        np.bitwise_and.reduce(f.places[rows], axis=1) != 0
    )
    rows = rows[shared]
    ok = np.ones(len(rows), dtype=bool)
    total = np.zeros(len(rows))
    for x, y in combinations(range(k), 2):
        pair = f.pair_scores(rows[:, x], rows[:, y])
        ok &= pair > NEG
        total += pair
        if len(recent):
            ok &= ~np.isin(rows[:, x] * n + rows[:, y], recent)
    score = total / (k - 1) + f.unary(k)[rows].sum(axis=1)
    ok &= score > 0
    return rows[ok], score[ok]


def pool(
    f: Features,
    c: Candidates,
    size_min: int,
    size_max: int,
    budget: int = 220,
    extra: list[list[int]] | None = None,
) -> Pool:
    """The pool of good feasible groups (plus ``extra`` ones, e.g. a solution found before)."""
    recent = _recent_codes(f)
    parts: list[np.ndarray] = []
    scores: list[np.ndarray] = []
    for k in range(max(2, size_min), size_max + 1):
        rows, score = _sized(f, c, k, budget, recent)
        known = {tuple(r) for r in rows.tolist()}
        more = sorted({tuple(sorted(g)) for g in extra or [] if len(g) == k} - known)
        if more:
            add = np.array(more, dtype=np.int64)
            rows = np.concatenate([rows, add])
            score = np.concatenate([score, _scores(f, add)])
        parts.extend(rows)
        scores.append(score)
    if not parts:
        return Pool(np.empty(0, np.int64), np.zeros(1, np.int64), np.empty(0))
    sizes = np.array([len(p) for p in parts], dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(sizes)])
    return Pool(np.concatenate(parts), start, np.concatenate(scores))


def _scores(f: Features, rows: np.ndarray) -> np.ndarray:
    """The score of groups of one size (rows of member indexes), as ``score_of``."""
    k = rows.shape[1]
    total = np.zeros(len(rows))
    for x, y in combinations(range(k), 2):
        total += f.pair_scores(rows[:, x], rows[:, y])
    return total / (k - 1) + f.unary(k)[rows].sum(axis=1)


def _greedy(p: Pool, order: np.ndarray, n: int) -> list[int]:
    """Groups taken in ``order`` when disjoint from those already taken."""
    used = np.zeros(n, dtype=bool)
    taken = []
    flat, start = p.flat, p.start
    for t in order.tolist():
        g = flat[start[t] : start[t + 1]]
        if not used[g].any():
            used[g] = True
            taken.append(t)
    return taken


def _exchange(p: Pool, taken: list[int], n: int, passes: int = 4) -> list[int]:
    """A group replaces the groups it overlaps when its score is larger (best scores first)."""
    owner = np.full(n, -1, dtype=np.int64)
    for t in taken:
        owner[p.flat[p.start[t] : p.start[t + 1]]] = t
    live = set(taken)
    score = p.score
    order = np.argsort(-score, kind="stable").tolist()
    for _ in range(passes):
        improved = False
        for t in order:
            if t in live:
                continue
            g = p.flat[p.start[t] : p.start[t + 1]]
            hit = owner[g]
            lost = {int(h) for h in hit[hit >= 0].tolist()}
            if score[t] - sum(score[h] for h in lost) > 1e-9:
                for h in lost:
                    owner[p.flat[p.start[h] : p.start[h + 1]]] = -1
                    live.discard(h)
                owner[g] = t
                live.add(t)
                improved = True
        if not improved:
            break
    return sorted(live)


def pack(p: Pool, n: int, steps: int = 300, every: int = 10) -> tuple[list[int], float]:
    """(indexes of disjoint groups of the pool, their total score), by Lagrangian relaxation.

    The Lagrangian value bounds the packings *of the pool* only, not every grouping: it
    steers the steps and stops them early, and is never reported as a bound.
    """
    if not len(p):
        return [], 0.0
    sizes = np.diff(p.start)
    owners = np.repeat(np.arange(len(p)), sizes)
    price = np.zeros(n)
    best, best_value, lam = [], -1.0, 2.0
    upper = np.inf
    tie = np.arange(len(p))
    for step in range(steps):
        reduced = p.score - np.add.reduceat(price[p.flat], p.start[:-1])
        chosen = reduced > 0
        current = float(price.sum() + reduced[chosen].sum())
        upper = min(upper, current)
        if step % every == 0 or step == steps - 1:
            order = np.lexsort((tie, -reduced))
            order = order[p.score[order] > 0]
            taken = _greedy(p, order, n)
            value = float(p.score[taken].sum())
            if value > best_value:
                best, best_value = taken, value
        gradient = 1.0 - np.bincount(p.flat[chosen[owners]], minlength=n)
        norm = float((gradient * gradient).sum())
        if norm == 0 or upper - best_value < 1e-9:
            break
        price = np.maximum(0.0, price - lam * (current - best_value) / norm * gradient)
        if step % 50 == 49:
            lam *= 0.6
    best = _exchange(p, best, n)
    return best, float(p.score[best].sum())
