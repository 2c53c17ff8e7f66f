"""Reach's core: path scores by hand and against networkx, queries, ties, drafts, workflow."""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, date, datetime

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tisser.core import drafts, ledger, pairs, query
from tisser.core.errors import InvalidInput
from tisser.core.introductions import (
    Introduction,
    IntroStatus,
    Offer,
    OfferKind,
    next_status,
)
from tisser.core.model import Circle, Contact, Interaction, Link
from tisser.core.reach import ATTRITION, ReachGraph, path_score, tie_value
from tisser.core.ties import Tie

# --- path scores computed by hand ---------------------------------------------------------


def test_direct_path_is_my_tie() -> None:
    g = ReachGraph({1: Tie(0.8)}, [])
    p = g.best(1)
    assert p is not None and p.people == (1,) and p.score == pytest.approx(0.8)


def test_two_hops_beat_a_weak_direct_tie() -> None:
    # me -0.9- Marc -0.8- Sophie; me -0.1- Sophie.  Via Marc: 0.9 * 0.8 * 0.5 = 0.36 > 0.1
    ties = {1: Tie(0.9), 2: Tie(0.1)}
    g = ReachGraph(ties, [Link(1, 2, strength=0.8)])
    p = g.best(2)
    assert p is not None
    assert p.people == (1, 2)
    assert p.score == pytest.approx(0.36)
    assert p.strengths == (0.9, 0.8)
    assert g.best(2, max_hops=1).people == (2,)  # type: ignore[union-attr]


def test_three_hops_by_hand() -> None:
    # me -1.0- A -0.5- B -0.4- T; my ties to B and T are worthless (0.01).
    # 3 hops: 1.0 * 0.5 * 0.4 * 0.5**2 = 0.05 ; 2 hops via B: 0.01 * 0.4 * 0.5 = 0.002 ;
    # direct: 0.01, the best within 2 hops.
    ties = {1: Tie(1.0), 2: Tie(0.01), 3: Tie(0.01)}
    g = ReachGraph(ties, [Link(1, 2, strength=0.5), Link(2, 3, strength=0.4)])
    p = g.best(3)
    assert p is not None and p.people == (1, 2, 3)
    assert p.score == pytest.approx(0.05)
    two = g.best(3, max_hops=2)
    assert two is not None and two.people == (3,) and two.score == pytest.approx(0.01)


def test_overdue_and_one_sided_ties_are_penalised() -> None:
    # Marc overdue (0.9 * 0.6 = 0.54), Léa one-sided (0.8 * 0.75 = 0.6): via Léa wins.
    ties = {1: Tie(0.9, overdue=True), 2: Tie(0.8, one_sided=True), 3: Tie(0.05)}
    g = ReachGraph(ties, [Link(1, 3, strength=0.5), Link(2, 3, strength=0.5)])
    p = g.best(3)
    assert p is not None and p.people == (2, 3)
    assert p.score == pytest.approx(0.8 * 0.75 * 0.5 * 0.5)
    assert tie_value(Tie(0.9, overdue=True, one_sided=True)) == pytest.approx(0.9 * 0.6 * 0.75)


def test_unknown_link_strength_and_archived_contacts() -> None:
    ties = {1: Tie(0.9), 2: Tie(0.0), 3: Tie(1.0)}
    g = ReachGraph(ties, [Link(1, 2, strength=None), Link(2, 3, strength=1.0)], archived=[3])
    p = g.best(2)
    assert p is not None and p.people == (1, 2) and p.score == pytest.approx(0.9 * 0.3 * 0.5)
    assert g.best(3) is None  # archived: never proposed


def test_path_score_formula() -> None:
    assert path_score(0.9, [0.8, 0.5]) == pytest.approx(0.9 * 0.8 * 0.5 * ATTRITION**2)


def _brute_force(ties: dict[int, Tie], links: list[Link], hops: int) -> dict[int, float]:
    """Best path score to every node by enumerating simple paths with networkx."""
    g = nx.Graph()
    me = 0
    g.add_node(me)
    for cid in ties:
        g.add_edge(me, cid)
    for lk in links:
        g.add_edge(lk.a_id, lk.b_id, s=0.3 if lk.strength is None else lk.strength)
    best: dict[int, float] = {}
    for t in ties:
        value = 0.0
        for path in nx.all_simple_paths(g, me, t, cutoff=hops):
            inner = path[1:]
            if any(g.has_edge(me, x) is False for x in inner[:1]):
                continue
            score = tie_value(ties[inner[0]])
            for a, b in itertools.pairwise(inner):
                if not g.has_edge(a, b) or "s" not in g.edges[a, b]:
                    score = -1
                    break
                score *= g.edges[a, b]["s"] * ATTRITION
            value = max(value, score)
        best[t] = value
    return best


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=1, max_value=3))
def test_best_paths_agree_with_networkx_enumeration(seed: int, hops: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 9)
    ties = {
        i: Tie(round(rng.random(), 2), overdue=rng.random() < 0.2, one_sided=rng.random() < 0.2)
        for i in range(1, n + 1)
    }
    links = [
        Link(a, b, strength=None if rng.random() < 0.2 else round(rng.random(), 2))
        for a, b in itertools.combinations(range(1, n + 1), 2)
        if rng.random() < 0.4
    ]
    g = ReachGraph(ties, links)
    expected = _brute_force(ties, links, hops)
    for t in ties:
        p = g.best(t, hops)
        assert p is not None
        assert p.score == pytest.approx(expected[t])
        assert len(set(p.people)) == len(p.people)  # simple paths only


# --- queries ------------------------------------------------------------------------------


def _labels(text: str) -> list[str]:
    return [c.label for c in query.parse(text)]


def test_stop_words_and_fillers_are_dropped() -> None:
    assert _labels("quelqu'un dans la cybersécurité à Lyon") == ["cybersecurite", "lyon"]
    assert _labels("someone who works at Thales") == ["thales"]
    assert _labels("expert RGPD") == ["rgpd"]


def test_synonyms_in_both_languages() -> None:
    position = [query.Field("position", "Directrice des ressources humaines")]
    for q in ("DRH", "HR director", "directeur des ressources humaines", "CHRO"):
        assert query.match(query.parse(q), position), q
    daf = [query.Field("position", "DAF")]
    assert query.match(query.parse("CFO"), daf)
    assert query.match(query.parse("directrice financière"), daf)
    assert not query.match(query.parse("CTO"), daf)


def test_stems_accents_and_prefixes() -> None:
    card = [query.Field("position", "Recruteurs seniors"), query.Field("city", "Évreux")]
    assert query.match(query.parse("recruteur"), card)
    assert query.match(query.parse("evreux"), card)
    assert query.match(query.parse("EVREUX"), card)
    cyber = [query.Field("position", "Responsable cybersécurité")]
    assert query.match(query.parse("cyber"), cyber)
    en = [query.Field("notes", "Works with companies in Japan")]
    assert query.match(query.parse("company japon"), en)


def test_prefixes_are_prefixes_of_the_words_they_find() -> None:
    concepts = query.parse("companies recruteuses")
    for p in query.prefixes(concepts):
        assert len(p) >= 2
    assert any("company".startswith(p) for p in query.prefixes(concepts))


# --- ties -----------------------------------------------------------------------------------


# --- drafts ---------------------------------------------------------------------------------

CTX = drafts.DraftContext(
    first_name="Marc",
    my_name="Hélène Marchand",
    since_year=2019,
    met_how="Salon VivaTech 2019",
    last_when="il y a 3 mois",
    last_about="la refonte du site",
    give_back="marque employeur",
)


@pytest.mark.parametrize("need", drafts.NEEDS)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_draft_for_every_need_in_both_languages(need: str, lang: str) -> None:
    text = drafts.draft(need, CTX, lang, topic="export au Japon")
    assert text.startswith("Bonjour Marc," if lang == "fr" else "Hi Marc,")
    assert "2019" in text and "Salon VivaTech 2019" in text
    assert "marque employeur" in text  # something to give back
    assert "export au Japon" in text
    assert text.count("?") <= 1  # one clear request
    assert "{" not in text and "|" not in text
    assert len(text) < 900  # short
    via = drafts.intro_request(need, CTX, "Sophie Roux", "DRH, Thales", lang)
    assert "Sophie Roux" in via and "{" not in via


def test_french_drafts_use_tu_for_close_circles() -> None:
    familiar = drafts.draft("job", drafts.DraftContext("Marc", "Hélène", familiar=True), "fr")
    formal = drafts.draft("job", drafts.DraftContext("Marc", "Hélène"), "fr")
    assert "Aurais-tu" in familiar and "Auriez-vous" in formal


def test_a_neglected_tie_is_acknowledged() -> None:
    ctx = drafts.DraftContext("Marc", "Hélène", long_ago=True)
    assert "trop longtemps" in drafts.draft("other", ctx, "fr")
    assert "too long" in drafts.draft("other", ctx, "en")


# --- introductions, pairs, ledger -----------------------------------------------------------


def test_double_opt_in_order() -> None:
    intro = Introduction(a_id=1, b_id=2, id=7)
    with pytest.raises(InvalidInput):
        next_status(intro, "agreed")
    for step, status in (
        ("asked-a", IntroStatus.ASKED_A),
        ("asked-b", IntroStatus.ASKED_B),
        ("agreed", IntroStatus.AGREED),
        ("introduced", IntroStatus.INTRODUCED),
        ("outcome", IntroStatus.DONE),
    ):
        intro.status = next_status(intro, step)
        assert intro.status is status
    with pytest.raises(InvalidInput):
        next_status(intro, "declined")


def test_pairs_need_meets_offer_and_never_known_pairs() -> None:
    a = Contact(
        id=1,
        given_name="Anne",
        position="Fondatrice",
        organization="X",
        sector="santé",
        circle=Circle.ACTIVE,
        tags=["voile"],
    )
    b = Contact(
        id=2,
        given_name="Bruno",
        position="CTO",
        organization="Y",
        sector="tech",
        circle=Circle.ACTIVE,
        tags=["voile"],
    )
    c = Contact(
        id=3,
        given_name="Chloé",
        position="Juriste",
        organization="Z",
        sector="droit",
        circle=Circle.ACTIVE,
    )
    ties = {1: Tie(0.64), 2: Tie(0.64), 3: Tie(0.64)}
    need = Offer(contact_id=1, kind=OfferKind.NEED, text="cherche un directeur technique")
    found = pairs.suggest([a, b, c], ties, [need], [])
    assert [(p.a.id, p.b.id) for p in found] == [(1, 2)]
    # need (1.0) + one shared tag (0.25) + different worlds (0.2), times sqrt(0.64 * 0.64)
    assert found[0].score == pytest.approx((1.0 + 0.25 + 0.2) * 0.64)
    assert pairs.suggest([a, b, c], ties, [need], [(2, 1)]) == []  # they know each other


def test_ledger_kinds_and_balance() -> None:
    assert ledger.kind_of("Mise en relation avec Marc") == "introduction"
    assert ledger.kind_of("recommandation LinkedIn") == "recommendation"
    assert ledger.kind_of("relecture de CV") is None
    moment = datetime(2026, 5, 1, tzinfo=UTC)
    items = ledger.entries(
        [
            Interaction(occurred_at=moment, contact_ids=[1], gave="mise en relation avec Léa"),
            Interaction(occurred_at=moment, contact_ids=[1], received="recommandation"),
        ],
        [],
        [Contact(id=3, given_name="Zoé", met_through_id=1, met_on=date(2024, 1, 1))],
        {1: "Marc"},
    )
    assert ledger.balance(items) == {1: (1, 2)}
    assert math.isclose(len(items), 3)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_any_text_parses_and_matches_without_error(q: str, card: str) -> None:
    concepts = query.parse(q)
    for p in query.prefixes(concepts):
        assert p and p == p.strip()
    hits = query.match(concepts, [query.Field("notes", card)])
    assert len(hits) <= len(concepts)
