"""Every page of the web application, looked at in chromium, in French and English, at 1280
and 390 px wide: a screenshot of each (kept under ``test-artifacts/screens/``, printed), the
layout measured by boxes (tests/browser_pages.py), axe-core's accessibility rules, and the
French pages' language: ``lang="fr"``, ARIA labels translated, French typography.

One browser and one context per language and width keep the whole pass short. Without
chromium the tests are skipped, except under CI (``CI`` set) where they fail.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

from browser_pages import CHROMIUM_ARGS, layout_problems, open_settled, serve
from tisser.core.introductions import Introduction
from tisser.demo import load_demo
from tisser.demo.events import load_demo_events
from tisser.store import open_store

CHROMIUM = os.environ.get("TISSER_CHROMIUM", "/usr/bin/chromium")
TODAY = date(2026, 11, 23)
ARTIFACTS = Path(os.environ.get("TISSER_ARTIFACTS", Path(__file__).parents[1] / "test-artifacts"))
SCREENS = ARTIFACTS / "screens"
PO = Path(__file__).parents[1] / "src/tisser/i18n/locale/fr/LC_MESSAGES/tisser.po"

# Every page a user reaches from the menu or a link (the ids are filled from the demo).
PAGES = (
    "/",
    "/contacts",
    "/contacts/new",
    "/contacts/{contact}",
    "/contacts/{contact}/edit",
    "/contacts/{contact}/why",
    "/diagnosis",
    "/duplicates",
    "/events",
    "/events/{event}",
    "/events/followups",
    "/events/portfolio",
    "/events/results",
    "/export",
    "/import",
    "/journal",
    "/plan",
    "/plan/worksheet",
    "/profile",
    "/reach",
    "/reach?q=recruteur+chez+Thales",
    "/reach/ask?to={contact}&need=job",
    "/reach/introductions",
    "/reach/introductions/{intro}",
    "/reach/ledger",
    "/reach/offers",
    "/sort",
    "/sources",
    "/carddav",
)
# An instruction to type a command, on a page of the web application (#20: the event brief
# said 'tisser events met "…"'); restoring a backup has no page, its command is named.
COMMAND = re.compile(
    r"\btisser (?:events|me|log|add|link|tag|show|why|ask|reach|plan|goal|done|import|export|intro)\b"
)
# axe-core runs once per page (its rules do not depend on the language; the French pages' own
# checks run in every French pass): the slowest check, kept to one pass.
AXE_ON = ("fr", 1280)
# axe-core's rules (WCAG 2 A and AA); a critical or serious violation fails the page.
AXE_OPTIONS = {"resultTypes": ["violations"], "runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(CHROMIUM).exists():
        reason = f"no chromium at {CHROMIUM} (run scripts/install-test-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from tisser.web.app import build_app

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('pages') / 'demo.db'}")
    store.ensure_owner(1)
    network = load_demo(store, TODAY, owner_id=1)
    load_demo_events(store, network.contacts, TODAY, 1)
    people = store.list_contacts()
    intro = store.add_introduction(
        Introduction(a_id=people[1].id or 0, b_id=people[2].id or 0, reason="salon du vin")
    )
    ids = {"contact": people[0].id, "event": _first_id(store, "events"), "intro": intro.id}
    try:
        with serve(build_app(store, today=lambda: TODAY)) as url:
            yield {"url": url, "ids": ids}
    finally:
        store.close()


def _first_id(store: Any, table: str) -> int:
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT min(id) FROM {table}")).scalar_one())


@pytest.fixture(scope="module")
def browser(site: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _translated() -> set[str]:
    """English messages whose French differs: seen on a French page, they are untranslated."""
    with PO.open("rb") as f:
        catalog = read_po(f)
    return {
        m.id
        for m in catalog
        if isinstance(m.id, str) and m.id and m.string and m.string != m.id and len(m.id) > 3
    }


# Labels for assistive technology, read from the page (they are not visible text).
_ARIA = """() => [...document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')]
  .flatMap(e => ['aria-label', 'title', 'placeholder', 'alt'].map(a => e.getAttribute(a)).filter(Boolean))"""


def _french_problems(page: Any, english: set[str]) -> list[str]:
    problems = []
    if page.get_attribute("html", "lang") != "fr":
        problems.append('no lang="fr"')
    for label in page.evaluate(_ARIA):
        if label in english:
            problems.append(f"English label on a French page: {label!r}")
    text = page.inner_text("main")
    for m in re.finditer(r"\(\d+\.\d+\)|\d\.\d\d\b", text):
        problems.append(f"English decimal point: {text[max(0, m.start() - 20) : m.end()]!r}")
    for m in re.finditer(r"[^\W\d_][:;!?](?=\s)|[^\W\d_] [:;!?]", text):
        problems.append(
            f"no no-break space before {m.group()[-1]!r}: {text[max(0, m.start() - 20) : m.end() + 10]!r}"
        )
    for m in re.finditer(r"\d+ \w+\(s\)", text):
        problems.append(f"a plural written (s): {m.group()!r}")
    return problems


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_page(browser: Any, site: dict[str, Any], lang: str, width: int) -> None:
    from axe_playwright_python.sync_playwright import Axe

    folder = SCREENS / f"{lang}-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    english = _translated() if lang == "fr" else set()
    axe = Axe()
    problems: list[str] = []
    try:
        for pattern in PAGES:
            path = pattern.format(**site["ids"])
            t0 = time.perf_counter()
            status = open_settled(page, site["url"] + path)
            t1 = time.perf_counter()
            name = re.sub(r"\W+", "_", path.strip("/")) or "today"
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            found = [] if status == 200 else [f"HTTP {status}"]
            command = COMMAND.search(page.inner_text("main"))
            if command:  # the web says what to do on its pages (a backup's restore aside)
                found.append(f"a command line to type: {command.group()!r}")
            found += layout_problems(page)
            if lang == "fr":
                found += _french_problems(page, english)
            if (lang, width) == AXE_ON:
                results = axe.run(page, options=AXE_OPTIONS)
                found += [
                    f"axe {v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                    for v in results.response["violations"]
                    if v["impact"] in ("critical", "serious")
                ]
            problems += [f"{path}: {p}" for p in found]
            if os.environ.get("TISSER_PAGE_TIMES"):
                print(f"{path}: open {t1 - t0:.2f} s, checks {time.perf_counter() - t1:.2f} s")
    finally:
        context.close()
    assert errors == [], errors
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_first_screen_of_an_empty_network(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, width: int
) -> None:
    from tisser.web.app import build_app

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('empty') / 'empty.db'}")
    store.ensure_owner(1)
    problems: list[str] = []
    try:
        with serve(build_app(store, today=lambda: TODAY)) as url:
            for lang in ("fr", "en"):
                context = browser.new_context(locale=lang, viewport={"width": width, "height": 900})
                page = context.new_page()
                assert open_settled(page, url + "/") == 200
                (SCREENS / f"{lang}-{width}").mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(SCREENS / f"{lang}-{width}" / "first_screen.png"), full_page=True
                )
                problems += [f"{lang}: {p}" for p in layout_problems(page)]
                if lang == "fr":
                    problems += _french_problems(page, _translated())
                context.close()
    finally:
        store.close()
    assert problems == [], problems


def test_the_network_map(browser: Any, site: dict[str, Any]) -> None:
    """The user at the centre, names for the strongest ties and the bridges, all names once
    zoomed in, the legend of the colouring, a search that highlights, a click that opens."""
    context = browser.new_context(locale="fr", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_settled(page, site["url"] + "/diagnosis")
        me = page.locator("#netmap #me text")
        assert me.text_content() == "Hélène Marchand"
        box = page.locator("#netmap #me circle").bounding_box()
        frame = page.locator("#netmap").bounding_box()
        assert abs(box["x"] + box["width"] / 2 - (frame["x"] + frame["width"] / 2)) < 2
        visible = "() => [...document.querySelectorAll('#labels text')].filter(t => getComputedStyle(t).display !== 'none').length"
        named = page.evaluate(visible)
        total = page.locator("#labels text").count()
        assert 12 <= named < total
        assert page.get_attribute("#netmap", "aria-label") == "Carte du réseau"
        assert "," in page.locator("#nodes circle title").first.text_content()  # 0,86 in French
        for _ in range(5):
            page.click("#zoom-in")
        assert page.evaluate(visible) == total
        page.click("#zoom-reset")
        assert (
            page.locator("#legend-circle").is_visible()
            and page.locator("#legend-cluster").is_hidden()
        )
        page.check("input[name=colour][value=cluster]")
        assert (
            page.locator("#legend-circle").is_hidden()
            and page.locator("#legend-cluster").is_visible()
        )
        page.fill("#map-search", "marchand")
        found = page.locator("#nodes circle.found")
        assert found.count() >= 2 and page.locator("#map-found").inner_text().endswith("trouvées")
        assert all("marchand" in n for n in found.evaluate_all("ns => ns.map(n => n.dataset.name)"))
        target = found.first.get_attribute("data-id")
        found.first.click(force=True)
        page.wait_for_url(f"**/contacts/{target}")
    finally:
        context.close()


# The names written on the map, each box measured on screen: none may cover another (the
# user's own name included), and none may stand for a person filtered out.
MAP_LABELS = """() => {
  const frame = document.getElementById('netmap').getBoundingClientRect();
  const shown = [...document.querySelectorAll('#netmap #labels text, #netmap #me text')]
    .filter(t => getComputedStyle(t).display !== 'none')
    .map(t => ({name: t.textContent, r: t.getBoundingClientRect()}))
    .filter(b => b.r.width > 0 && b.r.right > frame.left && b.r.left < frame.right
                 && b.r.bottom > frame.top && b.r.top < frame.bottom);
  const out = [];
  for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
    const a = shown[i].r, b = shown[j].r;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) out.push(`"${shown[i].name}" overlaps "${shown[j].name}"`);
  }
  return {count: shown.length, overlaps: out.slice(0, 8), total: out.length};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_names_do_not_cover_each_other(
    browser: Any, site: dict[str, Any], width: int
) -> None:
    """#20 defect 3: the names of the strongest ties sat in the middle of their clusters,
    one over the other; zoomed in, every name was written at once and the texts grew with
    the zoom. Measured at load, zoomed in, and filtered to one cluster."""
    context = browser.new_context(locale="fr", viewport={"width": width, "height": 900})
    page = context.new_page()
    folder = SCREENS / f"fr-{width}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        open_settled(page, site["url"] + "/diagnosis")
        page.locator(".map-frame").scroll_into_view_if_needed()
        at_load = page.evaluate(MAP_LABELS)
        page.locator(".map-frame").screenshot(path=str(folder / "map.png"))
        assert at_load["overlaps"] == [], at_load
        assert at_load["count"] >= 8  # the user and the strongest ties, named
        for _ in range(5):
            page.click("#zoom-in")
        zoomed = page.evaluate(MAP_LABELS)
        page.locator(".map-frame").screenshot(path=str(folder / "map-zoomed.png"))
        assert zoomed["overlaps"] == [], zoomed
        assert zoomed["count"] > at_load["count"]  # more names once zoomed in
        page.click("#zoom-reset")
        first = page.locator("#cluster-filter option").nth(1).get_attribute("value")
        page.select_option("#cluster-filter", first)
        filtered = page.evaluate(MAP_LABELS)
        assert filtered["overlaps"] == [], filtered
        hidden = page.evaluate("""() => [...document.querySelectorAll('#netmap #labels text')]
          .filter(t => getComputedStyle(t).display !== 'none')
          .map(t => document.querySelector(`#nodes circle[data-id="${t.dataset.for}"]`))
          .filter(n => n.style.display === 'none')
          .length""")
        assert hidden == 0  # no name left for someone filtered out
    finally:
        context.close()
