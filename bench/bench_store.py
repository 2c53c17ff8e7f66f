"""Benchmark of the store's bulk path and search on SQLite.

    python bench/bench_store.py [--contacts 30000] [--interactions 1000000] [--searches 200]
                                [--reuse PATH]

Prints (1) the time of Store.bulk_add_contacts + bulk_add_interactions into a fresh SQLite
file, (2) the time of plain sqlite3 executemany of the identical rows (contacts, their
lists, name keys, FTS rows, interactions, participants) into the same schema, and the ratio
(goal <= 3x), (3) Store.search latency (goal p95 < 20 ms), (4) peak memory.

``--reuse PATH`` keeps the Store's database at PATH: the first run builds it and measures
everything; later runs find it there and only measure search (1M interactions take most
of the two minutes of a full run, and search work needs many quick runs on the same data).
The file is not checked against the size options: delete it after changing them.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction
from tisser.store import Store, open_store
from tisser.store import rows as store_rows
from tisser.store.schema import (
    contact_emails,
    contact_name_keys,
    contact_phones,
    contact_tags,
    contacts,
    interaction_contacts,
    interactions,
)
from tisser.store.search import fts_columns

GIVEN = [
    "Hélène",
    "Jean",
    "Zoé",
    "Noël",
    "Anaïs",
    "François",
    "Gaëlle",
    "Jérôme",
    "Léa",
    "Maël",
    "Chloé",
    "Benoît",
    "Cécile",
    "Élodie",
    "Thérèse",
    "Raphaël",
    "Inès",
    "Loïc",
    "Marie",
    "Pierre",
    "Camille",
    "Étienne",
    "Agnès",
    "Sébastien",
]
FAMILY = [
    ("", "Müller"),
    ("de", "La Fontaine"),
    ("", "Œuvre"),
    ("", "Dupont"),
    ("", "Lefèvre"),
    ("", "Bénard"),
    ("d'", "Alembert"),
    ("", "Nguyễn"),
    ("", "Garçon"),
    ("", "Mercier"),
    ("du", "Bellay"),
    ("", "Rousseau"),
    ("", "Fabre"),
    ("", "Lemaître"),
    ("", "Chevalier"),
    ("", "Ménard"),
    ("", "Girard"),
    ("", "Brûlé"),
]
ORGS = [
    "Airbus",
    "Société Générale",
    "Crédit Agricole",
    "L'Oréal",
    "Saint-Gobain",
    "Thales",
    "Dassault Systèmes",
    "Orange",
    "Décathlon",
    "Michelin",
    "Pôle emploi",
    "Ubisoft",
]
CITIES = ["Paris", "Lyon", "Saint-Étienne", "Toulouse", "Nantes", "Besançon", "Orléans"]
TAGS = ["voile", "golf", "Œnologie", "randonnée", "échecs", "théâtre", "cinéma", "vélo"]
WORDS = [
    "rencontré",
    "au",
    "salon",
    "projet",
    "déjeuner",
    "conseil",
    "réseau",
    "idée",
    "stratégie",
    "café",
    "présentation",
    "énergie",
    "équipe",
    "début",
    "été",
]
QUERIES = [
    "hel",
    "helene",
    "Hélène",
    "jean de",
    "la fontaine",
    "oeuvre",
    "muller",
    "MÜLLER",
    "airb",
    "societe gen",
    "l'oreal",
    "voile",
    "oenologie",
    "randonnee",
    "echecs",
    "dupont",
    "fra",
    "saint-etienne",
    "zoe",
    "therese",
    "benard",
    "cafe strat",
]


def make_contacts(rng: random.Random, n: int) -> list[Contact]:
    out = []
    for i in range(n):
        particle, family = rng.choice(FAMILY)
        given = rng.choice(GIVEN)
        out.append(
            Contact(
                given_name=given,
                particle=particle,
                family_name=family if rng.random() < 0.3 else f"{family}{i % 997}",
                organization=rng.choice(ORGS),
                position=rng.choice(["Directrice", "Ingénieur", "Chef de projet", "Consultant"]),
                city=rng.choice(CITIES),
                country="France",
                emails=[f"contact{i}@example.fr"],
                phones=[f"+336{i:08d}"] if rng.random() < 0.6 else [],
                tags=rng.sample(TAGS, rng.randint(0, 3)),
                categories=rng.sample(["client", "alumni", "ami"], rng.randint(0, 1)),
                circle=Circle(rng.choice([1, 2, 3, 4, 4, 4, 5])),
                notes=" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 25))),
            )
        )
    return out


def make_interactions(rng: random.Random, ids: list[int], m: int) -> list[Interaction]:
    base = datetime(2020, 1, 1, tzinfo=UTC)
    channels, directions = list(Channel), list(HelpDirection)
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
                channel=rng.choice(channels),
                contact_ids=who,
                direction=rng.choice(directions),
                about=rng.choice(WORDS),
            )
        )
    return out


def _sql_value(v: Any) -> Any:
    if isinstance(v, datetime):  # what the store writes on SQLite: naive UTC text
        return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def raw_rows(
    people: list[Contact], ids: list[int], inters: list[Interaction], iids: list[int]
) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    """The exact rows the store writes, as tuples for sqlite3."""
    now = datetime.now(UTC)
    tables: dict[str, list[dict[str, Any]]] = {
        t.name: []
        for t in (
            contacts,
            contact_emails,
            contact_phones,
            contact_tags,
            contact_name_keys,
            interactions,
            interaction_contacts,
        )
    }
    fts_rows = []
    for cid, c in zip(ids, people, strict=True):
        row = store_rows.contact_row(
            Contact(**{**_asdict(c), "created_at": now, "updated_at": now})
        )
        row["id"] = cid
        tables["contacts"].append(row)
        fts_rows.append((cid, *fts_columns(row["search_text"], c)))
        e, p, t, k = store_rows.child_rows(cid, c)
        tables["contact_emails"] += e
        tables["contact_phones"] += p
        tables["contact_tags"] += t
        tables["contact_name_keys"] += k
    for iid, i in zip(iids, inters, strict=True):
        tables["interactions"].append(store_rows.interaction_row(i, iid))
        tables["interaction_contacts"] += [
            {
                "interaction_id": iid,
                "contact_id": cid,
                "owner_id": i.owner_id,
                "position": n,
                "occurred_at": i.occurred_at,
            }
            for n, cid in enumerate(i.contact_ids)
        ]
    out = {}
    for name, rows in tables.items():
        cols = list(rows[0])
        out[name] = (cols, [tuple(_sql_value(r[c]) for c in cols) for r in rows])
    out["contacts_fts"] = (["rowid", "name", "body"], fts_rows)
    return out


def _asdict(c: Contact) -> dict[str, Any]:
    import dataclasses

    return {f.name: getattr(c, f.name) for f in dataclasses.fields(c)}


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure_search(store: Store, searches: int, seed: int) -> None:
    """(3): the latency of ``searches`` queries drawn from QUERIES."""
    qrng = random.Random(seed + 2)
    lat = []
    hits = 0
    for _ in range(searches):
        q = qrng.choice(QUERIES)
        s0 = time.perf_counter()
        hits += len(store.search(q))
        lat.append((time.perf_counter() - s0) * 1000)
    print(
        f"(3) search over {searches} queries ({hits} hits): "
        f"p50 {statistics.median(lat):.1f} ms, p95 {pct(lat, 95):.1f} ms, "
        f"max {max(lat):.1f} ms (goal p95 < 20 ms)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--interactions", type=int, default=1_000_000)
    ap.add_argument("--searches", type=int, default=200)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument(
        "--no-trace",
        action="store_true",
        help="skip the tracemalloc pass (peak Python allocations)",
    )
    ap.add_argument(
        "--reuse",
        type=Path,
        metavar="PATH",
        help="keep the database at PATH; when it exists already, only measure search",
    )
    args = ap.parse_args(argv)
    if args.reuse is not None and args.reuse.exists():
        store = open_store(f"sqlite:///{args.reuse.resolve()}")
        print(f"data: reusing {args.reuse} ({store.count_contacts()} active contacts)")
        measure_search(store, args.searches, args.seed)
        store.close()
        return 0
    rng = random.Random(args.seed)
    people = make_contacts(rng, args.contacts)

    with tempfile.TemporaryDirectory(prefix="tisser-bench-") as tmp:
        bulk_db = args.reuse.resolve() if args.reuse is not None else Path(tmp) / "bulk.db"
        store = open_store(f"sqlite:///{bulk_db}")
        t0 = time.perf_counter()
        ids = store.bulk_add_contacts(people)
        t1 = time.perf_counter()
        inters = make_interactions(random.Random(args.seed + 1), ids, args.interactions)
        t2 = time.perf_counter()
        store.bulk_add_interactions(inters)
        t3 = time.perf_counter()
        store_s = (t1 - t0) + (t3 - t2)
        n_assoc = sum(len(i.contact_ids) for i in inters)
        print(
            f"data: {args.contacts} contacts, {args.interactions} interactions "
            f"({n_assoc} participants)"
        )
        print(
            f"(1) Store bulk path: {store_s:.2f} s "
            f"(contacts {t1 - t0:.2f} s, interactions {t3 - t2:.2f} s)"
        )

        # (2) plain sqlite3 executemany of the identical rows, same schema, same pragmas
        open_store(f"sqlite:///{Path(tmp) / 'raw.db'}").close()
        rows = raw_rows(people, ids, inters, list(range(1, len(inters) + 1)))
        raw = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        for pragma in (
            "journal_mode = WAL",
            "synchronous = NORMAL",
            "foreign_keys = ON",
            "secure_delete = ON",
        ):
            raw.execute(f"PRAGMA {pragma}")
        raw.execute(
            "INSERT INTO users (id, name, email, created_at) "
            "VALUES (1, '', '', '2024-01-01 00:00:00.000000')"
        )
        t4 = time.perf_counter()
        raw.execute("BEGIN")
        for name, (cols, tuples) in rows.items():
            marks = ", ".join("?" for _ in cols)
            raw.executemany(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({marks})", tuples)
        raw.execute("COMMIT")
        t5 = time.perf_counter()
        raw.close()
        raw_s = t5 - t4
        print(
            f"(2) raw sqlite3 executemany: {raw_s:.2f} s; ratio store/raw = "
            f"{store_s / raw_s:.2f}x (goal <= 3x)"
        )
        del rows

        measure_search(store, args.searches, args.seed)
        store.close()

        # (4) memory. tracemalloc slows allocation several-fold, so timings above ran
        # without it; this pass repeats the bulk path into a third file under tracemalloc.
        peak = 0
        if not args.no_trace:
            tracemalloc.start()
            traced = open_store(f"sqlite:///{Path(tmp) / 'traced.db'}")
            traced.bulk_add_contacts(people)
            traced.bulk_add_interactions(inters)
            traced.close()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 1024 / 1024 if sys.platform == "darwin" else rss / 1024
    traced_text = f"{peak / 1024 / 1024:.0f} MiB" if peak else "skipped"
    print(
        f"(4) peak memory: ru_maxrss {rss_mb:.0f} MiB (whole run, input data included); "
        f"tracemalloc peak during the bulk path {traced_text}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
