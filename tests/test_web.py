"""The web application through its routes (FastAPI TestClient), on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import importlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tisser.core.model import Contact
from tisser.store import Store
from tisser.web.app import WORKER_CONFIG
from web_helpers import (
    client_for,
    post,
    rows,
    seed,
    token,
    web_store,  # noqa: F401  (the `store` fixture)
)


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return seed(store)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        yield c


def fr(client: TestClient) -> None:
    post(client, "/language", {"lang": "fr", "back": "/"})


def en(client: TestClient) -> None:
    post(client, "/language", {"lang": "en", "back": "/"})


# --- security -------------------------------------------------------------------------------


def test_post_without_csrf_token_is_refused(client: TestClient, store: Store) -> None:
    r = client.post("/contacts", data={"name": "Claire Dubois"}, follow_redirects=False)
    assert r.status_code == 403
    r = client.post(
        "/contacts", data={"name": "Claire Dubois", "csrf_token": "forged"}, follow_redirects=False
    )
    assert r.status_code == 403
    assert store.find_contacts_by_name("Claire Dubois") == []
    r = post(client, "/contacts", {"name": "Claire Dubois"})
    assert r.status_code == 303
    assert len(store.find_contacts_by_name("Claire Dubois")) == 1


def test_htmx_header_carries_the_token(client: TestClient, store: Store) -> None:
    r = client.post(
        "/contacts",
        data={"name": "Claire Dubois"},
        headers={"X-CSRF-Token": token(client)},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_every_form_carries_the_token(client: TestClient, ids: dict[str, int]) -> None:
    for url in ("/", "/contacts", f"/contacts/{ids['Loïc']}", "/contacts/new", "/profile"):
        html = client.get(url).text
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S)
        assert forms, url
        for form in forms:
            assert f'name="csrf_token" value="{token(client)}"' in form, (url, form[:200])


def test_user_strings_are_escaped(client: TestClient, store: Store) -> None:
    r = post(client, "/contacts", {"name": "<script>alert(1)</script>", "notes": "<b>x</b>"})
    assert r.status_code == 303
    page = client.get(r.headers["location"]).text
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page
    listing = client.get("/contacts", params={"q": "script"}).text
    assert "<script>alert" not in listing


def test_security_headers_and_hosts(client: TestClient) -> None:
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-frame-options"] == "DENY"
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400


def test_errors_are_pages_without_traceback(store: Store, ids: dict[str, int]) -> None:
    with client_for(store, raise_server_exceptions=False) as client:
        missing = client.get("/contacts/999999")
        assert missing.status_code == 404
        assert "999999" in missing.text
        assert "tisser list" not in missing.text  # no command-line hint in a browser
        assert client.get("/no/such/page").status_code == 404
        assert client.get("/contacts/abc").status_code in (400, 404)
        # An id past the database's 64-bit integers names no row (SQLite would overflow).
        for url in ("/contacts/9223372036854999999", "/events/9223372036854999999/brief"):
            too_large = client.get(url)
            assert too_large.status_code in (400, 404) and "Traceback" not in too_large.text

        def boom(*a: object, **k: object) -> None:
            raise RuntimeError("secret internals")

        store.interactions_for = boom  # type: ignore[method-assign]
        r = client.get(f"/contacts/{ids['Loïc']}")
        assert r.status_code == 500
        assert "Traceback" not in r.text and "secret internals" not in r.text
        assert "<html" in r.text


# --- language ---------------------------------------------------------------------------


def test_language_switch_is_remembered(client: TestClient) -> None:
    fr(client)
    assert ">Aujourd&#39;hui<" in client.get("/").text or ">Aujourd'hui<" in client.get("/").text
    r = post(client, "/language", {"lang": "en", "back": "/contacts"})
    assert r.status_code == 303 and r.headers["location"] == "/contacts"
    assert client.cookies.get("tisser_lang") == "en"
    page = client.get("/contacts").text
    assert '<html lang="en">' in page and ">Today<" in page
    # an outside address is never a redirect target
    r = post(client, "/language", {"lang": "fr", "back": "https://evil.example/"})
    assert r.headers["location"] == "/"


def test_browser_language_is_the_default(store: Store) -> None:
    with client_for(store) as client:
        client.cookies.delete("tisser_lang")
        html = client.get("/", headers={"accept-language": "en-GB,en;q=0.8"}).text
        assert '<html lang="en">' in html
        html = client.get("/", headers={"accept-language": "de-DE"}).text
        assert '<html lang="fr">' in html


# --- today --------------------------------------------------------------------------------


def test_today_page(client: TestClient, ids: dict[str, int]) -> None:
    en(client)
    html = client.get("/").text
    assert "The network in numbers" in html
    # Hélène (circle 2, last seen in May) is cooling: she is to get back in touch with
    assert f'id="reconnect-{ids["Hélène"]}"' in html
    assert f'id="reconnect-{ids["Loïc"]}"' not in html  # seen 3 days ago, on track
    r = client.post(
        f"/contacts/{ids['Hélène']}/interactions",
        data={"channel": "call", "view": "row"},
        headers={"X-CSRF-Token": token(client), "HX-Request": "true"},
    )
    assert r.status_code == 200
    assert "Logged call with Hélène Müller" in r.text
    assert "<html" not in r.text
    assert f'id="reconnect-{ids["Hélène"]}"' not in client.get("/").text


def test_empty_network_offers_the_demo(store: Store) -> None:
    with client_for(store) as client:
        en(client)
        assert "Load the demo network" in client.get("/").text


# --- contacts -------------------------------------------------------------------------------


def test_search_is_accent_insensitive_and_partial(client: TestClient, ids: dict[str, int]) -> None:
    assert rows(client.get("/contacts", params={"q": "helene"}).text) == ["Hélène Müller"]
    partial = client.get(
        "/contacts", params={"q": "LOIC"}, headers={"HX-Request": "true", "HX-Target": "results"}
    ).text
    assert "<html" not in partial
    assert rows(partial) == ["Loïc Marchand"]
    assert rows(client.get("/contacts", params={"q": "fables"}).text) == ["Jean de La Fontaine"]


def test_filters_and_sort(client: TestClient, ids: dict[str, int]) -> None:
    # directory order: family name without particle (Abadie, La Fontaine, Marchand, Müller)
    assert rows(client.get("/contacts").text) == [
        "Zoé Abadie",
        "Jean de La Fontaine",
        "Loïc Marchand",
        "Hélène Müller",
    ]
    assert "Old Friend" in rows(client.get("/contacts", params={"archived": "1"}).text)
    assert rows(client.get("/contacts", params={"circle": ["1", "2"]}).text) == [
        "Loïc Marchand",
        "Hélène Müller",
    ]
    assert rows(client.get("/contacts", params={"city": "bordeaux", "tag": "VIN"}).text) == [
        "Zoé Abadie"
    ]
    assert rows(client.get("/contacts", params={"status": "cooling"}).text) == ["Hélène Müller"]
    assert rows(client.get("/contacts", params={"status": "archived"}).text) == ["Old Friend"]
    by_city = rows(client.get("/contacts", params={"sort": "city", "dir": "desc"}).text)
    assert by_city == ["Hélène Müller", "Jean de La Fontaine", "Zoé Abadie", "Loïc Marchand"]
    last = rows(client.get("/contacts", params={"sort": "last_contact", "dir": "desc"}).text)
    assert last[:2] == ["Loïc Marchand", "Hélène Müller"]
    bad = client.get("/contacts", params={"circle": "9", "status": "nope"})
    assert bad.status_code == 200
    assert "nope" in bad.text


def test_pagination(client: TestClient, store: Store) -> None:
    from tisser.core.model import Contact

    store.bulk_add_contacts([Contact(given_name="P", family_name=f"N{i:03d}") for i in range(120)])
    en(client)
    page3 = client.get("/contacts", params={"page": 3}).text
    assert rows(page3) == [f"P N{i:03d}" for i in range(100, 120)]
    assert "Page 3 of 3" in page3
    assert "120 contacts" in page3
    assert client.get("/contacts", params={"page": 0}).status_code == 400


def test_bulk_tag_and_archive(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    en(client)
    chosen = [ids["Zoé"], ids["Jean"]]
    r = post(client, "/contacts/bulk", {"action": "tag", "tag": "salon 2026", "ids": chosen})
    assert r.status_code == 303
    assert all("salon 2026" in store.get_contact(i).tags for i in chosen)
    post(client, "/contacts/bulk", {"action": "archive", "ids": chosen, "back": "/contacts"})
    assert {store.get_contact(i).circle.value for i in chosen} == {5}
    r = post(client, "/contacts/bulk", {"action": "tag", "ids": chosen})  # no tag typed
    assert r.status_code == 303
    assert "Type the tag to add or remove." in client.get(r.headers["location"]).text


def test_add_contact_keeps_entries_on_error(client: TestClient, store: Store) -> None:
    en(client)
    r = post(
        client,
        "/contacts",
        {"name": "Claire Dubois", "emails": "not-an-address", "closeness": "9", "city": "Nantes"},
    )
    assert r.status_code == 400
    assert "is not an e-mail address" in r.text
    assert "give a number from 1 to 5" in r.text
    assert 'value="Nantes"' in r.text and 'value="Claire Dubois"' in r.text
    assert store.find_contacts_by_name("Claire Dubois") == []
    r = post(client, "/contacts", {"name": "Claire Dubois", "emails": "c@x.fr", "circle": "2"})
    assert r.status_code == 303
    saved = store.find_contacts_by_name("Claire Dubois")[0]
    assert saved.emails == ["c@x.fr"] and saved.circle.value == 2
    again = post(client, "/contacts", {"name": "claire dubois"})
    assert again.status_code == 400 and "may already be in your network" in again.text
    forced = post(client, "/contacts", {"name": "claire dubois", "force": "1"})
    assert forced.status_code == 303


# --- one contact ------------------------------------------------------------------------------


def test_contact_page_edit_in_place(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    en(client)
    cid = ids["Jean"]
    page = client.get(f"/contacts/{cid}").text
    assert "Jean de La Fontaine" in page and "Fables SA" in page
    hx = {"HX-Request": "true", "X-CSRF-Token": token(client)}
    form = client.get(f"/contacts/{cid}/edit", headers=hx).text
    assert "<html" not in form and 'value="de La Fontaine"' in form
    bad = client.post(
        f"/contacts/{cid}", data={"met_on": "the day after", "city": "Reims"}, headers=hx
    )
    assert bad.status_code == 400 and 'value="Reims"' in bad.text
    ok = client.post(
        f"/contacts/{cid}",
        data={"city": "Reims", "met_on": "2020-05-04", "met_through": "Loïc", "closeness": ""},
        headers=hx,
    )
    assert ok.status_code == 200 and "Updated Jean de La Fontaine" in ok.text
    c = store.get_contact(cid)
    assert (c.city, c.met_on.isoformat() if c.met_on else None) == ("Reims", "2020-05-04")
    assert c.met_through_id == ids["Loïc"]
    assert "introduced by Loïc Marchand" in client.get(f"/contacts/{cid}").text


def test_log_interaction_link_tags(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    en(client)
    cid = ids["Zoé"]
    r = post(
        client,
        f"/contacts/{cid}/interactions",
        {
            "channel": "déjeuner",
            "date": "2026-11-21",
            "about": "vins",
            "with": "Loïc",
            "gave": "intro",
        },
    )
    assert r.status_code == 303
    history = store.interactions_for(cid)
    assert len(history) == 1
    assert history[0].channel.value == "lunch" and history[0].direction.value == "gave"
    assert sorted(history[0].contact_ids) == sorted([cid, ids["Loïc"]])
    future = post(client, f"/contacts/{cid}/interactions", {"date": "2030-01-01", "about": "x"})
    assert future.status_code == 400 and "is in the future" in future.text
    assert 'value="x"' in future.text
    post(client, f"/contacts/{cid}/links", {"other": "Hélène", "strength": "0,7"})
    assert [(lk.a_id, lk.b_id, lk.strength) for lk in store.links_of(cid)] == [
        (min(cid, ids["Hélène"]), max(cid, ids["Hélène"]), 0.7)
    ]
    post(client, f"/contacts/{cid}/tags", {"tag": "export, salon"})
    assert store.get_contact(cid).tags == ["vin", "export", "salon"]
    post(client, f"/contacts/{cid}/tags", {"tag": "VIN", "remove": "1"})
    assert store.get_contact(cid).tags == ["export", "salon"]
    r = post(client, f"/contacts/{cid}/links", {"other": "Nobody Atall"})
    assert "no contact named" in client.get(r.headers["location"]).text


def test_delete_asks_then_erases(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    en(client)
    cid = ids["Hélène"]
    confirm = client.get(f"/contacts/{cid}/delete").text
    assert "This cannot be undone" in confirm
    r = post(client, f"/contacts/{cid}/delete", {})
    assert r.status_code == 303 and store.get_contact(cid).id == cid  # no confirmation: kept
    r = post(client, f"/contacts/{cid}/delete", {"confirm": "yes"})
    assert r.status_code == 303 and r.headers["location"] == "/contacts"
    assert "Erased Hélène Müller" in client.get("/contacts").text
    assert client.get(f"/contacts/{cid}").status_code == 404


def test_delete_lists_and_redacts_mentions(client: TestClient, store: Store) -> None:
    en(client)
    gone = store.add_contact(Contact(given_name="Anaïs", family_name="Bénard")).id
    kept = store.add_contact(Contact(given_name="Paul", notes="vu avec ANAIS BENARD")).id
    page = client.get(f"/contacts/{gone}/delete").text
    assert "1 mention elsewhere" in page and "vu avec ANAIS BENARD" in page
    r = post(client, f"/contacts/{gone}/delete", {"confirm": "yes"})
    assert r.status_code == 303
    assert "1 mention elsewhere redacted" in client.get("/contacts").text
    assert store.get_contact(kept or 0).notes == "vu avec [erased]"


def test_archive_and_back(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    cid = ids["Zoé"]
    post(client, f"/contacts/{cid}/archive", {})
    assert store.get_contact(cid).circle.value == 5
    post(client, f"/contacts/{cid}/archive", {"undo": "1"})
    assert store.get_contact(cid).circle.value == 4


# --- journal and profile --------------------------------------------------------------------


def test_journal_page(client: TestClient, ids: dict[str, int]) -> None:
    en(client)
    html = client.get("/journal").text
    assert "2 interactions" in html
    assert html.index("padel") < html.index("salon")  # newest first


def test_profile(client: TestClient, store: Store) -> None:
    en(client)
    bad = post(client, "/profile", {"name": "Hélène Marchand", "budget": "lots"})
    assert bad.status_code == 400 and 'value="Hélène Marchand"' in bad.text
    ok = post(
        client,
        "/profile",
        {"name": "Hélène Marchand", "budget": "90", "profile": "réservé", "skills": "a, b"},
    )
    assert ok.status_code == 303
    me = store.get_profile(1)
    assert me is not None
    assert (me.given_name, me.weekly_budget_minutes, me.skills) == ("Hélène", 90, ["a", "b"])
    assert me.relational_profile is not None and me.relational_profile.value == "reserved"


def test_tag_list_for_the_datalist(client: TestClient, ids: dict[str, int]) -> None:
    html = client.get("/contacts/tag-list", headers={"HX-Request": "true"}).text
    assert re.findall(r'<option value="([^"]*)">', html) == ["aéro", "édition", "vin"]


# --- tisser web ------------------------------------------------------------------------------


def test_cli_web_serves_on_loopback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import uvicorn

    import tisser.cli.web as cli_web
    from tisser.cli import main

    served: dict[str, object] = {}
    opened: list[str] = []

    def fake_run(app: object, host: str, port: int, **settings: object) -> None:
        served.update(host=host, port=port, workers=settings.get("workers", 1))
        if settings.get("factory"):  # several processes: each builds it from the environment
            assert isinstance(app, str)
            module, name = app.split(":")
            app = getattr(importlib.import_module(module), name)()
            served["imports"] = app.state.import_dir  # type: ignore[attr-defined]
            assert served["imports"].is_dir()  # type: ignore[attr-defined]
        # the application it would serve answers over the same database
        with TestClient(app, base_url="http://127.0.0.1") as c:  # type: ignore[arg-type]
            served["status"] = c.get("/contacts").status_code

    class NowTimer:
        def __init__(self, _delay: float, fn: object, args: tuple[str, ...]) -> None:
            self.fn, self.args = fn, args

        def start(self) -> None:
            self.fn(*self.args)  # type: ignore[operator]

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.setattr(cli_web.threading, "Timer", NowTimer)
    monkeypatch.setattr(cli_web.webbrowser, "open", opened.append)
    monkeypatch.setenv(WORKER_CONFIG, "")  # restored after the test
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    db = str(tmp_path / "t.db")
    assert main(["--db", db, "--lang", "en", "web"]) == 0
    assert (served["host"], served["port"], served["status"]) == ("127.0.0.1", 8765, 200)
    assert served["workers"] == 2  # one process per core, two at most
    assert not served["imports"].exists()  # type: ignore[attr-defined]  # uploads: removed
    assert main(["--db", db, "web", "--workers", "1", "--no-browser"]) == 0
    assert (served["workers"], served["status"]) == (1, 200)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert main(["--db", db, "web", "--no-browser"]) == 0
    assert served["workers"] == 1
    assert opened == ["http://127.0.0.1:8765/"]
    assert "http://127.0.0.1:8765/" in capsys.readouterr().out
    opened.clear()
    assert main(["--db", db, "web", "--port", "9001", "--no-browser"]) == 0
    assert served["port"] == 9001 and opened == []
    code = main(["--db", db, "--lang", "en", "web", "--host", "0.0.0.0"])
    assert code == 2
    assert "only listens on this machine" in capsys.readouterr().err


def test_cli_web_on_a_port_already_taken_says_so_and_starts_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    import uvicorn

    from tisser.cli import main

    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(a))
    db = str(tmp_path / "t.db")
    with socket.socket() as taken:  # another program, or tisser web started earlier
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for lang, words in (("en", "already in use"), ("fr", "déjà utilisé")):
            code = main(["--db", db, "--lang", lang, "web", "--port", str(port), "--no-browser"])
            assert code == 2
            out, err = capsys.readouterr()
            assert words in err and f"http://127.0.0.1:{port}/" in err
            assert "http" not in out  # no "tisser is running at …" before the refusal
    assert started == []


def test_cli_serve_on_a_port_already_taken_says_so_and_starts_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue #20, defect 12: `tisser serve` printed "running on …" and then uvicorn's
    English "[Errno 98]"; now one bilingual refusal, as `tisser web` gives."""
    import socket

    import uvicorn

    from tisser.cli import main

    started: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: started.append(a))
    db = str(tmp_path / "c.db")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        for lang, words in (
            ("en", "community server may be running already"),
            ("fr", "serveur communautaire"),
        ):
            code = main(["--db", db, "--lang", lang, "serve", "--community", "--port", str(port)])
            assert code == 2
            out, err = capsys.readouterr()
            assert words in err and f"http://127.0.0.1:{port}/" in err
            assert "Errno" not in err + out
            assert "http" not in out
    assert started == []


def test_demo_only_into_an_empty_network(client: TestClient, store: Store) -> None:
    from tisser.store import ContactFilter

    en(client)
    r = post(client, "/demo")
    assert r.status_code == 303
    everyone = ContactFilter(include_archived=True)
    loaded = store.count_contacts(everyone)
    assert loaded > 300
    assert "Demo network loaded" in client.get("/").text
    again = post(client, "/demo")
    assert "only loads into an empty network" in client.get(again.headers["location"]).text
    assert store.count_contacts(everyone) == loaded


def test_same_named_introducer_is_kept(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    from tisser.core.model import Contact

    twin = store.add_contact(Contact(given_name="Loïc", family_name="Marchand", city="Nice"))
    jean = store.get_contact(ids["Jean"])
    store.update_contact(dataclasses.replace(jean, met_through_id=twin.id))
    form = client.get(f"/contacts/{ids['Jean']}/edit").text
    assert 'value="Loïc Marchand"' in form  # shown by name, as typed
    r = post(client, f"/contacts/{ids['Jean']}", {"met_through": "Loïc Marchand", "city": "Reims"})
    assert r.status_code == 303
    assert store.get_contact(ids["Jean"]).met_through_id == twin.id
    # typed anew, the name is ambiguous: the user is asked to choose
    bad = post(client, f"/contacts/{ids['Zoé']}", {"met_through": "Loïc Marchand"})
    assert bad.status_code == 400 and f"#{twin.id}" in bad.text


def test_a_foreign_csrf_cookie_is_replaced(client: TestClient) -> None:
    client.cookies.set("tisser_csrf", '"><script>x</script>', domain="127.0.0.1")
    html = client.get("/").text
    assert "<script>x" not in html
    r = client.post(
        "/language",
        data={"lang": "en", "csrf_token": '"><script>x</script>'},
        follow_redirects=False,
    )
    assert r.status_code == 403


def test_routes_share_a_few_threads(store: Store) -> None:
    """The server runs its routes in WORKER_THREADS threads, not Starlette's 40: more
    threads only fight over the interpreter lock (bench/bench_web.py's 20 clients)."""
    import anyio.to_thread

    from tisser.web.app import WORKER_THREADS, build_app

    async def tokens() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    with TestClient(build_app(store), base_url="http://127.0.0.1") as c:
        assert c.portal is not None
        assert c.portal.call(tokens) == WORKER_THREADS == 4


def test_how_many_worker_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    from tisser.web.app import default_workers

    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert default_workers("sqlite:////tmp/t.db") == 2  # one per core, two at most
    assert default_workers("sqlite:////tmp/t.db", 3) == 3  # as asked
    assert default_workers("postgresql://u@h/db") == 2
    # a database in memory is one process's own: asking for more gives one
    assert default_workers("sqlite://", 4) == default_workers("sqlite:///:memory:", 2) == 1
    monkeypatch.setattr(os, "cpu_count", lambda: None)  # unknown
    assert default_workers("sqlite:////tmp/t.db") == 1
