"""The Diagnostic and Plan pages in a real browser (Playwright, Debian's chromium): open a
contact from the map and from a finding, filter the map, mark a plan action done, and both
pages on a phone screen. Same server and fixtures as ``test_web_browser.py``."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import test_web_browser as wb
from tisser.core.actions import ActionState

server = wb.server
browser = wb.browser
page = wb.page


def test_open_a_contact_from_the_map(page: Any, server: dict[str, Any]) -> None:
    page.goto(page.base + "/diagnosis")
    nodes = page.locator("#netmap circle.node")
    total = nodes.count()
    assert total > 100  # the demo network
    # filter: hide circle 4, then show one cluster only
    page.locator('.circle-filter[value="4"]').uncheck()
    hidden = page.evaluate(
        "() => [...document.querySelectorAll('#netmap circle.node')]"
        ".filter(n => n.style.display === 'none').map(n => n.dataset.circle)"
    )
    assert hidden and set(hidden) == {"4"}
    page.locator('.circle-filter[value="4"]').check()
    page.locator("#cluster-filter").select_option(index=1)
    shown = page.evaluate(
        "() => new Set([...document.querySelectorAll('#netmap circle.node')]"
        ".filter(n => n.style.display !== 'none').map(n => n.dataset.cluster)).size"
    )
    assert shown == 1
    page.locator("#cluster-filter").select_option(index=0)
    page.locator("#zoom-in").click()
    assert page.locator("#netmap").get_attribute("viewBox") != "0 0 900 900"
    page.locator("#zoom-reset").click()
    # the last node is drawn on top: clicking it opens that person's page
    last = nodes.nth(total - 1)
    cid = last.get_attribute("data-id")
    name = (last.locator("title").text_content() or "").split(" — ")[0].rsplit(" (", 1)[0]
    last.click()
    page.wait_for_url(f"**/contacts/{cid}")
    assert page.locator("h1").first.inner_text().strip().startswith(name.strip())
    # the why panel loads on the contact page
    page.wait_for_selector("#why h2")
    assert "Force du lien" in page.locator("#why").inner_text()


def test_open_a_finding_contact_from_the_list(page: Any) -> None:
    page.goto(page.base + "/diagnosis")
    link = page.locator("ol.findings .who a").first
    name = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/contacts/\d+$"))
    assert page.locator("h1").first.inner_text().strip().startswith(name.strip())


def test_mark_a_plan_action_done(page: Any, server: dict[str, Any]) -> None:
    store = server["store"]
    page.goto(page.base + "/plan")
    first = page.locator("ol.actions-list li.st-planned").first
    action_id = int((first.get_attribute("id") or "").split("-")[1])
    action = store.get_action(action_id, 1)
    before = len(store.interactions_for(action.people[0], 1)) if action.people else 0
    first.locator("select[name=outcome]").select_option("replied")
    first.locator("input[name=note]").fill("Rendez-vous pris")
    first.get_by_role("button", name="Fait", exact=True).click()
    page.wait_for_selector(".flash")
    assert "Fait" in page.locator(".flash").first.inner_text()
    done = store.get_action(action_id, 1)
    assert done.state == ActionState.DONE and done.done_on == date(2026, 11, 23)
    if action.people:
        assert len(store.interactions_for(action.people[0], 1)) == before + 1
    assert page.locator(f"#action-{action_id} form").count() == 0


def test_pages_on_a_phone(browser: Any, server: dict[str, Any]) -> None:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    try:
        for url in ("/diagnosis", "/plan", "/plan/worksheet", "/contacts/5/why"):
            pg.goto(server["url"] + url)
            width = pg.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 390, (url, width)
        wb.ARTIFACTS.mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(wb.ARTIFACTS / "phone_plan.png"), full_page=False)
    finally:
        context.close()
