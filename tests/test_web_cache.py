"""The web application's cache of derived results: never stale after a write, computed once.

A write through the web, by another Store on the same database, or by the command line in
another process, shows at once on Today and the Diagnostic pages (SQLite and PostgreSQL);
while nothing is written the diagnosis is computed once, even for twenty requests together.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tisser.store import Store, open_store
from tisser.store.version import DataVersion
from tisser.web.cache import DerivedCache
from web_helpers import (
    TODAY,
    client_for,
    post,
    seed,
    web_store,  # noqa: F401  (the `store` fixture)
)

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return seed(store)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        post(c, "/language", {"lang": "en", "back": "/"})
        yield c


def interactions_on_diagnosis(client: TestClient) -> int:
    html = client.get("/diagnosis").text
    found = re.search(r"(\d+) interactions, \d+ links", html)
    assert found, "no totals on the diagnosis page"
    return int(found.group(1))


def latest_on_today(client: TestClient) -> str:
    html = client.get("/").text
    start = html.index('id="recent-title"')
    return html[start : html.index("</section>", start)]


def computed(client: TestClient) -> int:
    cache: DerivedCache = client.app.state.cache  # type: ignore[attr-defined]
    return cache.computed


def test_an_interaction_logged_in_the_browser_shows_at_once(
    client: TestClient, ids: dict[str, int]
) -> None:
    before = interactions_on_diagnosis(client)
    assert before == 2  # the seed's two interactions
    assert "apéro du jeudi" not in latest_on_today(client)
    r = post(
        client,
        f"/contacts/{ids['Zoé']}/interactions",
        {"channel": "lunch", "about": "apéro du jeudi", "date": "2026-11-22"},
    )
    assert r.status_code in (200, 303)
    assert interactions_on_diagnosis(client) == before + 1
    assert "apéro du jeudi" in latest_on_today(client)


def test_nothing_is_computed_again_while_nothing_is_written(
    client: TestClient, ids: dict[str, int]
) -> None:
    client.get("/diagnosis")
    client.get("/")
    once = computed(client)
    assert once >= 2
    for _ in range(3):  # reading pages writes nothing, so the data version holds
        assert client.get("/diagnosis").status_code == 200
        assert client.get("/").status_code == 200
        assert client.get(f"/contacts/{ids['Loïc']}/why").status_code == 200
        assert client.get("/contacts?q=hel").status_code == 200
    assert computed(client) == once


def test_a_write_by_another_store_on_the_same_database_shows(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    from tisser.core.model import Contact

    assert "Nouvelle Venue" not in client.get("/").text
    before = interactions_on_diagnosis(client)
    with open_store(store.url) as other:  # its own connections, like another program
        other.add_contact(Contact(given_name="Nouvelle", family_name="Venue", owner_id=1))
    html = client.get("/diagnosis").text
    assert re.search(r"(\d+) contacts \(", html) and f"{before} interactions" in html
    assert "6 contacts (1 archived)" in html  # the seed's five, and the new one


def test_an_interaction_logged_by_the_command_line_in_another_process_shows(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    before = interactions_on_diagnosis(client)
    assert "vendanges" not in latest_on_today(client)
    env = {**os.environ, "PYTHONPATH": str(SRC), "TISSER_TODAY": TODAY.isoformat()}
    args = ["--db", store.url, "log", f"#{ids['Zoé']}", "lunch", "--about", "vendanges"]
    code = f"from tisser.cli import main; raise SystemExit(main({args!r}))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert interactions_on_diagnosis(client) == before + 1
    assert "vendanges" in latest_on_today(client)


def test_the_data_version_holds_on_reads_and_moves_on_every_write(
    store: Store, ids: dict[str, int]
) -> None:
    from tisser.core.model import Contact

    version = DataVersion(store.engine, store.url)
    first = version.current()
    store.search("hel", 1, 10)
    store.get_contact(ids["Loïc"], 1)
    assert version.current() == first
    store.add_contact(Contact(given_name="A", family_name="B", owner_id=1))  # this process
    second = version.current()
    assert second != first
    with open_store(store.url) as other:  # another Store: other connections
        other.add_tags(ids["Loïc"], ["padel"], 1)
    assert version.current() != second
    version.close()


def test_an_in_memory_database_is_never_trusted(tmp_path: Path) -> None:
    with open_store("sqlite://") as s:
        version = DataVersion(s.engine, s.url)
        assert version.current() != version.current()


def test_a_database_file_replaced_under_the_same_name_counts_as_a_change(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.db"
    with open_store(f"sqlite:///{path}") as s:
        s.ensure_owner(1)
    with open_store(f"sqlite:///{tmp_path / 'b.db'}") as s:
        s.ensure_owner(1)
    with open_store(f"sqlite:///{path}") as s:
        version = DataVersion(s.engine, s.url)
        first = version.current()
        os.replace(tmp_path / "b.db", path)
        assert version.current() != first
        version.close()


class Versions:
    """A data version the test moves by hand."""

    def __init__(self) -> None:
        self.value = 0

    def __call__(self) -> int:
        return self.value


def test_twenty_requests_together_compute_a_missing_result_once() -> None:
    cache = DerivedCache(Versions())
    calls: list[int] = []
    results: list[object] = []
    start = threading.Barrier(20)

    def compute() -> object:
        calls.append(1)
        time.sleep(0.2)
        return object()

    def request() -> None:
        start.wait()
        results.append(cache.get(("diagnosis", 1), compute))

    threads = [threading.Thread(target=request) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(results) == 20 and all(r is results[0] for r in results)


def test_a_write_during_the_computation_is_not_hidden() -> None:
    versions = Versions()
    cache = DerivedCache(versions)

    def compute_while_someone_writes() -> str:
        versions.value += 1  # a commit lands while the result is being computed
        return "computed before the write ended"

    assert cache.get("k", compute_while_someone_writes) == "computed before the write ended"
    assert cache.get("k", lambda: "after the write") == "after the write"
    assert cache.get("k", lambda: "not asked") == "after the write"
    cache.wrote()  # the application's own write
    assert cache.get("k", lambda: "after the app's write") == "after the app's write"


def test_a_failure_is_not_kept() -> None:
    cache = DerivedCache(Versions())

    def fails() -> str:
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cache.get("k", fails)
    assert cache.get("k", lambda: "ok") == "ok"


def test_results_of_an_older_version_are_let_go() -> None:
    versions = Versions()
    cache = DerivedCache(versions, max_entries=3)
    for key in "abc":
        cache.get(key, lambda key=key: key)
    versions.value += 1
    assert cache.get("d", lambda: "d") == "d"
    assert len(cache._entries) == 1  # a, b and c could never be served again
    for key in "efg":
        cache.get(key, lambda key=key: key)
    assert len(cache._entries) == 3  # the bound
    assert cache.get("d", lambda: "again") == "again"  # the oldest went first


def wait_for(predicate: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the background preparation did not happen"
        time.sleep(0.05)


@pytest.fixture
def warm_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The application as ``tisser web`` builds it (pages prepared in the background), over
    a seeded SQLite file, with a write noticed after 0.1 s instead of seconds."""
    import tisser.web.warm as warm
    from tisser.web.app import build_app

    monkeypatch.setattr(warm, "AFTER_WRITE_DELAY", 0.1)
    monkeypatch.setattr(warm, "WATCH_EVERY", 0.05)
    with open_store(f"sqlite:///{tmp_path / 'w.db'}") as s:
        s.ensure_owner(1)
        app = build_app(s, today=lambda: TODAY, warm=True)
        app.state.people = seed(s)
        yield app


def test_the_pages_are_prepared_at_start_and_again_after_a_write(warm_app: Any) -> None:
    app, people = warm_app, warm_app.state.people
    cache: DerivedCache = app.state.cache
    # the diagnosis, its page in French and in English, Today's figures
    with TestClient(app, base_url="http://127.0.0.1") as c:
        wait_for(lambda: cache.computed == 4)
        c.get("/journal")  # the CSRF cookie
        post(c, "/language", {"lang": "en", "back": "/"})
        wait_for(lambda: cache.computed == 8)  # a POST: prepared again
        r = post(c, f"/contacts/{people['Zoé']}/interactions", {"channel": "lunch"})
        assert r.status_code in (200, 303)
        wait_for(lambda: cache.computed == 12)
        assert interactions_on_diagnosis(c) == 3  # the seed's two and this one
        assert cache.computed == 12  # the page was ready: nothing computed on the visit


# --- the hits of the Contacts search ---------------------------------------------------------


def names_found(client: TestClient, query: str) -> list[str]:
    html = client.get("/contacts", params={"q": query}, headers={"HX-Request": "true"}).text
    return re.findall(r'<a href="/contacts/\d+">([^<]+)</a>', html)


def test_a_search_typed_again_is_ranked_once_and_a_new_contact_shows_at_once(
    client: TestClient, store: Store, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tisser.core.model import Contact

    ranked: list[str] = []
    real = Store.search_ids

    def counted(self: Store, query: str, owner_id: int = 1, limit: int = 20) -> list[int]:
        ranked.append(query)
        return real(self, query, owner_id, limit)

    monkeypatch.setattr(Store, "search_ids", counted)
    first = names_found(client, "hél")
    assert first and all("Hélène" in n for n in first)
    assert names_found(client, "HEL") == first  # the same folded words: the same hits
    assert names_found(client, "hél") == first
    assert ranked == ["hél"]
    with open_store(store.url) as other:  # another program adds a Hélène
        other.add_contact(Contact(given_name="Hélène", family_name="Zorn", owner_id=1))
    assert len(names_found(client, "hel")) == len(first) + 1
    assert len(ranked) == 2
    r = post(client, "/contacts", {"name": "Helena Ash"})
    assert r.status_code in (200, 303)
    assert len(names_found(client, "hel")) == len(first) + 2  # a write through the web


def test_the_locks_of_forgotten_searches_do_not_pile_up() -> None:
    cache = DerivedCache(Versions(), max_entries=4)
    for k in range(1000):
        cache.get(("search", k), lambda k=k: k)
    assert len(cache._entries) == 4
    assert len(cache._locks) <= 2 * 4 + 1


def test_a_write_by_another_process_prepares_the_pages_again(warm_app: Any) -> None:
    from tisser.core.model import Contact

    app, s = warm_app, warm_app.state.store
    cache: DerivedCache = app.state.cache
    with TestClient(app, base_url="http://127.0.0.1") as c:
        wait_for(lambda: cache.computed == 4)
        time.sleep(0.3)
        assert cache.computed == 4  # nothing written: nothing prepared again
        with open_store(s.url) as other:  # the other worker, or `tisser add`
            other.add_contact(Contact(given_name="Nouvelle", family_name="Venue"))
        wait_for(lambda: cache.computed == 8)
        c.cookies.set("tisser_lang", "en")
        assert "6 contacts (1 archived)" in c.get("/diagnosis").text
        assert cache.computed == 8  # ready before the visit


class Cycle:
    """Garbage only the cycle collector can free: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def test_what_the_pages_keep_is_frozen_and_what_they_let_go_is_still_collected(
    warm_app: Any,
) -> None:
    import gc
    import weakref

    app, people = warm_app, warm_app.state.people
    cache: DerivedCache = app.state.cache
    with TestClient(app, base_url="http://127.0.0.1") as c:
        kept = cache.get(("a result with a cycle",), Cycle)
        gone = weakref.ref(kept)
        del kept
        wait_for(lambda: cache.computed == 5 and gc.get_freeze_count() > 0)
        c.get("/journal")  # the CSRF cookie
        r = post(c, f"/contacts/{people['Zoé']}/interactions", {"channel": "lunch"})
        assert r.status_code in (200, 303)  # the cache lets the cycle go
        wait_for(lambda: cache.computed == 9)  # prepared again, and collected
        wait_for(lambda: gone() is None, 10)
    assert gc.get_freeze_count() == 0  # the server stopped: nothing left frozen


# --- whole pages kept (Today, the Diagnostic) ------------------------------------------------


def page_tokens(html: str) -> set[str]:
    """Every CSRF token a page carries (htmx's header on <body>, the forms' hidden fields)."""
    header = re.findall(r'"X-CSRF-Token": "([^"]+)"', html)
    fields = re.findall(r'name="csrf_token" value="([^"]+)"', html)
    return set(header) | set(fields)


TABLE = {"HX-Request": "true", "HX-Target": "results"}  # the search as typed


@pytest.mark.parametrize(
    ("url", "headers"),
    [("/", {}), ("/diagnosis", {}), ("/contacts?q=hel", TABLE), ("/contacts/{Zoé}", {})],
)
def test_a_kept_page_carries_each_browsers_own_token(
    store: Store, ids: dict[str, int], url: str, headers: dict[str, str]
) -> None:
    from tisser.web.security import CSRF_COOKIE

    url = url.format(**ids)
    with client_for(store) as first, client_for(store) as second:
        pages = [first.get(url, headers=headers).text, second.get(url, headers=headers).text]
        pages.append(first.get(url, headers=headers).text)
        tokens = [first.cookies[CSRF_COOKIE], second.cookies[CSRF_COOKIE]]
        assert tokens[0] != tokens[1]
        assert page_tokens(pages[0]) == page_tokens(pages[2]) == {tokens[0]}
        assert page_tokens(pages[1]) == {tokens[1]}
        assert "Placeholder" not in pages[1]
        # the same page otherwise: rendered once, kept
        assert pages[0].replace(tokens[0], "T") == pages[1].replace(tokens[1], "T")
        assert computed(first) == computed(second)  # one application: one cache


def test_a_kept_page_shows_the_message_after_a_form_once(
    client: TestClient, ids: dict[str, int]
) -> None:
    import base64
    import json

    from tisser.web.flash import FLASH_COOKIE

    def messages(html: str) -> list[str]:
        return re.findall(r'<div class="messages" role="status">(.*?)</div>', html, re.S)

    assert messages(client.get("/").text) == []  # Today is kept
    note = base64.urlsafe_b64encode(json.dumps([["ok", "Noté : déjeuner"]]).encode()).decode()
    client.cookies.set(FLASH_COOKIE, note, domain="127.0.0.1")
    shown = client.get("/")
    assert len(messages(shown.text)) == 1 and "Noté : déjeuner" in shown.text
    assert FLASH_COOKIE not in client.cookies  # the response deleted it
    assert messages(client.get("/").text) == []  # the kept page again, without it


def test_kept_pages_follow_the_language(client: TestClient, ids: dict[str, int]) -> None:
    english = client.get("/").text
    post(client, "/language", {"lang": "fr", "back": "/"})
    french = client.get("/").text
    assert 'lang="en"' in english and 'lang="fr"' in french
    assert "Aujourd" in french
    post(client, "/language", {"lang": "en", "back": "/"})
    assert client.get("/").text.replace(token_of(client), "T") == english.replace(
        token_of(client), "T"
    )


def token_of(client: TestClient) -> str:
    from tisser.web.security import CSRF_COOKIE

    return client.cookies[CSRF_COOKIE]


def test_a_kept_contact_page_follows_every_change_of_the_contact(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    url = f"/contacts/{ids['Zoé']}"
    assert "Dégustation" not in client.get(url).text
    r = post(client, f"{url}/interactions", {"channel": "lunch", "about": "Dégustation"})
    assert r.status_code in (200, 303)
    client.get(url)  # the page after the form, with its message
    assert "Dégustation" in client.get(url).text  # and kept without it: still there
    with open_store(store.url) as other:  # `tisser edit` in a terminal
        zoe = other.get_contact(ids["Zoé"])
        other.update_contact(dataclasses.replace(zoe, organization="Château Neuf"))
    assert "Château Neuf" in client.get(url).text
    assert client.get("/contacts/999999").status_code == 404  # not kept as a page
