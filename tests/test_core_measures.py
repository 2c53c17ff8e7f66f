"""Tie strength, reciprocity, diversity, circles, cadence settings and dormant ties, each
against values computed by hand in the comments."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from tisser.core.cadence import CadenceSettings, Status, status_of
from tisser.core.circles import circle_report
from tisser.core.diversity import blau, ei_index, iqv, spread
from tisser.core.errors import InvalidInput
from tisser.core.model import DEFAULT_CADENCE_DAYS, Circle, Contact, Profile, RelationalProfile
from tisser.core.reciprocity import Pattern, ReciprocitySettings, balance, pattern_of
from tisser.core.strength import StrengthSettings, TieHistory, tie_strength

TODAY = date(2026, 11, 23)


def contact(cid: int = 1, **kw) -> Contact:
    return Contact(id=cid, given_name="Claire", family_name=f"Dubois{cid}", **kw)


# --- tie strength -------------------------------------------------------------------------


def test_strength_hand_computed() -> None:
    c = contact(closeness=4, met_on=TODAY - timedelta(days=3 * 365))
    h = TieHistory(1, count=9, first=TODAY - timedelta(days=700), last=TODAY - timedelta(days=180),
                   gave=3, received=1)  # fmt: skip
    s = tie_strength(c, h, TODAY, mutual=3)
    parts = {p.name: p.value for p in s.parts}
    assert parts["closeness"] == pytest.approx(0.75)  # (4 - 1) / 4
    assert parts["recency"] == pytest.approx(0.5)  # one half-life (180 days)
    assert parts["intensity"] == pytest.approx(math.log(10) / math.log(41))
    assert parts["duration"] == pytest.approx(3 * 365 / 365.25 / 5)  # met 3 years ago
    # B = (3 - 1) / 4 = 0.5; min(1, 4/4) * (1 - 0.25) = 0.75
    assert parts["reciprocity"] == pytest.approx(0.75)
    assert parts["mutual"] == pytest.approx(math.log(4) / math.log(11))
    expected = (
        0.30 * 0.75 + 0.20 * 0.5 + 0.15 * math.log(10) / math.log(41)
        + 0.15 * (3 * 365 / 365.25 / 5) + 0.10 * 0.75 + 0.10 * math.log(4) / math.log(11)
    )  # fmt: skip
    assert s.value == pytest.approx(expected)
    assert s.part("recency").why.params["days"] == 180
    assert 0 < s.without("recency") <= 1


def test_strength_without_history_uses_the_circle_for_closeness() -> None:
    s = tie_strength(contact(circle=Circle.SECOND), None, TODAY)
    parts = {p.name: p.value for p in s.parts}
    assert parts == {"closeness": 0.75, "recency": 0.0, "intensity": 0.0, "duration": 0.0,
                     "reciprocity": 0.0, "mutual": 0.0}  # fmt: skip
    assert s.value == pytest.approx(0.30 * 0.75)


def test_strength_weights_are_overridable() -> None:
    weights = dict.fromkeys(("closeness", "intensity", "duration", "reciprocity", "mutual"), 0.0)
    only_recency = StrengthSettings(weights={**weights, "recency": 1.0})
    h = TieHistory(1, count=1, last=TODAY - timedelta(days=360))
    assert tie_strength(contact(), h, TODAY, settings=only_recency).value == pytest.approx(0.25)


def test_strength_settings_refuse_nonsense() -> None:
    with pytest.raises(InvalidInput):
        StrengthSettings(weights={"charm": 1.0})
    with pytest.raises(InvalidInput):
        StrengthSettings(half_life_days=0)


# --- reciprocity --------------------------------------------------------------------------


def test_balance_and_patterns() -> None:
    s = ReciprocitySettings()
    assert balance(0, 0) is None
    assert balance(3, 1) == pytest.approx(0.5)
    assert pattern_of(3, 1, s) == Pattern.GIVER  # B = 0.5, 4 exchanges
    assert pattern_of(0, 3, s) == Pattern.TAKER  # B = -1
    assert pattern_of(2, 0, s) == Pattern.TOO_FEW  # only 2 exchanges
    assert pattern_of(2, 2, s) == Pattern.BALANCED


# --- diversity ----------------------------------------------------------------------------


def test_blau_and_iqv_hand_computed() -> None:
    # shares 1/2, 1/4, 1/4: Blau = 1 - (1/4 + 1/16 + 1/16) = 0.625; IQV = 0.625 / (2/3)
    assert blau([2, 1, 1]) == pytest.approx(0.625)
    assert iqv([2, 1, 1]) == pytest.approx(0.9375)
    assert blau([5]) == 0.0
    assert iqv([5]) == 0.0
    assert blau([]) is None
    assert ei_index(1, 3) == pytest.approx(-0.5)


def test_spread_ei_against_chance() -> None:
    people = [contact(i, sector=s) for i, s in enumerate(
        ["Vins", "vins", "VINS", "Banque", "Santé", "santé", ""], start=1)]  # fmt: skip
    s = spread(people, "sector", user_value="vins")
    assert (s.known, s.total, s.categories, s.alike) == (6, 7, 3, 3)
    assert s.ei == pytest.approx(0.0)  # 3 unlike, 3 alike
    assert s.ei_chance == pytest.approx(1 - 2 / 3)  # three sectors: 1/3 alike by chance
    assert s.homophily == pytest.approx(1 / 3)
    assert s.counts[0] == ("Vins", 3)


def test_spread_without_user_value_has_no_ei() -> None:
    s = spread([contact(1, city="Pau")], "city")
    assert s.ei is None and s.blau == 0.0


# --- circles ------------------------------------------------------------------------------


def test_circle_report_against_dunbar_and_effort() -> None:
    people = [contact(i, circle=Circle.FIRST) for i in range(1, 6)]
    people += [contact(i, circle=Circle.SECOND) for i in range(6, 26)]
    people += [contact(99, circle=Circle.DORMANT)]
    recent = {1: 40, 6: 20, 7: 20}  # 40 to circle 1, 40 to circle 2, none beyond
    r = circle_report(people, recent, DEFAULT_CADENCE_DAYS)
    assert [(x.size, x.cumulative, x.dunbar) for x in r.layers[:2]] == [(5, 5, 5), (20, 25, 15)]
    assert r.layers[1].ratio == pytest.approx(25 / 15)
    assert [e.share for e in r.effort] == [0.5, 0.5, 0.0]
    assert r.archived == 1
    assert r.upkeep_per_week == pytest.approx(5 * 7 / 7 + 20 * 7 / 30)


# --- cadence with settings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "circle", "expected"),
    [
        (5, Circle.FIRST, Status.ON_TRACK),  # 5 <= 0.8 * 7
        (7, Circle.FIRST, Status.DUE),
        (14, Circle.FIRST, Status.OVERDUE),  # <= 2 * 7
        (15, Circle.FIRST, Status.COOLING),
        (400, Circle.FIRST, Status.DORMANT),
        (365, Circle.WIDER, Status.DUE),
        (366, Circle.WIDER, Status.DORMANT),  # beyond a year for the wider network
    ],
)
def test_cadence_statuses_follow_the_issue(days: int, circle: Circle, expected: Status) -> None:
    c = contact(circle=circle)
    assert status_of(c, TODAY - timedelta(days=days), TODAY).status == expected


def test_cadence_settings_change_the_thresholds() -> None:
    s = CadenceSettings(cadence_days={**DEFAULT_CADENCE_DAYS, Circle.SECOND: 60},
                        cooling_multiple=3.0, dormant_after_days=500)  # fmt: skip
    c = contact(circle=Circle.SECOND)
    assert status_of(c, TODAY - timedelta(days=45), TODAY, settings=s).status == Status.ON_TRACK
    assert status_of(c, TODAY - timedelta(days=170), TODAY, settings=s).status == Status.OVERDUE
    assert status_of(c, TODAY - timedelta(days=450), TODAY, settings=s).status == Status.COOLING
    with pytest.raises(InvalidInput):
        CadenceSettings(due_fraction=1.5)


def test_profile_has_no_gender_so_gender_ei_is_absent() -> None:
    from tisser.core.diversity import diversity

    out = diversity([contact(1, gender="f")], Profile(sector="vins"))
    gender = next(x for x in out if x.attribute == "gender")
    assert gender.ei is None and gender.known == 1
    assert RelationalProfile.MENTOR.value == "mentor"
