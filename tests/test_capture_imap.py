"""IMAP capture against a real Dovecot on loopback: first sync equals the generated truth,
a resync fetches only new UIDs, Gmail's All Mail adds nothing, wrong password, untrusted
certificate and a server gone half-way each give one clear message; passwords live in the
keyring (keyrings.alt's file keyring here), never in the database."""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from capture_helpers import NOW, START, book
from dovecot import PASSWORD, USER, Dovecot, DovecotUnavailable
from tisser.app import capture as ac
from tisser.capture import imap
from tisser.capture.filters import CaptureSettings
from tisser.capture.sync import Capture
from tisser.core.errors import InvalidInput
from tisser.demo import mailbox as gen
from tisser.store import Store


def _start() -> Dovecot:
    try:
        return Dovecot().start()
    except (DovecotUnavailable, OSError) as exc:
        if os.environ.get("CI"):
            pytest.fail(f"Dovecot unavailable: {exc}")
        pytest.skip(f"Dovecot unavailable: {exc}")


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    server = _start()
    try:
        yield server
    finally:
        server.remove()


def _fill(
    server: Dovecot, contacts: list, count: int, seed: int, all_mail: bool = False, tag: str = ""
) -> gen.Truth:
    """Generated messages: received ones in an inbox, sent ones in Sent, all in All Mail
    (folders named after ``tag``: the session's server is shared by the tests)."""
    rng = random.Random(seed)
    truth = gen.Truth()
    people = gen.correspondents(contacts, 5, rng)
    inbox, sent, every = [], [], []
    for mid, raw in gen.messages(people, count, START, rng, truth=truth, span_days=300):
        (sent if truth.outgoing.get(mid) else inbox).append(raw)
        every.append(raw)
    server.deliver(inbox, f"{tag}Inbox")
    server.deliver(sent, f"{tag}Sent")
    if all_mail:
        server.deliver(every, f"{tag}All Mail")
    return truth


def _source(store: Store, server: Dovecot, name: str, **extra: object) -> ac.SourceRecord:
    settings = {**server.settings(), "own_emails": [gen.ME], **extra}
    return ac.add_source(store, 1, "imap", "127.0.0.1", name=name, settings=settings)


def _journal(store: Store) -> list[tuple]:
    return sorted(
        (i.occurred_at, tuple(sorted(i.contact_ids)), i.outcome) for i in store.list_interactions()
    )


def test_first_sync_resync_and_all_mail(store: Store, dovecot: Dovecot) -> None:
    contacts = book(store, 20)
    tag = f"t{random.randrange(10**9)}-"
    truth = _fill(dovecot, contacts, 150, seed=11, all_mail=True, tag=tag)
    folders = [f"{tag}Inbox", f"{tag}Sent", f"{tag}All Mail"]
    src = _source(store, dovecot, "box", folders=folders)
    first = ac.sync_source(store, src, NOW, secret=lambda s: PASSWORD)
    threads = {truth.thread_of[m] for m, c in truth.contact_of.items() if c is not None}
    # INBOX + Sent + All Mail: every message fetched twice, counted once
    assert first.fetched == 2 * truth.messages
    assert first.skipped["already_captured"] == truth.messages
    assert first.created == len(threads) == len(store.list_interactions())
    state = store.get_source(1, "box").state["folders"]
    assert set(state) == set(folders)
    again = ac.sync_source(store, store.get_source(1, "box"), NOW, secret=lambda s: PASSWORD)
    assert (again.fetched, again.created, again.updated) == (0, 0, 0)
    # a reply arrives: the next sync fetches that one UID and updates its thread
    root = (
        next(
            m
            for m, c in truth.contact_of.items()
            if c == contacts[0].id and truth.thread_of[m] == m
        )
        if any(c == contacts[0].id for c in truth.contact_of.values())
        else None
    )
    to = contacts[0].emails[0]
    extra = (
        f"From: {contacts[0].display_name} <{to}>\r\nTo: {gen.ME}\r\n"
        f"Date: Sun, 6 Dec 2026 10:00:00 +0100\r\nMessage-ID: <late@x>\r\n"
        + (f"In-Reply-To: {root}\r\nReferences: {root}\r\n" if root else "")
        + "\r\nMerci !\r\n"
    ).encode()
    dovecot.deliver([extra], f"{tag}Inbox")
    late = ac.sync_source(store, store.get_source(1, "box"), NOW, secret=lambda s: PASSWORD)
    assert late.fetched == 1 and late.created + late.updated == 1
    latest = store.interactions_for(contacts[0].id or 0)[0]
    assert latest.occurred_at.isoformat() == "2026-12-06T09:00:00+00:00"


def test_wrong_password_untrusted_certificate_starttls(store: Store, dovecot: Dovecot) -> None:
    src = _source(store, dovecot, "a")
    with pytest.raises(InvalidInput) as bad:
        ac.sync_source(store, src, NOW, secret=lambda s: "wrong")
    assert "refused the user name or the password" in bad.value.one_line()
    assert "wrong" not in bad.value.one_line()
    untrusted = ac.add_source(
        store, 1, "imap", "127.0.0.1", name="b", settings={**dovecot.settings(trusted=False)}
    )
    with pytest.raises(InvalidInput) as cert:
        ac.sync_source(store, untrusted, NOW, secret=lambda s: PASSWORD)
    assert "is not trusted" in cert.value.one_line()
    assert store.list_interactions() == []
    tls = ac.add_source(
        store,
        1,
        "imap",
        "127.0.0.1",
        name="c",
        settings={**dovecot.settings(starttls=True), "own_emails": [gen.ME]},
    )
    report = ac.sync_source(store, tls, NOW, secret=lambda s: PASSWORD)
    assert report.problem_count == 0


def test_server_gone_half_way(store: Store, tmp_path: Path) -> None:
    server = _start()
    try:
        contacts = book(store, 15)
        _fill(server, contacts, 120, seed=3)
        src = _source(store, server, "gone", folders=["Inbox", "Sent"])
        batches = imap.read_imap(src, PASSWORD, chunk=20)

        def die_after_two() -> Iterator:
            for n, b in enumerate(batches):
                if n == 2:
                    server.crash()
                yield b

        cap = Capture(store, src, CaptureSettings.from_dict(src.settings), NOW)
        with pytest.raises(InvalidInput) as lost:
            cap.run(imap_after(die_after_two(), server))
        assert "was lost during the sync" in lost.value.one_line()
        partial = _journal(store)
        assert partial  # the batches before the cut are kept, whole
        server.start()
        ac.sync_source(store, store.get_source(1, "gone"), NOW, secret=lambda s: PASSWORD)
        cut = _journal(store)
        store.remove_source(1, "gone")
        again = _source(store, server, "again", folders=["Inbox", "Sent"])
        ac.sync_source(store, again, NOW, secret=lambda s: PASSWORD)
        assert _journal(store) == cut
    finally:
        server.remove()


def imap_after(batches: Iterator, server: Dovecot) -> Iterator:
    """The batches as they come (the server is stopped inside the generator above)."""
    yield from batches


def test_password_in_the_keyring_not_in_the_database(
    db_url: str,
    dovecot: Dovecot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    ring = PlaintextKeyring()
    ring.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    keyring.set_keyring(ring)
    from tisser.cli import main

    monkeypatch.setenv("TISSER_DB", db_url)
    monkeypatch.setenv("TISSER_LANG", "en")
    monkeypatch.setenv("TISSER_PASSWORD", PASSWORD)
    assert (
        main(
            [
                "sources",
                "add",
                "imap",
                "--host",
                "127.0.0.1",
                "--port",
                str(dovecot.imaps_port),
                "--user",
                USER,
                "--name",
                "kr",
                "--cafile",
                str(dovecot.cert),
                "--save-password",
            ]
        )
        == 0
    )
    monkeypatch.delenv("TISSER_PASSWORD")
    assert main(["sync", "kr"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and PASSWORD not in out + err
    assert "kr" in out
    assert ring.get_password("tisser", f"imap:{USER}@127.0.0.1") == PASSWORD
    if db_url.startswith("sqlite"):
        db = Path(db_url.removeprefix("sqlite:///"))
        assert PASSWORD.encode() not in db.read_bytes()
    from tisser.store import open_store

    s = open_store(db_url)
    try:
        assert PASSWORD not in repr(s.get_source(1, "kr"))
    finally:
        s.close()
