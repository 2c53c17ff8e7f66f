"""Ego-network structure against networkx and against hand-computed small cases."""

from __future__ import annotations

import math
import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from networkx.algorithms.community import louvain_communities, modularity

from tisser.core.diagnosis import spanning
from tisser.core.structure import (
    Network,
    _stable_order,
    adjacency,
    bridges,
    communities,
    density,
    ego_structure,
    second_hop,
)

EGO = -1


def ego_graph(adj: dict[int, dict[int, float]], ego_weights: dict[int, float] | None = None):
    g = nx.Graph()
    g.add_nodes_from(adj)
    for a, nbrs in adj.items():
        for b, w in nbrs.items():
            g.add_edge(a, b, weight=w)
    for a in adj:
        g.add_edge(EGO, a, weight=ego_weights[a] if ego_weights else 1.0)
    return g


def random_adj(rng: random.Random, n: int, p: float, weighted: bool) -> dict[int, dict[int, float]]:
    edges = []
    for a in range(n):
        for b in range(a + 1, n):
            if rng.random() < p:
                edges.append((a, b, rng.uniform(0.1, 1.0) if weighted else 1.0))
    return adjacency(range(n), edges)


def test_hand_computed_star_of_three_with_one_link() -> None:
    # Ego knows A, B, C; only A-B know each other. n = 3, L = 1.
    adj = adjacency([1, 2, 3], [(1, 2, None)])
    s = ego_structure(adj)
    assert s.density == pytest.approx(1 / 3)  # 1 link of 3 possible
    assert s.effective_size == pytest.approx(3 - 2 * 1 / 3)  # n - 2L/n = 7/3
    assert s.efficiency == pytest.approx(7 / 9)
    # p_ej = 1/3 each. For A: p_eB * p_BA = 1/3 * 1/2 (B's ties: ego and A) -> (1/3 + 1/6)^2
    # = 1/4, same for B; C: (1/3)^2 = 1/9. Total 1/2 + 1/9 = 11/18.
    assert s.constraint == pytest.approx(11 / 18)


def test_single_contact_is_fully_constrained() -> None:
    s = ego_structure(adjacency([7], []))
    assert s.constraint == pytest.approx(1.0)
    assert s.effective_size == pytest.approx(1.0)
    assert s.density is None


def test_empty_network() -> None:
    s = ego_structure({})
    assert (s.alters, s.effective_size, s.constraint) == (0, None, None)


@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("seed", range(6))
def test_equals_networkx_on_the_same_ego_graph(seed: int, weighted: bool) -> None:
    rng = random.Random(seed)
    adj = random_adj(rng, rng.randint(3, 25), rng.uniform(0.05, 0.6), weighted)
    ego_w = {a: rng.uniform(0.1, 1.0) for a in adj} if weighted else None
    g = ego_graph(adj, ego_w)
    weight = "weight" if weighted else None
    ours = ego_structure(adj, ego_w)
    assert ours.effective_size is not None and ours.constraint is not None
    assert abs(ours.effective_size - nx.effective_size(g, [EGO], weight=weight)[EGO]) < 1e-9
    assert abs(ours.constraint - nx.constraint(g, [EGO], weight=weight)[EGO]) < 1e-9
    assert ours.density == pytest.approx(nx.density(g.subgraph(list(adj))), abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=2, max_value=14),
    st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), max_size=40),
)
def test_fuzz_equals_networkx(n: int, pairs: list[tuple[int, int]]) -> None:
    adj = adjacency(range(n), [(a, b, 1.0) for a, b in pairs])
    g = ego_graph(adj)
    ours = ego_structure(adj)
    assert ours.effective_size is not None and ours.constraint is not None
    assert math.isclose(ours.effective_size, nx.effective_size(g, [EGO])[EGO], abs_tol=1e-9)
    assert math.isclose(ours.constraint, nx.constraint(g, [EGO])[EGO], abs_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 19), st.integers(0, 19)), max_size=45))
def test_bridges_are_networkx_articulation_points(pairs: list[tuple[int, int]]) -> None:
    adj = adjacency(range(20), [(a, b, 1.0) for a, b in pairs])
    g = nx.Graph()
    g.add_nodes_from(adj)
    g.add_edges_from((a, b) for a, b in pairs if a != b)
    expected = set(nx.articulation_points(g))
    found = {b.contact_id: set(b.cut_off) for b in bridges(adj, min_cut=1)}
    assert set(found) == expected
    for node, cut in found.items():
        # Without the bridge, the cut-off people are in other components than the biggest
        # remaining piece of its component.
        rest = g.subgraph(set(nx.node_connected_component(g, node)) - {node})
        pieces = sorted(nx.connected_components(rest), key=len, reverse=True)
        assert cut == set().union(*pieces[1:]) or (
            len(pieces) > 1 and len(pieces[0]) == len(pieces[1])
        )


def test_bridge_hand_case() -> None:
    # A triangle 1-2-3, and 3 is the only one who knows 4 and 5 (who know each other).
    adj = adjacency(range(1, 6), [(1, 2, 1), (2, 3, 1), (1, 3, 1), (3, 4, 1), (4, 5, 1)])
    found = bridges(adj, min_cut=2)
    assert [(b.contact_id, b.cut_off) for b in found] == [(3, (4, 5))]
    # 4 only cuts off 5: a single person, below min_cut 2
    assert {b.contact_id for b in bridges(adj, min_cut=1)} == {3, 4}


def test_communities_find_two_cliques_joined_by_one_link() -> None:
    edges = [(a, b, 1.0) for a in range(5) for b in range(a + 1, 5)]
    edges += [(a, b, 1.0) for a in range(10, 15) for b in range(a + 1, 15)]
    edges.append((4, 10, 1.0))
    groups = communities(adjacency(list(range(5)) + list(range(10, 15)), edges))
    assert sorted(groups) == [[0, 1, 2, 3, 4], [10, 11, 12, 13, 14]]


@pytest.mark.parametrize("seed", range(3))
def test_communities_modularity_close_to_networkx_louvain(seed: int) -> None:
    g = nx.planted_partition_graph(6, 20, 0.4, 0.02, seed=seed)
    adj = adjacency(g.nodes, ((a, b, 1.0) for a, b in g.edges))
    ours = communities(adj, min_size=1)
    assert sorted(m for c in ours for m in c) == sorted(g.nodes)
    q_ours = modularity(g, [set(c) for c in ours])
    q_nx = modularity(g, louvain_communities(g, seed=seed))
    assert q_ours >= q_nx - 0.03
    assert len(ours) == 6


def test_density_of_a_triangle_and_a_loose_node() -> None:
    adj = adjacency([1, 2, 3, 4], [(1, 2, 1), (2, 3, 1), (1, 3, 1)])
    assert density(adj) == pytest.approx(3 / 6)


def test_second_hop_counts_active_acquaintances() -> None:
    adj = adjacency([1, 2, 3, 4], [(1, 3, 1), (2, 3, 1), (2, 4, 1)])
    assert second_hop(adj, active=[1, 2]) == {3: 2, 4: 1}


def as_dicts(net: Network) -> dict[int, dict[int, float]]:
    """The arrays read back as dicts, in their order."""
    ids, p = net.ids.tolist(), net.indptr.tolist()
    cols, w = net.indices.tolist(), net.weights.tolist()
    return {ids[i]: {ids[cols[j]]: w[j] for j in range(p[i], p[i + 1])} for i in range(len(ids))}


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=0, max_size=25, unique=True),
    st.lists(st.tuples(st.integers(0, 32), st.integers(0, 32)), max_size=70),
    st.sampled_from([1, 10**9]),
)
def test_network_is_the_adjacency_in_the_same_order(
    nodes: list[int], pairs: list[tuple[int, int]], scale: int
) -> None:
    # Repeated and reversed links, loops, unknown ends; dense ids (a look-up table) or sparse
    # ones (a binary search).
    nodes = [n * scale for n in nodes]
    pairs = [(a * scale, b * scale) for a, b in pairs]
    adj = adjacency(nodes, [(a, b, 1.0) for a, b in pairs])
    net = Network.from_links(nodes, pairs)
    got = as_dicts(net)
    assert got == adj
    assert list(got) == list(adj)
    assert all(list(got[n]) == list(adj[n]) for n in adj)  # neighbours in the same order
    assert net.outside == [(a, b) for a, b in pairs if a not in adj or b not in adj]
    assert as_dicts(Network.from_adjacency(adj)) == adj


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 39), st.integers(0, 39)), max_size=60),
    st.integers(0, 39),
)
def test_measures_on_the_network_equal_those_on_the_dicts(
    pairs: list[tuple[int, int]], skip: int
) -> None:
    nodes = [n * 7919 for n in range(40) if n != skip]
    pairs = [(a * 7919, b * 7919) for a, b in pairs]
    adj = adjacency(nodes, [(a, b, 1.0) for a, b in pairs])
    net = Network.from_links(nodes, pairs)
    assert communities(net, min_size=1) == communities(adj, min_size=1)
    assert ego_structure(net) == ego_structure(adj)
    assert bridges(net, min_cut=1) == bridges(adj, min_cut=1)
    active = nodes[::3]
    assert list(second_hop(net, active).items()) == list(second_hop(adj, active).items())
    groups = communities(adj, min_size=2)
    community_of = {m: i for i, g in enumerate(groups) for m in g}
    # the loop the arrays replace: clusters among one's alters, besides one's own
    expected = {
        c
        for c, nbrs in adj.items()
        if len({community_of[m] for m in nbrs if m in community_of} - {community_of.get(c)}) >= 2
    }
    assert spanning(net, community_of, 2) == expected


def test_bridges_of_many_components_and_sparse_ids() -> None:
    # Three paths a-b-c (the middle one cuts off one end) and isolated people, ids far apart.
    g = nx.Graph()
    for k in range(3):
        g.add_edges_from([(10**9 * k + 1, 10**9 * k + 2), (10**9 * k + 2, 10**9 * k + 3)])
    g.add_nodes_from([5, 6])
    adj = adjacency(g.nodes, ((a, b, 1.0) for a, b in g.edges))
    found = bridges(Network.from_links(g.nodes, list(g.edges)), min_cut=1)
    assert {b.contact_id for b in found} == set(nx.articulation_points(g))
    assert found == bridges(adj, min_cut=1)


@pytest.mark.parametrize("bound", [10, 70_000, 5_000_000])
def test_stable_order_is_numpys_stable_argsort(bound: int) -> None:
    keys = np.random.default_rng(bound).integers(0, bound, 5000)
    assert (_stable_order(keys, bound) == np.argsort(keys, kind="stable")).all()
