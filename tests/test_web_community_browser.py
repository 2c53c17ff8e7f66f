"""The community server in a real browser (Playwright, Debian's chromium), end to end.

The demo club is loaded; its organiser signs in, opens a round, runs the matching and
publishes it; the invitations travel over SMTP to an aiosmtpd server on loopback, each with
its calendar invitation (checked with icalendar); a matched member signs in, sees the match
with its explanation and gives feedback. Skipped without chromium, except under CI.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from tisser.app.context import local_zone
from tisser.demo.community import load_club
from tisser.store import open_store

CHROMIUM = os.environ.get("TISSER_CHROMIUM", "/usr/bin/chromium")
TODAY = date(2026, 11, 23)
ARTIFACTS = Path(os.environ.get("TISSER_ARTIFACTS", Path(__file__).parents[1] / "test-artifacts"))
PASSWORD = "organiser password"


def _unavailable() -> str | None:
    try:
        import aiosmtpd  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright or aiosmtpd is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (run scripts/install-test-deps.sh)"
    return None


class Inbox:
    """An aiosmtpd handler keeping every message received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(msg)  # type: ignore[arg-type]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    reason = _unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    import uvicorn
    from aiosmtpd.controller import Controller

    from tisser.web.community.app import build_community_app

    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    smtp.start()
    path = tmp_path_factory.mktemp("community") / "club.db"
    store = open_store(f"sqlite:///{path}")
    club = load_club(store, 1, TODAY, local_zone(), size=48, seed=7)
    organiser = store.create_account("orga@club.fr", PASSWORD, "Olga Organisatrice")
    store.add_organiser(1, club.community_id, organiser)
    port = _free_port()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TISSER_SMTP_HOST", "127.0.0.1")
        mp.setenv("TISSER_SMTP_PORT", str(smtp.port))
        mp.setenv("TISSER_SMTP_FROM", "club@tisser.test")
        mp.setenv("TISSER_SMTP_STARTTLS", "false")  # the test server speaks plain SMTP
        app = build_community_app(store, allowed_hosts=("127.0.0.1",))
        srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=srv.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not srv.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the community server did not start")
            time.sleep(0.05)
        try:
            yield {"url": f"http://127.0.0.1:{port}", "store": store, "inbox": inbox,
                   "club": club.community_id, "organiser": organiser}  # fmt: skip
        finally:
            srv.should_exit = True
            thread.join(10)
            smtp.stop()
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


def _page(browser: Any, errors: list[str]) -> Any:
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page


def _sign_in(page: Any, base: str, email: str, password: str) -> None:
    page.goto(base + "/")
    assert "/login" in page.url  # anonymous: the login page
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")


def test_demo_club_end_to_end(server: dict[str, Any], browser: Any) -> None:
    base, store, inbox = server["url"], server["store"], server["inbox"]
    errors: list[str] = []
    org = _page(browser, errors)
    try:
        _sign_in(org, base, "orga@club.fr", PASSWORD)
        org.get_by_role("link", name=re.compile("Bordeaux")).first.click()
        org.locator("select[name=activity]").select_option("padel")
        org.get_by_label("Group size").fill("4")
        org.locator("input[name=date_from]").fill("2026-12-07")
        org.locator("input[name=date_to]").fill("2026-12-20")
        org.get_by_role("button", name="Open the round").click()
        org.wait_for_url(re.compile(r"/rounds/\d+$"))
        rid = int(org.url.rsplit("/", 1)[1])
        org.get_by_role("button", name="Run the matching").click()
        org.wait_for_selector("ol.groups li.group")
        groups = org.locator("ol.groups li.group").count()
        assert groups >= 2
        org.get_by_role("button", name="Publish and send the invitations").click()
        org.wait_for_selector("text=invitations sent")
    finally:
        org.screenshot(path=str(_artifact("community-organiser.png")), full_page=True)
        org.context.close()
    # the invitations arrived over SMTP, each with its calendar invitation
    deadline = time.monotonic() + 10
    meetings = store.round_groups(server["organiser"], rid)
    expected = sum(len(g.member_ids) for g in meetings)
    while len(inbox.messages) < expected and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(meetings) == groups
    assert len(inbox.messages) == expected  # one invitation per member placed
    first = meetings[0]
    people = {m.id: m for m in store.community_members(server["organiser"], server["club"])}
    member = people[first.member_ids[0]]
    [mail] = [m for m in inbox.messages if member.email in str(m["To"])]
    [ics] = [p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
    attendees = {str(a).removeprefix("mailto:") for a in event.get("ATTENDEE")}
    assert attendees == {people[i].email for i in first.member_ids}
    # the member signs in, sees the match and its explanation, gives feedback
    uid = store.create_account(member.email, "member password!", member.name)
    store.link_member(server["organiser"], server["club"], member.email, uid)
    page = _page(browser, errors)
    try:
        _sign_in(page, base, member.email, "member password!")
        page.goto(f"{base}/rounds/{rid}")
        assert page.get_by_role("heading", name="Your match").is_visible()
        others = page.locator("section.match ul.who li").all_inner_texts()
        assert len(others) == len(first.member_ids) - 1
        for i in first.member_ids[1:]:
            assert any(people[i].first_name in text for text in others)
        assert page.locator("section.match p.why").inner_text().startswith("Why: ")
        page.locator("input[name=met][value=yes]").check()
        page.locator("select[name=useful]").select_option("5")
        page.locator("input[name=again][value=yes]").check()
        page.get_by_role("button", name="Send my feedback").click()
        page.wait_for_selector("text=Thank you for your feedback")
    finally:
        page.screenshot(path=str(_artifact("community-member.png")), full_page=True)
        page.context.close()
    [report] = [r for r in store.round_reports(server["organiser"], server["club"])
                if r.round_id == rid]  # fmt: skip
    assert (report.answers, report.met, report.useful_avg, report.again) == (1, 1, 5.0, 1)
    assert errors == []


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name
