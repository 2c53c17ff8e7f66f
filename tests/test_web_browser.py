"""The web application in a real browser: Playwright driving Debian's chromium.

A uvicorn server runs the application on a free loopback port, in a thread, over the demo
network. Chromium comes from the system (``scripts/install-test-deps.sh`` installs Debian's
``chromium``); Playwright never downloads a browser. Without chromium these tests are
skipped, except under CI (``CI`` set) where they fail. Screenshots are kept in
``test-artifacts/`` (or ``TISSER_ARTIFACTS``).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tisser.core.model import Contact
from tisser.demo import load_demo
from tisser.store import open_store

CHROMIUM = os.environ.get("TISSER_CHROMIUM", "/usr/bin/chromium")
TODAY = date(2026, 11, 23)
ARTIFACTS = Path(os.environ.get("TISSER_ARTIFACTS", Path(__file__).parents[1] / "test-artifacts"))
XSS = "<script>alert(1)</script>"


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (run scripts/install-test-deps.sh)"
    return None


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    reason = _unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    import uvicorn

    from tisser.web.app import build_app

    path = tmp_path_factory.mktemp("web") / "demo.db"
    store = open_store(f"sqlite:///{path}")
    load_demo(store, TODAY)
    xss = store.add_contact(Contact(given_name=XSS, family_name="Injection", notes=XSS))
    app = build_app(store, today=lambda: TODAY)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    try:
        yield {"url": f"http://127.0.0.1:{port}", "store": store, "xss_id": xss.id}
    finally:
        srv.should_exit = True
        thread.join(10)
        store.close()


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any, server: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    pg.base = server["url"]
    try:
        yield pg
        assert errors == [], errors
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w-]+", "_", request.node.name)
        pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        context.close()


def _results(page: Any) -> list[str]:
    return page.locator("#results td.name > a").all_inner_texts()


def test_search_as_you_type_ignores_accents(page: Any) -> None:
    page.goto(page.base + "/contacts")
    page.locator("#f-q").press_sequentially("loic marc", delay=30)
    page.wait_for_function(
        "() => { const a = [...document.querySelectorAll('#results td.name a')];"
        " return a.length > 0 && a.length < 10 && a[0].textContent === 'Loïc Marchand'; }"
    )
    assert _results(page)[0] == "Loïc Marchand"  # the name match ranks first
    # the address follows (clean, without the empty fields), so reload and back work
    assert page.url.endswith("/contacts?q=loic+marc")


def test_add_a_contact(page: Any, server: dict[str, Any]) -> None:
    page.goto(page.base + "/contacts/new")
    page.get_by_label("Nom complet").fill("Bérénice Testard")
    page.get_by_label("Organisation").fill("Essais SA")
    page.locator("#f-circle").select_option("3")
    page.get_by_label("E-mail").fill("pas-une-adresse")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    assert page.locator(".field.invalid #f-emails").count() == 1
    assert page.get_by_label("Nom complet").input_value() == "Bérénice Testard"  # kept
    page.get_by_label("E-mail").fill("berenice@essais.fr")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.wait_for_url(re.compile(r"/contacts/\d+$"))
    assert page.locator("h1").inner_text().startswith("Bérénice Testard")
    assert "ajouté" in page.locator(".messages").inner_text()
    found = server["store"].find_contacts_by_name("Bérénice Testard")
    assert [c.organization for c in found] == ["Essais SA"]


def test_log_an_interaction(page: Any, server: dict[str, Any]) -> None:
    store = server["store"]
    target = store.find_contacts_by_name("Loïc Marchand")[0]
    before = len(store.interactions_for(target.id))
    page.goto(f"{page.base}/contacts/{target.id}")
    page.locator("#log-channel").select_option("call")
    page.locator("#log-about").fill("Point sur le salon")
    page.get_by_role("button", name="Noter", exact=True).click()
    page.wait_for_selector("#timeline .flash")
    assert "Noté" in page.locator("#timeline .flash").inner_text()
    assert "Point sur le salon" in page.locator("ol.timeline li").first.inner_text()
    assert len(store.interactions_for(target.id)) == before + 1


def test_log_from_today_in_one_click(page: Any) -> None:
    page.goto(page.base + "/")
    first = page.locator("ul.reconnect li").first
    name = first.locator(".who a").inner_text()
    first.get_by_role("button").click()
    page.wait_for_selector("ul.reconnect .done")
    assert name in page.locator("ul.reconnect .done").first.inner_text()


def test_language_switch(page: Any) -> None:
    page.goto(page.base + "/contacts")
    nav = page.get_by_role("navigation", name="Menu principal")
    assert nav.get_by_role("link", name="Aujourd'hui").count() == 1
    page.get_by_role("button", name="English").click()
    page.wait_for_url(re.compile(r"/contacts$"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert (
        page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Today").count()
    )
    page.goto(page.base + "/journal")  # remembered on the next page
    assert page.locator("h1").inner_text() == "Journal"
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"


def test_script_in_a_name_renders_as_text(page: Any, server: dict[str, Any]) -> None:
    page.goto(f"{page.base}/contacts/{server['xss_id']}")
    assert page.locator("h1").inner_text().startswith(XSS)
    assert XSS in page.locator("dd.notes").inner_text()
    page.goto(page.base + "/contacts?q=script")
    assert any(XSS in n for n in _results(page))
    assert page.evaluate("() => document.querySelectorAll('main script').length") == 0
    # the page fixture fails the test if an alert dialog opened


def test_keyboard_navigation(page: Any) -> None:
    page.goto(page.base + "/contacts")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # the skip link leads past the navigation, into the content
    assert page.evaluate("() => document.activeElement.closest('main') !== null")
    assert page.evaluate("() => document.activeElement.closest('header') === null")
    page.locator("body").click(position={"x": 5, "y": 600})
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "f-q"
    # sort by city with the keyboard only
    link = page.locator("thead th a", has_text="Ville")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("thead th[aria-sort='ascending'] a:has-text('Ville')")
    cities = page.locator("#results tbody td:nth-child(4)").all_inner_texts()
    assert cities == sorted(cities, key=lambda c: c.casefold())
    # every interactive element shows a focus ring
    outline = page.evaluate(
        "() => { const a = document.querySelector('thead th a'); a.focus();"
        " return getComputedStyle(a).outlineStyle; }"
    )
    assert outline != "none"


def test_phone_screen(browser: Any, server: dict[str, Any]) -> None:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    try:
        for url in ("/", "/contacts", "/contacts/5", "/contacts/new", "/journal", "/profile"):
            pg.goto(server["url"] + url)
            width = pg.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
        pg.goto(server["url"] + "/contacts")
        pg.locator("#f-q").fill("bordeaux")
        pg.wait_for_function("() => location.search.includes('q=bordeaux')")
        assert pg.locator("#results td.name a").count() > 0
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "phone_contacts.png"), full_page=False)
    finally:
        context.close()


def test_edit_in_place(page: Any, server: dict[str, Any]) -> None:
    store = server["store"]
    target = store.find_contacts_by_name("Loïc Marchand")[0]
    page.goto(f"{page.base}/contacts/{target.id}")
    page.locator("#card").get_by_role("link", name="Modifier").click()
    page.wait_for_selector("#card form")
    assert page.url.endswith(f"/contacts/{target.id}")  # edited in place, same page
    page.locator("#f-closeness").fill("9")
    page.locator("#f-city").fill("Mérignac")
    page.locator("#card").get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("#card .field.invalid #f-closeness")
    assert page.locator("#f-city").input_value() == "Mérignac"  # kept while fixing
    page.locator("#f-closeness").fill("4")
    page.locator("#card").get_by_role("button", name="Enregistrer").click()
    page.wait_for_selector("#card dl.facts")
    assert "Mérignac" in page.locator("#card").inner_text()
    assert store.get_contact(target.id).city == "Mérignac"


# Every visible form control has a label; every page has its landmarks and one h1.
_UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea, button')]
  .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
  .filter(el => {
    const name = (el.labels && [...el.labels].map(l => l.textContent).join(' ').trim())
      || el.getAttribute('aria-label') || (el.tagName === 'BUTTON' && el.textContent.trim())
      || (el.getAttribute('aria-labelledby') &&
          document.getElementById(el.getAttribute('aria-labelledby')).textContent.trim());
    return !name;
  })
  .map(el => el.outerHTML.slice(0, 120))"""

# WCAG 2.1 contrast of the text of each visible element against its first opaque background.
_CONTRASTS = """() => {
  const parse = c => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent || el.closest('.visually-hidden')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const fg = lum(parse(getComputedStyle(el).color).slice(0, 3));
    const bg = lum(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    out.push([el.tagName + '.' + el.className, el.textContent.trim().slice(0, 30), ratio]);
  }
  return out;
}"""

PAGES = ("/", "/contacts", "/contacts/5", "/contacts/new", "/journal", "/profile")


def test_labels_landmarks_and_contrast(page: Any) -> None:
    for url in PAGES:
        page.goto(page.base + url)
        assert page.evaluate(_UNLABELLED) == [], url
        assert page.locator("main").count() == 1, url
        assert page.locator("header nav[aria-label]").count() == 1, url
        assert page.locator("h1").count() == 1, url
        low = [(w, t, round(r, 2)) for w, t, r in page.evaluate(_CONTRASTS) if r < 4.5]
        assert low == [], (url, low)


def test_reach_search_shows_a_path(page: Any) -> None:
    page.goto(page.base + "/reach")
    page.get_by_label("Ce que vous cherchez, en français ou en anglais").fill(
        "recruteur chez Thales"
    )
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"/reach\?q="))
    paths = page.locator(".reach-result .path").all_inner_texts()
    assert paths and paths[0].startswith("Chemin") and "vous →" in paths[0]
    page.locator(".reach-result").first.get_by_role("link", name="Rédiger une demande").click()
    draft = page.locator("#draft").input_value()
    assert len(draft) > 40
    page.get_by_role("button", name="Copier").click()


def test_add_an_event_and_see_it_chosen(page: Any, server: dict[str, Any]) -> None:
    page.goto(page.base + "/events")
    page.get_by_label("Titre").fill("Afterwork Playwright")
    page.get_by_label("Date", exact=True).fill("2026-12-03")
    page.get_by_label("Ville").fill("Bordeaux")
    page.get_by_role("button", name="Ajouter l’événement").click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    assert page.locator("h1").inner_text() == "Afterwork Playwright"
    page.goto(page.base + "/events/portfolio")
    text = page.locator("main").inner_text()
    assert "Afterwork Playwright" in text
    assert "Le budget laisse" in text


def test_reach_and_events_on_a_phone(browser: Any, server: dict[str, Any]) -> None:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    try:
        for url in (
            "/reach?q=recruteur+chez+Thales",
            "/reach/ask?to=5&need=job",
            "/reach/offers",
            "/reach/introductions",
            "/reach/ledger",
            "/events",
            "/events/portfolio",
            "/events/results",
            "/events/followups",
        ):
            pg.goto(server["url"] + url)
            assert pg.locator("h1").count() == 1, url
            width = pg.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / "phone_events.png"), full_page=False)
    finally:
        context.close()
