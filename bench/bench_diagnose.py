"""Benchmark of the full diagnosis on a big network (SQLite).

    python bench/bench_diagnose.py [--contacts 30000] [--interactions 1000000]
                                   [--links 300000] [--reuse PATH] [--no-trace] [--no-nx-louvain]

Builds a network with planted communities (people of one cluster know each other more),
then prints (1) the time of the full diagnosis — store reads of the per-contact summary plus
every measure and finding (goal < 2 s), split into its parts; (2) the peak Python memory
of one diagnosis (tracemalloc) and the process's peak RSS; (3) the structure part (density,
effective size, efficiency, constraint on the ego graph) against networkx's
``effective_size`` and ``constraint`` on the same ego graph in the same run: the values
(they must agree to 1e-9) and the ratio of times; (4) the quality of the clusters: the
modularity of our Louvain groups against networkx's ``louvain_communities`` (seed 0) on the
same who-knows-whom graph, and both times.

Times are CPU time (``time.process_time`` and ``getrusage``) beside wall time: on a machine
shared with other jobs the wall time mostly measures the load.

``--reuse PATH`` keeps the database at PATH: the first run builds it (a million
interactions take a couple of minutes), later runs only measure.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tisser.core.diagnosis import diagnose
from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction, Link
from tisser.core.structure import (
    Network,
    adjacency,
    bridges,
    communities,
    ego_structure,
    second_hop,
)
from tisser.memory import gc_paused
from tisser.report.load import load_diagnosis, network_data
from tisser.store import Store, open_store

TODAY = date(2026, 11, 23)
ZONE = ZoneInfo("Europe/Paris")
SECTORS = ["vins", "aéronautique", "numérique", "santé", "banque", "retail", "conseil", "école"]
FUNCTIONS = ["marketing", "ventes", "finance", "RH", "ingénierie", "direction", "achats"]
CITIES = ["Bordeaux", "Paris", "Toulouse", "Lyon", "Nantes", "Lille", "Pau", "Biarritz"]
PROFILES = [None, None, "super_connector", "mentor", "expert", "reserved"]


def make_network(rng: random.Random, n: int, clusters: int) -> tuple[list[Contact], list[int]]:
    from tisser.core.model import RelationalProfile

    people, cluster_of = [], []
    for i in range(n):
        k = rng.randrange(clusters)
        cluster_of.append(k)
        profile = rng.choice(PROFILES)
        people.append(
            Contact(
                given_name=f"Prénom{i}",
                family_name=f"Nom{i}",
                organization=f"Org {k}-{rng.randrange(5)}",
                sector=SECTORS[k % len(SECTORS)],
                function=rng.choice(FUNCTIONS),
                seniority=rng.choice(["junior", "senior", "executive"]),
                gender=rng.choice(["f", "m"]),
                city=CITIES[(k + rng.randrange(2)) % len(CITIES)],
                relational_profile=RelationalProfile(profile) if profile else None,
                circle=Circle(rng.choice([1, 2, 3, 3, 4, 4, 4, 4, 5])),
                closeness=rng.choice([None, None, 1, 2, 3, 4, 5]),
                met_on=TODAY - timedelta(days=rng.randrange(30, 4000)),
            )
        )
    return people, cluster_of


def make_interactions(rng: random.Random, ids: list[int], m: int) -> list[Interaction]:
    base = datetime.combine(TODAY, datetime.min.time(), tzinfo=UTC) - timedelta(days=5 * 365)
    directions = [HelpDirection.NONE] * 6 + list(HelpDirection)
    out = []
    for _ in range(m):
        who = [rng.choice(ids)]
        if rng.random() < 0.1:
            other = rng.choice(ids)
            if other != who[0]:
                who.append(other)
        out.append(
            Interaction(
                occurred_at=base + timedelta(seconds=rng.randrange(5 * 365 * 86400)),
                channel=rng.choice(list(Channel)),
                contact_ids=who,
                direction=rng.choice(directions),
            )
        )
    return out


def make_links(rng: random.Random, ids: list[int], cluster_of: list[int], m: int) -> list[Link]:
    by_cluster: dict[int, list[int]] = {}
    for cid, k in zip(ids, cluster_of, strict=True):
        by_cluster.setdefault(k, []).append(cid)
    seen: set[tuple[int, int]] = set()
    out = []
    while len(out) < m:
        i = rng.randrange(len(ids))
        a = ids[i]
        b = rng.choice(by_cluster[cluster_of[i]]) if rng.random() < 0.85 else rng.choice(ids)
        pair = (min(a, b), max(a, b))
        if a == b or pair in seen:
            continue
        seen.add(pair)
        out.append(Link(pair[0], pair[1]))
    return out


def build(store: Store, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    people, cluster_of = make_network(rng, args.contacts, max(2, args.contacts // 500))
    t = time.perf_counter()
    ids = store.bulk_add_contacts(people)
    store.bulk_add_interactions(make_interactions(rng, ids, args.interactions))
    store.bulk_add_links(make_links(rng, ids, cluster_of, args.links))
    print(f"built in {time.perf_counter() - t:.1f} s")


def dense_sample(adj: dict[int, dict[int, float]], size: int) -> list[int]:
    """``size`` alters around the best-linked one (breadth first), so the sample has links."""
    start = max(adj, key=lambda n: (len(adj[n]), -n))
    seen, queue = [start], [start]
    while queue and len(seen) < size:
        for m in sorted(adj[queue.pop(0)]):
            if m not in seen and len(seen) < size:
                seen.append(m)
                queue.append(m)
    return seen


def compare_structure(adj: dict[int, dict[int, float]], which: str, timed_constraint: bool) -> bool:
    """Our ego measures against networkx's on the same ego graph; prints values and times.

    networkx's ``constraint`` for one node recomputes every normalised weight (O(n^3) without
    scipy), so on the full graph only the effective size is compared; constraint is compared
    on a sample ego graph (``--nx-alters`` alters and their links).
    """
    import networkx as nx

    t = time.perf_counter()
    ours = ego_structure(adj)
    t_ours = time.perf_counter() - t
    assert ours.effective_size is not None and ours.constraint is not None
    g = nx.Graph()
    ego = -1
    g.add_nodes_from(adj)
    g.add_edges_from((a, b) for a, nbrs in adj.items() for b in nbrs if a < b)
    g.add_edges_from((ego, k) for k in adj)
    t = time.perf_counter()
    nx_eff = nx.effective_size(g, nodes=[ego])[ego]
    nx_con = nx.constraint(g, nodes=[ego])[ego] if timed_constraint else None
    t_nx = time.perf_counter() - t
    measured = "effective size and constraint" if timed_constraint else "effective size"
    print(
        f"(3) {which} ego graph ({ours.alters} alters, {ours.links} links), {measured}: "
        f"networkx {t_nx * 1000:.0f} ms; tisser (all four measures) {t_ours * 1000:.0f} ms; "
        f"ratio {t_nx / t_ours:.1f}"
    )
    diff = abs(ours.effective_size - nx_eff)
    line = (
        f"    effective size {ours.effective_size:.9f} vs networkx {nx_eff:.9f} (diff {diff:.1e})"
    )
    if nx_con is not None:
        line += (
            f"; constraint {ours.constraint:.12f} vs {nx_con:.12f} "
            f"(diff {abs(ours.constraint - nx_con):.1e})"
        )
        diff = max(diff, abs(ours.constraint - nx_con))
    print(line)
    return diff < 1e-9


def cpu() -> float:
    """User + system CPU time of this process (getrusage), in seconds."""
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def measure_parts(kept: list[int], links: list[tuple[int, int]], active: set[int]) -> str:
    """CPU time of each structure measure on the full graph, as the diagnosis runs them: the
    who-knows-whom arrays built once, then every measure on them."""
    out = []
    c = time.process_time()
    net = Network.from_links(kept, links)
    out.append(f"graph arrays {time.process_time() - c:.2f} s")
    for name, run in (
        ("communities", lambda: communities(net)),
        ("bridges", lambda: bridges(net)),
        ("ego measures", lambda: ego_structure(net)),
        ("second hop", lambda: second_hop(net, active)),
    ):
        c = time.process_time()
        run()
        out.append(f"{name} {time.process_time() - c:.2f} s")
    return ", ".join(out)


def compare_modularity(adj: dict[int, dict[int, float]], nx_louvain: bool) -> None:
    """Modularity of our Louvain groups against networkx's Louvain on the same graph."""
    import networkx as nx
    from networkx.algorithms.community import louvain_communities, modularity

    g = nx.Graph()
    g.add_nodes_from(adj)
    g.add_edges_from((a, b) for a, nbrs in adj.items() for b in nbrs if a < b)
    c = time.process_time()
    ours = communities(adj, min_size=1)
    t_ours = time.process_time() - c
    q_ours = modularity(g, [set(x) for x in ours])
    line = f"(4) clusters: tisser Louvain modularity {q_ours:.4f} ({len(ours)} groups, "
    line += f"{t_ours:.2f} s CPU)"
    if nx_louvain:
        c = time.process_time()
        theirs = louvain_communities(g, seed=0)
        t_nx = time.process_time() - c
        q_nx = modularity(g, theirs)
        line += (
            f"; networkx louvain_communities(seed=0) {q_nx:.4f} ({len(theirs)} groups, "
            f"{t_nx:.2f} s CPU); ours/networkx {q_ours / q_nx:.3f}, time ratio "
            f"{t_nx / t_ours:.1f}"
        )
    print(line)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--contacts", type=int, default=30_000)
    p.add_argument("--interactions", type=int, default=1_000_000)
    p.add_argument("--links", type=int, default=300_000)
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--reuse", type=Path)
    p.add_argument("--nx-alters", type=int, default=60, help="alters of the constraint sample")
    p.add_argument("--no-trace", action="store_true", help="skip the tracemalloc run")
    p.add_argument(
        "--no-nx-louvain", action="store_true", help="skip networkx's Louvain (slow when big)"
    )
    args = p.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.reuse.resolve() if args.reuse else Path(tmp) / "diagnose.db"
        fresh = not path.exists()
        store = open_store(f"sqlite:///{path}")
        if fresh:
            build(store, args)
        n_contacts = store.count_contacts()
        print(
            f"data: {n_contacts} active contacts, {store.interaction_total(1)} interactions, "
            f"{len(store.link_pairs(1))} links"
        )
        load_diagnosis(store, 1, TODAY, ZONE)  # warm the page cache once

        with gc_paused():  # as load_diagnosis does
            t0, c0, r0 = time.perf_counter(), time.process_time(), cpu()
            data = network_data(store, 1, TODAY, ZONE)
            t1, c1 = time.perf_counter(), time.process_time()
            result = diagnose(data)
            t2, c2, r2 = time.perf_counter(), time.process_time(), cpu()
        total, used = t2 - t0, c2 - c0
        load = os.getloadavg()[0]
        print(
            f"(1) full diagnosis: {used:.2f} s CPU (getrusage {r2 - r0:.2f} s), {total:.2f} s "
            f"wall; goal < 2 s: CPU {used / 2:.2f}x the goal, wall {total / 2:.2f}x (load "
            f"average {load:.1f} on {os.cpu_count()} cores: wall time grows with the load)"
        )
        print(
            f"    store reads (aggregates, contacts, links): CPU {c1 - c0:.2f} s, "
            f"wall {t1 - t0:.2f} s"
        )
        print(f"    measures and findings: CPU {c2 - c1:.2f} s, wall {t2 - t1:.2f} s")
        kept = [c.id or 0 for c in data.contacts if c.circle != Circle.DORMANT]
        adj = adjacency(kept, ((a, b, 1.0) for a, b in data.links))
        parts = measure_parts(kept, data.links, result.activated)
        print(f"    of which (run again alone): {parts}")
        print(
            f"    findings {len(result.findings)}, communities {len(result.communities)}, "
            f"bridges {len(result.bridges)}, dormant ranked {len(result.dormant)}"
        )

        if not args.no_trace:
            tracemalloc.start()
            load_diagnosis(store, 1, TODAY, ZONE)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"(2) peak Python memory of one diagnosis: {peak / 2**20:.0f} MiB", end="")
        else:
            print("(2) peak Python memory: skipped (--no-trace)", end="")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"; process peak RSS {rss:.0f} MiB")

        eff_ok = compare_structure(adj, "full", timed_constraint=False)
        sample = adjacency(dense_sample(adj, args.nx_alters), ((a, b, 1.0) for a, b in data.links))
        compare_structure(sample, "sample", timed_constraint=True)
        compare_modularity(adj, not args.no_nx_louvain)
        store.close()
        ok = used < 2.0 and eff_ok
        return 0 if ok or args.contacts < 30_000 else 1


if __name__ == "__main__":
    sys.exit(main())
