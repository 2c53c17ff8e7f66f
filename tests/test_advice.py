"""Advice a coach would sign (#18): small networks whose diagnosis is known in advance.

Each test first writes the answer key — the findings and actions a networking coach would
write for that network — then checks that the diagnosis (and, where it applies, the plan and
reach) produces them, in English and in French.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tisser.core.diagnosis import DiagnosisSettings, NetworkData, diagnose
from tisser.core.model import Circle, Contact, Profile, RelationalProfile
from tisser.core.strength import TieHistory
from tisser.i18n import language_scope
from tisser.reference import employment
from tisser.report.data import text

TODAY = date(2026, 12, 7)
NNBSP = "\u202f"


def day(n: int) -> date:
    return TODAY - timedelta(days=n)


def both(t: object) -> tuple[str, str]:
    """A Text in English and in French."""
    with language_scope("en"):
        en = text(t)  # type: ignore[arg-type]
    with language_scope("fr"):
        fr = text(t)  # type: ignore[arg-type]
    return en, fr


def codes(d: object) -> list[str]:
    return [f.code for f in d.findings]  # type: ignore[attr-defined]


def finding(d: object, code: str):  # type: ignore[no-untyped-def]
    found = [f for f in d.findings if f.code == code]  # type: ignore[attr-defined]
    assert found, f"no {code!r} finding among {codes(d)}"
    return found[0]


# --- 1. a job seeker chasing a recruiter who never answers ---------------------------------


@pytest.fixture
def chase() -> NetworkData:
    """Sophie writes to Romain, a recruiter, 15 times in a month: never an answer. Paul,
    her former colleague (circle 2, they talk every fortnight), knows Romain well."""
    people = [
        Contact(id=1, given_name="Romain", family_name="Lefort", circle=Circle.ACTIVE,
                gender="m", organization="Talents & Co", sector="ressources humaines"),
        Contact(id=2, given_name="Paul", family_name="Marin", circle=Circle.SECOND,
                closeness=4, gender="m", met_on=day(3000)),
        Contact(id=3, given_name="Inès", family_name="Garnier", circle=Circle.ACTIVE,
                gender="f", met_on=day(1000)),
    ]  # fmt: skip
    histories = {
        1: TieHistory(1, count=15, first=day(30), last=day(2), recent=15),
        2: TieHistory(2, count=40, first=day(2900), last=day(10), gave=2, received=2, recent=20),
        3: TieHistory(3, count=5, first=day(900), last=day(40), recent=3),
    }
    attempts = {1: [(day(30 - 2 * i), False) for i in range(15)]}
    return NetworkData(
        contacts=people,
        histories=histories,
        links=[(1, 2), (2, 3)],
        today=TODAY,
        profile=Profile(given_name="Sophie", family_name="Morel"),
        timeline=[("2026-11", 20)],
        interactions=60,
        attempts=attempts,
    )


def test_unanswered_attempts_do_not_make_a_strong_tie(chase: NetworkData) -> None:
    d = diagnose(chase)
    romain = d.ties[1]
    # answer key: fifteen messages and no answer is no tie at all yet, not "on track"
    assert romain.strength.value < 0.3
    assert romain.status.status.value != "on_track"
    assert romain.history.count == 0
    assert romain.silence is not None and romain.silence.unanswered == 15


def test_unanswered_finding_says_pause_and_who_to_go_through(chase: NetworkData) -> None:
    d = diagnose(chase)
    f = finding(d, "unanswered")
    assert f in d.summary[:2]
    assert f.contact_ids == (1,)
    assert f.data["via"] == 2
    pause = day(2) + timedelta(days=30)  # last attempt + 30 days
    assert f.data["pause_until"] == pause.isoformat()
    en, fr = both(f.title)
    assert en == "You wrote 15 times to Romain Lefort without an answer"
    assert fr == "Vous avez écrit 15 fois à Romain Lefort sans réponse"
    en, fr = both(f.because[0])
    assert en == "pause until January 4, 2027, or go through Paul Marin, who knows him well"
    assert (
        fr
        == "faites une pause jusqu’au 4 janvier 2027, ou passez par Paul Marin, qui le connaît bien"
    )
    # the action says the same, and no action proposes to write to Romain
    first = d.actions[0]
    assert first.contact_id == 2 and first.code == "go_through"
    en, fr = both(first.text)
    assert en == "Ask Paul Marin to introduce you to Romain Lefort, rather than writing again"
    assert fr == "Demandez à Paul Marin de vous présenter à Romain Lefort, plutôt que de réécrire"
    assert all(a.contact_id != 1 for a in d.actions)


@pytest.mark.parametrize(
    ("gender", "en", "fr"),
    [
        ("F", "who knows her well", "qui la connaît bien"),
        ("homme", "who knows him well", "qui le connaît bien"),
        ("", "who knows this person well", "qui connaît bien cette personne"),
    ],
)
def test_wording_agrees_with_the_contacts_gender(
    chase: NetworkData, gender: str, en: str, fr: str
) -> None:
    chase.contacts[0].gender = gender
    f = finding(diagnose(chase), "unanswered")
    got_en, got_fr = both(f.because[0])
    assert got_en.endswith(en) and got_fr.endswith(fr)


def test_one_attempt_with_an_answer_is_an_exchange() -> None:
    from tisser.core.unanswered import answered_history, silence_of

    s = silence_of(7, [(day(10), False), (day(9), True), (day(3), False)], TODAY)
    assert s is not None and s.unanswered == 1 and s.total == 2 and s.pause_until is None
    h = answered_history(TieHistory(7, count=3, first=day(10), last=day(3), recent=3), s)
    assert (h.count, h.last, h.recent) == (1, day(9), 1)
    assert silence_of(7, [(day(3), True)], TODAY) is None


def test_plan_does_not_propose_a_paused_contact(chase: NetworkData) -> None:
    from tisser.core.plan import PlanInput, Tie, candidates

    from tisser.core.actions import week_of

    # both last answered 200 days ago, past their cadence of 90 days: both are due
    ties = [
        Tie(contact_id=1, circle=Circle.ACTIVE, last=day(200), interactions=1),
        Tie(contact_id=3, circle=Circle.ACTIVE, last=day(200), interactions=5),
    ]

    def plan(**kw: object) -> set[int | None]:
        inp = PlanInput(today=TODAY, week_start=week_of(TODAY), budget_minutes=120, ties=ties,
                        **kw)  # type: ignore[arg-type]  # fmt: skip
        return {a.contact_id for a in candidates(inp)}

    assert plan() == {1, 3}
    assert plan(paused={1: TODAY + timedelta(days=20)}) == {3}
    assert plan(paused={1: TODAY - timedelta(days=1)}) == {1, 3}  # the pause is over


def test_reach_prefers_a_responsive_intermediary() -> None:
    from tisser.core.model import make_link
    from tisser.core.reach import ReachGraph
    from tisser.core.ties import Tie

    ties = {1: Tie(0.5, unanswered=15), 2: Tie(0.8)}
    graph = ReachGraph(ties, [make_link(1, 2, 0.9)])
    best = graph.best(1)
    assert best is not None and best.people == (2, 1)


# --- 2. unknown is not missing --------------------------------------------------------------


def _plain_network(n: int, **extra: object) -> list[Contact]:
    return [
        Contact(id=i, given_name=f"P{i}", family_name="Durand", circle=Circle.ACTIVE,
                met_on=day(400), **extra)  # type: ignore[arg-type]
        for i in range(1, n + 1)
    ]  # fmt: skip


def _histories(ids: range) -> dict[int, TieHistory]:
    return {
        i: TieHistory(i, count=6, first=day(300), last=day(20), gave=1, received=1, recent=6)
        for i in ids
    }


def test_profiles_not_filled_in_are_unknown_not_missing() -> None:
    people = _plain_network(12)
    data = NetworkData(people, _histories(range(1, 13)), [], TODAY, interactions=72)
    d = diagnose(data)
    assert "missing_profiles" not in codes(d)
    f = finding(d, "profiles_unknown")
    en, fr = both(f.title)
    assert en == "The relational profile of 12 contacts is unknown"
    assert fr == "Le profil relationnel de 12 contacts est inconnu"
    for t in (f.title, *f.because):
        for s in both(t):
            assert "_" not in s  # no raw key such as "super_connector 0"


def test_missing_profile_alarm_rests_on_known_data() -> None:
    people = _plain_network(12, relational_profile=RelationalProfile.EXPERT)
    data = NetworkData(people, _histories(range(1, 13)), [], TODAY, interactions=72)
    d = diagnose(data)
    f = finding(d, "missing_profiles")
    for t in (f.title, *f.because):
        for s in both(t):
            assert "_" not in s and "seed" not in s.lower()


# --- 3. entre-soi against an outside reference ----------------------------------------------


def test_a_network_inside_one_company_is_said_plainly() -> None:
    people = _plain_network(10, organization="Airbus", sector="aéronautique", city="Toulouse")
    people.append(Contact(id=11, given_name="Ana", family_name="Lopez", circle=Circle.ACTIVE,
                          organization="Mairie", sector="administration", city="Toulouse"))  # fmt: skip
    data = NetworkData(
        people, _histories(range(1, 12)), [], TODAY, interactions=66, reference=employment(),
        profile=Profile(given_name="Léa", family_name="Roy", organization="Airbus",
                        sector="aéronautique", city="Toulouse"),
    )  # fmt: skip
    d = diagnose(data)
    f = finding(d, "entre_soi")
    assert f in d.summary
    assert set(f.data["attributes"]) >= {"organization", "sector", "city"}  # type: ignore[arg-type]
    en, fr = both(f.title)
    assert en == "91% of your network works at the same company as you (Airbus)"
    assert fr == f"91{NNBSP}% de votre réseau travaille dans la même entreprise que vous (Airbus)"
    # the sector is compared with employment in France, not with the network's own mix
    sector = next(x for x in d.diversity if x.attribute == "sector")
    assert sector.reference_share is not None and sector.reference_share < 0.2
    en, fr = both(f.because[-1])
    assert "INSEE" in en and "INSEE" in fr


def test_all_in_one_sector_is_entre_soi_even_with_one_category() -> None:
    people = _plain_network(12, sector="banque")
    data = NetworkData(
        people, _histories(range(1, 13)), [], TODAY, interactions=72, reference=employment(),
        profile=Profile(given_name="Léa", family_name="Roy", sector="banque"),
    )  # fmt: skip
    d = diagnose(data)
    f = finding(d, "entre_soi")
    en, fr = both(f.title)
    assert en == "100% of your network works in the same sector as you (banque)"
    assert fr == f"100{NNBSP}% de votre réseau travaille dans le même secteur que vous (banque)"


# --- 5. structure: bridges and the user as broker --------------------------------------------


@pytest.fixture
def consultant() -> NetworkData:
    """Nadia, a consultant, alone joins two worlds: hospital doctors and startup founders."""
    doctors = [
        Contact(
            id=i,
            given_name=f"Dr{i}",
            family_name="Santé",
            circle=Circle.ACTIVE,
            sector="santé",
            met_on=day(800),
        )
        for i in range(1, 6)
    ]
    founders = [
        Contact(
            id=i,
            given_name=f"F{i}",
            family_name="Start",
            circle=Circle.ACTIVE,
            sector="numérique",
            met_on=day(800),
        )
        for i in range(6, 11)
    ]
    links = [(a, b) for a in range(1, 6) for b in range(a + 1, 6)]
    links += [(a, b) for a in range(6, 11) for b in range(a + 1, 11)]
    return NetworkData(
        doctors + founders, _histories(range(1, 11)), links, TODAY, interactions=60,
        profile=Profile(given_name="Nadia", family_name="Benali", sector="conseil"),
    )  # fmt: skip


def test_the_user_as_broker_between_worlds(consultant: NetworkData) -> None:
    d = diagnose(consultant)
    f = finding(d, "broker")
    assert f in d.summary[:3]
    en, fr = both(f.title)
    assert en == "You alone join 2 groups that have no other tie between them"
    assert fr == "Vous êtes le seul lien entre 2 groupes qui n’en ont aucun autre entre eux"
    intro = [a for a in d.actions if a.code == "introduce"]
    assert intro, [a.code for a in d.actions]
    a = intro[0]
    assert {a.contact_id, a.other_id} & set(range(1, 6)) and {a.contact_id, a.other_id} & set(
        range(6, 11)
    )
    # the strongest of each world (all alike here: the first of each), each world by its sector
    en, fr = both(a.text)
    assert en == "Introduce Dr1 Santé (santé) to F6 Start (numérique), each after asking them"
    assert fr == (
        "Présentez Dr1 Santé (santé) à F6 Start (numérique), après avoir demandé son accord "
        "à chacun"
    )
    en, fr = both(a.because)
    assert en == "you are the only tie between santé and numérique"
    assert fr == "vous êtes le seul lien entre santé et numérique"


def test_no_bridge_says_only_path_to_own_contacts(consultant: NetworkData) -> None:
    consultant.contacts.append(
        Contact(id=11, given_name="Tom", family_name="Pont", circle=Circle.ACTIVE)
    )
    consultant.links += [(11, 1), (11, 6)]
    d = diagnose(consultant)
    for f in d.findings:
        for t in (f.title, *f.because):
            en, fr = both(t)
            assert "only path" not in en and "seul chemin" not in fr


# --- 4. actions follow findings ----------------------------------------------------------------


def test_three_actions_led_by_the_top_finding(chase: NetworkData) -> None:
    d = diagnose(chase)
    assert len(d.actions) == 3
    top = d.summary[0]
    assert top.action is not None
    assert d.actions[0] == top.action


# --- 6. cold start -----------------------------------------------------------------------------


def test_cold_start_after_a_linkedin_import() -> None:
    people = [
        Contact(id=i, given_name=f"L{i}", family_name="In", circle=Circle.WIDER,
                met_on=day(i * 30), met_how="LinkedIn")
        for i in range(1, 40)
    ]  # fmt: skip
    d = diagnose(NetworkData(people, {}, [], TODAY))
    assert d.summary[0].code == "cold_start"
    assert "activation" not in codes(d)
    en, fr = both(d.summary[0].title)
    assert en == "Your journal is empty: I cannot yet tell who is close, active or slipping"
    assert fr == (
        "Votre journal est vide\u00a0: je ne peux pas encore dire qui est proche, actif ou en "
        "train de s’éloigner"
    )
    a = d.actions[0]
    assert a.code == "sort"
    en, fr = both(a.text)
    assert en == (
        "Place the 20 to 50 people who matter most to you in circles: tisser sort, or the Sort page"
    )
    assert fr == (
        "Placez dans vos cercles les 20 à 50 personnes qui comptent le plus pour vous\u00a0: "
        "tisser sort, ou la page Trier"
    )
    assert all(x.code != "revive" for x in d.actions)


# --- 7. language --------------------------------------------------------------------------------


def test_shares_have_a_narrow_no_break_space_in_french() -> None:
    from tisser.core.explain import Share

    with language_scope("fr"):
        from tisser.report.data import fmt

        assert fmt(Share(0.9)) == f"90{NNBSP}%"


SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")


def test_worlds_are_networkx_connected_components() -> None:
    import random

    import networkx as nx

    from tisser.core.structure import Network, worlds

    rng = random.Random(18)
    ids = list(range(1, 121))
    links = [(a, b) for a, b in ((rng.choice(ids), rng.choice(ids)) for _ in range(90)) if a != b]
    g = nx.Graph(links)
    expected = sorted(
        (tuple(sorted(c)) for c in nx.connected_components(g) if len(c) >= 3),
        key=lambda c: (-len(c), c[0]),
    )
    assert worlds(Network.from_links(ids, links), 3) == expected


# --- 4. objectives start this week; a dormant tie's new position is said -------------------


def test_a_three_month_goal_has_work_this_week() -> None:
    from tisser.core.actions import ActionKind, week_of
    from tisser.core.objectives import Objective, split
    from tisser.core.plan import PlanInput, candidates

    goal = Objective("Trouver un poste de directrice produit", id=1,
                     deadline=TODAY + timedelta(days=90))  # fmt: skip
    goal.steps = split(goal, ["Lister 10 entreprises", "5 cafés", "3 candidatures"], TODAY)
    for i, s in enumerate(goal.steps, 1):
        s.id = i
    inp = PlanInput(TODAY, week_of(TODAY), 120, [], objectives=[goal])
    steps = [a for a in candidates(inp) if a.kind == ActionKind.STEP]
    assert [a.step_id for a in steps] == [1]  # the first stair, this week
    assert steps[0].minutes <= 20


def test_a_dormant_tie_now_in_the_target_role_is_said(chase: NetworkData) -> None:
    from tisser.core.dormant import Wanted

    chase.contacts.append(
        Contact(id=9, given_name="Claire", family_name="Dubois", circle=Circle.ACTIVE,
                gender="f", position="VP produit", organization="Airbus", met_on=day(3000))
    )  # fmt: skip
    chase.histories[9] = TieHistory(9, count=30, first=day(3000), last=day(800), gave=2,
                                    received=2)  # fmt: skip
    chase.wanted = Wanted(positions=("VP produit",))
    d = diagnose(chase)
    f = finding(d, "dormant_value")
    assert f.action is not None and f.action.contact_id == 9
    en, fr = both(f.action.text)
    assert en == (
        "Write to Claire Dubois, now VP produit at Airbus, which your objectives look for: "
        "news first, no request"
    )
    assert fr == (
        "Écrivez à Claire Dubois, désormais VP produit chez Airbus, le profil que visent vos "
        "objectifs\u00a0: des nouvelles d’abord, sans demande"
    )


# --- 5. need meets offer by stemmed terms and synonyms, with a score -------------------------


def test_a_need_meets_an_offer_worded_otherwise() -> None:
    from tisser.core.introductions import Offer, OfferKind
    from tisser.core.pairs import suggest
    from tisser.core.ties import Tie

    people = [
        Contact(id=1, given_name="Nora", family_name="Haddad", organization="Clinique Sud",
                sector="santé", circle=Circle.ACTIVE),
        Contact(id=2, given_name="Yann", family_name="Kerbrat", organization="Appli&Co",
                sector="numérique", circle=Circle.ACTIVE),
        Contact(id=3, given_name="Luc", family_name="Morin", organization="Banque Ouest",
                sector="banque", circle=Circle.ACTIVE),
    ]  # fmt: skip
    offers = [
        Offer(1, OfferKind.NEED,
              "un développeur d'applications mobiles pour un projet de suivi patient"),
        Offer(2, OfferKind.OFFER, "développement d'applications mobiles santé"),
        Offer(3, OfferKind.OFFER, "crédit aux entreprises"),
    ]  # fmt: skip
    ties = {1: Tie(0.8), 2: Tie(0.8), 3: Tie(0.8)}
    pairs = suggest(people, ties, offers, [])
    assert [(p.a.id, p.b.id) for p in pairs] == [(1, 2)]
    need = next(r for r in pairs[0].reasons if r.kind == "need_offer")
    # developpeur ~ developpement (synonyms), applications, mobiles, patient ~ santé: 4 of 6
    assert need.score == round(4 / 6, 4)
    assert need.who_needs == 1


def test_the_objectives_target_sectors_are_a_reference() -> None:
    from tisser.core.dormant import Wanted

    people = _plain_network(20, sector="banque")
    people[0].sector = "santé"
    data = NetworkData(people, _histories(range(1, 21)), [], TODAY, interactions=120,
                       wanted=Wanted(sectors=("santé",)))  # fmt: skip
    d = diagnose(data)
    f = finding(d, "target_sectors")
    en, fr = both(f.title)
    assert en == "Only 5% of your network works in the sectors your objectives aim at (santé)"
    assert fr == (
        f"Seuls 5{NNBSP}% de votre réseau travaillent dans les secteurs que visent vos "
        "objectifs (santé)"
    )
    assert f.action is not None and f.action.contact_id == 1


def test_after_the_pause_the_way_round_stays(chase: NetworkData) -> None:
    chase.today = TODAY + timedelta(days=40)  # the pause ended on January 4
    d = diagnose(chase)
    f = finding(d, "unanswered")
    en, fr = both(f.because[0])
    assert en == "the pause is over: go through Paul Marin, who knows him well"
    assert fr == "la pause est finie\u00a0: passez par Paul Marin, qui le connaît bien"
    chase.links = []  # nobody links Sophie to Romain
    f = finding(diagnose(chase), "unanswered")
    assert f.action is None
    assert both(f.because[0])[0].startswith("the pause is over: one short last message")
