"""Objectives (SMART, steps), the self-profile worksheet and the review, in the core."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tisser.core.actions import Action, ActionKind, ActionState, Outcome
from tisser.core.errors import InvalidInput
from tisser.core.model import Profile
from tisser.core.objectives import Objective, Step, smart_check, split
from tisser.core.review import review, streak
from tisser.core.worksheet import Worksheet, draft_pitch, ikigai_intersections

TODAY = date(2026, 11, 23)


def _letters(goal: Objective, budget: int = 60, market: list[str] | None = None) -> str:
    return "".join(
        c.letter if c.ok else "·" for c in smart_check(goal, TODAY, budget, market or [])
    )


def test_smart_letter_by_letter() -> None:
    vague = Objective("Réseau")
    assert _letters(vague) == "·····"
    good = Objective(
        "Rencontrer 5 DRH à Bordeaux",
        target=5,
        unit="rendez-vous",
        deadline=TODAY + timedelta(days=90),
        profiles=["DRH"],
        why="changer de poste",
    )
    assert _letters(good) == "SMART"
    # Achievable weighs the steps against the budget until the deadline (13 weeks x 60).
    heavy = dataclasses.replace(
        good, steps=[Step("x", TODAY + timedelta(days=10), minutes=13 * 60 + 60)]
    )
    assert _letters(heavy) == "SM·RT"
    # Relevant through the market instead of a written why.
    market = Objective("Rejoindre un club", deadline=TODAY + timedelta(days=30), sectors=["Vin"])
    assert _letters(market, market=["vin"])[3] == "R"
    far = Objective("Rencontrer", deadline=TODAY + timedelta(days=900))
    checks = smart_check(far, TODAY, 60, [])
    assert not checks[4].ok and "18 months" in checks[4].reason
    past = Objective("Rencontrer", deadline=TODAY - timedelta(days=1))
    assert "passed" in smart_check(past, TODAY, 60, [])[4].reason


@given(n=st.integers(1, 12), span=st.integers(12, 400))
def test_split_spreads_steps_up_to_the_deadline(n: int, span: int) -> None:
    goal = Objective("x", deadline=TODAY + timedelta(days=span))
    steps = split(goal, [f"step {i}" for i in range(n)], TODAY)
    dues = [s.due for s in steps]
    # front-loaded (#18): a small first step this week, the others evenly to the deadline
    assert dues == sorted(dues) and TODAY < dues[0] <= TODAY + timedelta(days=6)
    assert steps[0].minutes <= 20
    if n > 1:
        assert dues[-1] == goal.deadline
        gaps = [(b - a).days for a, b in zip(dues, dues[1:], strict=False)]
        assert max(gaps) - min(gaps) <= 1  # evenly spread, to the day


def test_split_refuses_what_cannot_be_spread() -> None:
    with pytest.raises(InvalidInput):
        split(Objective("x"), ["a"], TODAY)
    with pytest.raises(InvalidInput):
        split(Objective("x", deadline=TODAY + timedelta(days=2)), ["a", "b", "c"], TODAY)
    with pytest.raises(InvalidInput):
        split(Objective("x", deadline=TODAY + timedelta(days=20)), ["  "], TODAY)


def test_ikigai_intersections_fold_accents_and_case() -> None:
    sheet = Worksheet(
        love=["Récit", "export", "vin"],
        good_at=["recit", "Export"],
        world_needs=["export", "vin"],
        paid_for=["EXPORT", "conseil"],
    )
    inter = ikigai_intersections(sheet)
    assert inter["passion"] == ["Récit", "export"]
    assert inter["mission"] == ["export", "vin"]
    assert inter["vocation"] == ["export"]
    assert inter["profession"] == ["Export"]
    assert inter["ikigai"] == ["export"]


def test_pitch_template_in_both_languages() -> None:
    me = Profile(given_name="Hélène", family_name="Marchand", headline="directrice marketing")
    sheet = Worksheet(sectors=["vins"], value_proposition="exporter", looking_for="un distributeur")
    fr = draft_pitch(me, sheet, "fr")
    en = draft_pitch(me, sheet, "en")
    assert fr.startswith("Je suis Hélène Marchand, directrice marketing.")
    assert "J'aide vins à exporter" in fr and "je cherche un distributeur" in fr
    assert en.startswith("I am Hélène Marchand") and "looking for un distributeur" in en
    assert "…" in draft_pitch(Profile(), Worksheet(), "fr")


def test_worksheet_from_stored_json_drops_bad_values() -> None:
    sheet = Worksheet.from_dict({"love": ["a", " ", 3], "value_proposition": 5, "nope": 1})
    assert sheet.love == ["a", "3"] and sheet.value_proposition == ""
    assert Worksheet.from_dict(sheet.to_dict()) == sheet


def _done(day: date, minutes: int, outcome: Outcome | None = Outcome.DONE) -> Action:
    return Action(
        ActionKind.RECONNECT, minutes, day, state=ActionState.DONE, outcome=outcome, contact_id=1
    )


def test_review_and_streak() -> None:
    monday = TODAY
    actions = [
        _done(monday, 30, Outcome.REPLIED),
        _done(monday + timedelta(days=1), 20, Outcome.NO_REPLY),
        Action(ActionKind.GIVE, 15, monday, state=ActionState.SNOOZED, contact_id=2),
        Action(ActionKind.STEP, 30, monday + timedelta(days=2)),
        _done(monday - timedelta(days=7), 50),
        _done(monday - timedelta(days=14), 45),
        _done(monday - timedelta(days=21), 10),  # below 75 % of 60: the streak stops here
        _done(monday - timedelta(days=28), 60),
    ]
    week = review(actions, monday, monday + timedelta(days=6), 60)
    assert (week.planned, week.done, week.snoozed) == (4, 2, 1)
    assert (week.minutes_planned, week.minutes_done) == (95, 50)
    assert week.by_kind[ActionKind.RECONNECT].rate == 0.5
    # This week has 50 of 60 minutes done (>= 45): on budget, with the two before it.
    assert streak(actions, monday, 60) == 3
    assert streak(actions[:2], monday, 200) == 0
