# ruff: noqa: F811 - the tests take the imported ``run`` fixture as a parameter
"""Issue #21, the community server as an attacker sees it: forged Host headers, hostile
names in mail headers, forged proxy headers. Real servers: uvicorn and aiosmtpd on loopback,
the database on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import statistics
import threading
import time
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from servers import smtp_inbox, uvicorn_server
from test_cli import run  # noqa: F401 - the shared fixture that runs tisser
from tisser.core.community import Member, Round
from tisser.core.matching import Meeting
from tisser.mail import send_all, smtp_settings
from tisser.store import Store, open_store
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


# --- the member upload cannot freeze the server -------------------------------------------

HEADER = (
    "email,first_name,last_name,company,sector,function,city,sports,slots,seeks,offers,format,"
    "languages"
)


def _members_csv(rows: int) -> bytes:
    lines = [HEADER]
    lines += [f"m{i}@club.fr,Claire,Roux{i},Garonne Conseil,consulting,sales,Mérignac,"
              "padel:5;running:6,tue-evening;sat-morning,mentor:export,,any,fr;en"
              for i in range(rows)]  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def _organiser(store: Store, email: str = "olga@club.fr") -> tuple[int, int]:
    uid = store.create_account(email, PASSWORD, "Olga")
    return uid, store.create_community(uid, "Grand club").id


def _signed_in(client: httpx.Client, email: str = "olga@club.fr") -> None:
    r = _form(client, "/login", {"email": email, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303, r.text


def _upload(
    client: httpx.Client, cid: int, data: bytes, name: str = "members.csv"
) -> httpx.Response:
    if CSRF_COOKIE not in client.cookies:
        client.get("/login")
    return client.post(f"/c/{cid}/import", data={"csrf_token": client.cookies[CSRF_COOKIE]},
                       files={"file": (name, data, "text/csv")})  # fmt: skip


def _login_latencies(url: str, busy: threading.Thread) -> list[float]:
    """GET /login again and again while ``busy`` runs; each answer's wall time in seconds."""
    found = []
    with httpx.Client(base_url=url, timeout=60) as other:
        while busy.is_alive():
            start = time.perf_counter()
            assert other.get("/login").status_code == 200
            found.append(time.perf_counter() - start)
            time.sleep(0.01)
    return found


def test_login_answers_while_a_large_upload_is_parsed(tmp_path: Path) -> None:
    """The issue's acceptance: /login within 200 ms while the largest accepted member file
    is parsed and written. Judged on the median and the 80th percentile of many samples, over
    up to three uploads, so a machine busy with other work does not decide it."""
    from tisser.community.importer import MAX_MEMBERS

    store = open_store(f"sqlite:///{tmp_path / 'club.db'}")
    _, cid = _organiser(store)
    data = _members_csv(MAX_MEMBERS)
    outcomes = []
    try:
        app = build_community_app(store, secret=b"k" * 32, mailer=list, public_url=PUBLIC)
        with uvicorn_server(app) as url, httpx.Client(base_url=url, timeout=120) as client:
            _signed_in(client)
            for _attempt in range(3):
                answer: list[httpx.Response] = []
                busy = threading.Thread(
                    target=lambda got=answer: got.append(_upload(client, cid, data))
                )
                busy.start()
                latencies = sorted(_login_latencies(url, busy))
                busy.join()
                assert answer[0].status_code == 200, answer[0].text[:500]
                median = statistics.median(latencies)
                p80 = latencies[int(len(latencies) * 0.8)]
                outcomes.append((len(latencies), round(median, 3), round(p80, 3)))
                if len(latencies) >= 10 and median < 0.2 and p80 < 0.2:
                    break
    finally:
        store.close()
    count, median, p80 = outcomes[-1]
    assert count >= 10 and median < 0.2 and p80 < 0.2, outcomes


def _client(store: Store) -> TestClient:
    app = build_community_app(store, secret=b"k" * 32, mailer=list, public_url=PUBLIC)
    c = TestClient(app, base_url="http://127.0.0.1")
    c.get("/login")
    return c


def test_upload_size_row_cap_and_quotas(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from tisser.community import importer
    from tisser.web.community.limits import QUOTAS, UPLOAD_BYTES

    MAX_MEMBERS = 50  # the cap's logic, at a size quick to write on both databases
    monkeypatch.setattr(importer, "MAX_MEMBERS", MAX_MEMBERS)

    uid, cid = _organiser(store)
    c = _client(store)
    _signed_in(c)  # type: ignore[arg-type]
    huge = b"x" * (UPLOAD_BYTES + 200_000)
    r = _upload(c, cid, huge)  # type: ignore[arg-type]
    assert r.status_code == 413  # the size in the message: checked in French after translation
    # one row past the cap: that row is named, the others are imported
    rows = _members_csv(MAX_MEMBERS + 1)
    r = _upload(c, cid, rows)  # type: ignore[arg-type]
    assert r.status_code == 200
    assert f"{MAX_MEMBERS:,}".replace(",", "") in r.text.replace(",", "").replace("\u202f", "")
    assert len(store.community_members(uid, cid)) == MAX_MEMBERS
    for _ in range(QUOTAS["upload"] - 1):  # the refused 6 MB body was never counted
        assert _upload(c, cid, _members_csv(1)).status_code == 200  # type: ignore[arg-type]
    assert _upload(c, cid, _members_csv(1)).status_code == 429  # type: ignore[arg-type]
    # creating communities: the quota, then 429
    made = [_form(c, "/communities", {"name": f"C{i}"}, follow_redirects=False).status_code  # type: ignore[arg-type]
            for i in range(QUOTAS["community"] + 1)]  # fmt: skip
    assert made == [303] * QUOTAS["community"] + [429]
    # a form body past the form cap is refused before it is parsed
    r = _form(c, "/communities", {"name": "x" * 300_000})  # type: ignore[arg-type]
    assert r.status_code == 413


def test_password_spraying_from_one_address(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from tisser.web.community import auth

    monkeypatch.setattr(auth, "MAX_ADDRESS_FAILURES", 6)  # each try hashes: keep them few
    store.create_account("user0@club.fr", PASSWORD)
    c = _client(store)
    codes = [_form(c, "/login", {"email": f"user{i}@club.fr", "password": "guess"}).status_code  # type: ignore[arg-type]
             for i in range(7)]  # fmt: skip
    assert codes == [401] * 6 + [429]
    # the right password of an account not tried yet is refused too, for a while
    assert _form(c, "/login", {"email": "user0@club.fr", "password": PASSWORD}).status_code == 429  # type: ignore[arg-type]


def test_forwarded_for_is_ignored_without_a_trusted_proxy(store: Store) -> None:
    """A rotating X-Forwarded-For from loopback must not reset the per-account limit."""
    store.create_account("ann@club.fr", PASSWORD)
    app = build_community_app(store, secret=b"k" * 32, mailer=list, public_url=PUBLIC)
    from tisser.cli.serve import uvicorn_options

    with uvicorn_server(app, **uvicorn_options([])) as url, httpx.Client(base_url=url) as c:
        codes = [_form(c, "/login", {"email": "ann@club.fr", "password": "guess"},
                       headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
                 for i in range(7)]  # fmt: skip
    assert codes[:5] == [401] * 5 and codes[5:] == [429, 429]


def test_csrf_token_is_bound_to_the_session(store: Store) -> None:
    """Double-submit with a cookie the attacker set (a sibling sub-domain can) must fail."""
    uid, _ = _organiser(store)
    c = _client(store)
    _signed_in(c)  # type: ignore[arg-type]
    planted = "A" * 43
    c.cookies.set(CSRF_COOKIE, planted)
    r = c.post("/communities", data={"csrf_token": planted, "name": "Pirate"},
               follow_redirects=False)  # fmt: skip
    assert r.status_code == 403
    assert [x.name for x in store.my_communities(uid)] == ["Grand club"]
    # the page's own token (bound to the session) still works
    page = c.get("/").text
    token = re.search(r'name="csrf_token" value="([\w-]+)"', page).group(1)  # type: ignore[union-attr]
    r = c.post("/communities", data={"csrf_token": token, "name": "Vrai"}, follow_redirects=False)
    assert r.status_code == 303
