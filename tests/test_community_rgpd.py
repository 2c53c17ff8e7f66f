# ruff: noqa: F811 - the tests take the imported fixtures as parameters
"""A member's rights on the community server (issue #21, item 10): leave a community,
download one's data, delete one's account; on SQLite and PostgreSQL.

Every assertion on what remains reads the tables directly, not the store's own readers.
What a deleted member leaves is only in the address books of the members they met (each
user's own network, filled when a round is published): those belong to their owners.
"""

from __future__ import annotations

import json
from email.message import EmailMessage

import sqlalchemy as sa

from test_web_community import PASSWORD, Club, app, club, outbox, post, signed_in  # noqa: F401
from tisser.store import Store
from tisser.store.schema import (
    accounts,
    community_feedback,
    community_members,
    community_optins,
    community_organisers,
    users,
    web_sessions,
)


def _count(store: Store, query: sa.Select) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def _member_rows(store: Store, email: str) -> int:
    return _count(store, sa.select(community_members).where(community_members.c.email == email))


def _played_round(app, store: Store, club: Club) -> None:  # type: ignore[no-untyped-def]
    """Ann and Bob opt in, Olga matches and publishes, Ann gives her feedback."""
    ann, bob, olga = (signed_in(app, f"{n}@club.fr") for n in ("ann", "bob", "olga"))
    for who in (ann, bob):
        assert post(who, f"/rounds/{club.round_a}/optin").status_code == 303
    assert post(olga, f"/rounds/{club.round_a}/match").status_code == 303
    assert post(olga, f"/rounds/{club.round_a}/publish").status_code == 303
    r = post(ann, f"/rounds/{club.round_a}/feedback", {"met": "yes", "useful": "5", "again": "yes"})
    assert r.status_code == 303


def test_my_data_is_a_json_file_of_everything_about_me(
    app, store: Store, club: Club, outbox: list[EmailMessage]
) -> None:  # type: ignore[no-untyped-def]
    _played_round(app, store, club)
    ann = signed_in(app, "ann@club.fr")
    r = ann.get("/account/data")
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    data = json.loads(r.content)
    assert data["account"]["email"] == "ann@club.fr" and data["account"]["name"] == "Ann"
    [m] = data["memberships"]
    assert m["community"] == "Club A"
    assert (m["profile"]["last_name"], m["profile"]["company"]) == ("Arnaud", "Airbus")
    assert m["profile"]["sports"] == {"padel": 5.0}
    assert [x["activity"] for x in m["rounds_joined"]] == ["padel"]
    assert len(m["groups"]) == 1
    assert m["feedback_given"] == [
        {"activity": "padel", "from": "2026-12-01", "met": True, "useful": 5, "again": True}
    ]
    text = r.text
    assert "argon2" not in text and "password" not in text  # never the password's hash
    assert "Bernard" not in text and "Safran" not in text  # nothing of Bob's profile


def test_leave_a_community_removes_my_rows_and_keeps_the_others(
    app, store: Store, club: Club, outbox: list[EmailMessage]
) -> None:  # type: ignore[no-untyped-def]
    _played_round(app, store, club)
    ann = signed_in(app, "ann@club.fr")
    page = ann.get("/account").text
    assert "Club A" in page and f'action="/c/{club.a}/leave"' in page
    # without the ticked box, nothing happens
    assert post(ann, f"/c/{club.a}/leave").status_code == 303
    assert _member_rows(store, "ann@club.fr") == 1
    r = post(ann, f"/c/{club.a}/leave", {"confirm": "yes"})
    assert r.status_code == 303
    assert _member_rows(store, "ann@club.fr") == 0
    assert _count(store, sa.select(community_feedback)) == 0  # Ann's was the only feedback
    assert _member_rows(store, "bob@club.fr") == 1
    assert _count(store, sa.select(community_optins)) == 1  # Bob's opt-in stays
    assert ann.get(f"/c/{club.a}").status_code == 404  # no longer hers to see
    assert store.account_user("ann@club.fr") == club.ann  # the account itself stays


def test_the_last_organiser_cannot_leave_nor_delete_the_account(
    app, store: Store, club: Club
) -> None:  # type: ignore[no-untyped-def]
    olga = signed_in(app, "olga@club.fr")
    for lang, words in (
        ("en", "you are the only organiser of Club A"),
        ("fr", "personne d’autre que vous n’organise Club A"),
    ):
        olga.headers["accept-language"] = lang
        r = post(olga, f"/c/{club.a}/leave", {"confirm": "yes"})
        assert r.status_code == 303
        page = olga.get(r.headers["location"]).text
        assert words in page, page[:3000]
        r = post(olga, "/account/delete", {"password": PASSWORD})
        assert r.status_code == 303 and r.headers["location"] == "/account"
    orgs = sa.select(community_organisers).where(community_organisers.c.user_id == club.olga)
    assert _count(store, orgs) == 1
    assert store.account_user("olga@club.fr") == club.olga


def test_delete_my_account_needs_the_password_and_erases_every_trace(
    app, store: Store, club: Club, outbox: list[EmailMessage]
) -> None:  # type: ignore[no-untyped-def]
    _played_round(app, store, club)
    ann = signed_in(app, "ann@club.fr")
    r = post(ann, "/account/delete", {"password": "wrong password!"})
    assert r.status_code == 303 and r.headers["location"] == "/account"
    assert store.account_user("ann@club.fr") == club.ann
    r = post(ann, "/account/delete", {"password": PASSWORD})
    assert r.status_code == 303 and r.headers["location"] == "/login"
    assert _member_rows(store, "ann@club.fr") == 0
    assert _count(store, sa.select(users).where(users.c.id == club.ann)) == 0
    assert _count(store, sa.select(accounts).where(accounts.c.user_id == club.ann)) == 0
    assert _count(store, sa.select(web_sessions).where(web_sessions.c.user_id == club.ann)) == 0
    assert _count(store, sa.select(community_feedback)) == 0
    assert _member_rows(store, "bob@club.fr") == 1  # the others keep theirs
    assert ann.get("/account", follow_redirects=False).status_code in (302, 303, 401)
    assert post(signed_in(app, "bob@club.fr"), "/logout").status_code == 303
    # what is left of her is in the networks of those she met (their own address books,
    # filled at publication): a contact of Bob's, owned by Bob
    assert _where(store, "Arnaud") == ["contacts"]
    with store.engine.connect() as conn:
        owners = conn.execute(
            sa.text("SELECT DISTINCT owner_id FROM contacts WHERE family_name = 'Arnaud'")
        ).scalars()
        assert club.ann not in set(owners)
        for table in sa.inspect(conn).get_table_names():
            columns = {c["name"] for c in sa.inspect(conn).get_columns(table)}
            for column in {"owner_id", "user_id"} & columns:
                left = conn.execute(
                    sa.text(f'SELECT count(*) FROM "{table}" WHERE {column} = :u'), {"u": club.ann}
                ).scalar()
                assert left == 0, (table, column)


def _where(store: Store, needle: str) -> list[str]:
    """The tables that still hold ``needle`` (to say where, when the bytes test fails)."""
    found = []
    with store.engine.connect() as conn:
        for table in sa.inspect(conn).get_table_names():
            for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):
                if needle in repr(tuple(row)):
                    found.append(table)
    return found
