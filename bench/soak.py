"""Soak test (not in CI, issue #21): many clients for minutes, writes mixed in.

    python bench/soak.py --target community|web [--clients 20] [--seconds 300]

* ``community``: ``tisser serve --community`` on a private PostgreSQL (tests/pg.py), one
  account per client; each client signs in, then loops: its home page, the community page,
  the round page, and writes: feedback on the round, an organiser's member upload, a match.
* ``web``: ``tisser web`` on SQLite (a few hundred contacts); each client loops: Today,
  Contacts, a contact's page, and writes: logging an interaction, the plan (first visit and
  refresh), a small CSV import.

The server runs as its own process, started like a user starts it. Printed: requests,
errors (5xx answers and requests without an answer; the 4xx refusals are counted apart),
"database is locked" seen in answers and in the server's output, the server's RSS after the
warm-up and at the end. The baseline measured in the same run: the same clients for the
first tenth of the time doing reads only, whose error count and p95 the mixed phase is
compared with (the figure to read is the ratio, on a busy machine the absolute latencies
mean little).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
PASSWORD = "a soak test password"
TOKEN = re.compile(r'name="csrf_token" value="([\w-]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def members_csv(n: int, seed: int) -> bytes:
    rows = ["email,first_name,last_name,city,sports,slots,languages"]
    rows += [f"m{seed}-{i}@club.fr,Membre{i},Nom{seed},Bordeaux,padel:5,tue-evening,fr"
             for i in range(n)]  # fmt: skip
    return ("\n".join(rows) + "\n").encode()


class Stats:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.latency: dict[str, list[float]] = {"read": [], "mixed": []}
        self.errors: Counter[str] = Counter()
        self.refused: Counter[str] = Counter()
        self.locked = 0
        self.requests = 0

    def record(self, phase: str, what: str, start: float, r: httpx.Response | None) -> None:
        with self.lock:
            self.requests += 1
            self.latency[phase].append(time.perf_counter() - start)
            if r is None:
                self.errors[f"{phase} {what}: no answer"] += 1
            elif r.status_code >= 500:
                self.errors[f"{phase} {what}: {r.status_code}"] += 1
            elif r.status_code >= 400:  # the application's own refusals (quota, bad input)
                self.refused[f"{what}: {r.status_code}"] += 1
            if r is not None and "database is locked" in r.text:
                self.locked += 1


def call(c: httpx.Client, stats: Stats, phase: str, what: str, method: str, url: str,
         **kw: object) -> httpx.Response | None:  # fmt: skip
    start = time.perf_counter()
    try:
        r = c.request(method, url, **kw)  # type: ignore[arg-type]
    except httpx.HTTPError:
        r = None
    stats.record(phase, what, start, r)
    return r


def token(c: httpx.Client, stats: Stats, phase: str, page: str = "/login") -> str:
    """The CSRF token of ``page``; its GET is counted like any request (a timeout there is
    an error of the run, not the end of the client)."""
    r = call(c, stats, phase, "form", "GET", page)
    found = TOKEN.search(r.text) if r is not None else None
    return found.group(1) if found else ""


# --- targets --------------------------------------------------------------------------------


def community_target(clients: int) -> tuple[list[str], dict[str, object], object]:
    from pg import PgServer
    from tisser.core.community import Round
    from tisser.store import open_store

    pg = PgServer.start()
    url = pg.create_database()
    store = open_store(url)
    org = store.create_account("org@club.fr", PASSWORD, "Olga")
    cid = store.create_community(org, "Club soak").id
    from tisser.community.importer import read_members

    folder = Path(tempfile.mkdtemp())
    (folder / "m.csv").write_bytes(members_csv(clients, 0))
    store.upsert_members(org, cid, read_members(folder / "m.csv").members)
    from datetime import date

    rnd = store.create_round(org, Round(0, cid, "padel", 2, 2, date(2026, 12, 1),
                                        date(2026, 12, 14)))  # fmt: skip
    for i in range(clients):
        uid = store.create_account(f"m0-{i}@club.fr", PASSWORD, f"M{i}")
        store.link_member(org, cid, f"m0-{i}@club.fr", uid)
    ids = [m.id for m in store.community_members(org, cid)]
    store.opt_in(org, rnd.id, ids)
    store.close()
    command = ["serve", "--community", "--db", url]
    return command, {"cid": cid, "rid": rnd.id}, pg


def community_client(base: str, i: int, info: dict[str, object], stats: Stats,
                     phase: list[str], stop: threading.Event) -> None:  # fmt: skip
    cid, rid = info["cid"], info["rid"]
    email = "org@club.fr" if i == 0 else f"m0-{i}@club.fr"
    with httpx.Client(base_url=base, timeout=60) as c:
        p = phase[0]
        login = {"csrf_token": token(c, stats, p), "email": email, "password": PASSWORD}
        call(c, stats, p, "login", "POST", "/login", data=login)
        if i == 0:  # the organiser matches and publishes: members can then give feedback
            t = token(c, stats, p, f"/rounds/{rid}")
            call(c, stats, p, "match", "POST", f"/rounds/{rid}/match", data={"csrf_token": t})
            t = token(c, stats, p, f"/rounds/{rid}")
            call(c, stats, p, "publish", "POST", f"/rounds/{rid}/publish", data={"csrf_token": t})
        n = 0
        while not stop.is_set():
            p = phase[0]
            n += 1
            call(c, stats, p, "home", "GET", "/")
            call(c, stats, p, "round", "GET", f"/rounds/{rid}")
            if p == "mixed":
                t = token(c, stats, p, f"/rounds/{rid}")
                if i == 0 and n % 5 == 0:
                    call(c, stats, p, "upload", "POST", f"/c/{cid}/import",
                         data={"csrf_token": t},
                         files={"file": ("m.csv", members_csv(30, n), "text/csv")})  # fmt: skip
                elif i == 0 and n % 5 == 1:
                    call(c, stats, p, "match", "POST", f"/rounds/{rid}/match",
                         data={"csrf_token": t})  # fmt: skip
                elif i:
                    call(c, stats, p, "feedback", "POST", f"/rounds/{rid}/feedback",
                         data={"csrf_token": t, "met": "yes", "useful": "4", "again": "yes"})
            time.sleep(random.uniform(0.05, 0.2))


def web_target(clients: int) -> tuple[list[str], dict[str, object], object]:
    from datetime import UTC, datetime

    from tisser.core.model import Channel, Contact, Interaction
    from tisser.store import open_store

    path = Path(tempfile.mkdtemp()) / "soak.db"
    url = f"sqlite:///{path}"
    store = open_store(url)
    store.ensure_owner(1)
    ids = []
    for i in range(300):
        c = store.add_contact(Contact(given_name=f"Prénom{i}", family_name=f"Nom{i}",
                                      emails=[f"p{i}@example.org"]))  # fmt: skip
        ids.append(c.id or 0)
        when = datetime(2026, 10, 1, 12, tzinfo=UTC)
        store.add_interaction(
            Interaction(occurred_at=when, channel=Channel.CALL, contact_ids=[c.id or 0])
        )
    store.close()
    return ["--db", url, "web", "--no-browser"], {"ids": ids}, None


def web_client(base: str, i: int, info: dict[str, object], stats: Stats,
               phase: list[str], stop: threading.Event) -> None:  # fmt: skip
    ids: list[int] = info["ids"]  # type: ignore[assignment]
    with httpx.Client(base_url=base, timeout=60) as c:
        call(c, stats, phase[0], "today", "GET", "/")
        n = 0
        while not stop.is_set():
            p = phase[0]
            n += 1
            cid = random.choice(ids)
            call(c, stats, p, "today", "GET", "/")
            call(c, stats, p, "contact", "GET", f"/contacts/{cid}")
            call(c, stats, p, "plan", "GET", "/plan")
            if p == "mixed":
                t = c.cookies.get("tisser_csrf", "")
                if n % 3 == 0:
                    call(c, stats, p, "log", "POST", f"/contacts/{cid}/interactions",
                         data={"csrf_token": t, "channel": "call"})  # fmt: skip
                if i == 0 and n % 10 == 0:
                    rows = "First Name,Last Name,E-mail 1 - Value\n" + "".join(
                        f"Soak{n}-{k},Import,s{n}-{k}@example.org\n" for k in range(200))
                    call(c, stats, p, "import", "POST", "/import",
                         data={"csrf_token": t, "format": "google"},
                         files={"files": ("google.csv", rows.encode(), "text/csv")})  # fmt: skip
                if i == 1 and n % 10 == 0:
                    call(c, stats, p, "refresh", "POST", "/plan/refresh", data={"csrf_token": t})
            time.sleep(random.uniform(0.05, 0.2))


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", choices=("community", "web"), required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=300)
    args = parser.parse_args()
    command, info, keep = (community_target if args.target == "community" else web_target)(
        args.clients
    )
    port = free_port()
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TISSER_LANG": "en",
           "TISSER_SECRET_KEY": "soak" * 8, "TISSER_MAIL_DIR": tempfile.mkdtemp()}  # fmt: skip
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from tisser.cli import main; sys.exit(main())",
         *command, "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
    while True:
        try:
            httpx.get(base + "/login", timeout=30)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.terminate()
                sys.exit(f"the server did not start: {Path(log.name).read_text()[-2000:]}")
            time.sleep(0.3)
    stats, stop, phase = Stats(), threading.Event(), ["read"]
    client = community_client if args.target == "community" else web_client
    threads = [threading.Thread(target=client, args=(base, i, info, stats, phase, stop))
               for i in range(args.clients)]  # fmt: skip
    for t in threads:
        t.start()
    samples: list[tuple[float, float]] = []  # (minutes, RSS MB): the memory's course over the run
    started = time.monotonic()

    def sample_rss() -> None:
        while not stop.wait(min(300.0, args.seconds / 12)):
            samples.append(((time.monotonic() - started) / 60, rss_mb(server.pid)))

    threading.Thread(target=sample_rss, daemon=True).start()
    time.sleep(args.seconds / 10)
    rss_start = rss_mb(server.pid)
    phase[0] = "mixed"
    cpu_start = time.process_time()
    time.sleep(args.seconds * 9 / 10)
    rss_end = rss_mb(server.pid)
    stop.set()
    for t in threads:
        t.join(60)
    server.terminate()
    server.wait(30)
    output = Path(log.name).read_text()
    if keep is not None:
        keep.stop()  # type: ignore[attr-defined]

    def p95(xs: list[float]) -> float:
        return statistics.quantiles(xs, n=20)[-1] * 1000 if len(xs) >= 20 else float("nan")

    read, mixed = stats.latency["read"], stats.latency["mixed"]
    print(f"target {args.target}: {args.clients} clients, {args.seconds:.0f} s "
          f"({time.process_time() - cpu_start:.1f} s CPU in the clients)")  # fmt: skip
    print(f"requests: {stats.requests} ({len(read)} reads-only baseline, {len(mixed)} mixed)")
    print(f"errors (5xx, no answer): {sum(stats.errors.values())} {dict(stats.errors) or ''}")
    print(f"refused by the application (4xx): {dict(stats.refused) or 0}")
    print(f'"database is locked": {stats.locked} in answers, '
          f"{output.count('database is locked')} in the server's output")  # fmt: skip
    print(f"server RSS: {rss_start:.0f} MB after the warm-up, {rss_end:.0f} MB at the end "
          f"({rss_end / rss_start if rss_start else float('nan'):.2f}x)")  # fmt: skip
    print("server RSS over the run: " + ", ".join(f"{m:.0f} min {r:.0f} MB" for m, r in samples))
    print(f"p95: baseline (reads only) {p95(read):.0f} ms, mixed {p95(mixed):.0f} ms "
          f"({p95(mixed) / p95(read):.2f}x)")  # fmt: skip
    if "Traceback" in output:
        print("server output:", output[-3000:])


if __name__ == "__main__":
    main()
