"""The plan's records on SQLite and PostgreSQL: worksheet, objectives, actions, aggregates."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

from tisser.core.actions import Action, ActionKind, ActionState, Outcome
from tisser.core.model import Channel, Circle, Contact, HelpDirection, Interaction
from tisser.core.objectives import Objective, Step
from tisser.core.worksheet import Worksheet

DAY = date(2026, 11, 23)


def test_worksheet_objectives_actions_snoozes(store) -> None:
    sheet = store.save_worksheet(Worksheet(love=["vin"], value_proposition="relier"))
    assert store.get_worksheet().love == ["vin"] and sheet.value_proposition == "relier"
    a = store.add_contact(Contact(given_name="Claire", family_name="Dubois"))
    b = store.add_contact(Contact(given_name="Marc", family_name="Petit"))
    goal = store.add_objective(
        Objective(
            "Rencontrer 5 DRH",
            target=5,
            deadline=DAY + timedelta(days=90),
            contact_ids=[a.id, b.id],
            sectors=["vin"],
            steps=[
                Step("Lister", DAY + timedelta(days=30)),
                Step("Voir", DAY + timedelta(days=60)),
            ],
        )
    )
    assert goal.contact_ids == sorted([a.id, b.id]) and [s.title for s in goal.steps] == [
        "Lister",
        "Voir",
    ]
    saved = store.save_actions(
        [
            Action(
                ActionKind.RECONNECT,
                10,
                DAY,
                priority=1.5,
                contact_id=a.id,
                channel=Channel.CALL,
                week=DAY,
                reasons=[("last contact {days} days ago", {"days": 40, "on": DAY})],
            ),
            Action(
                ActionKind.STEP, 30, DAY, objective_id=goal.id, step_id=goal.steps[0].id, week=DAY
            ),
        ]
    )
    got = store.week_actions(DAY)
    assert [x.id for x in got] == [x.id for x in saved]
    assert got[0].reasons == [("last contact {days} days ago", {"days": 40, "on": DAY})]
    done = store.update_action(got[0], state=ActionState.DONE, outcome=Outcome.REPLIED, done_on=DAY)
    assert done.state == ActionState.DONE and done.outcome == Outcome.REPLIED
    assert store.drop_planned(DAY) == 1
    store.snooze(f"contact:{b.id}", DAY + timedelta(days=7))
    store.snooze(f"contact:{b.id}", DAY + timedelta(days=14))
    assert store.snoozed(DAY) == {f"contact:{b.id}": DAY + timedelta(days=14)}
    # Erasing a contact (RGPD) removes them from objectives and the plan.
    store.delete_contact(a.id)
    assert store.get_objective(goal.id).contact_ids == [b.id]
    assert store.week_actions(DAY) == []
    # Another owner sees nothing.
    assert store.list_objectives(owner_id=2) == [] and store.snoozed(DAY, owner_id=2) == {}


def test_plan_ties_match_a_count_of_the_journal(store) -> None:
    people = [
        store.add_contact(Contact(given_name=f"P{i}", family_name="X", circle=Circle((i % 4) + 1)))
        for i in range(6)
    ]
    store.add_contact(Contact(given_name="Archived", family_name="Y", circle=Circle.DORMANT))
    logged = []
    for k in range(30):
        who = [people[k % 6].id] + ([people[(k + 1) % 6].id] if k % 3 == 0 else [])
        direction = [
            HelpDirection.GAVE,
            HelpDirection.RECEIVED,
            HelpDirection.MUTUAL,
            HelpDirection.NONE,
        ][k % 4]
        moment = datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=7 * k)
        logged.append(
            store.add_interaction(
                Interaction(occurred_at=moment, contact_ids=who, direction=direction)
            )
        )
    expected_n, expected_g, expected_r, expected_last = Counter(), Counter(), Counter(), {}
    since = datetime(2026, 3, 1, tzinfo=UTC)  # the window: counts after it, last ever
    for i in logged:
        for cid in i.contact_ids:
            expected_last[cid] = max(expected_last.get(cid, i.occurred_at), i.occurred_at)
            if i.occurred_at < since:
                continue
            expected_n[cid] += 1
            expected_g[cid] += i.direction in (HelpDirection.GAVE, HelpDirection.MUTUAL)
            expected_r[cid] += i.direction in (HelpDirection.RECEIVED, HelpDirection.MUTUAL)
    rows = {r.contact_id: r for r in store.plan_ties(since, UTC, since)}
    assert set(rows) == {p.id for p in people}
    for p in people:
        r = rows[p.id]
        assert (r.interactions, r.given, r.received) == (
            expected_n[p.id],
            expected_g[p.id],
            expected_r[p.id],
        )
        assert r.last == expected_last[p.id].date()
