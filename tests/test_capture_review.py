"""The review queue's guard against homonyms: a name alone attaches nobody when two contacts
share it (accents aside) or when it is a single word; such correspondents are proposed with
the contacts they may be, and what the user attaches is found by later syncs. On both
databases."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from capture_helpers import NOW, SETTINGS
from test_store_summary import check
from tisser.app import capture as ac
from tisser.core.model import Contact
from tisser.store import Store

ME = SETTINGS["own_emails"][0]


def _mail(sender: str, mid: str, day: int, to: str = ME, month: str = "Dec", head: str = "") -> str:
    return (
        f"From x@y Thu Jan  1 00:00:00 2026\nFrom: {sender}\nTo: {to}\n{head}"
        f"Date: Tue, {day} {month} 2026 10:00:00 +0100\nMessage-ID: <{mid}@x>\n\nbody\n\n"
    )


def _sync(store: Store, name: str) -> ac.SyncReport:
    return ac.sync_source(store, store.get_source(1, name), NOW)


def _homonyms(store: Store) -> tuple[Contact, Contact, Contact, Contact]:
    a1 = store.add_contact(
        Contact(given_name="Anaïs", family_name="Bénard", organization="Acme", city="Lyon")
    )
    a2 = store.add_contact(
        Contact(given_name="Anaïs", family_name="Bénard", emails=["anais@bureau.fr"])
    )
    marie = store.add_contact(Contact(given_name="Marie"))
    lea = store.add_contact(Contact(given_name="Léa", family_name="Côté"))
    return a1, a2, marie, lea


def test_homonyms_and_single_words_go_to_the_queue(store: Store, tmp_path: Path) -> None:
    a1, a2, marie, lea = _homonyms(store)
    path = tmp_path / "in.mbox"
    path.write_text(
        _mail("Anais Benard <new@x.org>", "a1", 1)
        + _mail("Marie <marie@z.org>", "m1", 2)
        + _mail("Lea COTE <lea@ailleurs.fr>", "l1", 3),
        encoding="utf-8",
    )
    ac.add_source(store, 1, "mbox", str(path), name="in", settings=SETTINGS)
    report = _sync(store, "in")
    # nothing attached silently: neither Anaïs, nor Marie; Léa, unique and two words, is
    for c in (a1, a2, marie):
        assert store.interactions_for(c.id or 0) == []
    assert len(store.interactions_for(lea.id or 0)) == 1
    assert report.skipped["no_known_contact"] == 2 and report.proposed == 2
    queue = {p.value: p for p in ac.review_queue(store, 1)}
    assert sorted(queue) == ["marie@z.org", "new@x.org"]
    anais = queue["new@x.org"]
    assert (anais.display, anais.sent, anais.received) == ("Anais Benard", 0, 1)
    assert [(c.id, c.name, c.detail) for c in anais.candidates] == [
        (a1.id, "Anaïs Bénard", "Acme, Lyon"),
        (a2.id, "Anaïs Bénard", "anais@bureau.fr"),
    ]
    assert [c.id for c in queue["marie@z.org"].candidates] == [marie.id]
    # the user says which Anaïs it is: her next message goes to her, and only her
    assert ac.attach(store, 1, "email:new@x.org", a2.id or 0, NOW).replayed == 1
    assert store.get_contact(a2.id or 0).emails == ["anais@bureau.fr", "new@x.org"]
    assert [p.value for p in ac.review_queue(store, 1)] == ["marie@z.org"]
    with path.open("a", encoding="utf-8") as fh:
        fh.write(_mail("Anais Benard <new@x.org>", "a2", 5))
    _sync(store, "in")
    assert store.interactions_for(a1.id or 0) == []
    assert sorted(i.occurred_at.day for i in store.interactions_for(a2.id or 0)) == [1, 5]


CHAT = """01/12/2026 09:15 - Marie: Salut !
01/12/2026 09:16 - Hélène Marchand: Coucou
"""
MORE = "02/12/2026 18:00 - Marie: À demain\n"


def test_a_chat_name_attached_is_found_again(store: Store, tmp_path: Path) -> None:
    """A chat shows "Marie": no contact can hold that as an address, so attaching it keeps
    an alias that the next sync resolves first."""
    _a1, _a2, marie, _lea = _homonyms(store)
    path = tmp_path / "Discussion WhatsApp avec Marie.txt"
    path.write_text(CHAT, encoding="utf-8")
    ac.add_source(
        store, 1, "whatsapp", str(path), name="wa", settings={"own_names": ["Hélène Marchand"]}
    )
    _sync(store, "wa")
    assert store.interactions_for(marie.id or 0) == []
    [p] = ac.review_queue(store, 1)
    assert (p.address, [c.id for c in p.candidates]) == ("name:marie", [marie.id])
    done = ac.attach(store, 1, p.address, marie.id or 0, NOW)
    assert ac.review_queue(store, 1) == []
    # the day already read (her message, the answer) is hers at once; the next day comes
    # with the next sync
    assert done.replayed == 2
    assert [i.occurred_at.day for i in store.interactions_for(marie.id or 0)] == [1]
    path.write_text(CHAT + MORE, encoding="utf-8")
    _sync(store, "wa")
    assert sorted(i.occurred_at.day for i in store.interactions_for(marie.id or 0)) == [1, 2]


def test_the_sources_page_offers_each_homonym(store: Store, tmp_path: Path) -> None:
    from web_helpers import client_for, post

    a1, a2, _marie, _lea = _homonyms(store)
    path = tmp_path / "in.mbox"
    path.write_text(_mail("Anais Benard <new@x.org>", "a1", 1), encoding="utf-8")
    ac.add_source(store, 1, "mbox", str(path), name="in", settings=SETTINGS)
    _sync(store, "in")
    client = client_for(store)
    fr = client.get("/sources", headers={"accept-language": "fr-FR"}).text
    assert "Porte le nom de ces contacts\u00a0:" in fr
    assert fr.count("Rattacher à Anaïs Bénard") == 2 and "Acme, Lyon" in fr
    en = client.get("/sources", headers={"accept-language": "en-GB"}).text
    assert en.count("Attach to Anaïs Bénard") == 2 and "anais@bureau.fr" in en
    r = post(
        client,
        "/sources/review",
        {"address": "email:new@x.org", "action": "attach", "contact": f"#{a1.id}"},
        headers={"accept-language": "fr-FR"},
    )
    assert r.status_code == 303
    shown = client.get("/sources", headers={"accept-language": "fr-FR"}).text
    assert "new@x.org appartient désormais à Anaïs Bénard. 1 message antérieur est maintenant dans le journal." in shown
    assert store.get_contact(a1.id or 0).emails == ["new@x.org"]
    assert store.get_contact(a2.id or 0).emails == ["anais@bureau.fr"]


def test_the_command_line_shows_the_candidates(
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tisser.cli import main
    from tisser.store import open_store

    s = open_store(db_url)
    a1, a2, _marie, _lea = _homonyms(s)
    path = tmp_path / "in.mbox"
    path.write_text(_mail("Anais Benard <new@x.org>", "a1", 1), encoding="utf-8")
    ac.add_source(s, 1, "mbox", str(path), name="in", settings=SETTINGS)
    _sync(s, "in")
    s.close()
    for k, v in {"TISSER_DB": db_url, "TISSER_TODAY": "2026-12-07", "COLUMNS": "200"}.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("TISSER_LANG", "fr")
    assert main(["sources", "review"]) == 0
    out = capsys.readouterr().out
    assert "Peut-être" in out
    assert f"#{a1.id} Anaïs Bénard (Acme, Lyon) · #{a2.id} Anaïs Bénard (anais@bureau.fr)" in out
    monkeypatch.setenv("TISSER_LANG", "en")
    assert main(["sources", "review", "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in row["may_be"]] == [a1.id, a2.id]


PAUL = "Paul Inconnu <paul@nowhere.org>"


def _paul_mbox(path: Path) -> None:
    """Three threads with Paul, one with Anaïs (a homonym) on the first, one with Jean."""
    mails = [
        _mail(ME, "po0", 1, f"{PAUL}, Anais Benard <new@x.org>", "Jun"),
        _mail(ME, "po1", 2, PAUL, "Jun"),
        _mail(ME, "po2", 3, PAUL, "Jun"),
        *(_mail(PAUL, f"pi{k}", 4 + k, ME, "Jun", f"In-Reply-To: <po{k}@x>\n") for k in range(3)),
        _mail(ME, "j1", 7, f"Jean Dupont <jean@x.fr>, {PAUL}", "Jun"),
    ]
    path.write_text("".join(mails), encoding="utf-8")


def _journal(store: Store) -> list[tuple[int, list[int], str]]:
    return sorted(
        (i.occurred_at.day, sorted(i.contact_ids), i.outcome) for i in store.list_interactions()
    )


def test_resolving_replays_the_messages_already_read(store: Store, tmp_path: Path) -> None:
    _a1, a2, _marie, _lea = _homonyms(store)
    jean = store.add_contact(Contact(given_name="Jean", family_name="Dupont", emails=["jean@x.fr"]))
    path = tmp_path / "paul.mbox"
    _paul_mbox(path)
    ac.add_source(store, 1, "mbox", str(path), name="p", settings=SETTINGS)
    _sync(store, "p")
    j, a = jean.id or 0, a2.id or 0
    assert _journal(store) == [(7, [j], "no_reply")]
    queue = {p.value: (p.sent, p.received) for p in ac.review_queue(store, 1)}
    assert queue == {"paul@nowhere.org": (4, 3), "new@x.org": (1, 0)}
    # Paul added: his three threads (sent and answered) are in the journal at once, and he
    # joins Jean's message he was on (7 messages)
    done = ac.accept(store, 1, "email:paul@nowhere.org", NOW)
    p = done.contact.id or 0
    assert done.replayed == 7
    assert _journal(store) == [
        (4, [p], "replied"),
        (5, [p], "replied"),
        (6, [p], "replied"),
        (7, sorted([j, p]), "no_reply"),
    ]
    assert store.pending_messages(1, "email:paul@nowhere.org") == {}
    # Anaïs, on Paul's first thread, is attached to the right homonym: she joins that
    # interaction, which is not counted twice
    assert ac.attach(store, 1, "email:new@x.org", a, NOW).replayed == 1
    after = _journal(store)
    assert after == [
        (4, sorted([p, a]), "replied"),
        (5, [p], "replied"),
        (6, [p], "replied"),
        (7, sorted([j, p]), "no_reply"),
    ]
    assert ac.review_queue(store, 1) == []
    check(store, [NOW - timedelta(days=365)])
    # a sync again adds nothing twice; a new message from Paul comes as usual
    again = _sync(store, "p")
    assert (again.read, again.created, again.updated) == (0, 0, 0)
    assert _journal(store) == after
    with path.open("a", encoding="utf-8") as fh:
        fh.write(_mail(PAUL, "pn", 9, ME, "Jun"))
    new = _sync(store, "p")
    assert (new.read, new.created, new.updated) == (1, 1, 0)  # the appended message alone
    assert _journal(store) == sorted([*after, (9, [p], "")])
    check(store, [NOW - timedelta(days=365)])
