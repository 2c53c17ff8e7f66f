"""Communities in the store, on SQLite and PostgreSQL: roles, isolation, rounds, accounts.

The isolation tests are the issue's "a member cannot read another member's private fields or
another community's data": every store function that takes the acting user is tried by an
outsider, by a member of another community and by a plain member.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tisser.core.community import Member, Round, Want, Wish
from tisser.core.errors import InvalidInput, NotFound
from tisser.core.matching import Meeting, Phrase
from tisser.store import Store
from tisser.store.accounts import hash_password, verify_password

ORG, OTHER_ORG = 1, 2


def _m(email: str, **kw) -> Member:  # type: ignore[no-untyped-def]
    return Member(
        id=0,
        email=email,
        first_name=email.split("@")[0].title(),
        last_name="Roux",
        company="Garonne",
        city="Mérignac",
        sports={"padel": 5.0},
        slots=frozenset({"tue-evening"}),
        seeks=(Wish(Want.MENTOR, "export"),),
        **kw,
    )


@pytest.fixture
def club(store: Store) -> dict[str, int]:
    """Two communities, each with members; two members have accounts."""
    c = store.create_community(ORG, "Club A")
    other = store.create_community(OTHER_ORG, "Club B")
    store.upsert_members(ORG, c.id, [_m("claire@a.fr"), _m("marc@a.fr"), _m("lea@a.fr")])
    store.upsert_members(OTHER_ORG, other.id, [_m("zoe@b.fr")])
    claire = store.create_account("claire@a.fr", "correct horse battery")
    marc = store.create_account("marc@a.fr", "another long secret")
    zoe = store.create_account("zoe@b.fr", "zoe's long password")
    store.link_member(ORG, c.id, "claire@a.fr", claire)
    store.link_member(ORG, c.id, "marc@a.fr", marc)
    store.link_member(OTHER_ORG, other.id, "zoe@b.fr", zoe)
    ids = dict(zip(["claire", "marc", "lea"], store.member_ids(ORG, c.id,
               ["claire@a.fr", "marc@a.fr", "lea@a.fr"]), strict=True))  # fmt: skip
    return {"c": c.id, "other": other.id, "claire": claire, "marc": marc, "zoe": zoe,
            "outsider": 99, **{f"m_{k}": v for k, v in ids.items()}}  # fmt: skip


def test_roles_and_listing(store: Store, club: dict[str, int]) -> None:
    assert [(c.name, c.role) for c in store.my_communities(ORG)] == [("Club A", "organiser")]
    assert [(c.name, c.role) for c in store.my_communities(club["claire"])] == [
        ("Club A", "member")
    ]
    assert store.my_communities(club["outsider"]) == []
    assert store.community(ORG, "club a").id == club["c"]
    with pytest.raises(NotFound):
        store.community(OTHER_ORG, "Club A")
    with pytest.raises(InvalidInput):
        store.create_community(3, "CLUB A")  # names are unique, case and accents aside


def test_member_sees_only_shared_fields(store: Store, club: dict[str, int]) -> None:
    profiles = {p["id"]: p for p in store.member_profiles(club["claire"], club["c"])}
    own = profiles[club["m_claire"]]
    other = profiles[club["m_marc"]]
    assert own["email"] == "claire@a.fr" and own["seeks"] == ["mentor:export"]
    assert "email" not in other and "seeks" not in other and "city" not in other
    assert other["company"] == "Garonne" and other["first_name"] == "Marc"
    # Marc chooses to share his city: Claire sees it, still not his e-mail.
    store.set_shared(club["marc"], club["m_marc"], ["city", "company"])
    seen = store.member_profile(club["claire"], club["m_marc"])
    assert seen["city"] == "Mérignac" and "email" not in seen and "sector" not in seen
    # The organiser sees everything.
    assert store.member_profile(ORG, club["m_marc"])["email"] == "marc@a.fr"
    # Claire cannot change Marc's choices.
    with pytest.raises(NotFound):
        store.set_shared(club["claire"], club["m_marc"], ["email"])


def test_nobody_reads_another_community(store: Store, club: dict[str, int]) -> None:
    c = club["c"]
    for outsider in (club["zoe"], OTHER_ORG, club["outsider"]):
        with pytest.raises(NotFound):
            store.member_profiles(outsider, c)
        with pytest.raises(NotFound):
            store.member_profile(outsider, club["m_claire"])
        with pytest.raises(NotFound):
            store.community_members(outsider, c)
        with pytest.raises(NotFound):
            store.list_rounds(outsider, c)
        with pytest.raises(NotFound):
            store.round_reports(outsider, c)
        with pytest.raises(NotFound):
            store.upsert_members(outsider, c, [_m("intruder@x.fr")])
    # A plain member cannot do an organiser's work.
    for call in (
        lambda: store.community_members(club["claire"], c),
        lambda: store.round_reports(club["claire"], c),
        lambda: store.upsert_members(club["claire"], c, [_m("x@a.fr")]),
        lambda: store.create_round(club["claire"], _round(c)),
        lambda: store.delete_community(club["claire"], c),
    ):
        with pytest.raises(NotFound):
            call()


def _round(cid: int) -> Round:
    return Round(0, cid, "padel", 2, 2, date(2026, 12, 1), date(2026, 12, 14), ("Mérignac",))


def test_round_lifecycle_and_group_visibility(store: Store, club: dict[str, int]) -> None:
    c = club["c"]
    rnd = store.create_round(ORG, _round(c))
    assert store.opt_in(club["claire"], rnd.id) == 1  # a member opts herself in
    with pytest.raises(NotFound):
        store.opt_in(club["claire"], rnd.id, [club["m_marc"]])  # not for others
    with pytest.raises(NotFound):
        store.opt_in(club["zoe"], rnd.id)  # another community's member
    assert store.opt_in(ORG, rnd.id, [club["m_marc"], club["m_lea"], club["m_claire"]]) == 2
    assert store.opted_in(ORG, rnd.id) == sorted([club["m_claire"], club["m_marc"], club["m_lea"]])
    why = (Phrase("{day} evening", (("day", "Tuesday"),), ("day",)),)
    at = datetime(2026, 12, 1, 18, tzinfo=UTC)
    store.save_groups(ORG, rnd.id, [
        Meeting((club["m_claire"], club["m_marc"]), 9.5, "tue-evening", "Mérignac", why, at),
    ])  # fmt: skip
    assert store.round_groups(club["claire"], rnd.id) == []  # not before publication
    store.publish_round(ORG, rnd.id)
    mine = store.round_groups(club["claire"], rnd.id)
    assert len(mine) == 1 and mine[0].member_ids == tuple(
        sorted([club["m_claire"], club["m_marc"]])
    )
    assert mine[0].why == why and mine[0].meets_at == at
    assert store.round_groups(club["marc"], rnd.id)[0].id == mine[0].id
    # Léa waited: she is in no group, and sees none.
    store.link_member(ORG, c, "lea@a.fr", store.create_account("lea@a.fr", "lea's secret!!"))
    assert store.round_groups(store.authenticate("lea@a.fr", "lea's secret!!") or 0, rnd.id) == []
    with pytest.raises(NotFound):
        store.round_groups(club["zoe"], rnd.id)
    # History: the pair met, Léa waited.
    nxt = store.create_round(ORG, _round(c))
    pairs, waited = store.history(ORG, nxt, last_rounds=6)
    assert pairs == {tuple(sorted([club["m_claire"], club["m_marc"]]))}
    assert waited == {club["m_lea"]}
    # Feedback: Claire answers for herself; the report counts it.
    store.add_feedback(club["claire"], rnd.id, None, met=True, useful=4, again=True)
    with pytest.raises(NotFound):
        store.add_feedback(club["claire"], rnd.id, club["m_marc"], met=False)
    with pytest.raises(InvalidInput):
        store.add_feedback(ORG, rnd.id, club["m_lea"], met=True)  # she had no group
    [report, _] = store.round_reports(ORG, c)
    assert (report.opted_in, report.matched, report.groups) == (3, 2, 1)
    assert (report.answers, report.met, report.useful_avg, report.again) == (1, 1, 4.0, 1)
    with pytest.raises(InvalidInput):
        store.save_groups(ORG, rnd.id, [])  # published rounds are history


def test_accounts(store: Store) -> None:
    uid = store.create_account("Anne@Example.fr", "a long enough secret")
    assert store.authenticate("anne@example.fr", "a long enough secret") == uid
    assert store.authenticate("anne@example.fr", "wrong password!") is None
    assert store.authenticate("nobody@example.fr", "a long enough secret") is None
    with pytest.raises(InvalidInput):
        store.create_account("ANNE@example.fr", "another long secret")
    with pytest.raises(InvalidInput):
        store.create_account("bob@example.fr", "short")


def test_password_hash_is_argon2id() -> None:
    from argon2 import PasswordHasher

    digest = hash_password("correct horse battery")
    assert digest.startswith("$argon2id$")
    assert PasswordHasher().verify(digest, "correct horse battery")  # the library agrees
    assert verify_password(digest, "correct horse battery")
    assert not verify_password(digest, "Correct horse battery")
    assert not verify_password("not a hash", "anything at all")
