"""The diagnosis on a small network built by hand: who is flagged, and why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tisser.core.cadence import Status
from tisser.core.diagnosis import DiagnosisSettings, NetworkData, diagnose
from tisser.core.dormant import Wanted
from tisser.core.explain import Days, Share
from tisser.core.model import Circle, Contact, Profile, RelationalProfile
from tisser.core.strength import TieHistory
from tisser.core.why import explain_contact

TODAY = date(2026, 11, 23)


def day(n: int) -> date:
    return TODAY - timedelta(days=n)


def plain(v: object) -> object:
    if isinstance(v, Days):
        return f"{v.days} days"
    if isinstance(v, Share):
        return f"{round(v.value * 100)}%"
    return v


@pytest.fixture
def network() -> NetworkData:
    people = [
        Contact(id=1, given_name="Claire", family_name="Dubois", circle=Circle.ACTIVE,
                closeness=4, sector="aéronautique", met_on=day(3000)),
        Contact(id=2, given_name="Marc", family_name="Petit", circle=Circle.WIDER,
                met_through_id=1, sector="banque", met_on=day(900)),
        Contact(id=3, given_name="Lina", family_name="Roux", circle=Circle.WIDER,
                met_through_id=1, sector="banque", met_on=day(800)),
        Contact(id=4, given_name="Paul", family_name="Marin", circle=Circle.FIRST,
                closeness=5, sector="vins", met_on=day(5000)),
        Contact(id=5, given_name="Zoé", family_name="Faure", circle=Circle.SECOND,
                sector="vins", relational_profile=RelationalProfile.MENTOR, met_on=day(2000)),
        Contact(id=6, given_name="Old", family_name="Friend", circle=Circle.DORMANT),
        Contact(id=7, given_name="Hugo", family_name="Blanc", circle=Circle.WIDER,
                met_on=day(30)),
    ]  # fmt: skip
    histories = {
        # Claire: last contact 14 months ago (426 days), cadence of circle 3 is 90 days
        1: TieHistory(1, count=10, first=day(2500), last=day(426), gave=1, received=2),
        2: TieHistory(2, count=2, first=day(800), last=day(100)),
        3: TieHistory(3, count=1, first=day(700), last=day(200)),
        4: TieHistory(4, count=100, first=day(1000), last=day(2), recent=50),
        # Zoé: 80 days against a monthly cadence; she helped 4 times, never helped back
        5: TieHistory(5, count=20, first=day(1500), last=day(80), received=4, recent=3),
    }
    # Claire is the only one who knows Marc and Lina; Paul knows Zoé and Hugo.
    links = [(1, 2), (1, 3), (2, 3), (1, 4), (4, 5), (4, 7), (5, 7)]
    return NetworkData(
        contacts=people,
        histories=histories,
        links=links,
        today=TODAY,
        profile=Profile(given_name="Hélène", family_name="Marchand", sector="vins"),
        timeline=[("2026-10", 3), ("2026-11", 5)],
    )


def test_statuses_and_activation(network: NetworkData) -> None:
    d = diagnose(network)
    assert d.ties[1].status.status == Status.DORMANT  # 426 > 365
    assert d.ties[4].status.status == Status.ON_TRACK
    assert d.ties[5].status.status == Status.COOLING  # 80 > 2 * 30
    assert d.ties[6].status.status == Status.ARCHIVED
    # Marc (100 days), Lina (200) and Hugo (met 30 days ago) are on track for a yearly cadence
    assert d.statuses == {"dormant": 1, "on_track": 4, "cooling": 1, "archived": 1}
    # activated = strong enough and not dormant: not Claire (dormant), not the archived one
    assert 1 not in d.activated and 6 not in d.activated and 4 in d.activated
    assert d.activation.kept == 6


def test_why_is_claire_flagged(network: NetworkData) -> None:
    d = diagnose(network)
    assert [x.contact_id for x in d.dormant] == [1]
    e = explain_contact(d, 1)
    status = e.status.render(fmt=plain)
    assert status == "dormant: last contact 426 days ago, cadence for circle 3: 90 days"
    facts = [f.render(fmt=plain) for f in e.facts]
    assert "introduced you to 2 people: Marc Petit, Lina Roux" in facts
    # three exchanges, B = (1 - 2) / 3 = -1/3: within the 0.5 threshold
    assert "help: given 1, received 2 — balanced" in facts
    # Claire is the only one linking the user to Marc and Lina
    assert "the only one linking you to 2 people" in facts
    assert e.dormant_rank == 1
    assert {f.code for f in e.findings} >= {"dormant_value", "bridges"}


def test_summary_and_three_actions(network: NetworkData) -> None:
    d = diagnose(network)
    assert 3 <= len(d.summary) <= 5
    assert d.summary == sorted(d.summary, key=lambda f: -f.score)
    assert len(d.actions) == 3
    codes = [a.code for a in d.actions]
    # the actions follow the findings (#18): the top finding's action leads
    assert d.summary[0].code == "dormant_value" and d.actions[0] == d.summary[0].action
    assert codes[0] == "revive" and d.actions[0].contact_id == 1  # Claire
    # Zoé (circle 2, cooling, helped 4 times, never helped back): give before calling
    assert ("give", 5) in [(a.code, a.contact_id) for a in d.actions]
    slipping = next(f for f in d.findings if f.code == "slipping_inner")
    assert (
        slipping.title.render(fmt=plain) == "Zoé Faure, of your first two circles, is slipping away"
    )


def test_taker_tie_flagged_only_with_enough_exchanges(network: NetworkData) -> None:
    d = diagnose(network)
    assert d.ties[5].reciprocity.pattern.value == "taker"  # received 4, gave 0
    assert d.ties[1].reciprocity.pattern.value == "balanced"  # 3 exchanges, B = -1/3
    assert d.ties[2].reciprocity.pattern.value == "too_few"  # nothing exchanged
    assert d.reciprocity.gave == 1 and d.reciprocity.received == 6


def test_objectives_make_dormant_ties_relevant(network: NetworkData) -> None:
    network.wanted = Wanted(sectors=("Aéronautique", "santé"))
    d = diagnose(network)
    assert d.dormant[0].parts["relevance"] == 1.0
    assert ("sector", "santé") in d.mix.missing_wanted
    assert any(f.code == "missing_wanted" for f in d.findings)


def test_settings_change_the_diagnosis(network: NetworkData) -> None:
    strict = DiagnosisSettings(activation_threshold=0.99)
    assert diagnose(network, strict).activation.activated == 0
