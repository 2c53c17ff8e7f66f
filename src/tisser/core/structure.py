"""Structure of the ego network: redundancy, brokerage, bridges, contacts of contacts.

The user (the *ego*) knows each of her contacts (the *alters*); links say which alters know
each other. Burt (1992, *Structural Holes*) showed that value comes from ties to people who do
not know each other: they bring information the others do not have. On the ego graph (the
ego, her alters, the ego-alter ties weighted by tie strength or 1, the alter-alter links
weighted by their strength or 1), with ``w`` the weights, ``p_ij = w_ij / Σ_k w_ik`` the
share of i's ties that go to j and ``m_ij = w_ij / max_k w_ik``:

* **density** of the alters: ``2 L / (n (n - 1))`` for ``L`` links among ``n`` alters;
* **effective size** (Burt 1992; Borgatti 1997 for the weighted form):
  ``Σ_j (1 - Σ_q p_eq m_jq)`` — the number of alters minus their redundancy; unweighted it is
  ``n - 2 L / n``;
* **efficiency**: effective size / n;
* **constraint**: ``Σ_j (p_ej + Σ_q p_eq p_qj)²`` — how much the network closes in on the ego
  (1 for a single contact, lower with more, non-redundant contacts).

These are exactly networkx's ``effective_size`` and ``constraint`` on the same ego graph (the
tests compare them to 1e-9), computed here in one pass over the adjacency (O(links)) instead
of networkx's per-neighbour set operations.

**Bridges** are the contacts who are the only path, in the who-knows-whom graph, to a group of
others: the articulation points (Hopcroft & Tarjan 1973) whose removal cuts off at least
``min_cut`` people. **Communities** come from the Louvain method (Blondel et al. 2008),
made deterministic.
**Contacts of contacts**: the people reachable in two hops through an activated tie.
"""

from __future__ import annotations

import collections
import math
import operator
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np

Adjacency = dict[int, dict[int, float]]

# The C loop behind Counter(iterable), without Counter's per-call checks (Louvain calls it
# once per visit of a node).
_count_elements: Callable[[dict[int, float], Iterable[int]], None] = collections._count_elements  # type: ignore[attr-defined]


def adjacency(
    nodes: Iterable[int],
    edges: Iterable[tuple[int, int, float | None]],
    default_weight: float = 1.0,
) -> Adjacency:
    """Undirected weighted adjacency among ``nodes``; edges touching other nodes are dropped."""
    adj: Adjacency = {n: {} for n in nodes}
    for a, b, w in edges:
        if a == b or a not in adj or b not in adj:
            continue
        weight = default_weight if w is None else w
        adj[a][b] = weight
        adj[b][a] = weight
    return adj


@dataclass(frozen=True, slots=True)
class EgoStructure:
    alters: int
    links: int
    density: float | None
    effective_size: float | None
    efficiency: float | None
    constraint: float | None


def density(adj: Mapping[int, Mapping[int, float]]) -> float | None:
    """Share of possible links among the alters that exist."""
    n = len(adj)
    if n < 2:
        return None
    links = sum(len(v) for v in adj.values()) / 2
    return 2 * links / (n * (n - 1))


def ego_structure(
    adj: Mapping[int, Mapping[int, float]],
    ego_weights: Mapping[int, float] | None = None,
) -> EgoStructure:
    """Density, effective size, efficiency and constraint of the ego over ``adj``.

    ``adj`` holds the alters and their links; ``ego_weights`` the weight of the ego's tie to
    each alter (1 each when None; a zero weight is treated as no tie by networkx, so callers
    should pass positive weights).
    """
    n = len(adj)
    if n == 0:
        return EgoStructure(0, 0, None, None, None, None)
    # One row of the arrays per (alter j, neighbour q) pair, in the adjacency's order: the
    # sums below run in the same order as a loop over ``adj`` would, in C.
    index = {a: i for i, a in enumerate(adj)}
    degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n)
    size = int(degree.sum())
    links = size // 2
    rows = np.repeat(np.arange(n), degree)
    # (map and chain: the same order as the nested loops, without a Python frame per pair)
    cols = np.fromiter(map(index.__getitem__, chain.from_iterable(adj.values())), np.int64, size)
    w = np.fromiter(chain.from_iterable(v.values() for v in adj.values()), np.float64, size)
    if ego_weights is None:
        we = np.ones(n)
    else:
        we = np.fromiter((ego_weights[a] for a in adj), np.float64, n)
    p_e = we / math.fsum(we.tolist())
    total = we + np.bincount(rows, weights=w, minlength=n)
    biggest = we.copy()
    np.maximum.at(biggest, rows, w)
    redundancy = np.bincount(rows, weights=p_e[cols] * w / biggest[rows], minlength=n)
    indirect = np.bincount(rows, weights=p_e[cols] * w / total[cols], minlength=n)
    unweighted = ego_weights is None and bool(np.all(w == 1.0))
    # Unweighted, the sum is n - 2L/n (Borgatti 1997): the closed form avoids the rounding
    # of 30,000 terms and is what networkx computes in that case.
    eff = n - 2 * links / n if unweighted else math.fsum((1.0 - redundancy).tolist())
    con = math.fsum(((p_e + indirect) ** 2).tolist())
    return EgoStructure(n, links, density(adj), eff, eff / n, con)


@dataclass(frozen=True, slots=True)
class Bridge:
    """A contact who is the only path to ``cut_off`` (the contacts lost without them)."""

    contact_id: int
    cut_off: tuple[int, ...]


def bridges(adj: Mapping[int, Mapping[int, float]], min_cut: int = 2) -> list[Bridge]:
    """Articulation points whose removal cuts off at least ``min_cut`` contacts.

    For each one, ``cut_off`` is everyone separated from the largest remaining piece of its
    connected component. Iterative DFS (no recursion limit on big networks) on integer
    lists: node ``i`` is the ``i``-th smallest id, neighbours in id order.
    """
    order = sorted(adj)
    index = {node: i for i, node in enumerate(order)}
    nbrs = [sorted(map(index.__getitem__, adj[node])) for node in order]
    n = len(order)
    disc = [-1] * n
    low = [0] * n
    size = [0] * n
    parent = [-1] * n  # -1: a DFS root
    children: list[list[int]] = [[] for _ in range(n)]
    pieces: dict[int, list[int]] = defaultdict(list)  # articulation point -> child roots
    component_of = [0] * n
    component_size: Counter[int] = Counter()
    component_nodes: dict[int, list[int]] = defaultdict(list)
    counter = 0
    for root in range(n):
        if disc[root] >= 0:
            continue
        disc[root] = low[root] = counter
        counter += 1
        stack = [(root, iter(nbrs[root]))]
        while stack:
            node, it = stack[-1]
            advanced = False
            for nxt in it:
                if disc[nxt] < 0:
                    disc[nxt] = low[nxt] = counter
                    counter += 1
                    parent[nxt] = node
                    children[node].append(nxt)
                    stack.append((nxt, iter(nbrs[nxt])))
                    advanced = True
                    break
                if nxt != parent[node] and disc[nxt] < low[node]:
                    low[node] = disc[nxt]
            if advanced:
                continue
            stack.pop()
            size[node] = 1 + sum(size[c] for c in children[node])
            component_of[node] = root
            component_size[root] += 1
            component_nodes[root].append(node)
            up = parent[node]
            if up >= 0:
                if low[node] < low[up]:
                    low[up] = low[node]
                if low[node] >= disc[up]:
                    pieces[up].append(node)
    out: list[Bridge] = []
    for u in sorted(pieces):
        cut = pieces[u]
        if parent[u] < 0 and len(cut) < 2:
            continue  # a DFS root with one child is no articulation point
        sizes = [(size[c], c) for c in cut]
        rest = component_size[component_of[u]] - 1 - sum(s for s, _ in sizes)
        if parent[u] >= 0 and rest > 0:
            sizes.append((rest, -1))  # -1: the piece holding u's parent
        sizes.sort(key=lambda t: (-t[0], t[1]))
        separated = [c for _, c in sizes[1:]]  # all but the largest piece
        members = {m for c in separated for m in _subtree(c, children)}
        if -1 in separated:  # the parent's side is cut off: the component minus the rest
            kept = {u}.union(*(_subtree(c, children) for c in cut))
            members.update(m for m in component_nodes[component_of[u]] if m not in kept)
        if len(members) >= min_cut:
            out.append(Bridge(order[u], tuple(order[m] for m in sorted(members))))
    return out


def _subtree(root: int, children: list[list[int]]) -> list[int]:
    if root == -1:
        return []
    out, stack = [], [root]
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(children[n])
    return out


def communities(
    adj: Mapping[int, Mapping[int, float]],
    min_size: int = 3,
    resolution: float = 1.0,
    max_passes: int = 4,
) -> list[list[int]]:
    """Groups of contacts who know each other (Louvain), biggest first.

    Blondel, Guillaume, Lambiotte & Lefebvre (2008): each node moves to the neighbouring
    community with the best modularity gain ``w_ic - γ Σ_c k_i / 2m``, then communities
    become nodes and it starts again. Deterministic: nodes in id order, a move only for a
    strictly better gain; after the first sweep only the neighbours of moved nodes are
    visited again, at most ``max_passes`` visits per node on average per level. Groups
    smaller than ``min_size`` are left out (isolated people, pairs).

    Each level runs on compact integer lists (node ``i`` is the ``i``-th smallest label):
    list indexing instead of dict look-ups roughly halves the time on 30,000 contacts, and
    the order of visits and of ties is the same as on the labels themselves.
    """
    m2 = sum(sum(v.values()) for v in adj.values())
    order = sorted(adj)
    index = {n: i for i, n in enumerate(order)}
    nbrs: list[list[int]] = [list(map(index.__getitem__, adj[n])) for n in order]
    weights: list[list[float]] | None = [list(adj[n].values()) for n in order]
    if all(map(operator.eq, chain.from_iterable(weights or ()), repeat(1.0))):
        weights = None  # counted in C below: most of the time goes there
    loops = [0.0] * len(order)
    members: list[list[int]] = [[n] for n in order]
    while m2 > 0:
        comm = _local_moving(nbrs, weights, loops, m2, resolution, max_passes)
        if comm is None:
            break
        nbrs, weights, loops, members = _aggregate(comm, nbrs, weights, loops, members)
    kept = [sorted(g) for g in members if len(g) >= min_size]
    kept.sort(key=lambda g: (-len(g), g[0]))
    return kept


def _local_moving(
    nbrs: list[list[int]],
    weights: list[list[float]] | None,
    loops: list[float],
    m2: float,
    resolution: float,
    max_passes: int,
) -> list[int] | None:
    """One level's moves: each node's community, or None when no node moved."""
    n = len(nbrs)
    if weights is None:
        k = [float(len(row)) + 2 * loops[i] for i, row in enumerate(nbrs)]
    else:
        k = [sum(row) + 2 * loops[i] for i, row in enumerate(weights)]
    comm = list(range(n))
    tot = list(k)
    moved = False
    # Fast local moving (Traag 2015; Ozaki et al. 2016): after the first sweep, only
    # the neighbours of a node that moved are visited again.
    queue = deque(range(n))
    queued = bytearray(b"\x01") * n
    budget = max_passes * n
    community_of = comm.__getitem__
    while queue and budget:
        budget -= 1
        i = queue.popleft()
        queued[i] = 0
        ki = k[i]
        own = comm[i]
        row = nbrs[i]
        linked: dict[int, float] = {}
        if weights is None:
            _count_elements(linked, map(community_of, row))
        else:
            for m, w in zip(row, weights[i], strict=True):
                c = comm[m]
                linked[c] = linked.get(c, 0.0) + w
        tot[own] -= ki
        scale = resolution * ki / m2
        best, best_gain = own, linked.get(own, 0.0) - tot[own] * scale
        for c, w in linked.items():
            gain = w - tot[c] * scale
            if gain > best_gain + 1e-12:
                best, best_gain = c, gain
        tot[best] += ki
        if best != own:
            comm[i] = best
            moved = True
            for m in row:
                if not queued[m] and comm[m] != best:
                    queue.append(m)
                    queued[m] = 1
    return comm if moved else None


def _aggregate(
    comm: list[int],
    nbrs: list[list[int]],
    weights: list[list[float]] | None,
    loops: list[float],
    members: list[list[int]],
) -> tuple[list[list[int]], list[list[float]], list[float], list[list[int]]]:
    """Communities become the nodes of the next level (numbered in label order)."""
    merged: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    new_loops: dict[int, float] = defaultdict(float)
    new_members: dict[int, list[int]] = defaultdict(list)
    community_of = comm.__getitem__
    for i, row in enumerate(nbrs):
        c = comm[i]
        new_members[c].extend(members[i])
        new_loops[c] += loops[i]
        out = merged[c]
        if weights is None:
            # Links counted per community in C; every partial sum is a whole number (or a
            # half, for the loops), so the floats are exactly those of adding 1.0 each time.
            counted: dict[int, float] = {}
            _count_elements(counted, map(community_of, row))
            for d, w in counted.items():
                if d == c:
                    new_loops[c] += w / 2
                else:
                    out[d] += w
            continue
        for m, w in zip(row, weights[i], strict=True):
            d = comm[m]
            if d == c:
                new_loops[c] += w / 2
            else:
                out[d] += w
    labels = sorted(new_members)
    rank = {c: r for r, c in enumerate(labels)}
    return (
        [[rank[d] for d in merged[c]] for c in labels],
        [list(merged[c].values()) for c in labels],
        [new_loops[c] for c in labels],
        [new_members[c] for c in labels],
    )


def second_hop(adj: Mapping[int, Mapping[int, float]], active: Iterable[int]) -> dict[int, int]:
    """Contacts not in ``active`` but linked to one who is -> how many active contacts know
    them (each a possible introduction)."""
    active_set = set(active)
    reach: Counter[int] = Counter()
    for a in active_set:
        for m in adj.get(a, {}):
            if m not in active_set:
                reach[m] += 1
    return dict(reach)
