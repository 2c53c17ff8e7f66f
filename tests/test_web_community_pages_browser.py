"""The community server's pages looked at in chromium, in French and English, at 1280 and
390 px (issue #20 defect 12): a screenshot of each (under ``test-artifacts/screens/``,
printed), the layout measured by boxes (tests/browser_pages.py), and the round page's own
checks: the swap and exclude controls apart, each label beside its control, the parts of a
group's score in words, the swap lists starting on "choose…".

The demo club is loaded and seated with an organiser as ``tisser community demo`` does;
its next padel round is matched. Skipped without chromium, except under CI.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from browser_pages import CHROMIUM_ARGS, layout_problems, open_settled, serve
from tisser.app.context import local_zone
from tisser.community.service import match_round
from tisser.demo.community import load_club, seat_organiser
from tisser.store import open_store

CHROMIUM = os.environ.get("TISSER_CHROMIUM", "/usr/bin/chromium")
TODAY = date(2026, 11, 23)
ARTIFACTS = Path(os.environ.get("TISSER_ARTIFACTS", Path(__file__).parents[1] / "test-artifacts"))
SCREENS = ARTIFACTS / "screens"
PASSWORD = "organiser password"


@pytest.fixture(scope="module")
def club(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not Path(CHROMIUM).exists():
        reason = f"no chromium at {CHROMIUM} (run scripts/install-test-deps.sh)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from tisser.web.community.app import build_community_app

    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('club') / 'club.db'}")
    loaded = load_club(store, 1, TODAY, local_zone(), size=120, seed=7)
    uid = store.create_account("olga@club.fr", PASSWORD, "Olga")
    seat_organiser(store, 1, loaded.community_id, "olga@club.fr")
    rounds = store.list_rounds(uid, loaded.community_id)
    running = max(r.id for r in rounds if r.activity == "running" and r.status == "open")
    assert len(match_round(store, uid, running, local_zone()).meetings) >= 2
    published = max(r.id for r in rounds if r.status == "published")
    # a member placed in the published round, with an account of their own
    placed = store.round_groups(uid, published)[0].member_ids[0]
    member = next(m for m in store.community_members(uid, loaded.community_id) if m.id == placed)
    mine = store.create_account(member.email, PASSWORD, member.name)
    store.link_member(uid, loaded.community_id, member.email, mine)
    try:
        app = build_community_app(store, allowed_hosts=("127.0.0.1",))
        with serve(app) as url:
            yield {"url": url, "store": store, "club": loaded.community_id, "round": running,
                   "published": published, "uid": uid, "member": member.email}  # fmt: skip
    finally:
        store.close()


@pytest.fixture(scope="module")
def browser(club: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _signed_in(browser: Any, url: str, lang: str, width: int, email: str = "olga@club.fr") -> Any:
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url + "/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button").first.click()
    page.wait_for_url(url + "/")
    return page


# The swap form's and the exclude form's controls: no box of one overlaps a box of the other,
# and each form's label text sits beside or above its own select (defect 12: "Swap" ran into
# "Exclude from this round").
APART = """() => {
  const boxes = (sel) => [...document.querySelectorAll(sel)].map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0);
  const swap = boxes('form.swap label, form.swap select, form.swap button');
  const out = boxes('form.exclude label, form.exclude select, form.exclude button');
  const found = [];
  for (const a of swap) for (const b of out) {
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    const at = (r) => `${Math.round(r.left)},${Math.round(r.top)}`;
    if (w > 0 && h > 0) found.push(`swap box at ${at(a)} overlaps exclude box at ${at(b)}`);
  }
  if (!swap.length || !out.length) found.push('no swap or no exclude form');
  return found;
}"""


# axe-core's rules (WCAG 2 A and AA), once per page in French at 1280 px: a critical or
# serious violation fails the page.
AXE_OPTIONS = {"resultTypes": ["violations"], "runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]}


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_community_pages(browser: Any, club: dict[str, Any], lang: str, width: int) -> None:
    cid = club["club"]
    organiser = ("/", f"/c/{cid}", f"/c/{cid}/members", f"/rounds/{club['round']}",
                 f"/rounds/{club['published']}", "/account")  # fmt: skip
    member = ("/", f"/c/{cid}", f"/c/{cid}/profile", f"/rounds/{club['published']}",
              f"/rounds/{club['round']}", "/account")  # fmt: skip
    problems: list[str] = []
    for who, email, paths in (("organiser", "olga@club.fr", organiser),
                              ("member", club["member"], member)):  # fmt: skip
        folder = SCREENS / f"community-{who}-{lang}-{width}"
        folder.mkdir(parents=True, exist_ok=True)
        print(f"screenshots in {folder}")
        problems += _look_at(browser, club, lang, width, email, paths, folder)
    assert problems == [], "\n".join(problems)


def _look_at(
    browser: Any, club: dict[str, Any], lang: str, width: int, email: str,
    paths: tuple[str, ...], folder: Path,
) -> list[str]:  # fmt: skip
    from axe_playwright_python.sync_playwright import Axe

    page = _signed_in(browser, club["url"], lang, width, email)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    problems: list[str] = []
    try:
        for path in paths:
            status = open_settled(page, club["url"] + path)
            name = re.sub(r"\W+", "_", path.strip("/")) or "home"
            page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            found = [] if status == 200 else [f"HTTP {status}"]
            found += layout_problems(page)
            if page.locator("form.swap").count():
                found += page.evaluate(APART)
            if (lang, width) == ("fr", 1280):
                results = Axe().run(page, options=AXE_OPTIONS)
                found += [f"axe {v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                          for v in results.response["violations"]
                          if v["impact"] in ("critical", "serious")]  # fmt: skip
            problems += [f"{email} {path}: {p}" for p in found]
    finally:
        page.context.close()
    return problems + [f"{email}: script error {e}" for e in errors]


def test_the_round_page_says_what_its_controls_do(browser: Any, club: dict[str, Any]) -> None:
    """Headings that say what the controls do, the score in parts with French numbers, the
    swap lists starting on "choisir…", a same-person swap refused with a message."""
    page = _signed_in(browser, club["url"], "fr", 1280)
    try:
        open_settled(page, f"{club['url']}/rounds/{club['round']}")
        headings = page.locator("main h2").all_inner_texts()
        assert headings == ["Qui participe", "Groupes proposés", "Modifier les groupes à la main",
                            "Publier"]  # fmt: skip
        swap = page.locator("form.swap")
        assert swap.locator("p.form-title").inner_text().startswith("Échanger deux membres")
        for name in ("a", "b"):
            select = swap.locator(f"select[name={name}]")
            assert select.input_value() == ""
            assert select.locator("option").first.inner_text() == "choisir…"
        assert page.locator("form.exclude select").input_value() == ""
        score = page.locator("li.group p.score").first.inner_text()
        assert re.match(r"Score \d+(,\d)? = taille du groupe\u00a0\d+(,\d)? \+ ", score), score
        assert "niveaux proches" in score
        assert not re.search(r"\d\.\d", page.locator("ol.groups").inner_text())  # no 4.5 in French
        # the same person twice: refused, said on the round page, nothing changed
        before = [g.member_ids for g in club["store"].round_groups(club["uid"], club["round"])]
        first = swap.locator("select[name=a] option").nth(1).get_attribute("value")
        swap.locator("select[name=a]").select_option(first)
        swap.locator("select[name=b]").select_option(first)
        swap.get_by_role("button", name="Échanger").click()
        page.wait_for_selector(".flash-error")
        message = page.locator(".flash-error").inner_text()
        assert "figure dans les deux listes\u00a0: un échange demande deux personnes" in message
        assert page.url.endswith(f"/rounds/{club['round']}")
        after = [g.member_ids for g in club["store"].round_groups(club["uid"], club["round"])]
        assert after == before
    finally:
        page.context.close()
