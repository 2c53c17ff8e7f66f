# ruff: noqa: F811 - the tests take the imported ``run`` fixture as a parameter
"""The community server through its routes (TestClient), on SQLite and PostgreSQL.

Accounts and sessions, rate limiting, password reset, CSRF on every form, isolation
between members and communities on every route, and the organiser's and member's flows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from email import message_from_bytes
from email.message import EmailMessage
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from icalendar import Calendar

from test_cli import run  # noqa: F401 - the shared fixture that runs tisser
from tisser.core.community import Member, Round
from tisser.core.errors import N_, TisserError
from tisser.store import Store
from tisser.store.schema import login_failures, password_resets, web_sessions
from tisser.web.community.app import build_community_app
from tisser.web.community.auth import SESSION_COOKIE
from tisser.web.security import CSRF_COOKIE

BASE = "http://127.0.0.1"
PASSWORD = "correct horse battery"
XSS = "<script>alert(1)</script>"


@dataclass
class Club:
    """Two communities: A (organiser Olga, members Ann and Bob), B (organiser Bea, member Cy)."""

    a: int
    b: int
    olga: int
    bea: int
    ann: int
    bob: int
    cy: int
    members: dict[str, int]
    round_a: int
    round_b: int


def _member(email: str, first: str, last: str, **kw: object) -> Member:
    return Member(id=0, email=email, first_name=first, last_name=last, **kw)  # type: ignore[arg-type]


@pytest.fixture
def club(store: Store) -> Club:
    users = {
        name: store.create_account(f"{name}@club.fr", PASSWORD, name.title())
        for name in ("olga", "bea", "ann", "bob", "cy")
    }
    a = store.create_community(users["olga"], "Club A").id
    b = store.create_community(users["bea"], "Club B").id
    common = {"sports": {"padel": 5.0}, "slots": frozenset({"tue-evening"})}
    store.upsert_members(users["olga"], a, [
        _member("ann@club.fr", "Ann", "Arnaud", city="Talence", company="Airbus", **common),
        _member("bob@club.fr", "Bob", "Bernard", city="Pessac-Secret", company="Safran",
                sector="aéro", **common),
    ])  # fmt: skip
    store.upsert_members(users["bea"], b, [
        _member("cy@club.fr", "Cy", "Cyrano", city="Mérignac-Privé", **common)])  # fmt: skip
    members = {
        name: store.link_member(users[org], cid, f"{name}@club.fr", users[name])
        for name, cid, org in (("ann", a, "olga"), ("bob", a, "olga"), ("cy", b, "bea"))
    }
    # Bob keeps his city private (the default: city is not shared)
    window = (date(2026, 12, 1), date(2026, 12, 14))
    ra = store.create_round(users["olga"], Round(0, a, "padel", 2, 2, *window))
    rb = store.create_round(users["bea"], Round(0, b, "padel", 2, 2, *window))
    return Club(a, b, users["olga"], users["bea"], users["ann"], users["bob"], users["cy"],
                members, ra.id, rb.id)  # fmt: skip


@pytest.fixture
def outbox() -> list[EmailMessage]:
    return []


@pytest.fixture
def app(store: Store, outbox: list[EmailMessage]):  # type: ignore[no-untyped-def]
    return build_community_app(store, secret=b"s" * 32, mailer=outbox.extend, public_url=BASE)


def browser(app) -> TestClient:  # type: ignore[no-untyped-def]
    c = TestClient(app, base_url=BASE)
    c.get("/login")
    return c


def post(c: TestClient, url: str, data: dict[str, object] | None = None, **kw: object):  # type: ignore[no-untyped-def]
    token = c.cookies.get(CSRF_COOKIE)
    return c.post(url, data={"csrf_token": token, **(data or {})}, follow_redirects=False, **kw)  # type: ignore[arg-type]


def signed_in(app, email: str) -> TestClient:  # type: ignore[no-untyped-def]
    c = browser(app)
    r = post(c, "/login", {"email": email, "password": PASSWORD})
    assert r.status_code == 303, r.text
    return c


# --- accounts -------------------------------------------------------------------------------


def test_anonymous_gets_the_login_page(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    for url in ("/", f"/c/{club.a}", f"/c/{club.a}/members", f"/members/{club.members['ann']}",
                f"/c/{club.a}/profile", f"/rounds/{club.round_a}", "/join/abc"):  # fmt: skip
        r = c.get(url, follow_redirects=False)
        assert r.status_code == 303, url
        assert r.headers["location"].startswith("/login"), url
        assert 'action="/login"' in c.get(url).text  # the login form
    assert "Se connecter" in c.get("/login", headers={"accept-language": "fr"}).text
    assert "Sign in" in c.get("/login", headers={"accept-language": "en-GB"}).text
    for url in (f"/c/{club.a}/invites", f"/rounds/{club.round_a}/match", "/communities"):
        r = post(c, url)
        assert r.status_code == 303 and r.headers["location"].startswith("/login"), url


def sign_up(app, outbox: list[EmailMessage], name: str, email: str, target: str = "/"):  # type: ignore[no-untyped-def]
    """Sign up through the e-mailed link; returns the browser and the last response."""
    c = browser(app)
    r = post(c, "/signup", {"name": name, "email": email, "next": target})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert c.get("/", follow_redirects=False).status_code == 303  # not signed in yet
    link = _finish_link(outbox[-1])
    assert outbox[-1]["To"] == email
    assert c.get(link).status_code == 200
    return c, post(c, link, {"password": PASSWORD, "confirm": PASSWORD})


def _finish_link(message: EmailMessage) -> str:
    found = re.search(r"http://127\.0\.0\.1(/signup/finish/[\w.-]+)", message.get_content())
    assert found, message.get_content()
    return found.group(1)


def test_sign_up_session_cookie_and_sign_out(app, store: Store, outbox: list[EmailMessage]) -> None:  # type: ignore[no-untyped-def]
    c, r = sign_up(app, outbox, "Zoé <b>", "zoe@club.fr")
    assert r.status_code == 303
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    value = c.cookies.get(SESSION_COOKIE)
    assert value
    with store._conn() as conn:  # the database keeps a digest, never the id itself
        hashes = list(conn.scalars(sa.select(web_sessions.c.token_hash)))
    assert len(hashes) == 1 and value.split(".")[0] not in hashes
    home = c.get("/").text
    assert "Zoé &lt;b&gt;" in home and "Zoé <b>" not in home
    post(c, "/logout")
    assert c.get("/", follow_redirects=False).status_code == 303
    # the old cookie no longer opens anything
    c.cookies.clear()
    c.cookies.set(SESSION_COOKIE, value)
    assert c.get("/", follow_redirects=False).status_code == 303


def test_sign_up_refusals(app, club: Club, outbox: list[EmailMessage]) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    assert post(c, "/signup", {"email": "not an address"}).status_code == 400
    assert outbox == []
    post(c, "/signup", {"email": "x@club.fr"})
    link = _finish_link(outbox[-1])
    r = post(c, link, {"password": "short", "confirm": "short"})
    assert r.status_code == 400
    r = post(c, link, {"password": PASSWORD, "confirm": "other one!"})
    assert r.status_code == 400
    forged = link[:-4] + ("0000" if not link.endswith("0000") else "1111")
    assert post(c, forged, {"password": PASSWORD, "confirm": PASSWORD}).status_code == 400
    assert post(c, link, {"password": PASSWORD, "confirm": PASSWORD}).status_code == 303
    # the link is spent once the account exists
    r = post(browser(app), link, {"password": "another password", "confirm": "another password"})
    assert r.status_code == 400
    assert c.app.state.store.authenticate("x@club.fr", PASSWORD) is not None  # type: ignore[attr-defined]


def test_sign_up_with_a_known_email_tells_nothing(
    app, club: Club, store: Store, outbox: list[EmailMessage]
) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    known = post(c, "/signup", {"name": "Mallory", "email": "ann@club.fr"})
    new = post(c, "/signup", {"name": "Newcomer", "email": "new@club.fr"})
    assert known.status_code == new.status_code == 303
    assert known.headers["location"] == new.headers["location"]
    # the page after it differs only by the address typed
    flash_known = c.get(known.headers["location"]).text.replace("ann@club.fr", "X")
    assert "ann@club.fr" not in flash_known.replace("X", "")
    # the owner is told, and nothing changed on her account
    notice, welcome = outbox
    assert notice["To"] == "ann@club.fr" and "/signup/finish/" not in notice.get_content()
    assert "/password/forgot" in notice.get_content() and "/login" in notice.get_content()
    assert welcome["To"] == "new@club.fr" and "/signup/finish/" in welcome.get_content()
    assert store.authenticate("ann@club.fr", PASSWORD) == club.ann
    assert store.account_user("new@club.fr") is None  # created only from the link


def test_csrf_token_rotates_at_sign_in(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    before = c.cookies.get(CSRF_COOKIE)
    r = post(c, "/login", {"email": "ann@club.fr", "password": PASSWORD})
    assert r.status_code == 303
    after = c.cookies.get(CSRF_COOKIE)
    assert after and after != before
    # the old token no longer passes, the new one does
    r = c.post(f"/rounds/{club.round_a}/optin", data={"csrf_token": before},
               follow_redirects=False)  # fmt: skip
    assert r.status_code == 403
    assert post(c, f"/rounds/{club.round_a}/optin").status_code == 303


def test_forged_session_cookie_is_ignored(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "ann@club.fr")
    sid = c.cookies.get(SESSION_COOKIE).split(".")[0]
    c.cookies.clear()
    c.cookies.set(SESSION_COOKIE, f"{sid}.{'0' * 64}")
    assert c.get("/", follow_redirects=False).status_code == 303


def test_login_rate_limit(app, club: Club, store: Store) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    for _ in range(5):
        r = post(c, "/login", {"email": "ann@club.fr", "password": "wrong password"})
        assert r.status_code == 401
    r = post(c, "/login", {"email": "ann@club.fr", "password": PASSWORD})
    assert r.status_code == 429
    assert "too many failed sign-ins" in r.text.lower() or "trop" in r.text.lower()
    # another account from the same address is not locked
    assert post(c, "/login", {"email": "bob@club.fr", "password": PASSWORD}).status_code == 303
    # after the window, the right password works again and clears the count
    with store._conn() as conn:
        conn.execute(login_failures.update().values(at=sa.func.now() - timedelta(minutes=16)))
    assert post(c, "/login", {"email": "ann@club.fr", "password": PASSWORD}).status_code == 303


def _link(message: EmailMessage) -> str:
    body = message.get_content()
    found = re.search(r"http://127\.0\.0\.1(/password/reset/[\w-]+)", body)
    assert found, body
    return found.group(1)


def test_password_reset(app, club: Club, store: Store, outbox: list[EmailMessage]) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)
    old = signed_in(app, "ann@club.fr")
    r = post(c, "/password/forgot", {"email": "nobody@club.fr"})
    same = r.headers["location"]
    assert outbox == []
    r = post(c, "/password/forgot", {"email": "ann@club.fr"})
    assert r.headers["location"] == same  # same answer: no way to probe accounts
    assert len(outbox) == 1 and outbox[0]["To"] == "ann@club.fr"
    link = _link(outbox[0])
    with store._conn() as conn:  # stored hashed
        assert link.rsplit("/", 1)[1] not in set(
            conn.scalars(sa.select(password_resets.c.token_hash))
        )
    new = "a brand new password"
    r = post(c, link, {"password": new, "confirm": new})
    assert r.status_code == 303
    assert store.authenticate("ann@club.fr", new) == club.ann
    assert store.authenticate("ann@club.fr", PASSWORD) is None
    assert old.get("/", follow_redirects=False).status_code == 303  # sessions closed
    # single use
    r = post(c, link, {"password": "yet another one", "confirm": "yet another one"})
    assert r.status_code == 400
    assert store.authenticate("ann@club.fr", new) == club.ann
    # expired
    post(c, "/password/forgot", {"email": "bob@club.fr"})
    link = _link(outbox[-1])
    with store._conn() as conn:
        conn.execute(password_resets.update().values(expires_at=sa.func.now() - timedelta(hours=2)))
    assert "expired" in c.get(link).text or "expiré" in c.get(link).text
    assert post(c, link, {"password": new, "confirm": new}).status_code == 400
    assert store.authenticate("bob@club.fr", PASSWORD) == club.bob


def test_reset_mail_written_to_a_folder(store: Store, club: Club, tmp_path: Path) -> None:
    app = build_community_app(store, secret=b"s" * 32, mail_dir=tmp_path)
    c = browser(app)
    post(c, "/password/forgot", {"email": "bob@club.fr"})
    [eml] = list(tmp_path.glob("*.eml"))
    assert "/password/reset/" in message_from_bytes(eml.read_bytes()).get_payload()  # type: ignore[operator]


# --- CSRF -----------------------------------------------------------------------------------


def _post_routes(club: Club) -> list[str]:
    r = club.round_a
    return ["/login", "/signup", "/logout", "/password/forgot", "/password/reset/x",
            "/signup/finish/x", f"/rounds/{r}/members/add", f"/rounds/{r}/members/remove",
            "/communities", "/join", f"/c/{club.a}/invites", f"/c/{club.a}/rounds",
            f"/c/{club.a}/profile", f"/c/{club.a}/import", f"/rounds/{r}/optin",
            f"/rounds/{r}/match", f"/rounds/{r}/swap", f"/rounds/{r}/lock",
            f"/rounds/{r}/exclude", f"/rounds/{r}/rerun", f"/rounds/{r}/publish",
            f"/rounds/{r}/feedback", "/language", f"/c/{club.a}/leave",
            "/account/delete"]  # fmt: skip


def test_every_post_refuses_a_missing_or_forged_token(app, club: Club, store: Store) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "olga@club.fr")
    for url in _post_routes(club):
        for data in ({}, {"csrf_token": "forged-forged-forged-forged-forged-forged"}):
            r = c.post(url, data={"name": "Club C", **data}, follow_redirects=False)
            assert r.status_code == 403, url
    assert [x.name for x in store.my_communities(club.olga)] == ["Club A"]
    assert store.invites(club.olga, club.a) == []


def test_every_form_carries_the_token(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    rnd = f"/rounds/{club.round_a}"
    store_pages = [
        ("olga@club.fr", ["/", f"/c/{club.a}", rnd]),
        ("ann@club.fr", ["/", f"/c/{club.a}/profile", rnd, "/account"]),
    ]
    for email, urls in store_pages:
        c = signed_in(app, email)
        for url in urls:
            html = c.get(url).text
            forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S)
            assert forms, url
            for form in forms:
                assert f'value="{c.cookies.get(CSRF_COOKIE)}"' in form, (url, form[:200])


# --- isolation ------------------------------------------------------------------------------


def _routes_of(club: Club, community: int, rnd: int, member: int) -> list[str]:
    return [f"/c/{community}", f"/c/{community}/members", f"/c/{community}/profile",
            f"/members/{member}", f"/rounds/{rnd}"]  # fmt: skip


def test_member_sees_no_other_community(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "ann@club.fr")
    for url in _routes_of(club, club.b, club.round_b, club.members["cy"]):
        r = c.get(url)
        assert r.status_code == 404, url
        assert "Cyrano" not in r.text and "Club B" not in r.text
    for url in (f"/rounds/{club.round_b}/optin", f"/rounds/{club.round_b}/feedback",
                f"/c/{club.b}/profile"):  # fmt: skip
        assert post(c, url, {"met": "yes"}).status_code == 404, url


def test_member_cannot_do_what_organisers_do(app, club: Club, store: Store) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "ann@club.fr")
    html = c.get(f"/c/{club.a}").text
    assert "/invites" not in html and "/import" not in html
    for url in (f"/c/{club.a}/invites", f"/c/{club.a}/rounds", f"/rounds/{club.round_a}/match",
                f"/rounds/{club.round_a}/publish", f"/rounds/{club.round_a}/rerun",
                f"/rounds/{club.round_a}/lock"):  # fmt: skip
        r = post(c, url, {"activity": "padel", "size": "2", "date_from": "2026-12-01",
                          "date_to": "2026-12-02"})  # fmt: skip
        assert r.status_code == 404, url
    r = post(c, f"/c/{club.a}/import", files={"file": ("m.csv", b"email\nz@x.fr\n")})
    assert r.status_code == 404
    assert len(store.member_profiles(club.olga, club.a)) == 2
    assert store.get_round(club.olga, club.round_a).status == "open"


def test_member_sees_only_shared_fields(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "ann@club.fr")
    other = c.get(f"/members/{club.members['bob']}").text
    assert "Bernard" in other and "Safran" in other  # shared by default
    assert "Pessac-Secret" not in other and "bob@club.fr" not in other  # private
    listing = c.get(f"/c/{club.a}/members").text
    assert "Pessac-Secret" not in listing and "bob@club.fr" not in listing
    mine = c.get(f"/members/{club.members['ann']}").text
    assert "Talence" in mine  # one's own profile is whole
    org = signed_in(app, "olga@club.fr")
    assert "Pessac-Secret" in org.get(f"/members/{club.members['bob']}").text


def test_sharing_a_field_shows_it(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    bob = signed_in(app, "bob@club.fr")
    form = {"first_name": "Bob", "last_name": "Bernard", "city": "Pessac-Secret",
            "sports": "padel:5", "slot": "tue-evening",
            "share": ["last_name", "city", "email"]}  # fmt: skip
    assert post(bob, f"/c/{club.a}/profile", form).status_code == 303
    ann = signed_in(app, "ann@club.fr")
    other = ann.get(f"/members/{club.members['bob']}").text
    assert "Pessac-Secret" in other and "Safran" not in other  # company no longer shared
    assert "bob@club.fr" in other


def test_organiser_sees_only_their_community(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "olga@club.fr")
    for url in _routes_of(club, club.b, club.round_b, club.members["cy"]):
        r = c.get(url)
        assert r.status_code == 404, url
        assert "Cyrano" not in r.text
    for url in (f"/c/{club.b}/invites", f"/rounds/{club.round_b}/match"):
        assert post(c, url).status_code == 404, url
    assert "Club B" not in c.get("/").text


def test_user_strings_are_escaped(app, club: Club, store: Store) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "olga@club.fr")
    r = post(c, "/communities", {"name": XSS})
    page = c.get(r.headers["location"]).text
    assert XSS not in page and "&lt;script&gt;" in page
    csv = f"email,first_name,last_name\nx@club.fr,{XSS},Doe\nnot-an-email,{XSS},X\n".encode()
    r = post(c, r.headers["location"] + "/import", files={"file": ("m.csv", csv)})
    assert XSS not in r.text and "&lt;script&gt;" in r.text


# --- organiser and member flows -------------------------------------------------------------

MEMBERS_CSV = """email,first_name,last_name,company,sector,function,sports,slots,languages,city
p1@club.fr,Paul,Un,Alpha,aéro,DAF,padel:5,tue-evening,fr,Bordeaux
p2@club.fr,Pia,Deux,Beta,banque,DRH,padel:5.5,tue-evening,fr,Bordeaux
p3@club.fr,Pim,Trois,Gamma,vin,DSI,padel:6,tue-evening,fr,Bordeaux
p4@club.fr,Pat,Quatre,Delta,santé,CEO,padel:6,tue-evening,fr,Bordeaux
p5@club.fr,Pol,Cinq,Epsilon,btp,DAF,padel:4.5,tue-evening,fr,Bordeaux
p6@club.fr,Pam,Six,Zeta,luxe,CMO,padel:5,tue-evening,fr,Bordeaux
bad-line,Nope,Nope,,,,padel:5,,,Bordeaux
p7@club.fr,Pit,Sept,Eta,,,padel:42,someday,fr,Bordeaux
"""


def test_organiser_flow(app, club: Club, store: Store, outbox: list[EmailMessage]) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "olga@club.fr")
    r = post(c, "/communities", {"name": "Padel Bordeaux"})
    home = r.headers["location"]
    cid = int(home.rsplit("/", 1)[1])
    r = post(c, f"{home}/import", files={"file": ("members.csv", MEMBERS_CSV.encode())})
    assert r.status_code == 200
    report = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td></tr>", r.text)
    assert [line for line, _ in report] == ["8", "9"]  # the two bad lines, by line number
    assert len(store.community_members(club.olga, cid)) == 6  # line 9: an unknown slot
    form = {"activity": "padel", "size": "2", "places": "Bordeaux", "everyone": "1",
            "date_from": "2026-12-01", "date_to": "2026-12-14"}  # fmt: skip
    r = post(c, f"{home}/rounds", form)
    rid = int(r.headers["location"].rsplit("/", 1)[1])
    assert len(store.opted_in(club.olga, rid)) == 6
    post(c, f"/rounds/{rid}/match")
    groups = store.round_groups(club.olga, rid)
    assert len(groups) == 3 and all(len(g.member_ids) == 2 for g in groups)
    page = c.get(f"/rounds/{rid}").text
    for g in groups:
        assert f'value="{g.id}"' in page
    # swap the first members of the first two groups
    a, b = groups[0].member_ids[0], groups[1].member_ids[0]
    # the same person twice, or no one chosen: refused on the round page, nothing changes
    for data, said in (({"a": a, "b": a}, "is chosen in both lists: a swap needs two people"),
                       ({"a": "", "b": b}, "choose a member")):  # fmt: skip
        r = post(c, f"/rounds/{rid}/swap", data, headers={"accept-language": "en"})
        assert r.status_code == 303 and r.headers["location"] == f"/rounds/{rid}"
        shown = c.get(f"/rounds/{rid}").text
        assert 'class="flash flash-error"' in shown and said in shown
        assert store.round_groups(club.olga, rid) == groups
    assert post(c, f"/rounds/{rid}/swap", {"a": a, "b": b}).status_code == 303
    after = [set(g.member_ids) for g in store.round_groups(club.olga, rid)]
    assert {b, groups[0].member_ids[1]} in after and {a, groups[1].member_ids[1]} in after
    # lock one group, exclude a member of another, re-run: the locked group stays
    now = store.round_groups(club.olga, rid)
    locked = now[0]
    post(c, f"/rounds/{rid}/lock", {"group": locked.id})
    assert store.locked_groups(club.olga, rid) == {locked.id}
    out = now[1].member_ids[0]
    assert post(c, f"/rounds/{rid}/exclude", {"member": out}).status_code == 303
    assert out not in store.opted_in(club.olga, rid)
    post(c, f"/rounds/{rid}/rerun")
    final = store.round_groups(club.olga, rid)
    assert set(locked.member_ids) in [set(g.member_ids) for g in final]
    assert all(out not in g.member_ids for g in final)
    assert len(store.locked_groups(club.olga, rid)) == 1
    placed = sorted(x for g in final for x in g.member_ids)
    assert len(placed) == 4  # five left: two pairs, one waits
    assert "Waiting" in c.get(f"/rounds/{rid}").text or "attente" in c.get(f"/rounds/{rid}").text
    # publish: one invitation per placed member, each with its calendar invitation
    r = post(c, f"/rounds/{rid}/publish")
    assert r.status_code == 303
    assert store.get_round(club.olga, rid).status == "published"
    assert len(outbox) == 4
    for msg in outbox:
        [ics] = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
        event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
        assert event["LOCATION"] == "Bordeaux"
        attendees = {str(x).removeprefix("mailto:") for x in event.get("ATTENDEE")}
        assert msg["To"].split("<")[-1].rstrip(">") in attendees
    # participation per round
    overview = c.get(home).text
    row = re.search(rf'<a href="/rounds/{rid}">{rid}</a>.*?</tr>', overview, re.S)
    assert row and re.findall(r"<td>(\d+)</td>", row.group(0))[1:3] == [
        "5",
        "4",
    ]  # size, opted, matched


def test_member_flow(app, club: Club, store: Store, outbox: list[EmailMessage]) -> None:  # type: ignore[no-untyped-def]
    olga = signed_in(app, "olga@club.fr")
    post(olga, f"/c/{club.a}/invites")
    [code] = store.invites(club.olga, club.a)
    dan = browser(app)
    r = dan.get(f"/join/{code}", follow_redirects=False)
    assert r.headers["location"] == f"/login?next=/join/{code}"
    dan, r = sign_up(app, outbox, "Dan Durand", "dan@club.fr", f"/join/{code}")
    assert r.headers["location"] == f"/join/{code}"
    outbox.clear()
    r = post(dan, "/join", {"code": code})
    assert r.headers["location"] == f"/c/{club.a}/profile"
    form = {"first_name": "Dan", "last_name": "Durand", "company": "Oméga", "city": "Bègles",
            "sports": "padel:5", "slot": ["tue-evening", "thu-evening"], "languages": "fr; en",
            "seeks": "mentor", "offers": "help", "format": "1:1", "travel_km": "12",
            "share": ["last_name", "company"]}  # fmt: skip
    assert post(dan, f"/c/{club.a}/profile", form).status_code == 303
    me = store.my_member(store.account_user("dan@club.fr") or 0, club.a)
    assert me.slots == {"tue-evening", "thu-evening"} and me.sports == {"padel": 5.0}
    assert me.travel_km == 12 and str(me.seeks[0]) == "mentor"
    bad = {**form, "sports": "padel:99"}
    r = post(dan, f"/c/{club.a}/profile", bad)
    assert r.status_code == 400 and "padel:99" in r.text
    # opt in (Ann too), organiser matches and publishes
    for who in (dan, signed_in(app, "ann@club.fr")):
        assert post(who, f"/rounds/{club.round_a}/optin").status_code == 303
    assert (
        "not published" in dan.get(f"/rounds/{club.round_a}").text
        or "pas encore" in dan.get(f"/rounds/{club.round_a}").text
    )
    post(olga, f"/rounds/{club.round_a}/match")
    post(olga, f"/rounds/{club.round_a}/publish")
    assert sorted(m["To"].split("<")[-1].rstrip(">") for m in outbox) == [
        "ann@club.fr", "dan@club.fr"]  # fmt: skip
    page = dan.get(f"/rounds/{club.round_a}").text
    assert "Ann Arnaud" in page and "Airbus" in page
    why = re.search(r'<p class="why">([^<]+)</p>', page)
    assert why and ("mardi soir" in why.group(1) or "Tuesday evening" in why.group(1))
    assert "Talence" not in page  # Ann's city is private
    r = post(dan, f"/rounds/{club.round_a}/feedback", {"met": "yes", "useful": "4", "again": "yes"})
    assert r.status_code == 303
    [rep] = [x for x in store.round_reports(club.olga, club.a) if x.round_id == club.round_a]
    assert (rep.answers, rep.met, rep.useful_avg, rep.again) == (1, 1, 4.0, 1)


def test_bad_invitation_code(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "ann@club.fr")
    r = post(c, "/join", {"code": "nope"})
    assert r.status_code == 404
    assert "Traceback" not in r.text


def test_failed_delivery_leaves_the_round_unpublished(store: Store, club: Club) -> None:
    def broken(messages: list[EmailMessage]) -> None:
        raise TisserError(N_("cannot send e-mail through {host}:{port}: {reason}"),
                          host="smtp.invalid", port=25, reason="refused")  # fmt: skip

    app = build_community_app(store, secret=b"s" * 32, mailer=broken)
    ann, olga = signed_in(app, "ann@club.fr"), signed_in(app, "olga@club.fr")
    post(ann, f"/rounds/{club.round_a}/optin")
    store.opt_in(club.olga, club.round_a, [club.members["bob"]])
    post(olga, f"/rounds/{club.round_a}/match")
    r = post(olga, f"/rounds/{club.round_a}/publish")
    assert r.status_code == 400 and "smtp.invalid" in r.text and "Traceback" not in r.text
    assert store.get_round(club.olga, club.round_a).status == "matched"
    assert post(ann, f"/rounds/{club.round_a}/feedback", {"met": "yes"}).status_code == 400


def test_serve_needs_community(run) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run("serve")
    assert code != 0 and "--community" in err


def test_organiser_opts_members_in_and_out_one_by_one(app, club: Club, store: Store) -> None:  # type: ignore[no-untyped-def]
    c = signed_in(app, "olga@club.fr")
    rnd, ann, bob = club.round_a, club.members["ann"], club.members["bob"]
    page = c.get(f"/rounds/{rnd}").text
    assert "/members/add" in page and "Arnaud" in page
    assert post(c, f"/rounds/{rnd}/members/add", {"member": ann}).status_code == 303
    assert post(c, f"/rounds/{rnd}/members/add", {"member": bob}).status_code == 303
    assert store.opted_in(club.olga, rnd) == sorted([ann, bob])
    assert post(c, f"/rounds/{rnd}/members/remove", {"member": ann}).status_code == 303
    assert store.opted_in(club.olga, rnd) == [bob]
    # a member of another community cannot be added; a plain member cannot add anyone
    post(c, f"/rounds/{rnd}/members/add", {"member": club.members["cy"]})
    assert store.opted_in(club.olga, rnd) == [bob]
    ann_browser = signed_in(app, "ann@club.fr")
    assert post(ann_browser, f"/rounds/{rnd}/members/remove", {"member": bob}).status_code == 404
    post(c, f"/rounds/{rnd}/members/remove", {"member": bob})
    assert post(ann_browser, f"/rounds/{rnd}/members/add", {"member": bob}).status_code == 404
    assert post(ann_browser, f"/rounds/{club.round_b}/members/add",
                {"member": ann}).status_code == 404  # fmt: skip
    assert store.opted_in(club.olga, rnd) == []
    post(c, f"/rounds/{rnd}/members/add", {"member": bob})
    assert store.opted_in(club.olga, rnd) == [bob]
    assert post(c, f"/rounds/{club.round_b}/members/add",
                {"member": ann}).status_code == 404  # fmt: skip


def test_spent_and_expired_reset_tokens_are_purged(
    app, club: Club, store: Store, outbox: list[EmailMessage]
) -> None:  # type: ignore[no-untyped-def]
    c = browser(app)

    def rows() -> list[tuple[int, object]]:
        with store._conn() as conn:
            return [tuple(r) for r in conn.execute(
                sa.select(password_resets.c.user_id, password_resets.c.used_at))]  # fmt: skip

    post(c, "/password/forgot", {"email": "ann@club.fr"})
    post(c, "/password/forgot", {"email": "ann@club.fr"})  # two live links
    post(c, "/password/forgot", {"email": "bob@club.fr"})
    assert sorted(uid for uid, _ in rows()) == sorted([club.ann, club.ann, club.bob])
    new = "a brand new password"
    assert post(c, _link(outbox[1]), {"password": new, "confirm": new}).status_code == 303
    assert [uid for uid, _ in rows()] == [club.bob]  # both of Ann's are gone
    with store._conn() as conn:  # Bob's link expires; the next request purges it
        conn.execute(password_resets.update().values(expires_at=sa.func.now() - timedelta(hours=2)))
    post(c, "/password/forgot", {"email": "olga@club.fr"})
    assert [uid for uid, _ in rows()] == [club.olga]


def _demo(run, *args: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    code, out, err = run("community", "demo", "--size", "30", *args)
    assert code == 0, err
    return int(out.strip().splitlines()[-1]), " ".join(out.split())


def test_the_demo_club_opens_on_the_community_server(run, db_url: str) -> None:  # type: ignore[no-untyped-def]
    """#20 defect 12: `community demo` loaded the club for the command line's user only; a
    web account saw nothing. It now prints an organiser's e-mail, a password set for it
    (shown once, stored hashed) and an invitation code for other accounts."""
    from tisser.store import open_store

    cid, text = _demo(run)
    found = re.search(r"sign in as (\S+) with the password (\S+): it is shown only this once", text)
    assert found, text
    email, password = found.groups()
    assert email == "organisateur@club-demo.example" and len(password) >= 16
    invite = re.search(r"invitation code (\S+) \(the page /join/\1\)", text)
    assert invite, text
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            hashes = conn.execute(sa.text("SELECT password_hash FROM accounts")).scalars().all()
        assert hashes and all(password not in h for h in hashes)  # only its hash is kept
        app = build_community_app(store, secret=b"s" * 32, mailer=[].extend, public_url=BASE)
        c = browser(app)
        assert post(c, "/login", {"email": email, "password": password}).status_code == 303
        home = c.get("/").text
        assert "Bordeaux Sport &amp; Réseau" in home and f'href="/c/{cid}"' in home
        page = c.get(f"/c/{cid}", headers={"accept-language": "en"}).text
        assert "Open the round" in page and invite.group(1) in page  # the organiser's page
        # another account joins with the code, as a member
        other = store.create_account("nouvelle@club.fr", PASSWORD, "Nouvelle")
        assert store.join_by_code(other, invite.group(1)) == cid
        assert [(x.id, x.role) for x in store.my_communities(other)] == [(cid, "member")]
        # the demo again: a new password, the old one and its session are refused
        _, text2 = _demo(run)
        new = re.search(r"with the password (\S+):", text2)
        assert new and new.group(1) != password
        assert store.authenticate(email, password) is None
        assert store.authenticate(email, new.group(1)) is not None
        assert c.get("/", follow_redirects=False).status_code == 303  # signed out
        # --organiser: an existing account organises the club; no password is printed
        cid3, text3 = _demo(run, "--organiser", "Nouvelle@club.fr")
        assert "password" not in text3.replace("that account's password", "")
        assert "nouvelle@club.fr organises the club" in text3.lower()
        assert (cid3, "organiser") in [(x.id, x.role) for x in store.my_communities(other)]
    finally:
        store.close()


def test_the_profile_says_what_each_wish_means(app, club: Club) -> None:  # type: ignore[no-untyped-def]
    """The wishes' notation explained in the reader's language (a French page listed
    "peers, mentor, mentee, sector, job, help" and no word of French)."""
    c = signed_in(app, "ann@club.fr")
    fr = c.get(f"/c/{club.a}/profile", headers={"accept-language": "fr"}).text
    assert "mentor (un mentor), mentee (une personne à accompagner)" in fr
    assert "job (un emploi ou un recrutement), help (de l&#39;aide)" in fr
    en = c.get(f"/c/{club.a}/profile", headers={"accept-language": "en"}).text
    assert "peers (people in your function), mentor (a mentor)" in en


def test_the_demo_refuses_an_unknown_organiser(run) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run("community", "demo", "--size", "30", "--organiser", "nobody@club.fr")
    assert code != 0
    text = " ".join((out + err).split())
    assert "no account of the community server uses nobody@club.fr" in text
    assert "sign up on the community server first" in text
    code, out, err = run("community", "list")
    assert "Bordeaux" not in out  # nothing loaded: one transaction
