"""Benchmark of ``tisser reach``: query latency on a large network, against networkx.

    python bench/bench_reach.py [--contacts 30000] [--links 1000000] [--queries 100]

Builds a SQLite store with N contacts (positions, organisations, cities drawn from French
and English titles) and M "A knows B" links, plus a journal so ties have a strength. Then,
warm (the adjacency and best paths built once, :class:`tisser.core.reach.ReachGraph`):

1. ``reach`` latency per query — query parsing, full-text candidates from the store's
   index, offers, stem/synonym matching, best path to every match — for 2 and 3 hops
   (goals: p95 < 50 ms and < 200 ms);
2. the same question answered with networkx on the same graph: a bounded best-path search
   (H rounds of relaxation from "me" over ``G.adj``, max product of strengths) and, for
   reference, ``nx.single_source_shortest_path_length(G, me, cutoff=H)`` (reachability
   only); both per query, as networkx keeps no per-query-independent table;
3. the one-off build time of the ReachGraph and of the networkx graph, and a check that
   both give the same best scores on the matched people.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import networkx as nx

from tisser.app.reach import candidate_ids
from tisser.core import query
from tisser.core.diagnosis import DiagnosisSettings
from tisser.core.finder import find
from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction, Link
from tisser.core.reach import ATTRITION, ReachGraph, tie_value
from tisser.store import ContactFilter, open_store
from tisser.strengths import reach_ties

TODAY = date(2026, 11, 23)
POSITIONS = [
    "DRH",
    "Directrice des ressources humaines",
    "CTO",
    "DAF",
    "Chief Financial Officer",
    "Responsable cybersécurité",
    "Talent acquisition manager",
    "Chargée de recrutement",
    "Avocat associé",
    "Juriste",
    "Directeur commercial",
    "Head of Sales",
    "Chef de produit",
    "Product manager",
    "Développeuse",
    "Data scientist",
    "Responsable marketing",
    "Directeur marketing",
    "Consultant",
    "Acheteur",
]
ORGS = [
    "Airbus",
    "Thales",
    "Safran",
    "Cdiscount",
    "Doctolib",
    "BNP Paribas",
    "Danone",
    "Michelin",
    "Decathlon",
    "Capgemini",
    "Sopra Steria",
    "L'Oréal",
    "Orange",
    "Ubisoft",
]
CITIES = ["Bordeaux", "Paris", "Lyon", "Toulouse", "Nantes", "Lille", "Mérignac", "Marseille"]
GIVEN = ["Hélène", "Jean", "Zoé", "Noël", "Anaïs", "François", "Léa", "Maël", "Chloé", "Inès"]
FAMILY = ["Müller", "Dupont", "Lefèvre", "Bénard", "Roux", "Petit", "Martin", "Nguyễn"]
# fmt: off
QUERIES = ["recruteur chez Airbus", "expert RGPD", "quelqu'un dans la cybersécurité à Lyon",
           "HR director in Bordeaux", "CFO Paris", "avocat à Toulouse", "product manager",
           "directeur commercial chez Safran", "data scientist Nantes", "DRH chez Thales"]
# fmt: on


def build(path: Path, n: int, m: int, seed: int) -> None:
    rng = random.Random(seed)
    store = open_store(f"sqlite:///{path}")
    people = [
        Contact(
            given_name=rng.choice(GIVEN),
            family_name=rng.choice(FAMILY),
            position=rng.choice(POSITIONS),
            organization=rng.choice(ORGS),
            city=rng.choice(CITIES),
            circle=Circle(rng.choices([1, 2, 3, 4, 5], [1, 4, 15, 75, 5])[0]),
            closeness=rng.randint(1, 5) if rng.random() < 0.3 else None,
        )
        for _ in range(n)
    ]
    ids = store.bulk_add_contacts(people)
    journal = []
    for cid in rng.sample(ids, k=min(len(ids), n // 3)):
        for _ in range(rng.randint(1, 4)):
            moment = datetime(2026, 11, 1, 12, tzinfo=UTC) - timedelta(days=rng.randint(1, 900))
            journal.append(
                Interaction(
                    occurred_at=moment,
                    channel=Channel.LUNCH,
                    contact_ids=[cid],
                    direction=rng.choice(list(HelpDirection)),
                )
            )
    store.bulk_add_interactions(journal)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < m:
        a, b = rng.sample(ids, 2)
        pairs.add((min(a, b), max(a, b)))
    store.bulk_add_links([Link(a, b, strength=round(rng.uniform(0.1, 0.9), 2)) for a, b in pairs])
    store.close()


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def nx_bounded_best(g: nx.Graph, me: int, hops: int) -> dict[int, float]:
    """Max-product best path of at most ``hops`` hops from ``me``: H relaxation rounds."""
    best = {me: 1.0}
    frontier = {me: (1.0, (me,))}
    for _ in range(hops):
        nxt: dict[int, tuple[float, tuple[int, ...]]] = {}
        for u, (score, path) in frontier.items():
            for v, data in g.adj[u].items():
                if v in path:
                    continue
                s = data["w"] * (1.0 if u == me else ATTRITION) * score
                if s > nxt.get(v, (0.0, ()))[0]:
                    nxt[v] = (s, (*path, v))
        for v, (s, _p) in nxt.items():
            if s > best.get(v, 0.0):
                best[v] = s
        frontier = nxt
    best.pop(me)
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--links", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--nx-queries", type=int, default=10, help="networkx runs (slow)")
    ap.add_argument("--seed", type=int, default=6)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reach.db"
        t0 = time.perf_counter()
        build(path, args.contacts, args.links, args.seed)
        print(f"network: {args.contacts} contacts, {args.links} links "
              f"(built in {time.perf_counter() - t0:.1f} s)")  # fmt: skip
        store = open_store(f"sqlite:///{path}")
        t0 = time.perf_counter()
        people = store.list_contacts(ContactFilter(include_archived=True))
        ties = reach_ties(store, people, 1, TODAY, UTC, DiagnosisSettings())
        links = store.all_links()
        archived = [c.id for c in people if c.circle == Circle.DORMANT and c.id]
        t_load = time.perf_counter() - t0
        t0 = time.perf_counter()
        graph = ReachGraph(ties, links, archived=archived)
        t_graph = time.perf_counter() - t0
        contacts = {c.id: c for c in people}
        offers: dict = {}
        for o in store.offers():
            offers.setdefault(o.contact_id, []).append(o)
        print(f"warm-up: load {t_load:.2f} s, ReachGraph (adjacency + best paths) "
              f"{t_graph:.2f} s")  # fmt: skip

        def one(q: str, hops: int) -> list:
            concepts = query.parse(q)
            ids = candidate_ids(store, concepts, 1, offers)
            return find(concepts, [contacts[i] for i in sorted(ids)], graph, None, hops, 10)

        for q in QUERIES:  # warm: the stemmers' caches, the synonym groups parsed once
            one(q, 3)
        results = {}
        ours: dict[int, float] = {}
        for hops in (2, 3):
            times = []
            for k in range(args.queries):
                q = QUERIES[k % len(QUERIES)]
                t0 = time.perf_counter()
                results[(q, hops)] = one(q, hops)
                times.append((time.perf_counter() - t0) * 1000)
            goal = 50 if hops == 2 else 200
            med, high = statistics.median(times), p95(times)
            ours[hops] = med
            print(f"tisser reach, {hops} hops: p50 {med:.1f} ms, p95 {high:.1f} ms "
                  f"(goal < {goal} ms) over {len(times)} queries")  # fmt: skip

        # networkx on the same graph: "me" linked to every contact by my penalised tie.
        t0 = time.perf_counter()
        g = nx.Graph()
        me = 0
        skip = set(archived)
        for cid, tie in ties.items():
            if cid not in skip:
                g.add_edge(me, cid, w=tie_value(tie))
        for lk in links:
            if lk.a_id not in skip and lk.b_id not in skip:
                g.add_edge(lk.a_id, lk.b_id, w=lk.strength if lk.strength is not None else 0.3)
        print(f"networkx graph built in {time.perf_counter() - t0:.2f} s")
        for hops in (2, 3):
            times, bfs = [], []
            for k in range(args.nx_queries):
                q = QUERIES[k % len(QUERIES)]
                t0 = time.perf_counter()
                best = nx_bounded_best(g, me, hops)
                times.append((time.perf_counter() - t0) * 1000)
                t0 = time.perf_counter()
                nx.single_source_shortest_path_length(g, me, cutoff=hops)
                bfs.append((time.perf_counter() - t0) * 1000)
                for f in results[(q, hops)]:
                    assert math.isclose(f.path.score, best.get(f.contact.id, 0.0), rel_tol=1e-9)
            nx_med = statistics.median(times)
            print(f"networkx bounded best path, {hops} hops: p50 {nx_med:.0f} ms,"
                  f" p95 {p95(times):.0f} ms ({nx_med / max(ours[hops], 1e-9):.0f}x tisser's "
                  f"p50); BFS cutoff={hops} (reach only): p50 {statistics.median(bfs):.0f} ms; "
                  "same best scores: yes")  # fmt: skip
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
