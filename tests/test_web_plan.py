"""The Plan page (web, #8 over #5): the week's actions, done / snooze / not now, the review,
objectives with their SMART check, the worksheet and the calendar feed; SQLite and
PostgreSQL."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import date, timedelta

import icalendar
import pytest
from fastapi.testclient import TestClient

from tisser.core.actions import ActionState, Outcome
from tisser.store import Store
from web_helpers import (
    TODAY,
    client_for,
    post,
    seed,
    web_store,  # noqa: F401  (the `store` fixture)
)

XSS = "<script>alert(1)</script>"


@pytest.fixture
def ids(store: Store) -> dict[str, int]:
    return seed(store)


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        post(c, "/language", {"lang": "en", "back": "/"})
        yield c


def _planned(client: TestClient, store: Store) -> list[int]:
    html = client.get("/plan").text
    return [int(x) for x in re.findall(r'action="/plan/actions/(\d+)/done"', html)]


def test_the_week_is_shown_with_its_buttons(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    r = client.get("/plan")
    assert r.status_code == 200
    week = store.week_actions(date(2026, 11, 23), 1)
    assert week, "the seeded network gives actions to plan"
    for a in week:
        assert f'id="action-{a.id}"' in r.text
    assert "Call Hélène Müller this week" in r.text  # the diagnosis's words (#18)
    # the diagnosis's first sort, with the way to the Sort page as on the Diagnostic page
    assert re.search(r"tisser sort, or the Sort page</strong> — <a href=\"/sort\">Sort</a>", r.text)
    assert 'value="not-now"' in r.text and "Snooze two weeks" in r.text
    forms = re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', r.text, re.S)
    assert forms and all('name="csrf_token"' in f for f in forms)


def test_done_logs_an_interaction(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    _planned(client, store)
    a = next(a for a in store.week_actions(date(2026, 11, 23), 1) if ids["Hélène"] in a.people)
    before = len(store.interactions_for(ids["Hélène"], 1))
    r = post(
        client,
        f"/plan/actions/{a.id}/done",
        {"outcome": "replied", "note": "café jeudi", "minutes": "20"},
    )
    assert r.status_code == 303
    done = store.get_action(a.id or 0, 1)
    assert done.state == ActionState.DONE and done.outcome == Outcome.REPLIED
    assert done.minutes == 20 and done.done_on == TODAY
    history = store.interactions_for(ids["Hélène"], 1)
    assert len(history) == before + 1
    assert "café jeudi" in history[0].outcome
    page = client.get(r.headers["location"]).text
    assert "Logged in the journal." in page
    # the review counts it: one done, 20 minutes this week
    assert re.search(r"Actions done</th><td class=\"num\">1</td>", page)
    assert "20 / 60 min" in page
    # done twice: an error page, no traceback
    again = post(client, f"/plan/actions/{a.id}/done", {"outcome": "done"})
    assert again.status_code == 400
    assert "already done" in again.text and "Traceback" not in again.text


def test_posts_without_token_are_refused(
    client: TestClient, store: Store, ids: dict[str, int]
) -> None:
    action_id = _planned(client, store)[0]
    for url, data in (
        (f"/plan/actions/{action_id}/done", {"outcome": "done"}),
        (f"/plan/actions/{action_id}/snooze", {"when": "not-now"}),
        ("/plan/refresh", {}),
        ("/plan/worksheet", {"wants": "x"}),
        ("/plan/objectives", {"title": "Meet 5 people"}),
    ):
        r = client.post(url, data=data, follow_redirects=False)
        assert r.status_code == 403, url
    assert store.get_action(action_id, 1).state == ActionState.PLANNED
    assert store.list_objectives(1) == []
    assert store.get_worksheet(1).wants == []


def test_snooze_and_not_now(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    planned = _planned(client, store)
    assert len(planned) >= 2
    r = post(client, f"/plan/actions/{planned[0]}/snooze", {"when": "later"})
    assert r.status_code == 303
    a = store.get_action(planned[0], 1)
    assert a.state == ActionState.SNOOZED and a.snoozed_until == TODAY + timedelta(days=14)
    post(client, f"/plan/actions/{planned[1]}/snooze", {"when": "not-now"})
    b = store.get_action(planned[1], 1)
    assert b.state == ActionState.SNOOZED and b.snoozed_until == date(2026, 11, 30)  # next Monday
    assert f'action="/plan/actions/{planned[0]}/done"' not in client.get("/plan").text


def test_objective_with_smart_check_and_steps(client: TestClient, store: Store) -> None:
    r = post(
        client,
        "/plan/objectives",
        {
            "title": "Meet 5 HR directors in Bordeaux",
            "why": "to find my next job",
            "target": "5",
            "unit": "meetings",
            "deadline": "2027-02-23",
            "sectors": "wine, aerospace",
            "steps": "List the HR directors\nAsk for introductions",
        },
    )
    assert r.status_code == 303
    [goal] = store.list_objectives(1)
    assert goal.target == 5 and goal.sectors == ["wine", "aerospace"]
    # front-loaded (#18): a small first step this week (by Friday), the last at the deadline
    assert [s.due for s in goal.steps] == [date(2026, 11, 27), date(2027, 2, 23)]
    html = client.get("/plan").text
    letters = re.findall(
        r'<li class="(ok|ko)"><span class="letter" aria-hidden="true">(\w)</span>', html
    )
    assert [x[1] for x in letters] == ["S", "M", "A", "R", "T"]
    assert dict((b, a) for a, b in letters)["M"] == "ok"
    assert "target: 5 meetings" in html
    r = post(client, f"/plan/objectives/{goal.id}/split", {"steps": "Send the first message"})
    assert r.status_code == 303
    assert len(store.get_objective(goal.id or 0, 1).steps) == 3


def test_objective_errors_and_escaping(client: TestClient, store: Store) -> None:
    r = post(client, "/plan/objectives", {"title": "Meet people", "steps": "one"})
    assert r.status_code == 400 and "no deadline" in r.text
    assert store.list_objectives(1) == []
    assert post(client, "/plan/objectives", {"title": " "}).status_code == 400
    post(client, "/plan/objectives", {"title": XSS})
    html = client.get("/plan").text
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_worksheet_form(client: TestClient, store: Store) -> None:
    html = client.get("/plan/worksheet").text
    assert 'name="savoir_faire"' in html and 'name="value_proposition"' in html
    r = post(
        client,
        "/plan/worksheet",
        {"love": "wine, export", "good_at": "Export, brands", "looking_for": XSS},
    )
    assert r.status_code == 303
    sheet = store.get_worksheet(1)
    assert sheet.love == ["wine", "export"] and sheet.looking_for == XSS
    page = client.get("/plan/worksheet").text
    assert "Passion (love &amp; good at): export" in page
    assert XSS not in page and "&lt;script&gt;" in page


def _new_link(client: TestClient) -> str:
    r = post(client, "/plan/calendar/link")
    assert r.status_code == 303
    page = client.get("/plan").text
    found = re.findall(r"http://127\.0\.0\.1/plan/calendar/([A-Za-z0-9_-]+)\.ics", page)
    assert len(found) == 1, "the new address is shown once, on the next page"
    assert found[0] not in client.get("/plan").text  # and never again
    return found[0]


def test_calendar_feed(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    planned = _planned(client, store)
    post(client, f"/plan/actions/{planned[0]}/snooze", {"when": "not-now"})
    assert "No private address yet." in client.get("/plan").text
    token = _new_link(client)
    assert len(token) >= 32
    made = store.feed_token(1)
    assert made is not None and made[0] == hashlib.sha256(token.encode()).hexdigest()
    assert "A private address exists since" in client.get("/plan").text
    # a calendar application subscribes without cookies: a plain GET
    with client_for(store) as fresh:
        r = fresh.get(f"/plan/calendar/{token}.ics")
        for wrong in ("/plan/calendar.ics", f"/plan/calendar/{token[:-1]}x.ics",
                      "/plan/calendar/.ics", f"/plan/calendar/{made[0]}.ics"):  # fmt: skip
            assert fresh.get(wrong).status_code == 404, wrong
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(r.content)
    events = [c for c in cal.walk("VEVENT")]
    expected = {
        a.id for a in store.week_actions(date(2026, 11, 23), 1) if a.state != ActionState.SNOOZED
    }
    assert {str(e["uid"]) for e in events} == {f"tisser-1-{i}@tisser.local" for i in expected}
    names = dict(store.contact_names(1))
    for e in events:
        a = store.get_action(int(str(e["uid"]).split("-")[2].split("@")[0]), 1)
        if a.contact_id:
            assert names[a.contact_id] in str(e["summary"])
    path = f"/plan/calendar/{token}.ics"
    assert client.post(path, follow_redirects=False).status_code in (403, 405)


def test_calendar_feed_new_address(client: TestClient, store: Store, ids: dict[str, int]) -> None:
    assert client.post("/plan/calendar/link", follow_redirects=False).status_code == 403
    assert store.feed_token(1) is None  # no CSRF token: nothing made
    first = _new_link(client)
    second = _new_link(client)
    assert first != second
    with client_for(store) as fresh:
        assert fresh.get(f"/plan/calendar/{first}.ics").status_code == 404
        assert fresh.get(f"/plan/calendar/{second}.ics").status_code == 200
    post(client, "/language", {"lang": "fr", "back": "/"})
    third = _new_link(client)
    page = client.get("/plan").text
    assert "Une adresse privée existe depuis" in page and third not in page


# --- the digest (tisser digest in the browser) --------------------------------------------


def test_digest_downloads_as_an_eml_with_both_parts(client: TestClient, ids) -> None:
    import email
    from email import policy

    answer = client.get("/plan/digest.eml")
    assert answer.status_code == 200 and answer.headers["content-type"] == "message/rfc822"
    msg = email.message_from_bytes(answer.content, policy=policy.default)
    text, page = msg.get_body(("plain",)), msg.get_body(("html",))
    assert text is not None and page is not None
    assert "Hélène Müller" in text.get_content() and "Hélène Müller" in page.get_content()


def test_digest_is_sent_to_a_real_smtp_server(
    client: TestClient, ids, monkeypatch: pytest.MonkeyPatch
) -> None:
    import email
    import socket
    import time
    from email import policy

    from aiosmtpd.controller import Controller

    received: list[bytes] = []

    class Sink:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            received.append(envelope.original_content or envelope.content)
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        smtp = {"HOST": "127.0.0.1", "PORT": str(port), "STARTTLS": "false"}
        smtp |= {"FROM": "tisser@example.org", "TO": "default@example.org"}
        for key, value in smtp.items():
            monkeypatch.setenv(f"TISSER_SMTP_{key}", value)
        assert 'value="default@example.org"' in client.get("/plan").text
        refused = post(client, "/plan/digest", {"to": "not an address"})
        assert refused.status_code == 400 and not received
        sent = post(client, "/plan/digest", {"to": "helene@example.org"})
        assert sent.status_code == 303
        for _ in range(50):
            if received:
                break
            time.sleep(0.05)
    finally:
        controller.stop()
    assert len(received) == 1
    msg = email.message_from_bytes(received[0], policy=policy.default)
    assert msg["To"] == "helene@example.org" and msg["From"] == "tisser@example.org"
    assert msg.get_body(("plain",)) is not None and msg.get_body(("html",)) is not None
    assert "Digest sent to helene@example.org" in client.get(sent.headers["location"]).text


def test_digest_form_needs_its_csrf_token(client: TestClient) -> None:
    answer = client.post("/plan/digest", data={"to": "a@example.org"}, follow_redirects=False)
    assert answer.status_code == 403


def test_digest_without_a_mail_server_is_a_clear_page(
    client: TestClient, ids, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key in ("HOST", "PORT", "FROM", "TO"):
        monkeypatch.delenv(f"TISSER_SMTP_{key}", raising=False)
    monkeypatch.delenv("TISSER_CONFIG", raising=False)
    answer = post(client, "/plan/digest", {"to": "helene@example.org"})
    assert answer.status_code == 400
    assert "SMTP" in answer.text and "Traceback" not in answer.text
    post(client, "/language", {"lang": "fr", "back": "/plan"})
    french = post(client, "/plan/digest", {"to": "helene@example.org"})
    assert french.status_code == 400 and "aucun serveur SMTP" in french.text
    # the shared hint names the command line's --to-file: not shown in a browser
    assert "--to-file" not in answer.text and "--to-file" not in french.text
