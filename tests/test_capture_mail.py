"""Capture from mailbox files: the generated truth against what the journal holds, on both
databases; re-runs, resumes, removal, "no reply", the review queue, bad input."""

from __future__ import annotations

import mailbox
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

from capture_helpers import NOW, SETTINGS, book, mailbox_for
from test_store_summary import check
from tisser.app import capture as ac
from tisser.capture.mailfiles import read_mbox
from tisser.core.model import Channel, Contact, Interaction
from tisser.store import Store


def _sync(store: Store, name: str, **kw: object) -> ac.SyncReport:
    return ac.sync_source(store, store.get_source(1, name), NOW, **kw)  # type: ignore[arg-type]


def test_mbox_matches_the_truth(store: Store, tmp_path: Path) -> None:
    contacts = book(store)
    path = tmp_path / "mail.mbox"
    truth = mailbox_for(path, contacts)
    typed = store.add_interaction(
        Interaction(
            occurred_at=NOW - timedelta(days=3),
            channel=Channel.LUNCH,
            contact_ids=[contacts[0].id or 0],
        )
    )
    src = ac.add_source(store, 1, "mbox", str(path), name="mail", settings=SETTINGS)
    report = _sync(store, src.name)
    # what a reader counts by hand, from the generator's truth: one interaction per thread
    # with a known contact; newsletters left out as automated
    known = {m: c for m, c in truth.contact_of.items() if c is not None}
    threads: dict[str, set[int]] = {}
    for mid, cid in known.items():
        threads.setdefault(truth.thread_of[mid], set()).add(cid)
    assert report.read == truth.messages
    assert report.skipped["automated"] == truth.newsletters
    assert report.messages == len(known)
    assert report.created == len(threads)
    journal = [i for i in store.list_interactions() if i.id != typed.id]
    assert len(journal) == len(threads)
    assert Counter(tuple(sorted(i.contact_ids)) for i in journal) == Counter(
        tuple(sorted(v)) for v in threads.values()
    )
    check(store, [NOW - timedelta(days=365)])
    # a second run adds nothing, reads nothing new
    again = _sync(store, src.name)
    assert (again.created, again.updated, again.read) == (0, 0, 0)
    assert len(store.list_interactions()) == len(threads) + 1
    # removing the source removes what it captured, never what was typed
    assert store.remove_source(1, "mail") == len(threads)
    assert [i.id for i in store.list_interactions()] == [typed.id]
    check(store, [NOW - timedelta(days=30)])


def test_an_interrupted_sync_resumes(store: Store, tmp_path: Path) -> None:
    contacts = book(store, 20)
    path = tmp_path / "m.mbox"
    mailbox_for(path, contacts, count=300)
    whole = tmp_path / "whole.mbox"
    whole.write_bytes(path.read_bytes())
    a = ac.add_source(store, 1, "mbox", str(path), name="cut", settings=SETTINGS)
    from tisser.capture.filters import CaptureSettings
    from tisser.capture.sync import Capture

    def first_batch_then_die() -> object:
        for n, batch in enumerate(read_mbox(path, {}, batch=70)):
            if n == 2:
                raise KeyboardInterrupt
            yield batch

    with pytest.raises(KeyboardInterrupt):
        Capture(store, a, CaptureSettings(**SETTINGS), NOW).run(first_batch_then_die())
    state = store.get_source(1, "cut").state
    assert 0 < state["offset"] < path.stat().st_size
    _sync(store, "cut")
    cut = sorted(
        (i.occurred_at, tuple(i.contact_ids), i.outcome) for i in store.list_interactions()
    )
    store.remove_source(1, "cut")
    ac.add_source(store, 1, "mbox", str(whole), name="whole", settings=SETTINGS)
    _sync(store, "whole")
    full = sorted(
        (i.occurred_at, tuple(i.contact_ids), i.outcome) for i in store.list_interactions()
    )
    assert cut == full and full


def test_maildir_and_eml_give_the_same_journal(store: Store, tmp_path: Path) -> None:
    contacts = book(store, 15)
    path = tmp_path / "m.mbox"
    mailbox_for(path, contacts, count=120)
    md = mailbox.Maildir(tmp_path / "Maildir", create=True)
    emls = tmp_path / "eml"
    emls.mkdir()
    for n, msg in enumerate(mailbox.mbox(path)):
        md.add(msg)
        (emls / f"{n:04d}.eml").write_bytes(msg.as_bytes())
    results = []
    for kind, where in (("mbox", path), ("maildir", tmp_path / "Maildir"), ("eml", emls)):
        ac.add_source(store, 1, kind, str(where), name=kind, settings=SETTINGS)
        _sync(store, kind)
        results.append(
            sorted((i.occurred_at, tuple(i.contact_ids)) for i in store.list_interactions())
        )
        store.remove_source(1, kind)
    assert results[0] == results[1] == results[2] and results[0]


def _mbox(path: Path, *messages: str) -> Path:
    body = "".join(f"From x@y Thu Jan  1 00:00:00 2026\n{m.strip()}\n\nbody\n\n" for m in messages)
    path.write_bytes(body.encode("utf-8"))
    return path


def test_no_reply_review_queue_and_resolution(store: Store, tmp_path: Path) -> None:
    jean = store.add_contact(
        Contact(given_name="Jean", family_name="Dupont", emails=["Jean.Dupont@Gmail.com"])
    )
    lea = store.add_contact(Contact(given_name="Léa", family_name="Côté"))
    me = SETTINGS["own_emails"][0]
    msgs = [
        # four unanswered attempts to Jean, weeks ago; plus-addressing and dots folded
        *(
            f"From: {me}\nTo: j.e.a.n.dupont+pro@googlemail.com\nDate: Mon, {d} Oct 2026 10:00:00 +0200\n"  # noqa: E501
            f"Message-ID: <nr{d}@x>"
            for d in (5, 12, 19, 26)
        ),
        # Léa known by name only (no address in the book): accent-insensitive
        f"From: Lea COTE <lea@elsewhere.fr>\nTo: {me}\nDate: Tue, 1 Dec 2026 10:00:00 +0100\nMessage-ID: <lea1@x>",  # noqa: E501
    ]
    # a stranger with three exchanges each way
    for k in range(3):
        msgs.append(
            f"From: {me}\nTo: Paul Inconnu <paul@nowhere.org>\nDate: Mon, {k + 1} Jun 2026 10:00:00 +0200\nMessage-ID: <po{k}@x>"  # noqa: E501
        )
        msgs.append(
            f"From: Paul Inconnu <paul@nowhere.org>\nTo: {me}\nDate: Tue, {k + 2} Jun 2026 10:00:00 +0200\nMessage-ID: <pi{k}@x>"  # noqa: E501
        )
    path = _mbox(tmp_path / "a.mbox", *msgs)
    ac.add_source(store, 1, "mbox", str(path), name="a", settings=SETTINGS)
    report = _sync(store, "a")
    assert [i.outcome for i in store.interactions_for(jean.id or 0)] == ["no_reply"] * 4
    assert len(store.interactions_for(lea.id or 0)) == 1
    assert report.skipped["no_known_contact"] == 6 and report.proposed == 1
    queue = ac.review_queue(store, 1)
    assert [(p.value, p.sent, p.received) for p in queue] == [("paul@nowhere.org", 3, 3)]
    added = ac.accept(store, 1, "paul@nowhere.org", NOW).contact
    assert (added.given_name, added.family_name, added.emails) == (
        "Paul",
        "Inconnu",
        ["paul@nowhere.org"],
    )
    assert ac.review_queue(store, 1) == []


def test_bad_input_is_counted_never_fatal(store: Store, tmp_path: Path) -> None:
    store.add_contact(Contact(given_name="Zoé", family_name="Faure", emails=["zoe@x.fr"]))
    me = SETTINGS["own_emails"][0]
    raw = (
        b"From x Thu Jan  1 00:00:00 2026\nFrom: zoe@x.fr\nTo: "
        + me.encode()
        + b"\nMessage-ID: <a@x>\n\nno date\n\n"
        b"From x Thu Jan  1 00:00:00 2026\nFrom: zoe@x.fr\nTo: "
        + me.encode()
        + b"\nDate: 45 Foo 99999 99:99\nMessage-ID: <b@x>\n\nbad date\n\n"
        b"From x Thu Jan  1 00:00:00 2026\nFrom: =?utf-8?q?Zo=C3=A9_=FF?= <zoe@x.fr>\nSubject: =?x-unknown?b?////?= \xff\xfe\n"  # noqa: E501
        b"To: "
        + me.encode()
        + b"\nDate: Mon, 2 Nov 2026 10:00:00 +0100\nMessage-ID: <c@x>\n\nok\n\n"
        b"From x Thu Jan  1 00:00:00 2026\nFrom: zoe@x.fr\nTo: "
        + me.encode()
        + b"\nDate: Tue, 3 Nov 2026 10:00:00 +0100\nMessage-ID: <d@x>\nSubj"
    )  # the last message is cut in the middle of its headers (a truncated mbox)
    path = tmp_path / "bad.mbox"
    path.write_bytes(raw)
    ac.add_source(store, 1, "mbox", str(path), name="bad", settings=SETTINGS)
    report = _sync(store, "bad")
    assert report.read == 4 and report.skipped["no_date"] == 2
    second = raw.index(b"\nFrom x") + 1  # where the second message starts, found by hand
    assert [p.where for p in report.problems] == [
        "bad.mbox: message 1 (byte 0)",
        f"bad.mbox: message 2 (byte {second})",
    ]
    assert report.messages == 2 and report.created == 2  # c and the cut d: two threads
