"""Groups of k (padel 4, golf 3–4, running 3–6): construction, repair, swaps, a bound.

Construction: every member joins one block, the (slot, place) key most members share with
them, so that everyone in a block can meet at the same time and place (the hard constraint
holds by construction). A block is sorted by level and cut into consecutive groups of the
target size, which keeps the level band tight; a remainder too small to form a group fills
groups up to the maximum size, else waits. Those left waiting get up to two more passes,
each among the waiting only, in the key most of *them* share. Blocks larger than ``chunk``
members are cut in level order first, so the dense score matrix of a block stays small.

Repair: a group with colleagues, a level spread beyond the band, or a pair met recently
swaps its offender with a member of a neighbouring group; failing that, the offender waits.

Local search: best-improvement swaps of two members between groups of the same block (the
classical interchange heuristic for the maximally diverse grouping problem, Gallego et al.,
*EJOR* 2013), with the score change read from the block's dense pair-score matrix, until no
swap improves or the pass limit is reached.

Packing: on rounds small enough (a pool of at most ``pool_limit`` groups), the good groups
around each member are pooled with those found so far, and packed by Lagrangian
relaxation (:mod:`tisser.community.packing`); the better of the two groupings is kept. On
small clubs this closes most of the gap to the LP bound of set partitioning (the blocks
alone waste members whose best partners sit in another block).

Upper bound: a member's share of a group's score is at most half the mean of their best
``k - 1`` pair scores plus their own terms (see :mod:`tisser.core.matching`); the sum over
members, maximised over the allowed sizes and floored at 0 (waiting scores 0), bounds every
grouping of the candidate graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tisser.community import packing
from tisser.community.features import NEG, Candidates, Features, _keys


@dataclass
class GroupResult:
    groups: list[list[int]]  # indexes into the round's members
    value: float
    bound: float
    method: str = "blocks+swaps"

    @property
    def quality(self) -> float:
        return self.value / self.bound if self.bound > 0 else 1.0


def target_size(size_min: int, size_max: int) -> int:
    """Four when the range allows it (a padel court, a golf flight), else the nearest."""
    return min(size_max, max(size_min, 4))


def bound(f: Features, c: Candidates, size_min: int, size_max: int) -> float:
    """An upper bound on the total score of any grouping of the candidate graph.

    All members of a group share one (slot, place) key, so a member's partners all come from
    the candidates sharing that key with them: the member's share is bounded key by key, and
    the best key counts.
    """
    n = len(f.members)
    best = np.zeros(n)
    slots = f.slots[c.a] & f.slots[c.b]
    places = f.places[c.a] & f.places[c.b]
    place_bits = int(f.places.max()).bit_length() if n else 0
    for s in range(int(slots.max()).bit_length() if len(slots) else 0):
        has_slot = ((slots >> s) & 1) == 1
        if not has_slot.any():
            continue
        for p in range(place_bits):
            mask = has_slot & (((places >> p) & 1) == 1)
            if mask.any():
                share = _shares(f, c.a[mask], c.b[mask], c.score[mask], size_min, size_max)
                best = np.maximum(best, share)
    return float(
        np.maximum(best, _shares(f, c.a[:0], c.b[:0], c.score[:0], size_min, size_max)).sum()
    )


def _shares(
    f: Features, a: np.ndarray, b: np.ndarray, score: np.ndarray, size_min: int, size_max: int
) -> np.ndarray:
    """Each member's largest possible share of a group's score with partners among the edges."""
    n = len(f.members)
    ends = np.concatenate([a, b])
    scores = np.concatenate([score, score])
    order = np.lexsort((-scores, ends))
    ends, scores = ends[order], scores[order]
    start = np.searchsorted(ends, np.arange(n), "left")
    stop = np.searchsorted(ends, np.arange(n), "right")
    best = np.zeros(n)
    cums = np.concatenate([[0.0], np.cumsum(scores)])
    for k in range(size_min, size_max + 1):
        have = np.minimum(stop - start, k - 1)
        top = cums[start + have] - cums[start]
        share = np.where(have > 0, top / (2 * (k - 1)), 0.0) + f.unary(k)
        best = np.maximum(best, share)
    return best


def score_of(group: list[int], f: Features) -> float:
    """The group's score as :func:`tisser.core.matching.group_score` computes it."""
    idx = np.array(group)
    i, j = np.triu_indices(len(idx), 1)
    pair = f.pair_scores(idx[i], idx[j])
    return float(pair.sum() / (len(idx) - 1) + f.unary(len(idx))[idx].sum())


def solve(
    f: Features,
    c: Candidates,
    size_min: int,
    size_max: int,
    chunk: int = 400,
    passes: int = 6,
    rounds: int = 3,
    pool_limit: int = 60_000,
) -> GroupResult:
    """Groups of ``size_min``..``size_max`` members, their total score and the bound."""
    k = target_size(size_min, size_max)
    groups: list[list[int]] = []
    waiting = np.arange(len(f.members))
    for _ in range(rounds):  # who is left waiting tries their other keys
        before = len(groups)
        for block in _blocks(f, waiting):
            lv = np.nan_to_num(f.level[block], nan=0.0)
            block = block[np.argsort(lv, kind="stable")]
            for start in range(0, len(block), chunk):
                part = block[start : start + chunk]
                groups.extend(_solve_block(f, part, k, size_min, size_max, passes))
        placed = {x for g in groups for x in g}
        waiting = np.array([i for i in waiting.tolist() if i not in placed], dtype=np.int64)
        if len(groups) == before or len(waiting) < size_min:
            break
    groups.extend(_grow(f, c, waiting.tolist(), k, size_min))
    value = sum(score_of(g, f) for g in groups)
    method = "blocks+swaps"
    if pool_limit > 0:
        packed = _packed(f, c, size_min, size_max, groups, pool_limit)
        if packed is not None and packed[1] > value + 1e-9:
            groups, value, method = packed[0], packed[1], "pool+lagrangian"
    return GroupResult(groups, value, max(value, bound(f, c, size_min, size_max)), method)


def _packed(
    f: Features, c: Candidates, size_min: int, size_max: int, found: list[list[int]], limit: int
) -> tuple[list[list[int]], float] | None:
    """The pool of good groups (with ``found``) packed by :func:`packing.pack`; None if too big."""
    if len(f.members) * 40 > limit:  # a pool holds about 40 groups per member: skip early
        return None
    p = packing.pool(f, c, size_min, size_max, extra=found)
    if len(p) > limit:
        return None
    taken, value = packing.pack(p, len(f.members))
    return [p.group(t) for t in taken], value


def _grow(f: Features, c: Candidates, waiting: list[int], k: int, size_min: int) -> list[list[int]]:
    """Last chance for who still waits: grow a group around each, from their candidates.

    A member joins when they share a slot and a place with everyone already in, keep the
    level band, and are neither a colleague nor a recent partner of anyone in (the pair
    scores say so), best candidates first.
    """
    free = set(waiting)
    if len(free) < size_min:
        return []
    ends = np.concatenate([c.a, c.b])
    others = np.concatenate([c.b, c.a])
    scores = np.concatenate([c.score, c.score])
    order = np.lexsort((-scores, ends))
    ends, others = ends[order], others[order]
    start = np.searchsorted(ends, np.arange(len(f.members)), "left")
    stop = np.searchsorted(ends, np.arange(len(f.members)), "right")
    recent = f.ctx.recent_pairs
    ids = [m.id for m in f.members]
    band = f.ctx.band()
    out: list[list[int]] = []
    for seed in waiting:
        if seed not in free:
            continue
        group = [seed]
        slots, places = int(f.slots[seed]), int(f.places[seed])
        for j in others[start[seed] : stop[seed]].tolist():
            if j not in free or j in group:
                continue
            if not slots & int(f.slots[j]) or not places & int(f.places[j]):
                continue
            idx = np.array(group)
            if (f.pair_scores(idx, np.full(len(idx), j)) <= NEG).any():
                continue
            if any((min(ids[x], ids[j]), max(ids[x], ids[j])) in recent for x in group):
                continue
            levels = f.level[[*group, j]]
            levels = levels[~np.isnan(levels)]
            if band > 0 and len(levels) and levels.max() - levels.min() > band + 1e-9:
                continue
            group.append(j)
            slots &= int(f.slots[j])
            places &= int(f.places[j])
            if len(group) == k:
                break
        if len(group) >= size_min:
            out.append(group)
            free.difference_update(group)
    return out


def _blocks(f: Features, among: np.ndarray) -> list[np.ndarray]:
    """Each member of ``among`` in the most popular of their (slot, place) keys."""
    keys = _keys(f)
    keys = keys[np.isin(keys[:, 0], among)]
    if not len(keys):
        return []
    codes, counts = np.unique(keys[:, 1], return_counts=True)
    popularity = dict(zip(codes.tolist(), counts.tolist(), strict=True))
    pop = np.array([popularity[x] for x in keys[:, 1].tolist()])
    order = np.lexsort((-pop, keys[:, 0]))
    members, first = np.unique(keys[order, 0], return_index=True)
    chosen = keys[order[first], 1]
    out = []
    for code in np.unique(chosen):
        out.append(members[chosen == code])
    return out


def _solve_block(
    f: Features, part: np.ndarray, k: int, size_min: int, size_max: int, passes: int
) -> list[list[int]]:
    m = len(part)
    if m < size_min:
        return []
    i, j = np.meshgrid(np.arange(m), np.arange(m), indexing="ij")
    w = f.pair_scores(part[i.ravel()], part[j.ravel()]).reshape(m, m)
    _forbid_history(f, part, w)
    unary = {s: f.unary(s)[part] for s in range(size_min, size_max + 1)}
    level = f.level[part]
    band = f.ctx.band()
    # consecutive cut in level order
    count = m // k
    rest = m - count * k
    sizes = [k] * count
    if rest >= size_min:
        sizes.append(rest)
        rest = 0
    t = 0
    while rest and t < len(sizes):
        grow = min(rest, size_max - sizes[t])
        sizes[t] += grow
        rest -= grow
        t += 1
    groups: list[list[int]] = []
    pos = 0
    for s in sizes:
        groups.append(list(range(pos, pos + s)))
        pos += s

    wl: list[list[float]] = w.tolist()
    lv_list = [None if np.isnan(x) else float(x) for x in level.tolist()]
    un = {s: u.tolist() for s, u in unary.items()}
    limit = band + 1e-9

    def ok(g: list[int]) -> bool:
        for x in range(len(g)):
            row = wl[g[x]]
            for y in range(x + 1, len(g)):
                if row[g[y]] <= NEG:
                    return False
        if band > 0:
            lv = [lv_list[x] for x in g if lv_list[x] is not None]
            if lv and max(lv) - min(lv) > limit:  # type: ignore[type-var, operator]
                return False
        return True

    def value(g: list[int]) -> float:
        total = 0.0
        for x in range(len(g)):
            row = wl[g[x]]
            for y in range(x + 1, len(g)):
                total += row[g[y]]
        u = un[len(g)]
        return float(total / (len(g) - 1) + sum(u[x] for x in g))

    _local_search(groups, ok, value, passes)
    out = []
    for g in groups:
        while len(g) >= size_min and not ok(g):
            g.remove(_offender(g, w))
        if len(g) >= size_min and ok(g):
            out.append([int(part[x]) for x in g])
    return out


def _forbid_history(f: Features, part: np.ndarray, w: np.ndarray) -> None:
    recent = f.ctx.recent_pairs
    np.fill_diagonal(w, NEG)
    if not recent:
        return
    pos = {f.members[int(x)].id: t for t, x in enumerate(part.tolist())}
    for a, b in recent:
        if a in pos and b in pos:
            w[pos[a], pos[b]] = w[pos[b], pos[a]] = NEG


def _offender(g: list[int], w: np.ndarray) -> int:
    sub = w[np.ix_(g, g)]
    bad = (sub <= NEG).sum(axis=1) - 1
    return g[int(np.argmax(bad))] if bad.max() > 0 else g[-1]


def _local_search(groups: list[list[int]], ok, value, passes: int, reach: int = 6) -> None:  # type: ignore[no-untyped-def]
    """Best-improvement swaps between groups close in level order."""
    vals = [value(g) if ok(g) else -1e9 for g in groups]
    for _ in range(passes):
        improved = False
        for gi in range(len(groups)):
            for hj in range(gi + 1, min(len(groups), gi + 1 + reach)):
                g, h = groups[gi], groups[hj]
                best = (1e-9, -1, -1, 0.0, 0.0)
                for x in range(len(g)):
                    for y in range(len(h)):
                        g2 = [*g[:x], h[y], *g[x + 1 :]]
                        h2 = [*h[:y], g[x], *h[y + 1 :]]
                        vg = value(g2) if ok(g2) else -1e9
                        vh = value(h2) if ok(h2) else -1e9
                        gain = vg + vh - vals[gi] - vals[hj]
                        if gain > best[0]:
                            best = (gain, x, y, vg, vh)
                if best[1] >= 0:
                    _, x, y, vg, vh = best
                    g[x], h[y] = h[y], g[x]
                    vals[gi], vals[hj] = vg, vh
                    improved = True
        if not improved:
            break
