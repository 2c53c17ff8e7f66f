"""Duplicate detection, merging and the import plan (pure core)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tisser.core.duplicates import (
    CERTAIN,
    LIKELY,
    MAX_BLOCK,
    Candidate,
    Identity,
    Index,
    compare,
    find_candidates,
    identity,
)
from tisser.core.identity import email_key, linkedin_key, phone_key
from tisser.core.importing import Outcome, plan_import
from tisser.core.merge import absorb, merge_contacts
from tisser.core.model import Channel, Circle, Contact
from tisser.core.names import parse_full_name


def person(name: str, cid: int = 0, **kw: object) -> Contact:
    given, particle, family = parse_full_name(name)
    return Contact(id=cid, given_name=given, particle=particle, family_name=family, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Hélène Durand", "DURAND Helene", "same_name"),
        ("Hélène Durand", "Durand, Hélène", "same_name"),
        ("Bob Smith", "Robert Smith", "nickname"),
        ("Manu Petit", "Emmanuel Petit", "nickname"),
        ("J. Dupont", "Jean Dupont", "initial"),
        ("Jean-Pierre Léger", "J.-P. Leger", "initial"),
        ("A. Arhou", "Aurélie Arhou", "initial"),  # the initial is also the family's
        ("M. Casfa", "Marie-Hélène Casfa", "initial"),  # a compound name, one initial
        ("Aniya Fritsch", "Aniyah Fritsch", "similar_name"),
        ("Grégoire d'Argenson", "Grégoire Dargenson", "same_name"),
    ],
)
def test_names_people_write_differently(a: str, b: str, reason: str) -> None:
    cand = compare(identity(person(a, 1)), identity(person(b, 2)))
    assert cand is not None and reason in cand.reasons
    assert cand.score >= LIKELY


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Caesar Schowalter", "Catherine Schowalter"),
        ("Jean Dupont", "Marie Dupont"),
        ("Paul Martin", "Martine Paulin"),
        ("J. Martin", "Paul Martin"),
        # an elided particle is not an initial ("d'" is not "D." for Duprat)
        ("Grégoire d'Argenson", "Grégoire Duprat"),
        ("Seán O'Brien", "Seán Olsen"),
        ("Anne l’Hermite", "Anne Lambert"),
    ],
)
def test_different_people_are_not_proposed(a: str, b: str) -> None:
    assert compare(identity(person(a, 1)), identity(person(b, 2))) is None


def test_a_name_repeating_a_word_is_not_its_own_duplicate() -> None:
    # "<script>alert(1)</script>" holds the word "script" twice: two keys of one block
    people = [
        Contact(id=1, family_name="<script>alert(1)</script>"),
        Contact(id=2, given_name="Jean", family_name="Jean"),
        person("Marc Dupont", 3),
    ]
    assert find_candidates(people, threshold=0) == []


def test_identifiers_make_certain_matches() -> None:
    a = person("Hélène Durand", 1, emails=["Helene.Durand@Airbus.com"])
    b = person("H. Durand", 2, emails=["helene.durand@airbus.com "])
    cand = compare(identity(a), identity(b))
    assert cand is not None and cand.certain and "email" in cand.reasons
    li = compare(
        identity(person("Jean Dupont", 1, linkedin="https://fr.linkedin.com/in/JDupont/?trk=x")),
        identity(person("Jean-Marc Dupont", 2, linkedin="https://www.linkedin.com/in/jdupont")),
    )
    assert li is not None and li.certain and "linkedin" in li.reasons
    phone = compare(
        identity(person("Claire Dubois", 1, phones=[phone_key("06 12 34 56 78")])),
        identity(person("Claire Dubois", 2, phones=[phone_key("+33 (0)6 12-34-56-78")])),
    )
    assert phone is not None and phone.certain


def test_a_shared_switchboard_is_only_likely() -> None:
    a = person("Claire Dubois", 1, phones=["+33556000000"])
    b = person("Paul Martin", 2, phones=["+33556000000"])
    cand = compare(identity(a), identity(b))
    assert cand is not None and not cand.certain


def test_same_name_alone_is_likely_with_organisation_certain() -> None:
    alone = compare(identity(person("Jean Martin", 1)), identity(person("Jean Martin", 2)))
    assert alone is not None and LIKELY <= alone.score < CERTAIN
    org = compare(
        identity(person("Jean Martin", 1, organization="Safran")),
        identity(person("MARTIN Jean", 2, organization="SAFRAN")),
    )
    assert org is not None and org.certain


def test_identity_keys() -> None:
    assert email_key(" Jean.Dupont@Example.COM ") == "jean.dupont@example.com"
    assert email_key("not an address") == ""
    assert linkedin_key("https://fr.linkedin.com/in/Jean-Dupont/?trk=1") == "in/jean-dupont"
    assert phone_key("06 12 34 56 78") == phone_key("0033 6 12 34 56 78") == "+33612345678"


def test_find_candidates_uses_apart_and_sorts() -> None:
    people = [
        person("Hélène Durand", 1),
        person("DURAND Hélène", 2),
        person("Bob Smith", 3, emails=["bob@x.org"]),
        person("Robert Smith", 4, emails=["bob@x.org"]),
        person("Zoé Arnaud", 5),
    ]
    found = find_candidates(people)
    assert [(c.a_id, c.b_id) for c in found] == [(3, 4), (1, 2)]
    assert [(c.a_id, c.b_id) for c in find_candidates(people, {(1, 2)})] == [(3, 4)]


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["Hélène", "Jérôme", "Zoé", "François", "Anaïs"]),
    st.sampled_from(["Durand", "Lefèvre", "Müller", "Nguyễn", "Œuvray"]),
    st.sampled_from(["plain", "upper", "swap", "ascii", "comma"]),
)
def test_writing_variants_always_match(given_name: str, family: str, variant: str) -> None:
    import unicodedata

    def ascii_(s: str) -> str:
        return "".join(
            c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
        ).replace("Œ", "Oe")

    written = {
        "plain": f"{given_name} {family}",
        "upper": f"{family.upper()} {given_name}",
        "swap": f"{family} {given_name}",
        "ascii": f"{ascii_(given_name)} {ascii_(family)}",
        "comma": f"{family}, {given_name}",
    }[variant]
    cand = compare(identity(person(f"{given_name} {family}", 1)), identity(person(written, 2)))
    assert cand is not None and cand.score >= LIKELY


def test_merge_keeps_everything() -> None:
    keep = person(
        "Hélène Durand",
        1,
        emails=["h@a.fr"],
        phones=["+33611111111"],
        tags=["aéro"],
        notes="A",
        circle=Circle.ACTIVE,
        met_on=date(2020, 1, 1),
    )
    other = person(
        "H. Durand",
        2,
        emails=["H@A.FR", "h@b.fr"],
        phones=["+33622222222"],
        tags=["Aéro", "golf"],
        notes="B",
        circle=Circle.SECOND,
        met_on=date(2019, 5, 1),
        organization="Airbus",
    )
    m = merge_contacts(keep, other)
    assert m.id == 1 and m.display_name == "Hélène Durand"
    assert m.emails == ["h@a.fr", "h@b.fr"]
    assert m.phones == ["+33611111111", "+33622222222"]
    assert m.tags == ["aéro", "golf"]
    assert m.notes == "A\n\nB"
    assert m.organization == "Airbus"
    assert m.circle is Circle.SECOND and m.met_on == date(2019, 5, 1)


def test_absorb_updates_work_fields_and_keeps_the_users_choices() -> None:
    old = person(
        "Paul Martin",
        1,
        organization="Renault",
        position="Designer",
        circle=Circle.ACTIVE,
        met_on=date(2018, 1, 8),
        met_channel=Channel.LINKEDIN,
    )
    new = person("Paul Martin", 0, organization="Stellantis", position="", met_on=date(2024, 1, 1))
    up = absorb(old, new)
    assert (up.organization, up.position) == ("Stellantis", "Designer")
    assert up.circle is Circle.ACTIVE and up.met_on == date(2018, 1, 8)


def test_plan_updates_merges_and_adds() -> None:
    existing = [
        person("Paul Martin", 10, organization="Renault"),
        person("Claire Dubois", 11, emails=["claire@x.fr"]),
    ]
    records = [
        ("url:in/paul", person("Paul Martin", 0, organization="Stellantis")),
        (
            "name:claire",
            person("DUBOIS Claire", 0, emails=["Claire@X.fr"], phones=["+33611111111"]),
        ),
        ("name:zoe", person("Zoé Arnaud", 0)),
        ("name:zoe2", person("Zoe ARNAUD", 0, emails=["zoe@y.fr"])),
        ("name:jean", person("Jean Martin", 0)),
    ]
    plan = plan_import(records, existing, {"url:in/paul": 10})
    outcomes = [s.outcome for s in plan.steps]
    assert outcomes == [
        Outcome.UPDATED,
        Outcome.MERGED,
        Outcome.ADDED,
        Outcome.ADDED,
        Outcome.ADDED,
    ]
    assert plan.changed[10].organization == "Stellantis"
    assert plan.changed[11].phones == ["+33611111111"]
    assert [c.display_name for c in plan.new] == ["Zoé Arnaud", "Zoe ARNAUD", "Jean Martin"]
    assert len(plan.likely) == 1  # the two Zoé: same name, nothing else: for review
    again = plan_import(records[:1], [plan.changed[10], existing[1]], {"url:in/paul": 10})
    assert [s.outcome for s in again.steps] == [Outcome.UNCHANGED]


# --- Index.best reads only the initialled members of "i:" blocks for a full name ---------


def _best_reading_every_member(blocks: dict[str, list[Identity]], x: Identity) -> Candidate | None:
    """Index.best as it read "i:" blocks before keeping their initialled members apart:
    every member, skipping the pairs where neither name has an initial."""
    seen: set[int] = {x.ref}
    best: Candidate | None = None
    for key in x.keys:
        block = blocks.get(key, [])
        if len(block) > MAX_BLOCK and key[0] in "ni":
            continue
        for y in block:
            if y.ref in seen or (key.startswith("i:") and not (x.initials or y.initials)):
                continue
            seen.add(y.ref)
            cand = compare(x, y)
            if cand is not None and (best is None or cand.score > best.score):
                best = cand
    return best


_GIVEN = st.sampled_from(["Jean", "J.", "Marie", "M.", "Jean-Pierre", "Bob", "Robert", "Anne"])
_FAMILY = st.sampled_from(["Dupont", "D.", "Durand", "Martin", "d'Argenson", "Du Pont"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_GIVEN, _FAMILY), min_size=1, max_size=40))
def test_index_best_is_every_member_read(people: list[tuple[str, str]]) -> None:
    index = Index()
    for n, (given_name, family) in enumerate(people):
        x = identity(Contact(given_name=given_name, family_name=family), ref=n)
        assert index.best(x) == _best_reading_every_member(index.blocks, x)
        index.add(x)
    for n in range(0, len(people), 3):  # removed identities leave both kinds of block
        given_name, family = people[n]
        index.remove(identity(Contact(given_name=given_name, family_name=family), ref=n))
    for n, (given_name, family) in enumerate(people):
        x = identity(Contact(given_name=given_name, family_name=family), ref=-1 - n)
        assert index.best(x) == _best_reading_every_member(index.blocks, x)
