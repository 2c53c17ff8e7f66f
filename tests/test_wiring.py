"""The capabilities wired together: the plan (#5) and reach (#6) read the diagnosis's (#4)
tie strength, cadence and reciprocity, with the settings file.

Expected values are worked out by hand from the formulas of core/strength.py's docstring,
with a settings file that keeps one part at a time (weight 1, the others 0), so each figure
is a single closed form.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tisser.app.context import State
from tisser.app.plan import load_plan_input
from tisser.app.reach import load_network
from tisser.core.actions import week_of
from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction, Link
from tisser.store import Store, open_store

TODAY = date(2026, 11, 23)
ZERO = "closeness = 0\nrecency = 0\nintensity = 0\nduration = 0\nreciprocity = 0\nmutual = 0\n"


def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    path = tmp_path / "tisser.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("TISSER_CONFIG", str(path))


def only(part: str, extra: str = "") -> str:
    """A [strength] section where only ``part`` counts."""
    return "[strength]\n" + ZERO.replace(f"{part} = 0", f"{part} = 1") + extra


@pytest.fixture
def net(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Store, str, dict[str, int]]:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    monkeypatch.setenv("TISSER_DB", url)
    monkeypatch.setenv("TISSER_TODAY", TODAY.isoformat())
    monkeypatch.setenv("TISSER_TZ", "UTC")
    store = open_store(url)
    store.ensure_owner(1)
    ids = {}
    for name, circle, closeness in (
        ("Anne", Circle.SECOND, 4),
        ("Bruno", Circle.ACTIVE, None),
        ("Chloé", Circle.ACTIVE, 2),
        ("Denis", Circle.WIDER, None),
    ):
        c = store.add_contact(Contact(given_name=name, circle=circle, closeness=closeness))
        assert c.id is not None
        ids[name] = c.id
    a, b = ids["Anne"], ids["Bruno"]
    log = [
        # Anne: 3 interactions over two years, help received three times, given never
        (datetime(2024, 11, 23, 12, tzinfo=UTC), HelpDirection.RECEIVED, Channel.LUNCH),
        (datetime(2025, 6, 1, 12, tzinfo=UTC), HelpDirection.RECEIVED, Channel.EMAIL),
        (datetime(2026, 8, 25, 12, tzinfo=UTC), HelpDirection.RECEIVED, Channel.CALL),
    ]
    for moment, direction, channel in log:
        store.add_interaction(
            Interaction(occurred_at=moment, contact_ids=[a], direction=direction, channel=channel)
        )
    store.add_interaction(
        Interaction(occurred_at=datetime(2026, 11, 13, 12, tzinfo=UTC), contact_ids=[b])
    )
    for x, y in (("Anne", "Bruno"), ("Anne", "Chloé"), ("Anne", "Denis"), ("Bruno", "Chloé")):
        store.add_link(Link(ids[x], ids[y]))
    return store, url, ids


def _plan_strengths(store: Store) -> dict[int, float]:
    inp = load_plan_input(store, 1, TODAY, week_of(TODAY), 120, set())
    return {t.contact_id: inp.strength(t, TODAY) for t in inp.ties}


def _reach_ties(url: str) -> dict:
    state = State(db=url)
    try:
        return load_network(state).ties
    finally:
        state.close()


def test_plan_and_reach_use_the_diagnosis_strength_recency(net, tmp_path, monkeypatch) -> None:
    store, url, ids = net
    settings_file(tmp_path, monkeypatch, only("recency"))
    # recency = 2^(-d / 180): Anne last seen 2026-08-25 (90 days), Bruno 10 days, Chloé never
    expected = {ids["Anne"]: 2 ** (-90 / 180), ids["Bruno"]: 2 ** (-10 / 180), ids["Chloé"]: 0}
    plan, reach = _plan_strengths(store), _reach_ties(url)
    for cid, value in expected.items():
        assert plan[cid] == pytest.approx(value)
        assert reach[cid].strength == pytest.approx(value)


def test_strength_counts_the_whole_journal_and_mutual_contacts(net, tmp_path, monkeypatch) -> None:
    store, url, ids = net
    # intensity counts every interaction ever (3 for Anne, one of them over a year ago)
    settings_file(tmp_path, monkeypatch, only("intensity"))
    assert _plan_strengths(store)[ids["Anne"]] == pytest.approx(math.log(4) / math.log(41))
    assert _reach_ties(url)[ids["Anne"]].strength == pytest.approx(math.log(4) / math.log(41))
    # mutual: Anne is linked to 3 contacts, Chloé to 2
    settings_file(tmp_path, monkeypatch, only("mutual"))
    plan, reach = _plan_strengths(store), _reach_ties(url)
    for name, m in (("Anne", 3), ("Chloé", 2), ("Denis", 1)):
        assert plan[ids[name]] == pytest.approx(math.log1p(m) / math.log1p(10))
        assert reach[ids[name]].strength == pytest.approx(math.log1p(m) / math.log1p(10))
    # duration: known since the first interaction, 2024-11-23: 2 years of the 5 for full
    settings_file(tmp_path, monkeypatch, only("duration"))
    assert _plan_strengths(store)[ids["Anne"]] == pytest.approx((730 / 365.25) / 5)


def test_closeness_weight_and_settings_constants(net, tmp_path, monkeypatch) -> None:
    store, url, ids = net
    settings_file(tmp_path, monkeypatch, only("closeness"))
    # rating 4 -> 0.75; no rating: circle 3 stands in as 0.5, circle 4 as 0.25
    expected = {ids["Anne"]: 0.75, ids["Bruno"]: 0.5, ids["Chloé"]: 0.25, ids["Denis"]: 0.25}
    plan, reach = _plan_strengths(store), _reach_ties(url)
    for cid, value in expected.items():
        assert plan[cid] == pytest.approx(value)
        assert reach[cid].strength == pytest.approx(value)
    settings_file(tmp_path, monkeypatch, only("recency", "half_life_days = 90\n"))
    assert _plan_strengths(store)[ids["Anne"]] == pytest.approx(0.5)


def test_reach_warnings_follow_the_settings_cadence_and_reciprocity(
    net, tmp_path, monkeypatch
) -> None:
    _, url, ids = net
    # default cadence: circle 2 monthly; Anne last seen 90 days ago: overdue (cooling)
    ties = _reach_ties(url)
    anne = ties[ids["Anne"]]
    assert anne.overdue and not ties[ids["Bruno"]].overdue
    # received three times, never gave: the diagnosis's "taker" pattern
    assert anne.one_sided
    assert (anne.gave, anne.received) == (0, 1)  # help of the last year only
    assert anne.last_seen == date(2026, 8, 25) and anne.last_channel == "call"
    # a circle-2 cadence of 120 days: Anne is no longer late; four exchanges needed
    settings_file(
        tmp_path, monkeypatch, "[cadence]\ncircle_2 = 120\n[reciprocity]\nmin_exchanges = 4\n"
    )
    anne = _reach_ties(url)[ids["Anne"]]
    assert not anne.overdue and not anne.one_sided


def test_plan_reads_the_settings_cadence(net, tmp_path, monkeypatch) -> None:
    store, _, _ = net
    settings_file(
        tmp_path,
        monkeypatch,
        "[cadence]\ncircle_2 = 12\ndue_fraction = 0.5\ndormant_after_days = 200\n[smtp]\n"
        'host = "localhost"\n',
    )
    inp = load_plan_input(store, 1, TODAY, week_of(TODAY), 120, set())
    assert inp.cadence_days[Circle.SECOND] == 12
    assert (inp.due_fraction, inp.dormant_after_days) == (0.5, 200)


# --- objectives (#5) -> diagnosis (#4) and events (#7) ----------------------------------------


def test_objectives_feed_the_diagnosis_wanted(net) -> None:
    from tisser.core.objectives import Objective
    from tisser.report.load import network_data

    store, _, ids = net
    store.add_objective(
        Objective(
            title="Trouver un poste de CMO",
            sectors=["Tech et numérique", "tech et numerique"],
            profiles=["Mentor", "Directeur marketing"],
            contact_ids=[ids["Denis"]],
        )
    )
    wanted = network_data(store, 1, TODAY, UTC).wanted
    assert wanted is not None
    assert wanted.sectors == ("Tech et numérique",)  # folded duplicates merged
    assert wanted.profiles == ("mentor",)  # a relational profile of seed 002
    assert wanted.positions == ("Directeur marketing",)  # a job title
    assert wanted.contact_ids == frozenset({ids["Denis"]})


def test_events_needs_read_objectives_and_the_diagnosis(net) -> None:
    from tisser.cli.app import register

    register()  # the command modules import each other in this order
    from tisser.app.event_choice import build_needs
    from tisser.core.objectives import Objective

    store, url, ids = net
    store.add_objective(
        Objective(title="Vendre à la grande distribution", sectors=["retail"],
                  profiles=["acheteurs"], contact_ids=[ids["Chloé"]])
    )  # fmt: skip
    state = State(db=url)
    try:
        needs = build_needs(state, [], None, None, None)
    finally:
        state.close()
    got = {(w.kind, w.value, w.source) for w in needs.wants}
    assert ("sector", "retail", "objective") in got
    assert ("profile", "acheteurs", "objective") in got
    assert needs.contacts == {ids["Chloé"]: "Vendre à la grande distribution"}
    # nobody has a relational profile: the diagnosis finds mentors, experts and
    # super-connectors missing, in the events' words; "acheteurs" is wanted by the
    # objective already (not repeated as missing)
    missing = {w.value for w in needs.wants if w.source == "missing"}
    assert {"mentors", "experts", "super-connecteurs"} <= missing
    assert "acheteurs" not in missing


# --- events (#7) -> plan (#5) -----------------------------------------------------------------


def test_event_followups_are_planned_and_closed_both_ways(net) -> None:
    from tisser.app.plan import close_event_followups, sync_followups
    from tisser.core.actions import ActionKind, ActionState
    from tisser.core.event_results import FollowUp
    from tisser.core.events import Event
    from tisser.core.plan import plan_week

    store, _, ids = net
    event = store.add_event(
        Event(title="Salon VinExpo", starts_at=datetime(2026, 11, 20, 9, tzinfo=UTC))
    )
    assert event.id is not None
    store.add_followups([
        FollowUp(event_id=event.id, contact_id=ids["Chloé"], action="", due_on=date(2026, 11, 24)),
        FollowUp(event_id=event.id, contact_id=ids["Denis"], action="envoyer la plaquette",
                 due_on=date(2026, 11, 25)),
        FollowUp(event_id=event.id, contact_id=ids["Bruno"], action="", due_on=date(2026, 12, 9)),
    ])  # fmt: skip
    week = week_of(TODAY)
    inp = load_plan_input(store, 1, TODAY, week, 60, set())
    planned = [a for a in plan_week(inp) if a.kind == ActionKind.FOLLOW_UP]
    assert {a.contact_id for a in planned} == {ids["Chloé"], ids["Denis"]}  # not Bruno's
    by_contact = {a.contact_id: a for a in planned}
    assert by_contact[ids["Chloé"]].title == "Salon VinExpo"
    assert by_contact[ids["Denis"]].title == "envoyer la plaquette"
    assert by_contact[ids["Denis"]].day == date(2026, 11, 25)
    assert sum(a.minutes for a in plan_week(inp)) <= 60
    saved = store.save_actions(planned, 1)
    # done in the plan: the event's follow-up is closed
    chloe = next(a for a in saved if a.contact_id == ids["Chloé"])
    assert close_event_followups(store, chloe, TODAY, 1) == 1
    still = {f.contact_id for f in store.followups(1, open_only=True)}
    assert still == {ids["Denis"], ids["Bruno"]}
    # done in events: the plan's action is done at its next reading
    denis = next(f for f in store.followups(1, open_only=True) if f.contact_id == ids["Denis"])
    store.complete_followups([denis.id], TODAY, 1)
    # (Chloé's action too: `tisser done` marks it done itself, here it was left planned)
    assert sync_followups(store, store.week_actions(week, 1), week, 1) == 2
    states = {a.contact_id: a.state for a in store.week_actions(week, 1)}
    assert states == {ids["Denis"]: ActionState.DONE, ids["Chloé"]: ActionState.DONE}
    assert sync_followups(store, store.week_actions(week, 1), week, 1) == 0
