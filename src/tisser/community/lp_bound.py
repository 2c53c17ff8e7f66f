"""The real upper bound of a grouping: the LP relaxation of set partitioning, by HiGHS.

The groups solver (:mod:`tisser.community.groups`) reports its quality against a bound of
its own (each member's best possible share), which is loose. On instances small enough, the
true reference is the set-partitioning formulation: one column per feasible group ``g`` of
an allowed size, with its score ``s_g`` (:func:`tisser.community.groups.score_of`, the core's
``group_score``), and one row per member::

    max Σ s_g x_g   s.t.   Σ_{g ∋ i} x_g ≤ 1  for every member i,   0 ≤ x_g ≤ 1

(≤ rather than =: a member may wait, which scores 0). Every grouping is a 0-1 solution, so
the LP optimum bounds them all; it is the bound the literature on grouping problems uses
(the maximally diverse grouping problem, Gallego et al., *EJOR* 2013). The columns are the
cliques of the feasible-pair graph whose members also share a slot and a place, enumerated
with neighbour bitsets; :func:`lp_bound` gives up (None) past ``max_columns``.
"""

from __future__ import annotations

import numpy as np

from tisser.community.features import NEG, Features


def _scores(f: Features, groups: list[list[int]]) -> np.ndarray:
    """Each group's score as :func:`tisser.community.groups.score_of`, by size at once."""
    out = np.empty(len(groups))
    n = len(f.members)
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    w = f.pair_scores(i.ravel(), j.ravel()).reshape(n, n)
    for k in sorted({len(g) for g in groups}):
        rows = np.array([t for t, g in enumerate(groups) if len(g) == k])
        g = np.array([groups[t] for t in rows.tolist()])
        a, b = np.triu_indices(k, 1)
        pair = w[g[:, a], g[:, b]].sum(axis=1)
        out[rows] = pair / (k - 1) + f.unary(k)[g].sum(axis=1)
    return out


def feasible_groups(
    f: Features, size_min: int, size_max: int, max_columns: int
) -> list[list[int]] | None:
    """Every group of ``size_min``..``size_max`` members breaking no hard rule (None: too many)."""
    n = len(f.members)
    i, j = np.triu_indices(n, 1)
    ok = f.pair_scores(i, j) > NEG
    recent = f.ctx.recent_pairs
    ids = [m.id for m in f.members]
    nbr = [0] * n  # bit y of nbr[x]: x and y may meet, y > x
    for x, y in zip(i[ok].tolist(), j[ok].tolist(), strict=True):
        if (min(ids[x], ids[y]), max(ids[x], ids[y])) not in recent:
            nbr[x] |= 1 << y
    slots, places = f.slots.tolist(), f.places.tolist()
    out: list[list[int]] = []

    def grow(group: list[int], common: int, slot: int, place: int) -> bool:
        if size_min <= len(group):
            out.append(list(group))
            if len(out) > max_columns:
                return False
        if len(group) == size_max:
            return True
        rest = common
        while rest:
            low = rest & -rest
            y = low.bit_length() - 1
            rest ^= low
            s, p = slot & slots[y], place & places[y]
            if s and p:
                group.append(y)
                if not grow(group, common & nbr[y], s, p):
                    return False
                group.pop()
        return True

    for x in range(n):
        if not grow([x], nbr[x], slots[x], places[x]):
            return None
    return [g for g in out if len(g) >= size_min]


def lp_bound(
    f: Features, size_min: int, size_max: int, max_columns: int = 2_000_000
) -> tuple[float, int] | None:
    """(LP optimum, number of columns), or None when the instance is too large to enumerate."""
    import highspy

    from tisser.optimize import _new_highs

    groups = feasible_groups(f, size_min, size_max, max_columns)
    if groups is None:
        return None
    scores = _scores(f, groups)
    keep = scores > 0  # a column of score ≤ 0 never helps a maximisation
    groups = [g for g, k in zip(groups, keep.tolist(), strict=True) if k]
    scores = scores[keep]
    if not groups:
        return 0.0, 0
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    n = len(f.members)
    inf = highspy.kHighsInf
    h.addRows(n, np.full(n, -inf), np.ones(n), 0, np.empty(0, np.int32), np.empty(0, np.int32),
              np.empty(0))  # fmt: skip
    starts = np.cumsum([0] + [len(g) for g in groups[:-1]]).astype(np.int32)
    index = np.concatenate([np.array(g, dtype=np.int32) for g in groups])
    m = len(groups)
    h.addCols(m, scores, np.zeros(m), np.ones(m), len(index), starts, index,
              np.ones(len(index)))  # fmt: skip
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    return float(h.getInfo().objective_function_value), m
