# ruff: noqa: F811 - the tests take the imported ``run`` fixture as a parameter
"""Issue #21, the community server as an attacker sees it: forged Host headers, hostile
names in mail headers, forged proxy headers. Real servers: uvicorn and aiosmtpd on loopback,
the database on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.message import EmailMessage

import httpx2 as httpx
import pytest

from servers import smtp_inbox, uvicorn_server
from test_cli import run  # noqa: F401 - the shared fixture that runs tisser
from tisser.core.community import Member, Round
from tisser.core.matching import Meeting
from tisser.mail import send_all, smtp_settings
from tisser.store import Store
from tisser.web.community.app import build_community_app
from tisser.web.security import CSRF_COOKIE

PUBLIC = "https://club.example.org"
PASSWORD = "correct horse battery"


def _form(client: httpx.Client, url: str, data: dict[str, str], **kw: object) -> httpx.Response:
    if CSRF_COOKIE not in client.cookies:
        client.get("/login")
    token = client.cookies[CSRF_COOKIE]
    return client.post(url, data={"csrf_token": token, **data}, **kw)  # type: ignore[arg-type]


def test_reset_link_ignores_a_forged_host(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.create_account("victim@club.fr", PASSWORD, "Victor")
    with smtp_inbox(monkeypatch) as inbox:
        app = build_community_app(store, secret=b"k" * 32, public_url=PUBLIC)
        with uvicorn_server(app) as url, httpx.Client(base_url=url) as client:
            # a foreign Host is refused outright: no mail leaves
            forged = _form(client, "/password/forgot", {"email": "victim@club.fr"},
                           headers={"Host": "evil.example"})  # fmt: skip
            assert forged.status_code == 400
            assert inbox.received == []
            # a Host the server answers (loopback's) still gets links on the public URL only
            ok = _form(client, "/password/forgot", {"email": "victim@club.fr"},
                       headers={"Host": "localhost"})  # fmt: skip
            assert ok.status_code in (200, 303)
            _form(client, "/signup", {"email": "newcomer@club.fr", "name": "N"},
                  headers={"Host": "localhost"})  # fmt: skip
    assert len(inbox.received) == 2
    for got in inbox.received:
        body = got.message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        links = re.findall(r"https?://[^\s]+", body)
        assert links and all(link.startswith(PUBLIC + "/") for link in links), body
        assert "localhost" not in body and "evil.example" not in body
    assert re.search(
        re.escape(PUBLIC) + r"/password/reset/[\w-]{20,}",
        str(inbox.received[0].message.get_body(("plain",)).get_content()),
    )  # type: ignore[union-attr]


def test_serve_needs_a_public_url_off_loopback(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("serve", "--community", "--host", "0.0.0.0", "--port", "1")
    assert code != 0
    assert "--public-url" in out + err and "0.0.0.0" in out + err
    code, out, err = run("serve", "--community", "--public-url", "javascript:alert(1)")
    assert code != 0 and "public address" in out + err


def _member(mid: int, email: str, first: str, last: str) -> Member:
    return Member(id=mid, email=email, first_name=first, last_name=last, languages=("en",))


HOSTILE = [
    ("X, attacker@evil.example,", "victim@club.fr"),
    ("Smith, Jr.", "smith@club.fr"),
    ("<attacker@evil.example>", "ann@club.fr"),
    ("Eve\r\nBcc: attacker@evil.example", "eve@club.fr"),
    ("Nul\x00Byte", "nul@club.fr"),
]


def test_hostile_names_add_no_recipient(monkeypatch: pytest.MonkeyPatch) -> None:
    from tisser.community.mail import invitation

    people = [_member(i, email, "Anna", last) for i, (last, email) in enumerate(HOSTILE, 1)]
    rnd = Round(1, 1, "coffee", 2, 5, date(2026, 12, 1), date(2026, 12, 14))
    meeting = Meeting(tuple(p.id for p in people), 1.0, "tue-evening", "Bordeaux", (),
                      datetime(2026, 12, 1, 18, tzinfo=UTC), 1)  # fmt: skip
    messages = [invitation(rnd, "Club, Inc.", meeting, people, m, "Club <club@tisser.fr>")
                for m in people]  # fmt: skip
    with smtp_inbox(monkeypatch) as inbox:
        send_all(messages, smtp_settings())
    assert [r.recipients for r in inbox.received] == [[email] for _, email in HOSTILE]
    for got, person in zip(inbox.received, people, strict=True):
        [to] = got.message["To"].addresses
        assert to.addr_spec == person.email
        assert "\x00" not in str(got.message["To"]) and "Bcc" not in got.message
        assert got.message["From"].addresses[0].addr_spec == "club@tisser.fr"


def test_sign_up_takes_one_real_address(store: Store) -> None:
    from fastapi.testclient import TestClient

    outbox: list[EmailMessage] = []
    app = build_community_app(store, secret=b"k" * 32, mailer=outbox.extend, public_url=PUBLIC)
    c = TestClient(app, base_url="http://127.0.0.1")
    c.get("/login")
    for bad in ("victim@x.org, attacker@evil.example", "victim@x.org attacker@evil.example",
                "a@b", "@club.fr", "x@club.fr>"):  # fmt: skip
        r = c.post("/signup", data={"csrf_token": c.cookies[CSRF_COOKIE], "email": bad})
        assert r.status_code == 400, bad
    assert outbox == []
    r = c.post("/signup", data={"csrf_token": c.cookies[CSRF_COOKIE], "email": "Zoe@Club.FR",
                                "name": "Zoé, <Ltd>\x00"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    [msg] = outbox
    assert [a.addr_spec for a in msg["To"].addresses] == ["Zoe@club.fr"]
