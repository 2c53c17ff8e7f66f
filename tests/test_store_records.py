"""Interactions, links, erasure, bulk paths and units of work, on both backends."""

from __future__ import annotations

import dataclasses
import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from tisser.core.errors import InvalidInput, NotFound
from tisser.core.model import Channel, Contact, HelpDirection, Interaction, Link, make_link
from tisser.store import ContactFilter, Store, open_store

PARIS = timezone(timedelta(hours=2))


def _people(store: Store, n: int) -> list[int]:
    return [
        store.add_contact(Contact(given_name=f"P{i}", family_name="Test")).id or 0 for i in range(n)
    ]


def test_interactions_with_several_contacts(store: Store) -> None:
    a, b, c = _people(store, 3)
    when = datetime(2024, 5, 1, 9, 30, tzinfo=PARIS)
    saved = store.add_interaction(
        Interaction(
            occurred_at=when,
            channel=Channel.LUNCH,
            contact_ids=[b, a, b],
            direction=HelpDirection.MUTUAL,
            gave="intro à Marc",
            received="conseils",
            about="café",
            outcome="suite en juin",
        )
    )
    assert saved.id is not None
    assert saved.contact_ids == [b, a]
    assert saved.occurred_at == when and saved.occurred_at is not None
    assert saved.occurred_at.utcoffset() == timedelta(0)
    later = store.add_interaction(
        Interaction(occurred_at=when + timedelta(days=2), contact_ids=[a])
    )
    assert [i.id for i in store.interactions_for(a)] == [later.id, saved.id]
    assert store.interactions_for(a, limit=1)[0].id == later.id
    assert store.interactions_for(b) == [saved]
    assert store.interactions_for(c) == []
    assert store.list_interactions() == [later, saved]
    assert store.list_interactions(since=when + timedelta(days=1)) == [later]
    assert store.interaction_counts() == {a: 2, b: 1}
    assert store.help_balance() == {"gave": 0, "received": 0, "mutual": 1, "none": 1}
    with pytest.raises(NotFound):
        store.add_interaction(Interaction(occurred_at=when, contact_ids=[a, 9999]))
    with pytest.raises(InvalidInput):
        store.add_interaction(Interaction(occurred_at=datetime(2024, 1, 1), contact_ids=[a]))
    assert len(store.list_interactions()) == 2


def test_last_interactions_matches_python(store: Store) -> None:
    ids = _people(store, 12)
    rng = random.Random(7)
    base = datetime(2023, 1, 1, tzinfo=UTC)
    batch = [
        Interaction(
            occurred_at=base + timedelta(minutes=rng.randrange(500_000)),
            contact_ids=rng.sample(ids[:10], rng.choice([1, 1, 2, 3])),
        )
        for _ in range(120)
    ]
    for i in batch[:20]:
        store.add_interaction(i)
    store.bulk_add_interactions(batch[20:])
    expected: dict[int, datetime] = {}
    counts: dict[int, int] = {}
    for i in store.list_interactions():
        assert i.occurred_at is not None
        for cid in i.contact_ids:
            expected[cid] = max(expected.get(cid, i.occurred_at), i.occurred_at)
            counts[cid] = counts.get(cid, 0) + 1
    assert store.last_interactions() == expected
    assert store.interaction_counts() == counts
    assert ids[10] not in expected and ids[11] not in expected


def test_links_canonical_and_upsert(store: Store) -> None:
    a, b, c = _people(store, 3)
    saved = store.add_link(Link(a_id=c, b_id=a, strength=0.2))
    assert (saved.a_id, saved.b_id, saved.strength) == (a, c, 0.2)
    store.add_link(make_link(a, c, 0.9))
    store.add_link(make_link(b, a))
    assert store.all_links() == [
        Link(a_id=a, b_id=b, strength=None),
        Link(a_id=a, b_id=c, strength=0.9),
    ]
    assert store.links_of(c) == [Link(a_id=a, b_id=c, strength=0.9)]
    with pytest.raises(InvalidInput):
        store.add_link(Link(a_id=a, b_id=a))
    with pytest.raises(NotFound):
        store.add_link(make_link(a, 9999))


def _raw_bytes(db: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal", "-journal"):
        f = db.with_name(db.name + suffix)
        if f.exists():
            data += f.read_bytes()
    return data


def test_erasure(store: Store, db_url: str) -> None:
    secret = "Zqxjkw8731unique"
    target = store.add_contact(
        Contact(
            given_name="Effacé",
            family_name="Gonevitch",
            emails=["gone@example.fr"],
            phones=["+33600000001"],
            tags=["tagsecret"],
            notes=f"Note {secret} privée.",
        )
    )
    a, b = _people(store, 2)
    tid = target.id or 0
    introduced = store.add_contact(Contact(given_name="Intro", met_through_id=tid))
    at = datetime(2024, 2, 1, 10, tzinfo=UTC)
    solo = store.add_interaction(Interaction(occurred_at=at, contact_ids=[tid], about=secret))
    shared = store.add_interaction(Interaction(occurred_at=at, contact_ids=[tid, a]))
    other = store.add_interaction(Interaction(occurred_at=at, contact_ids=[a, b]))
    store.add_link(make_link(tid, a, 0.5))
    store.add_link(make_link(b, tid))
    store.add_link(make_link(a, b))

    report = store.delete_contact(tid)
    assert report.contact_name == "Effacé Gonevitch"
    assert (report.interactions_deleted, report.interactions_detached) == (1, 1)
    assert (report.links_deleted, report.references_cleared) == (2, 1)

    with pytest.raises(NotFound):
        store.get_contact(tid)
    remaining = {i.id: i for i in store.list_interactions()}
    assert solo.id not in remaining
    assert remaining[shared.id].contact_ids == [a]
    assert remaining[other.id].contact_ids == [a, b]
    assert store.all_links() == [make_link(a, b)]
    assert store.get_contact(introduced.id or 0).met_through_id is None
    assert tid not in store.last_interactions()
    assert store.search(secret) == [] and store.search("gonevitch") == []
    assert store.find_contacts_by_name("gone@example.fr") == []
    assert store.count_contacts(ContactFilter(tag="tagsecret")) == 0
    with store.engine.connect() as conn:
        for table in (
            "contact_emails",
            "contact_phones",
            "contact_tags",
            "contact_name_keys",
            "interaction_contacts",
        ):
            n = conn.execute(
                sa.text(f"SELECT count(*) FROM {table} WHERE contact_id = :c"), {"c": tid}
            ).scalar()
            assert n == 0, table
    if store.dialect == "sqlite":
        db = Path(sa.make_url(db_url).database or "")
        raw = _raw_bytes(db)
        assert db.with_name(db.name + "-wal").stat().st_size == 0
        for needle in (
            secret,
            secret.lower(),
            "Gonevitch",
            "gonevitch",
            "gone@example.fr",
            "tagsecret",
        ):
            assert needle.encode() not in raw, needle
        assert b"Intro" in raw  # the check can see text that is really there


def test_erasure_inside_transaction_checkpoints_after_commit(store: Store) -> None:
    c = store.add_contact(Contact(given_name="Temp"))
    with store.transaction():
        store.delete_contact(c.id or 0)
    assert store.count_contacts() == 0


def test_transaction_rolls_back(store: Store) -> None:
    keep = store.add_contact(Contact(given_name="Keep"))
    before = (store.list_contacts(), store.list_interactions(), store.all_links())

    class Boom(Exception):
        pass

    with pytest.raises(Boom), store.transaction() as session:
        assert session is not None
        x = store.add_contact(Contact(given_name="Transient", notes="rollback me"))
        store.bulk_add_contacts([Contact(given_name="Bulk1"), Contact(given_name="Bulk2")])
        store.add_interaction(
            Interaction(occurred_at=datetime.now(UTC), contact_ids=[keep.id or 0, x.id or 0])
        )
        store.add_link(make_link(keep.id or 0, x.id or 0))
        store.update_contact(dataclasses.replace(keep, given_name="Changed"))
        assert store.count_contacts() == 4  # visible inside the unit of work
        raise Boom
    assert (store.list_contacts(), store.list_interactions(), store.all_links()) == before
    assert store.search("transient") == [] and store.search("bulk1") == []
    with store.transaction():
        store.add_contact(Contact(given_name="Committed"))
    assert store.count_contacts() == 2


def _sample(rng: random.Random, n: int) -> list[Contact]:
    given = ["Hélène", "Jean", "Zoé", "Noël", "Anaïs", "François"]
    family = [("", "Müller"), ("de", "La Fontaine"), ("", "Œuvre"), ("", "Dupont")]
    out = []
    for i in range(n):
        particle, fam = rng.choice(family)
        out.append(
            Contact(
                given_name=rng.choice(given),
                particle=particle,
                family_name=f"{fam}{i}",
                organization=rng.choice(["Airbus", "Société Générale", ""]),
                emails=[f"p{i}@example.fr"] * rng.randint(0, 1),
                phones=[f"+336000000{i:02d}"] * rng.randint(0, 1),
                tags=rng.sample(["voile", "golf", "Œnologie"], rng.randint(0, 2)),
                categories=rng.sample(["client", "alumni"], rng.randint(0, 1)),
                notes=f"note {i} ééé",
            )
        )
    return out


def test_bulk_equals_one_by_one(
    db_url: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    rng = random.Random(42)
    people = _sample(rng, 40)
    base = datetime(2024, 1, 1, tzinfo=UTC)
    interactions_spec = [
        (
            base + timedelta(hours=rng.randrange(5000)),
            rng.sample(range(40), rng.choice([1, 2])),
            rng.choice(list(HelpDirection)),
        )
        for _ in range(100)
    ]
    link_spec = [tuple(rng.sample(range(40), 2)) for _ in range(30)]

    def fill(store: Store, bulk: bool) -> None:
        if bulk:
            ids = store.bulk_add_contacts(people)
        else:
            ids = [store.add_contact(c).id or 0 for c in people]
        assert len(ids) == len(set(ids)) == 40
        inters = [
            Interaction(occurred_at=t, contact_ids=[ids[k] for k in ks], direction=d)
            for t, ks, d in interactions_spec
        ]
        lks = [make_link(ids[x], ids[y], round(x / 40, 2)) for x, y in link_spec]
        if bulk:
            assert store.bulk_add_interactions(inters) == 100
            store.bulk_add_links(lks)
        else:
            for i in inters:
                store.add_interaction(i)
            for link in lks:
                store.add_link(link)

    def snapshot(store: Store) -> object:
        def norm(c: Contact) -> Contact:
            return dataclasses.replace(c, id=None, created_at=None, updated_at=None)

        contacts = store.list_contacts(ContactFilter(include_archived=True))
        pos = {c.id: n for n, c in enumerate(contacts)}
        return (
            [norm(c) for c in contacts],
            [
                (i.occurred_at, [pos[x] for x in i.contact_ids], i.direction)
                for i in store.list_interactions()
            ],
            sorted((pos[k.a_id], pos[k.b_id], k.strength) for k in store.all_links()),
            [[pos[h.contact.id] for h in store.search(q)] for q in ("hel", "airb", "oeno")],
        )

    one = open_store(db_url)
    try:
        fill(one, bulk=False)
        expected = snapshot(one)
        one.reset()
        assert one.count_contacts(ContactFilter(include_archived=True)) == 0
        assert one.search("hel") == [] and one.list_interactions() == []
        fill(one, bulk=True)
        assert snapshot(one) == expected
        # ids given in input order
        ids = one.bulk_add_contacts([Contact(given_name="X1"), Contact(given_name="X2")])
        assert [one.get_contact(i).given_name for i in ids] == ["X1", "X2"]
        # a single new contact still gets the next id after a bulk load
        assert (one.add_contact(Contact(given_name="X3")).id or 0) > max(ids)
    finally:
        one.close()


def test_bulk_rejects_foreign_contacts(store: Store) -> None:
    store.ensure_owner(2)
    other = store.add_contact(Contact(owner_id=2, given_name="Other")).id or 0
    mine = _people(store, 1)[0]
    with pytest.raises(NotFound):
        store.bulk_add_interactions(
            [Interaction(occurred_at=datetime.now(UTC), contact_ids=[mine, other])]
        )
    with pytest.raises(NotFound):
        store.bulk_add_links([make_link(mine, other)])
    assert store.list_interactions() == [] and store.all_links() == []
