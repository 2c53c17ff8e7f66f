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

Every measure takes the dict adjacency of :func:`adjacency` or a :class:`Network` — the same
graph as numpy arrays, in the same order, which the diagnosis builds once from the link pairs
(30,000 contacts, 300,000 links: a few tens of milliseconds instead of a dict insertion per
link, and each measure reads arrays instead of rebuilding its own lists). Both give the same
results to the last bit: the sums run in the same order and ties break the same way.
"""

from __future__ import annotations

import collections
import math
import operator
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import chain, repeat

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, depth_first_order

Adjacency = dict[int, dict[int, float]]

# The C loop behind Counter(iterable), without Counter's per-call checks (Louvain calls it
# once per visit of a node).
_Counts = dict[int, float] | dict[int, int]
_count_elements: Callable[[_Counts, Iterable[int]], None] = collections._count_elements  # type: ignore[attr-defined]


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


@dataclass(frozen=True, slots=True, eq=False)
class Network:
    """The who-knows-whom graph as compressed rows (CSR) of numpy arrays.

    Row ``i`` is the node ``ids[i]``; its neighbours (positions) are
    ``indices[indptr[i]:indptr[i + 1]]`` with the weights ``weights`` at the same places.
    Nodes and each row's neighbours are in exactly the order :func:`adjacency` would give
    (nodes as given, neighbours in the order their first edge came), so every measure sums
    and breaks ties as it would on the dicts — but the graph is built once, in C, and
    shared by every measure of the diagnosis instead of 300,000 Python dict insertions.
    """

    ids: np.ndarray  # int64, one per node
    indptr: np.ndarray  # int64, len(ids) + 1
    indices: np.ndarray  # int64 positions
    weights: np.ndarray  # float64
    # the links given to from_links with an end not among the nodes, in their order
    outside: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def from_links(cls, nodes: Iterable[int], links: Iterable[tuple[int, int]]) -> Network:
        """Unweighted (1.0) network among ``nodes``; the same graph as
        ``adjacency(nodes, ((a, b, 1.0) for a, b in links))``."""
        ids = np.fromiter(dict.fromkeys(nodes), dtype=np.int64)
        n = len(ids)
        links = links if isinstance(links, list) else list(links)
        flat = np.fromiter(chain.from_iterable(links), dtype=np.int64, count=2 * len(links))
        pa, ok_a = _positions(ids, flat[0::2])
        pb, ok_b = _positions(ids, flat[1::2])
        inside = ok_a & ok_b
        out = flat.reshape(-1, 2)[~inside].tolist()
        keep = inside & (pa != pb)
        pa, pb = pa[keep], pb[keep]
        # A repeated link (either way round) changes nothing in adjacency()'s dicts: drop it.
        pair = np.minimum(pa, pb) * max(n, 1) + np.maximum(pa, pb)
        if len(pair) and bool(np.any(np.diff(np.sort(pair)) == 0)):
            first = np.sort(np.unique(pair, return_index=True)[1])
            pa, pb = pa[first], pb[first]
        src = np.empty(2 * len(pa), dtype=np.int64)
        dst = np.empty_like(src)
        src[0::2], src[1::2] = pa, pb  # a -> b then b -> a, as adjacency() inserts them
        dst[0::2], dst[1::2] = pb, pa
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(src, minlength=n), out=indptr[1:])
        rows = _stable_order(src, n)
        return cls(ids, indptr, dst[rows], np.ones(len(src)), [(a, b) for a, b in out])

    @classmethod
    def from_adjacency(cls, adj: Mapping[int, Mapping[int, float]]) -> Network:
        """The same graph as ``adj``, in its order."""
        n = len(adj)
        ids = np.fromiter(adj, dtype=np.int64, count=n)
        degree = np.fromiter(map(len, adj.values()), dtype=np.int64, count=n)
        size = int(degree.sum())
        index = {a: i for i, a in enumerate(adj)}
        cols = np.fromiter(
            map(index.__getitem__, chain.from_iterable(adj.values())), np.int64, size
        )
        w = np.fromiter(chain.from_iterable(v.values() for v in adj.values()), np.float64, size)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(degree, out=indptr[1:])
        return cls(ids, indptr, cols, w)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)

    def rows(self) -> np.ndarray:
        """The row (position) of each entry of ``indices``."""
        return np.repeat(np.arange(len(self.ids)), self.degree)


def _stable_order(keys: np.ndarray, bound: int) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` for keys in ``[0, bound)``, as radix sorts on 16
    bits (numpy's stable sort of 16-bit integers is a radix sort: ten times its merge sort)."""
    if bound <= 1 << 16:
        return np.argsort(keys.astype(np.uint16), kind="stable")
    if bound > 1 << 32:
        return np.argsort(keys, kind="stable")
    low = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    return low[np.argsort((keys[low] >> 16).astype(np.uint16), kind="stable")]


def _positions(ids: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Position in ``ids`` (distinct) of each of ``wanted`` and whether it is there at all."""
    if len(ids) == 0:
        return np.zeros(len(wanted), dtype=np.int64), np.zeros(len(wanted), dtype=bool)
    low, high = int(ids.min()), int(ids.max())
    if low >= 0 and high <= 8 * len(ids) + 1024:  # database ids are dense: a look-up table
        table = np.full(high + 2, -1, dtype=np.int64)
        table[ids] = np.arange(len(ids))
        at = table[np.where((wanted >= 0) & (wanted <= high), wanted, high + 1)]
        return np.maximum(at, 0), at >= 0
    order = np.argsort(ids, kind="stable")
    at = np.searchsorted(ids[order], wanted)
    at[at == len(ids)] = 0
    found = ids[order][at] == wanted
    return order[at], found


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
    adj: Mapping[int, Mapping[int, float]] | Network,
    ego_weights: Mapping[int, float] | None = None,
) -> EgoStructure:
    """Density, effective size, efficiency and constraint of the ego over ``adj``.

    ``adj`` holds the alters and their links; ``ego_weights`` the weight of the ego's tie to
    each alter (1 each when None; a zero weight is treated as no tie by networkx, so callers
    should pass positive weights).
    """
    net = adj if isinstance(adj, Network) else Network.from_adjacency(adj)
    n = len(net)
    if n == 0:
        return EgoStructure(0, 0, None, None, None, None)
    # One row of the arrays per (alter j, neighbour q) pair, in the adjacency's order: the
    # sums below run in the same order as a loop over ``adj`` would, in C.
    size = len(net.indices)
    links = size // 2
    rows, cols, w = net.rows(), net.indices, net.weights
    if ego_weights is None:
        we = np.ones(n)
    else:
        we = np.fromiter(map(ego_weights.__getitem__, net.ids.tolist()), np.float64, n)
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
    dens = 2 * (size / 2) / (n * (n - 1)) if n >= 2 else None
    return EgoStructure(n, links, dens, eff, eff / n, con)


@dataclass(frozen=True, slots=True)
class Bridge:
    """A contact who is the only path to ``cut_off`` (the contacts lost without them)."""

    contact_id: int
    cut_off: tuple[int, ...]


def bridges(adj: Mapping[int, Mapping[int, float]] | Network, min_cut: int = 2) -> list[Bridge]:
    """Articulation points whose removal cuts off at least ``min_cut`` contacts.

    For each one, ``cut_off`` is everyone separated from the largest remaining piece of its
    connected component. Node ``i`` is the ``i``-th smallest id, neighbours in id order; the
    depth-first search (Hopcroft & Tarjan) runs in C (scipy's ``depth_first_order``, which
    takes the first unvisited neighbour each time, as a textbook DFS does) and the low
    points are then folded up the tree on arrays.
    """
    net = adj if isinstance(adj, Network) else Network.from_adjacency(adj)
    n = len(net)
    if n == 0:
        return []
    order = np.argsort(net.ids, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    rows, cols = rank[net.rows()], rank[net.indices]
    by = _stable_order(cols, n)  # by row, then by column: two stable (radix) sorts
    by = by[_stable_order(rows[by], n)]
    rows, cols = rows[by], cols[by]
    degree = np.bincount(rows, minlength=n)
    # Virtual nodes n, n+1, ... chain the linked nodes in id order, so that one search from
    # n starts a tree at each node not yet reached — the smallest of each component, as
    # ``for root in range(n)`` would: virtual node n + j leads to the j-th linked node, then
    # to the next virtual node.
    linked = np.flatnonzero(degree)
    k = len(linked)
    if k == 0:
        return []
    chain_cols = np.empty(2 * k - 1, dtype=np.int64)
    chain_cols[0::2] = linked
    chain_cols[1::2] = np.arange(n + 1, n + k)
    graph = csr_matrix(
        (
            np.ones(len(rows) + len(chain_cols)),
            np.concatenate([cols, chain_cols]),
            np.concatenate([[0], np.cumsum(np.concatenate([degree, [2] * (k - 1) + [1]]))]),
        ),
        shape=(n + k, n + k),
    )
    visit, pred = depth_first_order(graph, n, directed=True, return_predecessors=True)
    visit, pred = visit.astype(np.int64), pred.astype(np.int64)
    disc = np.full(n + k, -1, dtype=np.int64)
    disc[visit] = np.arange(len(visit))
    parent = pred[:n].copy()
    parent[(parent >= n) | (parent < 0)] = -1  # a DFS root
    # each tree's root and its component: the nodes found from it, before the next root
    roots = linked[parent[linked] < 0]
    roots = roots[np.argsort(disc[roots])]
    label = np.zeros(n, dtype=np.int64)
    label[linked] = np.searchsorted(disc[roots], disc[linked], side="right") - 1
    # low point before folding: the earliest node reached by a non-tree link (an ancestor)
    reach = disc[cols]
    reach[cols == parent[rows]] = np.iinfo(np.int64).max
    low = disc[:n].copy()
    starts = np.concatenate([[0], np.cumsum(degree)[:-1]])[degree > 0]
    low[degree > 0] = np.minimum(low[degree > 0], np.minimum.reduceat(reach, starts))
    # fold low points and subtree sizes up the tree, children before parents
    lo, par, vis = low.tolist(), parent.tolist(), visit.tolist()
    size = [1] * n
    for v in reversed(vis):
        if v < n and (up := par[v]) >= 0:
            if lo[v] < lo[up]:
                lo[up] = lo[v]
            size[up] += size[v]
    low = np.array(lo, dtype=np.int64)
    # the children whose subtree has no link above their parent: one piece each, in the
    # order the search found them
    child = np.flatnonzero(parent >= 0)
    child = child[low[child] >= disc[parent[child]]]
    child = child[np.argsort(disc[child], kind="stable")]
    pieces: dict[int, list[int]] = defaultdict(list)  # articulation point -> child roots
    for c, up in zip(child.tolist(), parent[child].tolist(), strict=True):
        pieces[up].append(c)
    at = disc.tolist()
    component_size = np.bincount(label[linked])

    def subtree(root: int) -> list[int]:
        return [] if root == -1 else vis[at[root] : at[root] + size[root]]

    id_of = net.ids[order].tolist()
    out: list[Bridge] = []
    for u in sorted(pieces):
        cut = pieces[u]
        if par[u] < 0 and len(cut) < 2:
            continue  # a DFS root with one child is no articulation point
        sizes = [(size[c], c) for c in cut]
        rest = int(component_size[label[u]]) - 1 - sum(s for s, _ in sizes)
        if par[u] >= 0 and rest > 0:
            sizes.append((rest, -1))  # -1: the piece holding u's parent
        sizes.sort(key=lambda t: (-t[0], t[1]))
        separated = [c for _, c in sizes[1:]]  # all but the largest piece
        members = {m for c in separated for m in subtree(c)}
        if -1 in separated:  # the parent's side is cut off: the component minus the rest
            kept = {u}.union(*(subtree(c) for c in cut))
            component = linked[label[linked] == label[u]].tolist()
            members.update(m for m in component if m not in kept)
        if len(members) >= min_cut:
            out.append(Bridge(id_of[u], tuple(id_of[m] for m in sorted(members))))
    return out


def worlds(net: Network, min_size: int = 3) -> list[tuple[int, ...]]:
    """Groups of contacts linked among themselves and to no other group: the connected
    components of who-knows-whom without the user, of at least ``min_size`` people, largest
    first (then by smallest id). Two or more mean the user alone joins them (Burt's
    structural hole at its plainest); found in C by scipy's ``connected_components``."""
    n = len(net)
    if n == 0 or len(net.indices) == 0:
        return []
    graph = csr_matrix((np.ones(len(net.indices)), net.indices, net.indptr), shape=(n, n))
    count, label = connected_components(graph, directed=False)
    sizes = np.bincount(label, minlength=count)
    out = []
    for k in np.flatnonzero(sizes >= max(min_size, 2)).tolist():
        out.append(tuple(sorted(net.ids[label == k].tolist())))
    out.sort(key=lambda g: (-len(g), g[0]))
    return out


def communities(
    adj: Mapping[int, Mapping[int, float]] | Network,
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
    nbrs: list[list[int]]
    weights: list[list[float]] | None
    if isinstance(adj, Network):
        order, nbrs, weights, m2 = _louvain_lists(adj)
    else:
        m2 = sum(sum(v.values()) for v in adj.values())
        order = sorted(adj)
        index = {n: i for i, n in enumerate(order)}
        nbrs = [list(map(index.__getitem__, adj[n])) for n in order]
        weights = [list(adj[n].values()) for n in order]
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


def _louvain_lists(
    net: Network,
) -> tuple[list[int], list[list[int]], list[list[float]] | None, float]:
    """Louvain's first level from a :class:`Network`: the labels in id order, each one's
    neighbours (as positions in that order, in the network's row order), their weights (None
    when all are 1) and the total weight 2m — the very lists and sum the dict path builds."""
    n = len(net)
    by_id = np.argsort(net.ids, kind="stable")
    rank = np.empty(n, dtype=np.int64)
    rank[by_id] = np.arange(n)
    degree = net.degree[by_id]
    bounds = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(degree, out=bounds[1:])
    gather = np.repeat(net.indptr[:-1][by_id] - bounds[:-1], degree) + np.arange(bounds[-1])
    flat = rank[net.indices[gather]].tolist()
    b = bounds.tolist()
    nbrs = [flat[b[i] : b[i + 1]] for i in range(n)]
    order: list[int] = net.ids[by_id].tolist()
    if bool(np.all(net.weights == 1.0)):
        return order, nbrs, None, float(len(net.indices)) if len(net.indices) else 0
    # the sum in the dict path's order (row by row, in the network's node order)
    w, p = net.weights.tolist(), net.indptr.tolist()
    m2 = sum(sum(w[p[i] : p[i + 1]]) for i in range(n))
    wl = net.weights[gather].tolist()
    return order, nbrs, [wl[b[i] : b[i + 1]] for i in range(n)], m2


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


def second_hop(
    adj: Mapping[int, Mapping[int, float]] | Network, active: Iterable[int]
) -> dict[int, int]:
    """Contacts not in ``active`` but linked to one who is -> how many active contacts know
    them (each a possible introduction)."""
    active_set = set(active)
    reach: dict[int, int] = {}
    if not isinstance(adj, Network):
        for a in active_set:
            for m in adj.get(a, {}):
                if m not in active_set:
                    reach[m] = reach.get(m, 0) + 1
        return reach
    # The same walk on arrays: the rows of the active contacts in the set's order, their
    # neighbours in row order, counted in C (so the dict's order is the loop's too).
    net = adj
    position = dict(zip(net.ids.tolist(), range(len(net)), strict=True))
    rows = np.fromiter((i for i in map(position.get, active_set) if i is not None), dtype=np.int64)
    degree = net.degree[rows]
    bounds = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(degree, out=bounds[1:])
    gather = np.repeat(net.indptr[:-1][rows] - bounds[:-1], degree) + np.arange(bounds[-1])
    outside = np.ones(len(net), dtype=bool)
    outside[rows] = False
    nbrs = net.indices[gather]
    _count_elements(reach, net.ids[nbrs[outside[nbrs]]].tolist())
    return reach
