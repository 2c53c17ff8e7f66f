"""Calendars: an .ics file and the same events on a real Radicale (CalDAV) on loopback give
the same interactions; recurrences, cancelled, declined and lonely events; a moved event
moves; 401, 5xx and a timeout give one clear message."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from capture_helpers import NOW
from tisser.app import capture as ac
from tisser.core.errors import InvalidInput
from tisser.core.model import Channel, Contact
from tisser.store import Store

ME = "helene.marchand@maison-lescure.fr"
SETTINGS = {"own_emails": [ME]}


def _event(uid: str, start: str, *lines: str, minutes: int = 60) -> str:
    end = start[:9] + f"{int(start[9:11]) + 1:02d}" + start[11:]
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20261101T000000Z",
            f"DTSTART:{start}",
            f"DTEND:{end}",
            *lines,
            "END:VEVENT",
        ]
    )


def _att(addr: str, partstat: str = "ACCEPTED", cn: str = "") -> str:
    name = f";CN={cn}" if cn else ""
    return f"ATTENDEE{name};PARTSTAT={partstat}:mailto:{addr}"


ORG_ME = f"ORGANIZER:mailto:{ME}"
EVENTS = [
    _event("lunch-1", "20261105T120000Z", ORG_ME, _att("zoe@faure.fr"), "SUMMARY:Déjeuner"),
    _event(
        "weekly-1",
        "20261002T090000Z",
        ORG_ME,
        _att("jean@dupont.fr"),
        "RRULE:FREQ=WEEKLY;COUNT=5",
        "LOCATION:https://meet.google.com/abc-defg-hij",
    ),
    # the third occurrence moved by an hour
    _event(
        "weekly-1",
        "20261016T100000Z",
        ORG_ME,
        _att("jean@dupont.fr"),
        "RECURRENCE-ID:20261016T090000Z",
        "LOCATION:https://meet.google.com/abc-defg-hij",
    ),
    _event("cancelled-1", "20261106T120000Z", ORG_ME, _att("zoe@faure.fr"), "STATUS:CANCELLED"),
    _event("declined-1", "20261107T120000Z", "ORGANIZER:mailto:zoe@faure.fr", _att(ME, "DECLINED")),
    _event("alone-1", "20261108T120000Z", ORG_ME, _att(ME)),
    _event("future-1", "20270108T120000Z", ORG_ME, _att("zoe@faure.fr")),
]


def calendar(events: list[str]) -> str:
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//tisser tests//FR",
            *events,
            "END:VCALENDAR",
            "",
        ]
    )


def _people(store: Store) -> tuple[int, int]:
    zoe = store.add_contact(Contact(given_name="Zoé", family_name="Faure", emails=["zoe@faure.fr"]))
    jean = store.add_contact(
        Contact(given_name="Jean", family_name="Dupont", emails=["jean@dupont.fr"])
    )
    return zoe.id or 0, jean.id or 0


def _journal(store: Store) -> list[tuple]:
    return sorted(
        (i.occurred_at, i.channel, tuple(i.contact_ids), i.outcome)
        for i in store.list_interactions()
    )


def test_ics_occurrences_skips_and_moves(store: Store, tmp_path: Path) -> None:
    zoe, jean = _people(store)
    path = tmp_path / "agenda.ics"
    path.write_text(calendar(EVENTS), encoding="utf-8")
    ac.add_source(store, 1, "ics", str(path), name="agenda", settings=SETTINGS)
    report = ac.sync_source(store, store.get_source(1, "agenda"), NOW)
    # by hand: the lunch, five weekly calls (one moved), nothing future
    assert report.created == 6
    assert (
        report.skipped["cancelled"],
        report.skipped["declined"],
        report.skipped["no_other_attendee"],
    ) == (1, 1, 1)
    journal = _journal(store)
    weekly = [j for j in journal if j[2] == (jean,)]
    assert [j[0].strftime("%m-%d %H") for j in weekly] == [
        "10-02 09",
        "10-09 09",
        "10-16 10",
        "10-23 09",
        "10-30 09",
    ]
    assert all(j[1] is Channel.VIDEO and j[3] == "" for j in weekly)
    assert [j[1] for j in journal if j[2] == (zoe,)] == [Channel.IN_PERSON]
    again = ac.sync_source(store, store.get_source(1, "agenda"), NOW)
    assert (again.created, again.updated) == (0, 0)
    # the lunch moves to the 12th: same interaction, new moment
    moved = [
        EVENTS[0]
        .replace("20261105T120000Z", "20261112T120000Z")
        .replace("20261105T130000Z", "20261112T130000Z"),
        *EVENTS[1:],
    ]
    path.write_text(calendar(moved), encoding="utf-8")
    third = ac.sync_source(store, store.get_source(1, "agenda"), NOW)
    assert (third.created, third.updated) == (0, 1)
    lunch = store.interactions_for(zoe)
    assert [i.occurred_at for i in lunch] == [datetime(2026, 11, 12, 12, 0, tzinfo=UTC)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def radicale() -> Iterator[str]:
    """Radicale (from PyPI) on loopback with an htpasswd user; its base URL."""
    root = Path(tempfile.mkdtemp(prefix="tisser-radicale-"))
    (root / "users").write_text("alice:secret-test\n")
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "radicale",
        "--server-hosts",
        f"127.0.0.1:{port}",
        "--storage-filesystem-folder",
        str(root / "data"),
        "--auth-type",
        "htpasswd",
        "--auth-htpasswd-filename",
        str(root / "users"),
        "--auth-htpasswd-encryption",
        "plain",
        "--logging-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                err = (proc.stderr.read() if proc.stderr else b"").decode()[:300]
                msg = f"Radicale did not start: {err}"
                if os.environ.get("CI"):
                    pytest.fail(msg)
                pytest.skip(msg)
            time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        proc.wait(10)


def test_caldav_gives_what_the_ics_gives(store: Store, tmp_path: Path, radicale: str) -> None:
    import caldav

    _people(store)
    client = caldav.DAVClient(url=radicale, username="alice", password="secret-test")
    cal = client.principal().make_calendar(name=f"travail-{store.dialect}-{time.time_ns()}")
    # each UID's events in one object, as CalDAV stores them
    cal.save_event(calendar([EVENTS[0]]))
    cal.save_event(calendar(EVENTS[1:3]))
    for e in EVENTS[3:]:
        cal.save_event(calendar([e]))
    path = tmp_path / "agenda.ics"
    path.write_text(calendar(EVENTS), encoding="utf-8")
    ac.add_source(store, 1, "ics", str(path), name="file", settings=SETTINGS)
    ac.sync_source(store, store.get_source(1, "file"), NOW)
    from_file = _journal(store)
    store.remove_source(1, "file")
    ac.add_source(
        store, 1, "caldav", str(cal.url), name="dav", settings={**SETTINGS, "user": "alice"}
    )
    report = ac.sync_source(store, store.get_source(1, "dav"), NOW, secret=lambda s: "secret-test")
    assert _journal(store) == from_file and report.created == 6
    with pytest.raises(InvalidInput) as denied:
        ac.sync_source(store, store.get_source(1, "dav"), NOW, secret=lambda s: "wrong")
    assert "refused the user name or the password" in denied.value.one_line()


class _Fails(http.server.BaseHTTPRequestHandler):
    def do_PROPFIND(self) -> None:
        self.send_response(503)
        self.end_headers()

    do_GET = do_OPTIONS = do_REPORT = do_PROPFIND

    def log_message(self, *args: object) -> None:
        pass


def test_caldav_5xx_and_timeout(store: Store) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Fails)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # accepts the connection, never answers
    try:
        for name, url in (
            ("down", f"http://127.0.0.1:{server.server_port}/"),
            ("mute", f"http://127.0.0.1:{silent.getsockname()[1]}/"),
        ):
            ac.add_source(store, 1, "caldav", url, name=name, settings={"user": "a"})
        from tisser.capture import calendar as cal_mod

        with pytest.raises(InvalidInput) as down:
            ac.sync_source(store, store.get_source(1, "down"), NOW, secret=lambda s: "x")
        assert "failed" in down.value.one_line() or "refused" in down.value.one_line()
        src = store.get_source(1, "mute")
        batches = cal_mod.read_caldav(src.location, "a", "x", set(), NOW, None, "mute", timeout=1)
        with pytest.raises(InvalidInput) as mute:
            list(batches)
        assert "did not answer in time" in mute.value.one_line()
        assert store.list_interactions() == []
    finally:
        server.shutdown()
        silent.close()
