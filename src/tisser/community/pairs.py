"""Pairs: maximum-weight matching on the sparse candidate graph, exact or near-optimal.

Exact: Edmonds' blossom algorithm (rustworkx's ``max_weight_matching``, integer weights in
thousandths). It is O(n³) in the worst case: the issue measured 12–15 s at 10,000 members
(k = 20) and over 120 s at 50,000, so it is used below ``exact_limit`` nodes only.

Near-optimal, with an upper bound (:func:`relaxed`):

1. *Bipartite relaxation.* Each member appears twice, as a left and a right copy; edge {i, j}
   becomes (iL, jR) and (jL, iR), and each member may also "stay alone" (iL, iR) at weight 0.
   A maximum-weight perfect matching of this bipartite graph (scipy's sparse LAPJVsp,
   ``min_weight_full_bipartite_matching``) is the fractional matching LP without the odd-set
   (blossom) constraints, with value ``2 × LP``: half of it is an **upper bound** on any
   matching (Schrijver, *Combinatorial Optimization*, §30 — the bipartite double cover).
2. *Rounding.* The assignment is a permutation: its 2-cycles are pairs; in each longer cycle
   the better alternating half of its edges (an odd cycle drops its weakest edge).
3. *Local search.* Unmatched members take their best free candidate (greedy), then
   augmenting paths of length 3 (a–b matched, a free member x and c: x–a + b–c beats a–b) are
   applied until none improves.

Quality is reported against the bound; tests compare with brute force on small graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tisser.community.features import Candidates

SCALE = 1000  # integer weights for the exact solver


@dataclass
class PairResult:
    pairs: list[tuple[int, int]]  # indexes into the round's members
    value: float
    bound: float | None  # an upper bound on the optimum (None when exact)
    method: str

    @property
    def quality(self) -> float:
        return 1.0 if not self.bound else self.value / self.bound


def value_of(pairs: list[tuple[int, int]], c: Candidates) -> float:
    w = {(int(a), int(b)): float(x) for a, b, x in zip(c.a, c.b, c.weight, strict=True)}
    return sum(w[(min(a, b), max(a, b))] for a, b in pairs)


def exact(n: int, c: Candidates) -> PairResult:
    """The optimum, by Edmonds' blossom algorithm (rustworkx)."""
    import rustworkx as rx

    g = rx.PyGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(
        [
            (int(a), int(b), round(float(w) * SCALE))
            for a, b, w in zip(c.a, c.b, c.weight, strict=True)
            if w > 0
        ]
    )
    found = rx.max_weight_matching(g, weight_fn=lambda w: w)
    pairs = sorted((min(a, b), max(a, b)) for a, b in found)
    return PairResult(pairs, value_of(pairs, c), None, "exact")


def relaxed(n: int, c: Candidates) -> PairResult:
    """Bipartite relaxation, rounding and local search; value with its upper bound."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    positive = c.weight > 0
    a, b, w = c.a[positive], c.b[positive], c.weight[positive]
    top = float(w.max()) + 1.0 if len(w) else 1.0
    rows = np.concatenate([a, b, np.arange(n)])
    cols = np.concatenate([b, a, np.arange(n)])
    cost = np.concatenate([top - w, top - w, np.full(n, top)])
    graph = csr_matrix((cost, (rows, cols)), shape=(n, n))
    left, right = min_weight_full_bipartite_matching(graph)
    perm = np.empty(n, dtype=np.int64)
    perm[left] = right
    # half the relaxation's value: each member's gain over staying alone
    bound = float((top - np.asarray(graph[left, right]).ravel()).sum()) / 2
    adj = Adjacency(n, a, b, w)
    mate = _round(perm, adj)
    _greedy(mate, a, b, w)
    _augment(mate, adj)
    _greedy(mate, a, b, w)
    pairs = sorted((i, int(j)) for i, j in enumerate(mate.tolist()) if j > i)
    value = sum(adj.weight(i, j) for i, j in pairs)
    return PairResult(pairs, value, max(bound, value), "relaxation")


def solve(n: int, c: Candidates, exact_limit: int = 3000) -> PairResult:
    """Exact when small enough, else the relaxation with its bound."""
    return exact(n, c) if n <= exact_limit else relaxed(n, c)


class Adjacency:
    """The candidate graph as CSR arrays: each member's neighbours and edge weights."""

    def __init__(self, n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> None:
        ends = np.concatenate([a, b])
        other = np.concatenate([b, a])
        ws = np.concatenate([w, w])
        order = np.argsort(ends, kind="stable")
        self.indptr = np.searchsorted(ends[order], np.arange(n + 1)).tolist()
        self.nbr = other[order].tolist()
        self.w = ws[order].tolist()

    def neighbours(self, i: int) -> tuple[list[int], list[float]]:
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.nbr[lo:hi], self.w[lo:hi]

    def weight(self, i: int, j: int) -> float:
        nbr, w = self.neighbours(i)
        for x, z in zip(nbr, w, strict=True):
            if x == j:
                return z
        return 0.0


def _path_matching(ew: list[float]) -> list[int]:
    """Indexes of a maximum-weight set of non-adjacent edges on a path (dynamic programme)."""
    m = len(ew)
    best = [0.0] * (m + 2)
    for t in range(m - 1, -1, -1):
        best[t] = max(best[t + 1], ew[t] + best[t + 2])
    chosen, t = [], 0
    while t < m:
        if ew[t] + best[t + 2] >= best[t + 1] and ew[t] > 0:
            chosen.append(t)
            t += 2
        else:
            t += 1
    return chosen


def _round(perm: np.ndarray, adj: Adjacency) -> np.ndarray:
    """Pairs from the permutation's cycles: the best matching inside each cycle."""
    n = len(perm)
    mate = np.full(n, -1, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    for start in range(n):
        if seen[start] or perm[start] == start:
            seen[start] = True
            continue
        cycle = [start]
        seen[start] = True
        j = int(perm[start])
        while j != start:
            cycle.append(j)
            seen[j] = True
            j = int(perm[j])
        m = len(cycle)
        edges = [(cycle[t], cycle[(t + 1) % m]) for t in range(m if m > 2 else 1)]
        ew = [adj.weight(x, y) for x, y in edges]
        if m == 2:
            picks = [0] if ew[0] > 0 else []
        else:
            # a cycle: either edge 0 is out (a path over 1..m-1), or in (with 2..m-2)
            without = [t + 1 for t in _path_matching(ew[1:])]
            with_first = [0] + [t + 2 for t in _path_matching(ew[2 : m - 1])]
            gain_with = sum(ew[t] for t in with_first)
            picks = with_first if gain_with > sum(ew[t] for t in without) else without
        for t in picks:
            x, y = edges[t]
            mate[x], mate[y] = y, x
    return mate


def _greedy(mate: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray) -> None:
    """Match free members along the heaviest free edges."""
    free = mate < 0
    both = np.flatnonzero(free[a] & free[b])
    for t in both[np.argsort(-w[both], kind="stable")].tolist():
        x, y = int(a[t]), int(b[t])
        if mate[x] < 0 and mate[y] < 0:
            mate[x], mate[y] = y, x


def _augment(mate: np.ndarray, adj: Adjacency) -> None:
    """Apply improving augmentations x–u, v–y replacing u–v (x, y free) until none is left.

    Driven from the free members, who are few once the relaxation is rounded.
    """
    m = mate.tolist()
    for _ in range(20):
        improved = False
        for x in [i for i, j in enumerate(m) if j < 0]:
            if m[x] >= 0:
                continue
            best: tuple[float, int, int, int] | None = None
            nx_, wx = adj.neighbours(x)
            for u, wxu in zip(nx_, wx, strict=True):
                v = m[u]
                if v < 0:  # both free: match at once
                    best = (float("inf"), u, -1, -1)
                    break
                current = adj.weight(u, v)
                nv, wv = adj.neighbours(v)
                for y, wvy in zip(nv, wv, strict=True):
                    if m[y] < 0 and y != x:
                        gain = wxu + wvy - current
                        if gain > 1e-9 and (best is None or gain > best[0]):
                            best = (gain, u, v, y)
            if best is None:
                continue
            _, u, v, y = best
            m[x], m[u] = u, x
            if v >= 0:
                m[v], m[y] = y, v
            improved = True
        if not improved:
            break
    mate[:] = m
