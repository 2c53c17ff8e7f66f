"""Benchmark of the web application's pages at 30,000 contacts.

    python bench/bench_web.py [--contacts 30000] [--interactions 300000] [--repeat 30]
                              [--clients 20] [--seconds 20] [--reuse PATH]

Builds a SQLite network of ``--contacts`` contacts and ``--interactions`` interactions (the
synthetic data of ``bench_store.py``), then measures, through FastAPI's TestClient (the
whole application: routing, CSRF, store, templates), the latency p50/p95 of:

(1) the Contacts page: first page, sorted (city; last contact), filtered (circle, tag,
    cadence status), searched as you type (the htmx partial, prefixes of names and words);
(2) the Today page and a contact's page;
(3) the baseline measured in the same run: the store calls alone behind the first Contacts
    page (browse + last interactions of the page), and the ratio page / store;
(4) with ``--clients N``: a real uvicorn server on a free loopback port, N client threads
    asking for the Contacts pages above in a loop for ``--seconds``: p50/p95 and errors
    (the issue's goal: p95 < 150 ms under 20 clients, 0 errors).

``--reuse PATH`` keeps the database at PATH between runs (delete it after changing sizes).
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import make_contacts, make_interactions

from tisser.cli.context import local_zone
from tisser.store import Browse, Store, open_store

TODAY = date(2026, 11, 23)
BASE = "http://127.0.0.1"
SEARCHES = ["hel", "helene", "jean de", "dup", "airbus tou", "lef", "consult", "bordeaux", "zo"]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def line(label: str, ms: list[float]) -> str:
    return f"{label:<44} p50 {statistics.median(ms):7.1f} ms  p95 {pct(ms, 95):7.1f} ms"


def build(path: Path, n_contacts: int, n_interactions: int, seed: int) -> Store:
    fresh = not path.exists()
    store = open_store(f"sqlite:///{path}")
    store.ensure_owner(1)
    if fresh:
        rng = random.Random(seed)
        t0 = time.perf_counter()
        ids = store.bulk_add_contacts(make_contacts(rng, n_contacts))
        store.bulk_add_interactions(make_interactions(rng, ids, n_interactions))
        print(f"built {n_contacts} contacts, {n_interactions} interactions "
              f"in {time.perf_counter() - t0:.1f} s")  # fmt: skip
    return store


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm up (templates compiled, caches filled)
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def contacts_urls(tag: str) -> dict[str, str]:
    return {
        "Contacts, first page": "/contacts",
        "Contacts, sorted by city": "/contacts?sort=city",
        "Contacts, sorted by last contact (desc)": "/contacts?sort=last_contact&dir=desc",
        "Contacts, page 200": "/contacts?page=200",
        "Contacts, filtered circle 3": "/contacts?circle=3",
        "Contacts, filtered tag": f"/contacts?tag={tag}",
        "Contacts, filtered status overdue+cooling": "/contacts?status=overdue&status=cooling",
    }


def measure_pages(store: Store, repeat: int) -> list[float]:
    from fastapi.testclient import TestClient

    from tisser.web.app import build_app

    client = TestClient(build_app(store, today=lambda: TODAY), base_url=BASE)
    tags = store.tag_values()
    pages = contacts_urls(tags[0] if tags else "x")
    first: list[float] = []
    for label, url in pages.items():
        ms = timed(lambda url=url: _ok(client.get(url)), repeat)
        first = first or ms
        print(line(label, ms))
    hx = {"HX-Request": "true", "HX-Target": "results"}
    searched: list[float] = []
    for q in SEARCHES:
        for i in range(1, len(q) + 1):  # as typed, one letter more each time
            searched += timed(
                lambda q=q[:i]: _ok(client.get("/contacts", params={"q": q}, headers=hx)), 1
            )
    print(line(f"Contacts, searched as typed ({len(searched)} keystrokes)", searched))
    print(line("Today", timed(lambda: _ok(client.get("/")), max(3, repeat // 5))))
    some = store.browse_contacts(Browse(limit=20)).contacts
    ids = [c.id for c in some]
    ms = []
    for cid in ids:
        ms += timed(lambda cid=cid: _ok(client.get(f"/contacts/{cid}")), 1)
    print(line("Contact page", ms))
    return first


def _ok(response: Any) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.request.url}: HTTP {response.status_code}")


def measure_store(store: Store, repeat: int) -> list[float]:
    zone = local_zone()

    def first_page() -> None:
        page = store.browse_contacts(Browse(limit=50, today=TODAY, zone=zone))
        store.last_interactions_of([c.id or 0 for c in page.contacts])

    return timed(first_page, repeat)


def measure_concurrent(store: Store, clients: int, seconds: float) -> None:
    import httpx
    import uvicorn

    from tisser.web.app import build_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(build_app(store, today=lambda: TODAY), host="127.0.0.1", port=port,
                       log_level="warning")
    )  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    urls = [*contacts_urls("x").values(), *(f"/contacts?q={q}" for q in SEARCHES)]
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        nonlocal errors
        rng = random.Random(k)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    ok = client.get(rng.choice(urls)).status_code == 200
                except httpx.HTTPError:
                    ok = False
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    latencies.append(ms)
                    errors += not ok

    workers = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    server.should_exit = True
    thread.join(10)
    print(line(f"(4) {clients} clients, {seconds:.0f} s, {len(latencies)} requests", latencies)
          + f"  errors {errors}  (goal p95 < 150 ms, 0 errors)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--interactions", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--clients", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--reuse", type=Path, default=None)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.reuse or Path(tmp) / "bench_web.db"
        store = build(path, args.contacts, args.interactions, args.seed)
        print(f"data: {store.count_contacts()} active contacts of {args.contacts}; "
              f"{store.count_interactions()} interactions; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")  # fmt: skip
        print("(1-2) through the whole application (TestClient):")
        page = measure_pages(store, args.repeat)
        base = measure_store(store, args.repeat)
        print(line("(3) baseline: store calls of the first page", base))
        ratio = statistics.median(page) / statistics.median(base)
        print(f"    ratio first Contacts page / its store calls: {ratio:.1f}x (p50)")
        if args.clients:
            measure_concurrent(store, args.clients, args.seconds)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
