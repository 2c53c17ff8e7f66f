"""The Sources page in chromium (Playwright), in French and in English: add the demo
user's mailbox, sync it, read the report; every control labelled, contrast kept."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from test_web_browser import _CONTRASTS, _UNLABELLED, browser, page, server  # noqa: F401

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
    page.get_by_label("Nom", exact=True).fill("courrier")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.wait_for_url("**/sources")
    assert "Source courrier ajoutée." in page.locator(".flash").inner_text()
    page.get_by_role("button", name="Synchroniser").click()
    page.wait_for_url("**/sources")
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
