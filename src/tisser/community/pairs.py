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
    weight = _weights(a, b, w)
    bound = sum(weight.get((min(i, int(j)), max(i, int(j))), 0.0) for i, j in enumerate(perm)) / 2
    mate = _round(perm, weight)
    _greedy(mate, a, b, w)
    _augment(mate, a, b, w, weight)
    _greedy(mate, a, b, w)
    pairs = sorted({(min(i, j), max(i, j)) for i, j in enumerate(mate) if j >= 0})
    value = sum(weight[p] for p in pairs)
    return PairResult(pairs, value, max(bound, value), "relaxation")


def solve(n: int, c: Candidates, exact_limit: int = 3000) -> PairResult:
    """Exact when small enough, else the relaxation with its bound."""
    return exact(n, c) if n <= exact_limit else relaxed(n, c)


def _weights(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> dict[tuple[int, int], float]:
    return {(x, y): z for x, y, z in zip(a.tolist(), b.tolist(), w.tolist(), strict=True)}


def _round(perm: np.ndarray, weight: dict[tuple[int, int], float]) -> list[int]:
    """Pairs from the permutation's cycles: better alternating half of each cycle."""
    n = len(perm)
    mate = [-1] * n
    seen = np.zeros(n, dtype=bool)
    for start in range(n):
        if seen[start]:
            continue
        cycle = [start]
        seen[start] = True
        j = int(perm[start])
        while j != start:
            cycle.append(j)
            seen[j] = True
            j = int(perm[j])
        m = len(cycle)
        if m < 2:
            continue
        edges = [(cycle[t], cycle[(t + 1) % m]) for t in range(m)]
        ew = [weight.get((min(x, y), max(x, y)), 0.0) for x, y in edges]
        if m == 2:
            choice = [edges[0]]
        else:
            # best set of non-adjacent edges of the cycle with alternating picks from each
            # possible start (odd cycles: one vertex stays free)
            best: list[tuple[int, int]] = []
            best_w = -1.0
            for s in range(min(m, 2) if m % 2 == 0 else m):
                pick = [edges[(s + 2 * t) % m] for t in range(m // 2)]
                total = sum(ew[(s + 2 * t) % m] for t in range(m // 2))
                if total > best_w:
                    best, best_w = pick, total
            choice = best
        for x, y in choice:
            if weight.get((min(x, y), max(x, y)), 0.0) > 0:
                mate[x], mate[y] = y, x
    return mate


def _greedy(mate: list[int], a: np.ndarray, b: np.ndarray, w: np.ndarray) -> None:
    for t in np.argsort(-w, kind="stable").tolist():
        x, y = int(a[t]), int(b[t])
        if mate[x] < 0 and mate[y] < 0:
            mate[x], mate[y] = y, x


def _augment(
    mate: list[int],
    a: np.ndarray,
    b: np.ndarray,
    w: np.ndarray,
    weight: dict[tuple[int, int], float],
) -> None:
    """Apply improving augmentations x–u, v–y replacing u–v (x, y free) until none is left.

    Driven from the free members, who are few once the relaxation is rounded.
    """
    n = len(mate)
    adj: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    for x, y, z in zip(a.tolist(), b.tolist(), w.tolist(), strict=True):
        adj[x].append((y, z))
        adj[y].append((x, z))
    improved = True
    rounds = 0
    while improved and rounds < 20:
        improved = False
        rounds += 1
        for x in range(n):
            if mate[x] >= 0:
                continue
            best: tuple[float, int, int, int] | None = None
            for u, wxu in adj[x]:
                v = mate[u]
                if v < 0:  # both free: match at once
                    best = (wxu + 1e18, u, -1, -1)
                    break
                current = weight[(min(u, v), max(u, v))]
                for y, wvy in adj[v]:
                    if mate[y] < 0 and y != x:
                        gain = wxu + wvy - current
                        if gain > 1e-9 and (best is None or gain > best[0]):
                            best = (gain, u, v, y)
            if best is None:
                continue
            _, u, v, y = best
            mate[x], mate[u] = u, x
            if v >= 0:
                mate[v], mate[y] = y, v
            improved = True
