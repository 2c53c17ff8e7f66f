"""Feedback feeds the next round: unit rules of :func:`learn`, then round → feedback → round.

The end-to-end tests match a second round twice, before the feedback is given (the control)
and after, on SQLite and PostgreSQL; the weights keep ``history_rounds = 0`` so that the
"not within N rounds" rule does not hide what feedback alone changes.
"""

from __future__ import annotations

from datetime import UTC, date

import pytest

from tisser.community.service import match_round
from tisser.core.community import Member, Round, Want, Wish
from tisser.core.matching import Answer, Context, Weights, learn, pair_score, render
from tisser.i18n import _, set_language
from tisser.store import Store

ORG = 1
W = Weights(history_rounds=0)


def _m(email: str, **kw) -> Member:  # type: ignore[no-untyped-def]
    name = email.split("@")[0]
    base = dict(id=0, email=email, first_name=name.title(), last_name="Roux", company=name,
                city="Mérignac", slots=frozenset({"tue-evening"}))  # fmt: skip
    return Member(**{**base, **kw})


ANNE = _m("anne@x.fr", seeks=(Wish(Want.MENTOR, "export"),))
ERIC = _m("eric@x.fr", offers=(Wish(Want.MENTOR, "export"),))


def _answer(member: int, group: tuple[int, ...], **kw) -> Answer:  # type: ignore[no-untyped-def]
    base = dict(member_id=member, group=group, activity="coffee", rank=0, activity_rank=0,
                met=True)  # fmt: skip
    return Answer(**{**base, **kw})


def test_learn_rules() -> None:
    anne, eric = (Member(**{**m.__dict__, "id": i}) for i, m in ((1, ANNE), (2, ERIC)))
    people = {1: anne, 2: eric, 3: _m("zoe@x.fr", id=3)}
    w = Weights()
    # one "no" blocks the pair, forever, whatever the other said
    lessons = learn([_answer(1, (1, 2), again=True), _answer(2, (1, 2), again=False, rank=40)],
                    people, "coffee", w)  # fmt: skip
    assert lessons.never == {(1, 2)}
    # useful (or again) marks the group's kinds of complementarity, for both sides
    lessons = learn([_answer(1, (1, 2), useful=5), _answer(2, (1, 2), useful=2)],
                    people, "coffee", w)  # fmt: skip
    assert lessons.liked == {(1, Want.MENTOR)}
    assert learn([_answer(2, (1, 2), again=True)], people, "coffee", w).liked == {(2, Want.MENTOR)}
    # not when they did not meet, nor once the round is too old
    assert not learn([_answer(1, (1, 2), useful=5, met=False)], people, "coffee", w).liked
    assert not learn([_answer(1, (1, 2), useful=5, rank=6)], people, "coffee", w).liked
    # a missed meeting: a bonus unless someone of the group says they met
    assert learn([_answer(1, (1, 2), met=False)], people, "coffee", w).stood_up == {1}
    both = [_answer(1, (1, 2), met=False), _answer(2, (1, 2), met=False)]
    assert learn(both, people, "coffee", w).stood_up == {1, 2}
    met_without = [_answer(1, (1, 2, 3), met=False), _answer(3, (1, 2, 3), met=True)]
    assert learn(met_without, people, "coffee", w).stood_up == set()
    # only the previous round of the same activity counts for it
    assert not learn([_answer(1, (1, 2), met=False)], people, "padel", w).stood_up
    assert not learn([_answer(1, (1, 2), met=False, activity_rank=1)], people, "coffee",
                     w).stood_up  # fmt: skip


def test_liked_weight_raises_the_pair() -> None:
    rnd = Round(1, 1, "coffee", 2, 2, date(2026, 12, 1), date(2026, 12, 14))
    anne, eric = Member(**{**ANNE.__dict__, "id": 1}), Member(**{**ERIC.__dict__, "id": 2})
    plain = pair_score(anne, eric, Context(rnd))
    fond = pair_score(anne, eric, Context(rnd, liked=frozenset({(1, Want.MENTOR)})))
    assert fond == pytest.approx(plain + Weights().liked)
    other = pair_score(anne, eric, Context(rnd, liked=frozenset({(1, Want.JOB)})))
    assert other == pytest.approx(plain)


@pytest.fixture
def club(store: Store):  # type: ignore[no-untyped-def]
    def make(*members: Member) -> tuple[int, dict[str, int]]:
        c = store.create_community(ORG, "Club")
        store.upsert_members(ORG, c.id, list(members))
        emails = [m.email for m in members]
        ids = store.member_ids(ORG, c.id, emails)
        return c.id, {e.split("@")[0]: i for e, i in zip(emails, ids, strict=True)}

    return make


def _round(store: Store, community: int, opted: list[int]) -> int:
    rnd = store.create_round(
        ORG, Round(0, community, "coffee", 2, 2, date(2026, 12, 1), date(2026, 12, 14))
    )
    store.opt_in(ORG, rnd.id, opted)
    return rnd.id


def _pairs(store: Store, rid: int) -> set[frozenset[int]]:
    outcome = match_round(store, ORG, rid, UTC, weights=W)
    return {frozenset(m.member_ids) for m in outcome.meetings}


def _why(store: Store, rid: int, member: int) -> tuple[str, str]:
    [g] = [g for g in store.round_groups(ORG, rid) if member in g.member_ids]
    set_language("fr")
    try:
        fr = render(g.why, _)
    finally:
        set_language("en")
    return render(g.why, _), fr


def _first_round(store: Store, community: int, a: int, b: int) -> int:
    rid = _round(store, community, [a, b])
    assert _pairs(store, rid) == {frozenset({a, b})}
    store.publish_round(ORG, rid)
    return rid


def test_would_not_meet_again_is_never_matched_again(store: Store, club) -> None:  # type: ignore[no-untyped-def]
    c, ids = club(ANNE, ERIC)
    first = _first_round(store, c, ids["anne"], ids["eric"])
    second = _round(store, c, [ids["anne"], ids["eric"]])
    assert _pairs(store, second) == {frozenset({ids["anne"], ids["eric"]})}  # control
    store.add_feedback(ORG, first, ids["eric"], met=True, useful=2, again=False)
    assert _pairs(store, second) == set()


def test_a_useful_kind_of_meeting_weighs_more_next_time(store: Store, club) -> None:  # type: ignore[no-untyped-def]
    # Without feedback: Anne–Carl (a job) + Bea–Dan (in English) beat Anne–Bea
    # (a mentor) + Carl–Dan. Anne found her mentor meeting useful: the mentor side wins.
    anne = _m("anne@x.fr", seeks=(Wish(Want.MENTOR, "export"), Wish(Want.JOB)))
    bea = _m("bea@x.fr", offers=(Wish(Want.MENTOR, "export"),), languages=frozenset({"fr", "en"}))
    carl = _m("carl@x.fr", offers=(Wish(Want.JOB),))
    dan = _m("dan@x.fr", seeks=(Wish(Want.HELP),), languages=frozenset({"fr", "en"}))
    c, ids = club(anne, ERIC, bea, carl, dan)
    first = _first_round(store, c, ids["anne"], ids["eric"])
    second = _round(store, c, [ids[x] for x in ("anne", "bea", "carl", "dan")])
    assert _pairs(store, second) == {
        frozenset({ids["anne"], ids["carl"]}),
        frozenset({ids["bea"], ids["dan"]}),
    }
    store.add_feedback(ORG, first, ids["anne"], met=True, useful=5, again=True)
    assert _pairs(store, second) == {
        frozenset({ids["anne"], ids["bea"]}),
        frozenset({ids["carl"], ids["dan"]}),
    }
    en, fr = _why(store, second, ids["anne"])
    assert "a similar meeting was useful to Anne" in en
    assert "une rencontre du même type a été utile à Anne" in fr


def test_a_missed_meeting_gets_the_bonus(store: Store, club) -> None:  # type: ignore[no-untyped-def]
    # Three for one pair: Bea–Carl (help, in English) beat Anne–Bea (a mentor) by 0.5;
    # Anne's last meeting did not happen, her bonus places her.
    bea = _m("bea@x.fr", offers=(Wish(Want.MENTOR, "export"),), seeks=(Wish(Want.HELP),),
             languages=frozenset({"fr", "en"}))  # fmt: skip
    carl = _m("carl@x.fr", offers=(Wish(Want.HELP),), languages=frozenset({"fr", "en"}))
    c, ids = club(ANNE, ERIC, bea, carl)
    first = _first_round(store, c, ids["anne"], ids["eric"])
    second = _round(store, c, [ids["anne"], ids["bea"], ids["carl"]])
    assert _pairs(store, second) == {frozenset({ids["bea"], ids["carl"]})}
    store.add_feedback(ORG, first, ids["anne"], met=False)
    assert _pairs(store, second) == {frozenset({ids["anne"], ids["bea"]})}
    en, fr = _why(store, second, ids["anne"])
    assert "meeting missed last time: Anne" in en
    assert "rencontre manquée la dernière fois\u00a0: Anne" in fr
    # Eric says they met: then Anne was the one missing, and the bonus goes
    store.add_feedback(ORG, first, ids["eric"], met=True)
    assert _pairs(store, second) == {frozenset({ids["bea"], ids["carl"]})}
