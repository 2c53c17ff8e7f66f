"""The Sources page: add a mailbox, sync it, read the report in French and English, review
the correspondents, remove the source only once confirmed."""

from __future__ import annotations

from pathlib import Path

from capture_helpers import book, mailbox_for
from tisser.demo import mailbox as gen
from tisser.store import Store
from web_helpers import client_for, post, web_store  # noqa: F401 - the store fixture

EN = {"accept-language": "en-GB"}
FR = {"accept-language": "fr-FR"}


def test_sources_page_in_both_languages(store: Store, tmp_path: Path) -> None:
    contacts = book(store, 12)
    path = tmp_path / "Sent.mbox"
    truth = mailbox_for(path, contacts, count=150)
    client = client_for(store)
    assert "Aucune source pour" in client.get("/sources", headers=FR).text
    assert "No source yet." in client.get("/sources", headers=EN).text
    r = post(
        client, "/sources", {"kind": "mbox", "location": str(path), "me": gen.ME, "name": "boite"}
    )
    assert r.status_code == 303
    r = post(client, "/sources/sync", {"name": "boite"})
    assert r.status_code == 303
    source = store.get_source(1, "boite")
    client.app.state.sync_jobs.wait(1, source.id, 60)  # the sync runs in the background
    fr = client.get("/sources", headers=FR).text
    assert f"{truth.messages} messages lus" in fr and "Synchroniser" in fr
    assert "écartés\u00a0: courrier automatique" in fr
    en = client.get("/sources", headers=EN).text
    assert f"{truth.messages} messages read" in en and "To review" in en
    assert "inconnu" in en  # the strangers with three exchanges each way
    address = next(a for a in en.split('name="address" value="')[1:]).split('"')[0]
    r = post(client, "/sources/review", {"address": address, "action": "ignore"}, headers=EN)
    assert r.status_code == 303
    after = client.get("/sources", headers=EN).text
    assert f'value="{address}"' not in after
    assert address.split(":", 1)[1] + " will not be proposed again." in after  # no "email:"
    journal = client.get("/journal", headers=FR).text
    assert "capturé depuis boite" in journal and "no_reply" not in journal
    page = client.get(f"/contacts/{contacts[0].id}", headers=EN).text
    assert "captured from boite" in page and "no_reply" not in page
    captured = len(store.list_interactions())
    assert captured > 0
    # not confirmed: nothing removed; confirmed: the captured interactions go
    post(client, "/sources/remove", {"name": "boite"})
    assert len(store.list_interactions()) == captured
    post(client, "/sources/remove", {"name": "boite", "confirm": "yes"})
    assert store.list_interactions() == [] and store.list_sources() == []
    r = post(client, "/sources", {"kind": "mbox", "location": str(tmp_path / "nope.mbox")})
    assert r.status_code == 303 and "Sources" in client.get("/sources", headers=EN).text


def test_sync_now_with_htmx_shows_progress_then_the_report(store: Store, tmp_path: Path) -> None:
    """htmx's "Sync now" answers at once with the source's cell, which polls its progress;
    the poll after the end gives the closing report and the new captured count."""
    contacts = book(store, 8)
    path = tmp_path / "Sent.mbox"
    truth = mailbox_for(path, contacts, count=60)
    client = client_for(store)
    post(client, "/sources", {"kind": "mbox", "location": str(path), "me": gen.ME, "name": "b"})
    source = store.get_source(1, "b")
    htmx = {"hx-request": "true", **EN}
    cell = post(client, "/sources/sync", {"name": "b"}, headers=htmx).text
    assert f'id="sync-{source.id}"' in cell
    assert f'hx-get="/sources/{source.id}/progress"' in cell or "Sync finished." in cell
    client.app.state.sync_jobs.wait(1, source.id, 60)
    done = client.get(f"/sources/{source.id}/progress", headers=htmx).text
    assert "Sync finished." in done and f"{truth.messages} messages read" in done
    assert "hx-get" not in done  # the polling stops
    captured = len(store.list_interactions())
    assert f'<span id="captured-{source.id}" hx-swap-oob="true">{captured}</span>' in done
    fr = client.get(f"/sources/{source.id}/progress", headers={"hx-request": "true", **FR}).text
    assert "Synchronisation terminée." in fr and f"{truth.messages} messages lus" in fr
    assert client.get("/sources/9999/progress", headers=htmx).status_code == 204


def test_a_sync_that_fails_says_why_in_its_cell(store: Store, tmp_path: Path) -> None:
    """The file gone between adding and syncing: the cell says what is wrong and what to do,
    in the reader's language; nothing else changes."""
    path = tmp_path / "gone.mbox"
    path.write_text("From x\n\n", encoding="utf-8")
    client = client_for(store)
    post(client, "/sources", {"kind": "mbox", "location": str(path), "name": "partie"})
    source = store.get_source(1, "partie")
    path.unlink()
    htmx = {"hx-request": "true", **EN}
    post(client, "/sources/sync", {"name": "partie"}, headers=htmx)
    client.app.state.sync_jobs.wait(1, source.id, 30)
    en = client.get(f"/sources/{source.id}/progress", headers=htmx).text
    assert f"partie: {path} is gone — put the file back, or remove the source" in en
    assert 'role="alert"' in en and "Sync finished." not in en
    fr = client.get(f"/sources/{source.id}/progress", headers={"hx-request": "true", **FR}).text
    assert f"{path} a disparu — remettez le fichier en place, ou retirez la source" in fr
    assert "Traceback" not in en + fr and store.list_interactions() == []
