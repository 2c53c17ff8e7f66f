"""Contacts on both backends: round trip, update, filters, order, names, tags, owners."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest

from tisser.core.errors import NotFound
from tisser.core.model import Channel, Circle, Contact, Energy, Interaction, RelationalProfile
from tisser.store import ContactFilter, Store


def full_contact(**changes: object) -> Contact:
    base = Contact(
        given_name="Hélène",
        particle="de",
        family_name="La Tour d’Auvergne",
        organization="Société Générale",
        position="Directrice des opérations",
        sector="Banque & finance",
        function="Opérations",
        seniority="senior",
        gender="f",
        city="Saint-Étienne",
        country="France",
        emails=["helene@example.fr", "h.latour@sg.example"],
        phones=["+33612345678", "+33477000000"],
        linkedin="https://www.linkedin.com/in/helene",
        x_handle="@helene",
        website="https://helene.example",
        met_on=date(2019, 5, 17),
        met_how="Conférence « Œuvres & Finance »",
        met_channel=Channel.EVENT,
        relational_profile=RelationalProfile.MENTOR,
        energy=Energy.INTROVERT,
        circle=Circle.SECOND,
        categories=["Ancienne collègue", "Alumni"],
        tags=["voile", "Œnologie"],
        closeness=4,
        notes="Aime la voile.\nParle allemand — et très bien.",
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def _strip_meta(c: Contact) -> Contact:
    return dataclasses.replace(c, id=None, created_at=None, updated_at=None)


def test_round_trip_every_field(store: Store) -> None:
    introducer = store.add_contact(Contact(given_name="Marc", family_name="Durand"))
    given = full_contact(met_through_id=introducer.id)
    saved = store.add_contact(given)
    assert saved.id is not None and saved.id != introducer.id
    assert saved.created_at is not None and saved.created_at.tzinfo is not None
    assert saved.created_at.utcoffset() == timedelta(0)
    assert saved.updated_at == saved.created_at
    loaded = store.get_contact(saved.id)
    assert loaded == saved
    assert _strip_meta(loaded) == given
    assert isinstance(loaded.circle, Circle) and loaded.circle is Circle.SECOND
    assert loaded.met_channel is Channel.EVENT
    assert loaded.relational_profile is RelationalProfile.MENTOR
    assert loaded.energy is Energy.INTROVERT
    assert loaded.met_on == date(2019, 5, 17)


def test_defaults_round_trip(store: Store) -> None:
    saved = store.add_contact(Contact(given_name="Solo"))
    assert _strip_meta(store.get_contact(saved.id or 0)) == Contact(given_name="Solo")


def test_update_replaces_fields_and_lists(store: Store) -> None:
    saved = store.add_contact(full_contact())
    changed = dataclasses.replace(
        saved,
        family_name="Dupont",
        particle="",
        emails=["new@example.fr"],
        phones=[],
        tags=["golf"],
        categories=[],
        circle=Circle.DORMANT,
        energy=None,
        notes="",
    )
    updated = store.update_contact(changed)
    assert updated.created_at == saved.created_at
    assert updated.updated_at is not None and saved.updated_at is not None
    assert updated.updated_at >= saved.updated_at
    assert _strip_meta(store.get_contact(saved.id or 0)) == _strip_meta(changed)


def test_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_contact(12345)
    with pytest.raises(NotFound):
        store.update_contact(Contact(id=12345, given_name="Nobody"))
    with pytest.raises(NotFound):
        store.delete_contact(12345)
    with pytest.raises(NotFound):
        store.add_tags(12345, ["x"])
    with pytest.raises(NotFound):
        store.add_contact(Contact(given_name="A", met_through_id=999))


def test_owner_isolation(store: Store) -> None:
    store.ensure_owner(1, "Me")
    store.ensure_owner(2, "Other")
    mine = store.add_contact(Contact(given_name="Zébulon", family_name="Secret", tags=["vip"]))
    other = store.add_contact(Contact(owner_id=2, given_name="Autre", family_name="Personne"))
    assert mine.id is not None and other.id is not None
    store.add_interaction(
        Interaction(occurred_at=datetime(2024, 1, 2, 12, tzinfo=UTC), contact_ids=[mine.id])
    )
    other_contact = store.add_contact(Contact(given_name="Ami", family_name="Commun"))
    store.add_link(_link(mine.id, other_contact.id or 0))

    assert [c.id for c in store.list_contacts(owner_id=2)] == [other.id]
    assert store.count_contacts(owner_id=2) == 1
    with pytest.raises(NotFound):
        store.get_contact(mine.id, owner_id=2)
    with pytest.raises(NotFound):
        store.update_contact(dataclasses.replace(mine, owner_id=2, given_name="Pirate"))
    with pytest.raises(NotFound):
        store.delete_contact(mine.id, owner_id=2)
    with pytest.raises(NotFound):
        store.add_tags(mine.id, ["x"], owner_id=2)
    with pytest.raises(NotFound):
        store.add_interaction(
            Interaction(
                owner_id=2, occurred_at=datetime(2024, 1, 3, tzinfo=UTC), contact_ids=[mine.id]
            )
        )
    with pytest.raises(NotFound):
        store.add_link(_link(other.id, mine.id, owner_id=2))
    with pytest.raises(NotFound):
        store.interactions_for(mine.id, owner_id=2)
    assert store.list_interactions(owner_id=2) == []
    assert store.last_interactions(owner_id=2) == {}
    assert store.interaction_counts(owner_id=2) == {}
    assert store.all_links(owner_id=2) == []
    assert store.links_of(mine.id, owner_id=2) == []
    assert store.search("zebulon", owner_id=2) == []
    assert store.search("vip", owner_id=2) == []
    assert store.find_contacts_by_name("Zébulon Secret", owner_id=2) == []
    assert [i for i, _ in store.contact_names(owner_id=2)] == [other.id]
    # and owner 1 still sees its own, untouched
    assert store.get_contact(mine.id).given_name == "Zébulon"
    assert [h.contact.id for h in store.search("zebulon")] == [mine.id]
    store.reset(owner_id=2)
    assert store.count_contacts(owner_id=2) == 0
    assert store.count_contacts(owner_id=1) == 2


def _link(a: int, b: int, owner_id: int = 1):  # type: ignore[no-untyped-def]
    from tisser.core.model import make_link

    return make_link(a, b, 0.5, owner_id=owner_id)


def test_sort_order(store: Store) -> None:
    people = [
        Contact(given_name="Paul", family_name="Lagarde"),
        Contact(given_name="Éric", family_name="Zola"),
        Contact(given_name="Jean", particle="de", family_name="La Fontaine"),
        Contact(given_name="Anne", family_name="Œuvre"),
        Contact(given_name="Eric", family_name="Abel"),
        Contact(given_name="Luc", family_name="Laborde"),
        Contact(given_name="Zoé", family_name="Ocre"),
        Contact(given_name="Marie", family_name="Oeuf"),
        Contact(given_name="Claire", family_name="Dubois"),
        Contact(given_name="Émile", family_name="Abel"),
    ]
    for p in people:
        store.add_contact(p)
    order = [c.display_name for c in store.list_contacts()]
    # Directory order of the core (tisser.core.names.sort_key, compared word by word as
    # tests/test_core_names.py fixes it): the particle "de" is set aside, so La Fontaine
    # files under L, not D; accents never move a name; Œ files as "oe".
    assert order == [
        "Émile Abel",
        "Eric Abel",
        "Claire Dubois",
        "Jean de La Fontaine",
        "Luc Laborde",
        "Paul Lagarde",
        "Zoé Ocre",
        "Marie Oeuf",
        "Anne Œuvre",
        "Éric Zola",
    ]
    assert [n for _, n in store.contact_names()] == order
    # exactly the order Python gives with the model's own key
    assert order == [c.display_name for c in sorted(people, key=lambda c: c.sort_key)]


def test_filters(store: Store) -> None:
    def add(name: str, **kw: object) -> int:
        return store.add_contact(Contact(given_name=name, **kw)).id or 0  # type: ignore[arg-type]

    a = add(
        "A",
        circle=Circle.FIRST,
        tags=["Randonnée"],
        sector="Aéronautique",
        city="Toulouse",
        relational_profile=RelationalProfile.EXPERT,
        categories=["Client"],
    )
    b = add("B", circle=Circle.ACTIVE, tags=["voile"], sector="Banque", city="Saint-Étienne")
    c = add("C", circle=Circle.DORMANT, tags=["randonnee"], city="Toulouse")
    d = add(
        "D",
        circle=Circle.WIDER,
        categories=["client"],
        sector="aeronautique spatiale",
        relational_profile=RelationalProfile.EXPERT,
    )

    def ids(**kw: object) -> set[int]:
        f = ContactFilter(**kw)  # type: ignore[arg-type]
        listed = {x.id or 0 for x in store.list_contacts(f)}
        assert store.count_contacts(f) == len(listed)
        return listed

    assert ids() == {a, b, d}
    assert ids(include_archived=True) == {a, b, c, d}
    assert ids(circles=[Circle.FIRST, Circle.DORMANT]) == {a, c}
    assert ids(tag="RANDONNÉE") == {a}
    assert ids(tag="randonnee", include_archived=True) == {a, c}
    assert ids(tag="rando") == set()  # a tag matches whole, not by prefix
    assert ids(category="CLIENT") == {a, d}
    assert ids(sector="AERO") == {a, d}
    assert ids(sector="spatiale") == {d}
    assert ids(city="étienne") == {b}
    assert ids(city="toul", include_archived=True) == {a, c}
    assert ids(city="%") == set()
    assert ids(relational_profile=RelationalProfile.EXPERT) == {a, d}
    assert ids(tag="voile", city="toulouse") == set()

    noon = datetime(2024, 3, 10, 12, tzinfo=UTC)
    store.add_interaction(Interaction(occurred_at=noon, contact_ids=[a]))
    store.add_interaction(Interaction(occurred_at=noon - timedelta(days=30), contact_ids=[b]))
    assert ids(not_seen_since=date(2024, 3, 1)) == {b, d}
    assert ids(not_seen_since=date(2024, 2, 1)) == {d}
    assert ids(not_seen_since=date(2024, 3, 11)) == {a, b, d}

    page = store.list_contacts(ContactFilter(include_archived=True, limit=2, offset=1))
    everyone = store.list_contacts(ContactFilter(include_archived=True))
    assert page == everyone[1:3]
    assert store.count_contacts(ContactFilter(include_archived=True, limit=2)) == 4


def test_find_contacts_by_name(store: Store) -> None:
    jean = store.add_contact(Contact(given_name="Jean", particle="de", family_name="La Fontaine"))
    helene = store.add_contact(
        Contact(given_name="Hélène", family_name="Müller", emails=["Helene.Muller@Example.fr"])
    )
    jean2 = store.add_contact(Contact(given_name="Jean", family_name="Fontaine"))

    def found(name: str) -> list[int]:
        return [c.id or 0 for c in store.find_contacts_by_name(name)]

    assert found("jean de la fontaine") == [jean.id]
    assert found("JEAN DE LA FONTAINE") == [jean.id]
    assert found("Jean La Fontaine") == [jean.id]
    assert found("La Fontaine Jean") == [jean.id]
    assert found("de La Fontaine, Jean") == [jean.id]
    assert found("helene muller") == [helene.id]
    assert found("Müller Hélène") == [helene.id]
    assert found("  HÉLÈNE   MÜLLER ") == [helene.id]
    assert found("helene.muller@example.fr") == [helene.id]
    assert found("Jean Fontaine") == [jean2.id]
    assert found("Jean") == []
    assert found("") == []


def test_tags(store: Store) -> None:
    c = store.add_contact(Contact(given_name="T", tags=["Voile"]))
    cid = c.id or 0
    assert store.add_tags(cid, ["voile", "Œnologie", "golf"]).tags == ["Voile", "Œnologie", "golf"]
    assert store.remove_tags(cid, ["OENOLOGIE", "absent"]).tags == ["Voile", "golf"]
    assert store.get_contact(cid).tags == ["Voile", "golf"]
    assert [x.id for x in store.list_contacts(ContactFilter(tag="GOLF"))] == [cid]
    assert [h.contact.id for h in store.search("golf")] == [cid]
    store.remove_tags(cid, ["golf"])
    assert store.search("golf") == []


def test_profile_and_owner(store: Store) -> None:
    from tisser.core.model import Profile

    assert store.get_profile() is None
    user = store.ensure_owner(1, "Camille")
    assert user.id == 1 and user.name == "Camille"
    assert user.created_at is not None and user.created_at.tzinfo is not None
    assert store.ensure_owner(1).name == "Camille"
    p = Profile(
        given_name="Camille",
        family_name="Étienne",
        relational_profile=RelationalProfile.RESERVED,
        energy=Energy.AMBIVERT,
        values=["Entraide", "Rigueur"],
        skills=["Python"],
        pitch="Je tisse.",
        weekly_budget_minutes=45,
    )
    assert store.save_profile(p) == p
    p2 = dataclasses.replace(p, skills=[], headline="Ingénieure")
    assert store.save_profile(p2) == p2
    assert store.get_profile() == p2
    assert store.get_profile(owner_id=2) is None


def test_check_contacts_by_range_and_one_by_one(store: Store) -> None:
    """A dense set of ids is checked by one count over its range; a gap, a deleted id or
    another owner's contact inside it falls back to naming every missing id."""
    from tisser.store.base import check_contacts

    ids = store.bulk_add_contacts([Contact(given_name=f"P{i}") for i in range(6)])
    other = store.add_contact(Contact(given_name="Theirs", owner_id=2))
    mine_after = store.add_contact(Contact(given_name="After"))
    store.delete_contact(ids[3])
    with store._conn() as conn:
        check_contacts(conn, set(ids[:3]), 1)  # dense, all there
        check_contacts(conn, {ids[0], ids[2], ids[5]}, 1)  # a deleted id in the range
        check_contacts(conn, {ids[0], mine_after.id or 0}, 1)  # another owner's id between
        with pytest.raises(NotFound) as missing:
            check_contacts(conn, {ids[2], ids[3], other.id or 0}, 1)
    assert missing.value.params["id"] == f"{ids[3]}, #{other.id}"
