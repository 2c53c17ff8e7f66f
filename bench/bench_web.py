"""Benchmark of the web application's pages at 30,000 contacts.

    python bench/bench_web.py [--contacts 30000] [--interactions 300000] [--repeat 30]
                              [--clients 20] [--seconds 20] [--reuse PATH]

Builds a SQLite network of ``--contacts`` contacts and ``--interactions`` interactions (the
synthetic data of ``bench_store.py``), then measures, through FastAPI's TestClient (the
whole application: routing, CSRF, store, templates), the latency p50/p95 of:

(1) the Contacts page: first page, sorted (city; last contact), filtered (circle, tag,
    cadence status), searched as you type (the htmx partial, prefixes of names and words);
(2) the Today page, a contact's page and the Diagnostic page (its first request, which
    computes the diagnosis, then the next ones, which the application keeps until a write);
(3) the baseline measured in the same run: the store calls alone behind the first Contacts
    page (browse + last interactions of the page), and the ratio page / store; the store
    calls behind the search as typed and the contact page; what Today and the Diagnostic
    compute (the overview, the diagnosis) when nothing is kept;
(4) with ``--clients N``: a real uvicorn server on a free loopback port (started like
    ``tisser web``: the diagnosis prepared in the background, then the first Diagnostic
    request timed), N client threads each asking in a loop, without pause, for one of the
    issue's four pages at random — Today, the Contacts search as typed (the htmx partial of
    a prefix of the words many people would type, see :func:`typed_by_many`), a contact's
    page (one of ``--contact-pages``, 200 by default; 30,000 makes nearly every one a
    page not yet kept), the Diagnostic — for ``--seconds``: p50/p95
    and errors per page and overall (the issue's goal: p95 < 150 ms under 20 clients,
    0 errors over 60 s); then the store-only baseline: the same N threads calling the store
    calls behind the search and the contact page directly, for a quarter of the time;
    with the machine's CPU use during the run (this process, and everything else).

``--reuse PATH`` keeps the database at PATH between runs (delete it after changing sizes).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import make_contacts, make_interactions

from tisser.app.context import local_zone
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


def typed_by_many(store: Store, words: int, seed: int) -> list[str]:
    """The queries of many people typing: SEARCHES and ``words`` words of the data (a given
    name, a family name, an organisation or a city of random contacts), one letter more
    each time — short prefixes repeat (many words start alike), long ones seldom do."""
    rng = random.Random(seed)
    contacts = store.browse_contacts(Browse(limit=100_000)).contacts
    picked = []
    for c in rng.sample(contacts, min(words, len(contacts))):
        value = rng.choice([c.given_name, c.family_name, c.organization, c.city]) or c.display_name
        picked.append(value.split(" ")[0].lower()[:8])
    return prefixes() + [w[:i] for w in picked for i in range(1, len(w) + 1)]


def prefixes() -> list[str]:
    """Every query of the search as typed: each word of SEARCHES, one letter more each time."""
    return [q[:i] for q in SEARCHES for i in range(1, len(q) + 1)]


HX = {"HX-Request": "true", "HX-Target": "results"}


def fresh_queries(store: Store, n: int, seed: int) -> list[str]:
    """``n`` different searches, each asked once: a family name's first letters and a given
    name's or a city's, in varied lengths (nothing the server could have kept)."""
    rng = random.Random(seed)
    contacts = store.browse_contacts(Browse(limit=100_000)).contacts
    seen: set[str] = set()
    out: list[str] = []
    for _ in range(n * 20):
        c = rng.choice(contacts)
        first = (c.family_name or c.display_name).lower()[: rng.randint(3, 7)]
        other = rng.choice([c.given_name, c.city, c.organization]) or ""
        q = f"{first} {other.lower()[: rng.randint(1, 5)]}".strip()
        if q not in seen:
            seen.add(q)
            out.append(q)
            if len(out) == n:
                break
    return out


class Writer:
    """A write every second through the application (a lunch logged on a contact's page, as
    a user does), then the first Diagnostic after it timed: each write empties what the
    server keeps, so Today and the Diagnostic are computed again."""

    def __init__(self, port: int, ids: list[int]) -> None:
        self.port, self.ids = port, ids
        self.errors = 0
        self.writes = 0
        self.first_diagnostic: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        conn.request("GET", "/journal")
        response = conn.getresponse()
        response.read()
        cookie = response.getheader("set-cookie", "")
        token = cookie.split("tisser_csrf=", 1)[-1].split(";", 1)[0]
        rng = random.Random(7)
        while not self._stop.wait(1.0):
            body = urllib.parse.urlencode(
                {"csrf_token": token, "channel": "lunch", "about": "bench"}
            )
            try:
                conn.request(
                    "POST",
                    f"/contacts/{rng.choice(self.ids)}/interactions",
                    body=body,
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Cookie": f"tisser_csrf={token}",
                        "Origin": f"http://127.0.0.1:{self.port}",
                    },
                )
                response = conn.getresponse()
                response.read()
                self.writes += 1
                self.errors += response.status not in (200, 303)
                t0 = time.perf_counter()
                self.errors += not get(conn, "/diagnosis", {"Cookie": f"tisser_csrf={token}"})
                self.first_diagnostic.append((time.perf_counter() - t0) * 1000)
            except (OSError, http.client.HTTPException):
                self.errors += 1
                conn.close()


def sample_ids(store: Store, n: int, seed: int) -> list[int]:
    ids = [c.id or 0 for c in store.browse_contacts(Browse(limit=100_000)).contacts]
    return random.Random(seed).sample(ids, min(n, len(ids)))


def new_app(store: Store, warm: bool = False) -> Any:
    """The application as ``tisser web`` builds it (``warm`` only where it exists, so this
    bench also measures an older tisser for a before/after)."""
    import inspect

    from tisser.web.app import build_app

    extra = {"warm": warm} if "warm" in inspect.signature(build_app).parameters else {}
    return build_app(store, today=lambda: TODAY, **extra)


def measure_pages(store: Store, repeat: int) -> list[float]:
    from fastapi.testclient import TestClient

    client = TestClient(new_app(store), base_url=BASE)
    tags = store.tag_values()
    pages = contacts_urls(tags[0] if tags else "x")
    first: list[float] = []
    for label, url in pages.items():
        ms = timed(lambda url=url: _ok(client.get(url)), repeat)
        first = first or ms
        print(line(label, ms))
    searched: list[float] = []
    for q in prefixes():
        searched += timed(lambda q=q: _ok(client.get("/contacts", params={"q": q}, headers=HX)), 1)
    print(line(f"Contacts, searched as typed ({len(searched)} keystrokes)", searched))
    print(line("Today", timed(lambda: _ok(client.get("/")), max(3, repeat // 5))))
    ms = []
    for cid in sample_ids(store, 20, 1):
        ms += timed(lambda cid=cid: _ok(client.get(f"/contacts/{cid}")), 1)
    print(line("Contact page", ms))
    t0 = time.perf_counter()
    _ok(client.get("/diagnosis"))
    print(f"{'Diagnostic, first request':<44} {(time.perf_counter() - t0) * 1000:7.0f} ms")
    print(line("Diagnostic, next requests", timed(lambda: _ok(client.get("/diagnosis")), 5)))
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


def store_calls(store: Store) -> dict[str, Callable[[Any], None]]:
    """The store calls behind the search as typed and the contact page (no HTTP, no HTML)."""
    zone = local_zone()

    def search(q: str) -> None:
        ids = [h.contact.id or 0 for h in store.search(q, 1, 200)]
        page = store.browse_contacts(
            Browse(ids=ids, sort="rank", limit=50, today=TODAY, zone=zone), 1
        )
        store.last_interactions_of([c.id or 0 for c in page.contacts], 1)

    def contact(cid: int) -> None:
        store.get_contact(cid, 1)
        history = store.interactions_for(cid, 1)
        links = store.links_of(cid, 1)
        wanted = {x for i in history[:20] for x in i.contact_ids}
        store.contact_names_of(wanted | {lk.a_id for lk in links} | {lk.b_id for lk in links}, 1)
        store.offers(1)

    return {"search": search, "contact": contact}


def measure_store_pages(store: Store) -> None:
    from tisser.app.overview import overview_data
    from tisser.report.load import load_diagnosis
    from tisser.settings import load_settings
    from tisser.web.render import Web, WebState

    calls = store_calls(store)
    ms: list[float] = []
    for q in prefixes():
        ms += timed(lambda q=q: calls["search"](q), 1)
    print(line("(3) store calls of the search as typed", ms))
    ms = []
    for cid in sample_ids(store, 20, 1):
        ms += timed(lambda cid=cid: calls["contact"](cid), 1)
    print(line("(3) store calls of the contact page", ms))
    w = Web(store, 1, TODAY, "fr")
    print(line("(3) Today's overview, computed", timed(lambda: overview_data(WebState(w)), 3)))
    t0 = time.perf_counter()
    load_diagnosis(store, 1, TODAY, local_zone(), load_settings().diagnosis)
    print(f"{'(3) the diagnosis, computed':<44} {(time.perf_counter() - t0) * 1000:7.0f} ms")


def process_tree(pid: int) -> dict[int, list[str]]:
    """``/proc/<pid>/stat`` fields (after the command name) of ``pid`` and its descendants."""
    stats: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stats[int(entry.name)] = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
    tree, grown = {pid}, True
    while grown:
        more = {p for p, fields in stats.items() if int(fields[1]) in tree} - tree
        tree |= more
        grown = bool(more)
    return {p: stats[p] for p in sorted(tree) if p in stats}


def memory_report(pid: int) -> str:
    """Resident memory of the server's processes (supervisor first, then its workers):
    each worker keeps its own prepared pages and diagnosis."""
    sizes = []
    for p in process_tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        kib = next((int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:")), 0)
        sizes.append(f"{kib / 1024:.0f}")
    return f"memory (RSS, MiB), supervisor then workers: {', '.join(sizes) or 'unknown'}"


class Cpu:
    """The machine's CPU use between two readings: the server's, the clients', everyone's."""

    def __init__(self, server_pid: int | None = None) -> None:
        self.pid = server_pid
        self.t0, self.own0, self.server0, self.all0 = (
            time.monotonic(), self._own(), self._server(), self._busy()
        )  # fmt: skip

    @staticmethod
    def _own() -> float:
        t = os.times()
        return t.user + t.system

    def _server(self) -> float:
        """CPU seconds of the server's processes: the supervisor and its workers."""
        if self.pid is None:
            return 0.0
        tick = os.sysconf("SC_CLK_TCK")
        return sum(
            (int(fields[11]) + int(fields[12])) / tick for fields in process_tree(self.pid).values()
        )

    def server_cores(self) -> float:
        """The server's cores in use since this reading began."""
        return (self._server() - self.server0) / max(1e-9, time.monotonic() - self.t0)

    @staticmethod
    def _busy() -> tuple[float, float]:
        try:
            fields = [float(x) for x in Path("/proc/stat").read_text().split()[1:9]]
        except OSError:
            return (0.0, 0.0)
        idle = fields[3] + fields[4]
        return (sum(fields) - idle, sum(fields))

    def report(self) -> str:
        wall = time.monotonic() - self.t0
        own = (self._own() - self.own0) / wall
        server = (self._server() - self.server0) / wall
        busy1, total1 = self._busy()
        cores = os.cpu_count() or 1
        mine = f"server {server:.2f} cores, clients {own:.2f}" if self.pid else f"{own:.2f} cores"
        if total1 == self.all0[1]:
            return f"CPU: {mine}"
        used = (busy1 - self.all0[0]) / (total1 - self.all0[1]) * cores
        return (
            f"CPU: {mine}, other programs {max(0.0, used - own - server):.2f} of {cores} "
            f"cores; load average {os.getloadavg()[0]:.1f}"
        )


def run_clients(
    clients: int, seconds: float, work: Callable[[random.Random], tuple[str, bool]]
) -> dict[str, tuple[list[float], int]]:
    """``clients`` threads calling ``work`` in a loop for ``seconds``: times and errors by
    the label ``work`` returns."""
    results: dict[str, tuple[list[float], int]] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(k: int) -> None:
        rng = random.Random(k)
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            label, ok = work(rng)
            ms = (time.perf_counter() - t0) * 1000
            with lock:
                times, errors = results.setdefault(label, ([], 0))
                times.append(ms)
                results[label] = (times, errors + (not ok))

    workers = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results


def print_results(title: str, results: dict[str, tuple[list[float], int]], goal: str) -> None:
    print(title)
    every: list[float] = []
    errors = 0
    for label, (times, errs) in sorted(results.items()):
        print(line(f"    {label} ({len(times)} requests)", times) + f"  errors {errs}")
        every += times
        errors += errs
    if every:
        print(line(f"    all ({len(every)} requests)", every) + f"  errors {errors}{goal}")


SERVER = "from tisser.cli import main; raise SystemExit(main())"


def start_server(path: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """The server as the user starts it, ``tisser web`` (``--workers`` processes) in
    processes of its own: the clients' threads do not share its interpreter lock."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = [sys.executable, "-c", SERVER, "--db", f"sqlite:///{path}", "web", "--no-browser"]
    args += ["--port", str(port), "--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "TISSER_TODAY": str(TODAY)}
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return proc, port
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start")


def get(conn: http.client.HTTPConnection, url: str, headers: dict[str, str]) -> bool:
    """One request on a kept-alive connection; False on an error or a status other than 200."""
    try:
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status == 200
    except (OSError, http.client.HTTPException):
        conn.close()  # reconnects on the next request
        return False


def measure_concurrent(
    path: Path, store: Store, clients: int, seconds: float, workers: int, pages: int
) -> None:
    started = time.perf_counter()
    proc, port = start_server(path, workers)
    try:
        _measure_server(port, proc.pid, store, clients, seconds, started, workers, pages)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:  # still computing (an introductions page at scale)
            proc.kill()
            proc.wait(10)


def _measure_server(
    port: int,
    pid: int,
    store: Store,
    clients: int,
    seconds: float,
    started: float,
    workers: int,
    pages: int,
) -> None:
    first = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    if not get(first, "/diagnosis", {}):
        raise SystemExit("/diagnosis: not 200")
    first.close()
    settle = time.monotonic() + 60
    while time.monotonic() < settle:  # every worker has prepared its pages: quiet again
        quiet = Cpu(pid)
        time.sleep(0.5)
        if quiet.server_cores() < 0.1:
            break
    shown = workers or "0, one per core up to two"
    print(f"(4) a real server (`tisser web --workers {shown}`): its pages prepared "
          f"{time.perf_counter() - started:.1f} s after the start")  # fmt: skip
    typed = typed_by_many(store, 300, 3)
    ids = sample_ids(store, pages, 2)
    print(f"    contact pages asked for: {len(ids)} different contacts")
    if pages >= store.count_contacts():
        measure_uncached(port, pid, store, clients, seconds, ids)
    local = threading.local()

    def page(rng: random.Random) -> tuple[str, bool]:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        which = rng.randrange(4)
        if which == 0:
            ok = get(local.conn, "/", {})
        elif which == 1:
            query = urllib.parse.urlencode({"q": rng.choice(typed)})
            ok = get(local.conn, f"/contacts?{query}", HX)
        elif which == 2:
            ok = get(local.conn, f"/contacts/{rng.choice(ids)}", {})
        else:
            ok = get(local.conn, "/diagnosis", {})
        return ("Today", "Contacts search as typed", "Contact page", "Diagnostic")[which], ok

    cpu = Cpu(pid)
    results = run_clients(clients, seconds, page)
    print_results(
        f"(4) the current mix (searches repeated, no write: mostly pages the server keeps), "
        f"{clients} clients without pause, {seconds:.0f} s ({cpu.report()}):",
        results,
        "  (goal p95 < 150 ms, 0 errors)",
    )
    print(f"    {memory_report(pid)}")

    calls = store_calls(store)

    def store_only(rng: random.Random) -> tuple[str, bool]:
        if rng.randrange(2):
            calls["search"](rng.choice(typed))
            return "search as typed", True
        calls["contact"](rng.choice(ids))
        return "contact page", True

    cpu = Cpu()
    results = run_clients(clients, seconds / 4, store_only)
    print_results(
        f"(4) baseline: the store calls alone, {clients} threads, {seconds / 4:.0f} s "
        f"({cpu.report()}):",
        results,
        "",
    )


def measure_uncached(
    port: int, pid: int, store: Store, clients: int, seconds: float, ids: list[int]
) -> None:
    """Every page computed (#20's figures): each search asked once, a contact page seldom
    asked twice, a write every second (Today, the Diagnostic and the introductions computed
    again after it), the introductions page in the mix."""
    queries = fresh_queries(store, 200_000, 5)
    next_query = iter(queries)
    lock = threading.Lock()
    local = threading.local()
    labels = ("Today", "Contacts search as typed", "Contact page", "Diagnostic", "Introductions")

    def page(rng: random.Random) -> tuple[str, bool]:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        which = rng.randrange(len(labels))
        if which == 0:
            ok = get(local.conn, "/", {})
        elif which == 1:
            with lock:
                q = next(next_query, "")
            ok = get(local.conn, "/contacts?" + urllib.parse.urlencode({"q": q}), HX)
        elif which == 2:
            ok = get(local.conn, f"/contacts/{rng.choice(ids)}", {})
        elif which == 3:
            ok = get(local.conn, "/diagnosis", {})
        else:
            ok = get(local.conn, "/reach/introductions", {})
        return labels[which], ok

    writer = Writer(port, ids)
    cpu = Cpu(pid)
    writer.start()
    results = run_clients(clients, seconds, page)
    writer.stop()
    print_results(
        f"(4) uncached: every search new, contact pages of {len(ids)} contacts, a write "
        f"every second; {clients} clients without pause, {seconds:.0f} s ({cpu.report()}):",
        results,
        "  (goal p95 < 100 ms, search p95 < 100 ms, introductions < 150 ms, 0 errors)",
    )
    if writer.first_diagnostic:
        print(line(f"    first Diagnostic after each write ({writer.writes} writes, "
                   f"{writer.errors} errors)", writer.first_diagnostic) + "  (goal < 1 s)")  # fmt: skip
    print(f"    {memory_report(pid)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--contacts", type=int, default=30_000)
    ap.add_argument("--interactions", type=int, default=300_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--clients", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--reuse", type=Path, default=None)
    ap.add_argument("--workers", type=int, default=0, help="server processes (0: tisser's default)")
    ap.add_argument(
        "--contact-pages",
        type=int,
        default=200,
        help="how many different contacts' pages the clients ask for (all of them: each "
        "page seldom asked twice, so seldom kept)",
    )
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
        measure_store_pages(store)
        if args.clients:
            measure_concurrent(
                path, store, args.clients, args.seconds, args.workers, args.contact_pages
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
