"""The Sources page in chromium (Playwright), in French and in English: add the demo
user's mailbox, sync it, read the report; every control labelled, contrast kept."""

from __future__ import annotations

import random
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from test_web_browser import _CONTRASTS, _UNLABELLED, ARTIFACTS, browser, page, server  # noqa: F401
from tisser.demo import mailbox as gen


def test_sources_page_in_chromium(page: Any, server: dict[str, Any], tmp_path: Path) -> None:
    store = server["store"]
    people = gen.correspondents(store.list_contacts(), 6, random.Random(2))
    path = tmp_path / "courrier.mbox"
    truth = gen.make_mbox(path, people, 300, gen.utc(2026, 1, 5), seed=4, span_days=300)
    page.goto(page.base + "/sources")
    assert page.get_by_role("heading", name="Sources", level=1).count() == 1
    page.get_by_label("Fichier ou dossier sur cet ordinateur").fill(str(path))
    page.get_by_label("Vos propres adresses et noms").fill(gen.ME)
    page.locator("#f-name").fill("courrier")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.wait_for_url("**/sources")
    assert "Source courrier ajoutée." in page.locator(".flash").inner_text()
    _row(page, "courrier").get_by_role("button", name="Synchroniser").click()
    page.locator(".sync-done").wait_for(timeout=30000)
    report = page.locator("ul.report").inner_text()
    assert f"{truth.messages} messages lus" in report
    assert page.evaluate(_UNLABELLED) == []
    low = [(w, t, round(r, 2)) for w, t, r in page.evaluate(_CONTRASTS) if r < 4.5]
    assert low == []
    english = page.context.browser.new_context(locale="en-GB")
    try:
        en = english.new_page()
        en.goto(page.base + "/sources")
        text = en.locator("main").inner_text()
        assert f"{truth.messages} messages read" in text and "To review" in text
    finally:
        english.close()
    store.remove_source(1, "courrier")


def _row(page: Any, name: str) -> Any:
    return page.locator("table.sources tbody tr", has=page.locator("td.name", has_text=name))


@pytest.mark.parametrize(
    "lang,locale,button,reading,finished,read",
    [
        (
            "fr",
            "fr-FR",
            "Synchroniser",
            "Synchronisation…",
            "Synchronisation terminée.",
            "messages lus",
        ),
        ("en", "en-GB", "Sync now", "Syncing…", "Sync finished.", "messages read"),
    ],
)
def test_sync_now_shows_its_progress(
    browser: Any,
    server: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    locale: str,
    button: str,
    reading: str,
    finished: str,
    read: str,
) -> None:
    """ "Sync now" turns the source's cell into the sync's progress, polled every second,
    while the rest of the page stays usable; then the closing report. The mailbox reader
    is held after its first batch of 200 messages until the test has seen the progress."""
    from playwright.sync_api import expect

    from tisser.app import capture as ac
    from tisser.capture import mailfiles

    store = server["store"]
    people = gen.correspondents(store.list_contacts(), 6, random.Random(7))
    path = tmp_path / f"suivi-{lang}.mbox"
    truth = gen.make_mbox(path, people, 500, gen.utc(2026, 2, 1), seed=9, span_days=200)
    source = ac.add_source(
        store, 1, "mbox", str(path), name=f"suivi-{lang}", settings={"own_emails": [gen.ME]}
    )
    gate = threading.Event()
    real = mailfiles.read_mbox

    def held(where: Path, state: dict[str, Any], batch: int = 200) -> Iterator[Any]:
        for n, b in enumerate(real(where, state, batch=200)):
            yield b
            if n == 0:
                gate.wait(60)

    monkeypatch.setattr(mailfiles, "read_mbox", held)
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server["url"] + "/sources")
        _row(page, source.name).get_by_role("button", name=button).click()
        cell = page.locator(f"#sync-{source.id}")
        expect(cell.locator("[role=status]")).to_contain_text(
            f"{reading} 200 {read}", timeout=20000
        )
        expect(cell.locator("progress")).to_have_count(1)
        assert page.url.endswith("/sources")  # no navigation: the page is still there
        name_field = page.locator("#f-name")
        name_field.fill("encore une")  # usable while it polls
        page.wait_for_timeout(2200)  # two polls
        assert name_field.input_value() == "encore une"
        expect(cell.locator("[role=status]")).to_contain_text(f"200 {read}")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"sources-progress-{lang}-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / f"sources-progress-{lang}-390.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})
        gate.set()
        expect(cell.locator(".sync-done")).to_contain_text(finished, timeout=30000)
        expect(cell.locator("ul.report")).to_contain_text(f"{truth.messages} {read}")
        assert cell.get_attribute("hx-get") is None  # the polling stopped
        captured = next(s for s in store.list_sources(1) if s.id == source.id).captured
        assert captured > 0
        expect(page.locator(f"#captured-{source.id}")).to_have_text(str(captured))
        assert page.evaluate(_UNLABELLED) == []
        page.screenshot(path=str(ARTIFACTS / f"sources-report-{lang}-1280.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(ARTIFACTS / f"sources-report-{lang}-390.png"), full_page=True)
        assert errors == []
    finally:
        gate.set()
        context.close()
        store.remove_source(1, source.name)
