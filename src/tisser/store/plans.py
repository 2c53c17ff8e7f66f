"""The plan's records: the self-profile worksheet, objectives and steps, weekly actions, snoozes.

The planner reads per-contact *aggregates* (:meth:`PlansMixin.plan_ties`: last
interaction, count, help given and received, from the journal's summary tables of
:mod:`tisser.store.summary`), never every interaction row, so a week is planned in well
under a second on 30,000 contacts and 1,000,000 interactions (bench/bench_plan.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from datetime import date, datetime, tzinfo
from enum import Enum
from typing import Any, cast

import sqlalchemy as sa

from tisser.core.actions import Action, ActionKind, ActionState, Outcome, Wording
from tisser.core.errors import N_, NotFound
from tisser.core.explain import pack, unpack
from tisser.core.model import Channel, Circle, Energy
from tisser.core.objectives import Objective, ObjectiveState, Step
from tisser.core.plan import Tie, Upcoming
from tisser.core.worksheet import Worksheet
from tisser.store.aggregates import AggregatesMixin, ContactAggregate
from tisser.store.base import StoreBase, check_contacts
from tisser.store.rows import enum_of, new_id, now, value_of
from tisser.store.schema import (
    appointments,
    calendar_feeds,
    contacts,
    objective_contacts,
    objective_steps,
    objectives,
    plan_actions,
    snoozes,
    worksheets,
)


class PlansMixin(StoreBase):
    """Worksheet, objectives, steps, weekly actions and snoozes."""

    # --- worksheet ------------------------------------------------------------------------

    def get_worksheet(self, owner_id: int = 1) -> Worksheet:
        with self._conn() as conn:
            data = conn.scalar(
                sa.select(worksheets.c.data).where(worksheets.c.owner_id == owner_id)
            )
        return Worksheet.from_dict(data)

    def save_worksheet(self, sheet: Worksheet, owner_id: int = 1) -> Worksheet:
        data = sheet.to_dict()
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})
            done = conn.execute(
                worksheets.update().where(worksheets.c.owner_id == owner_id).values(data=data)
            ).rowcount
            if not done:
                conn.execute(worksheets.insert().values(owner_id=owner_id, data=data))
        return self.get_worksheet(owner_id)

    # --- objectives -----------------------------------------------------------------------

    def add_objective(self, o: Objective) -> Objective:
        """Save a new objective with its steps and contacts (which must be the owner's)."""
        with self._conn() as conn:
            self._ensure_owners(conn, {o.owner_id})
            check_contacts(conn, set(o.contact_ids), o.owner_id)
            oid = new_id(
                conn.execute(
                    objectives.insert().values(
                        owner_id=o.owner_id, created_at=now(), **_objective_values(o)
                    )
                )
            )
            self._set_objective_contacts(conn, oid, o.owner_id, o.contact_ids)
            if o.steps:
                self._insert_steps(conn, oid, o.owner_id, o.steps)
        return self.get_objective(oid, o.owner_id)

    def update_objective(self, o: Objective) -> Objective:
        """Save an objective's fields and contacts (its steps are changed by their methods)."""
        assert o.id is not None
        with self._conn() as conn:
            self.get_objective(o.id, o.owner_id)
            check_contacts(conn, set(o.contact_ids), o.owner_id)
            conn.execute(
                objectives.update()
                .where(objectives.c.id == o.id, objectives.c.owner_id == o.owner_id)
                .values(**_objective_values(o))
            )
            self._set_objective_contacts(conn, o.id, o.owner_id, o.contact_ids)
        return self.get_objective(o.id, o.owner_id)

    def _set_objective_contacts(
        self, conn: sa.Connection, oid: int, owner_id: int, ids: Iterable[int]
    ) -> None:
        conn.execute(objective_contacts.delete().where(objective_contacts.c.objective_id == oid))
        rows = [
            {"objective_id": oid, "contact_id": c, "owner_id": owner_id} for c in dict.fromkeys(ids)
        ]
        if rows:
            conn.execute(objective_contacts.insert(), rows)

    def _insert_steps(
        self, conn: sa.Connection, oid: int, owner_id: int, steps: Iterable[Step]
    ) -> None:
        rows = [
            {
                "objective_id": oid,
                "owner_id": owner_id,
                "title": s.title,
                "due": s.due,
                "minutes": s.minutes,
                "done_on": s.done_on,
            }
            for s in steps
        ]
        if rows:
            conn.execute(objective_steps.insert(), rows)

    def add_steps(self, objective_id: int, steps: list[Step], owner_id: int = 1) -> Objective:
        with self._conn() as conn:
            self.get_objective(objective_id, owner_id)
            self._insert_steps(conn, objective_id, owner_id, steps)
        return self.get_objective(objective_id, owner_id)

    def set_step_done(self, step_id: int, done_on: date | None, owner_id: int = 1) -> None:
        with self._conn() as conn:
            n = conn.execute(
                objective_steps.update()
                .where(objective_steps.c.id == step_id, objective_steps.c.owner_id == owner_id)
                .values(done_on=done_on)
            ).rowcount
        if not n:
            raise NotFound(N_("no step #{id}"), hint=N_("see `tisser goal show`"), id=step_id)

    def get_objective(self, objective_id: int, owner_id: int = 1) -> Objective:
        found = self.list_objectives(owner_id, ids=[objective_id])
        if not found:
            raise NotFound(
                N_("no objective #{id}"),
                hint=N_("list them with `tisser goal list`"),
                id=objective_id,
            )
        return found[0]

    def list_objectives(
        self, owner_id: int = 1, ids: list[int] | None = None, active_only: bool = False
    ) -> list[Objective]:
        """The owner's objectives with their steps (by date) and contacts."""
        stmt = sa.select(objectives).where(objectives.c.owner_id == owner_id)
        if ids is not None:
            stmt = stmt.where(objectives.c.id.in_(ids))
        if active_only:
            stmt = stmt.where(objectives.c.state == ObjectiveState.ACTIVE.value)
        with self._conn() as conn:
            rows = conn.execute(stmt.order_by(objectives.c.deadline, objectives.c.id)).all()
            oids = [r.id for r in rows]
            steps: dict[int, list[Step]] = {i: [] for i in oids}
            people: dict[int, list[int]] = {i: [] for i in oids}
            if oids:
                st = objective_steps
                for s in conn.execute(
                    sa.select(st)
                    .where(st.c.owner_id == owner_id, st.c.objective_id.in_(oids))
                    .order_by(st.c.due, st.c.id)
                ):
                    steps[s.objective_id].append(
                        Step(
                            title=s.title, due=s.due, id=s.id, minutes=s.minutes, done_on=s.done_on
                        )
                    )
                oc = objective_contacts
                for oid, cid in conn.execute(
                    sa.select(oc.c.objective_id, oc.c.contact_id).where(
                        oc.c.owner_id == owner_id, oc.c.objective_id.in_(oids)
                    )
                ):
                    people[oid].append(cid)
        return [
            Objective(
                id=r.id,
                owner_id=r.owner_id,
                title=r.title,
                why=r.why,
                target=r.target,
                unit=r.unit,
                progress=r.progress,
                start=r.start,
                deadline=r.deadline,
                state=ObjectiveState(r.state),
                contact_ids=sorted(people[r.id]),
                profiles=list(r.profiles or []),
                sectors=list(r.sectors or []),
                events=list(r.events or []),
                steps=steps[r.id],
            )
            for r in rows
        ]

    # --- weekly actions -------------------------------------------------------------------

    def save_actions(self, actions: list[Action], owner_id: int = 1) -> list[Action]:
        """Store new actions; returns them with their ids."""
        out = []
        with self._write() as conn:
            self._ensure_owners(conn, {owner_id})
            for a in actions:
                aid = new_id(conn.execute(plan_actions.insert().values(_action_row(a, owner_id))))
                out.append(_with(a, id=aid, owner_id=owner_id))
        return out

    def week_actions(self, week: date, owner_id: int = 1) -> list[Action]:
        return self.list_actions(owner_id, since=week, until=week)

    def list_actions(
        self, owner_id: int = 1, since: date | None = None, until: date | None = None
    ) -> list[Action]:
        """Actions of the weeks starting between ``since`` and ``until`` (Mondays), by day."""
        pa = plan_actions
        stmt = sa.select(pa).where(pa.c.owner_id == owner_id)
        if since is not None:
            stmt = stmt.where(pa.c.week >= since)
        if until is not None:
            stmt = stmt.where(pa.c.week <= until)
        with self._conn() as conn:
            rows = conn.execute(stmt.order_by(pa.c.week, pa.c.day, pa.c.priority.desc(), pa.c.id))
            return [_action_of(r) for r in rows]

    def get_action(self, action_id: int, owner_id: int = 1) -> Action:
        pa = plan_actions
        with self._conn() as conn:
            r = conn.execute(
                sa.select(pa).where(pa.c.id == action_id, pa.c.owner_id == owner_id)
            ).first()
        if r is None:
            raise NotFound(
                N_("no action #{id} in your plan"),
                hint=N_("see the numbers in `tisser plan`"),
                id=action_id,
            )
        return _action_of(r)

    def update_action(self, action: Action, **changes: Any) -> Action:
        """Change an action's state, outcome, note, dates or interaction."""
        assert action.id is not None
        values = {k: v.value if isinstance(v, Enum) else v for k, v in changes.items()}
        with self._write() as conn:
            conn.execute(
                plan_actions.update()
                .where(plan_actions.c.id == action.id, plan_actions.c.owner_id == action.owner_id)
                .values(values)
            )
        return self.get_action(action.id, action.owner_id)

    def drop_planned(self, week: date, owner_id: int = 1) -> int:
        """Delete the week's actions still only planned (before planning it again)."""
        pa = plan_actions
        with self._conn() as conn:
            return int(
                conn.execute(
                    pa.delete().where(
                        pa.c.owner_id == owner_id,
                        pa.c.week == week,
                        pa.c.state == ActionState.PLANNED.value,
                    )
                ).rowcount
            )

    # --- snoozes --------------------------------------------------------------------------

    def snooze(self, key: str, until: date, owner_id: int = 1) -> None:
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})
            done = conn.execute(
                snoozes.update()
                .where(snoozes.c.owner_id == owner_id, snoozes.c.key == key)
                .values(until=until)
            ).rowcount
            if not done:
                conn.execute(snoozes.insert().values(owner_id=owner_id, key=key, until=until))

    def snoozed(self, today: date, owner_id: int = 1) -> dict[str, date]:
        """What is postponed after ``today``: Action.key -> the day it may come back."""
        with self._conn() as conn:
            return {
                k: u
                for k, u in conn.execute(
                    sa.select(snoozes.c.key, snoozes.c.until).where(
                        snoozes.c.owner_id == owner_id, snoozes.c.until > today
                    )
                )
            }

    # --- the calendar feed's secret link -------------------------------------------------

    def feed_token(self, owner_id: int = 1) -> tuple[str, datetime] | None:
        """The feed token's SHA-256 (hex) and when it was made, or None (no link yet)."""
        cf = calendar_feeds
        with self._conn() as conn:
            r = conn.execute(
                sa.select(cf.c.token_hash, cf.c.created_at).where(cf.c.user_id == owner_id)
            ).first()
        return (str(r.token_hash), r.created_at) if r is not None else None

    def set_feed_token(self, token_hash: str, owner_id: int = 1) -> None:
        """Keep a new feed token's hash; the previous link stops working."""
        cf = calendar_feeds
        with self._write() as conn:
            self._ensure_owners(conn, {owner_id})
            conn.execute(cf.delete().where(cf.c.user_id == owner_id))
            conn.execute(
                cf.insert().values(user_id=owner_id, token_hash=token_hash, created_at=now())
            )

    # --- appointments ---------------------------------------------------------------------

    def add_appointment(self, u: Upcoming, owner_id: int = 1) -> int:
        """Record a meeting set or an event to attend; its id."""
        with self._conn() as conn:
            self._ensure_owners(conn, {owner_id})
            if u.contact_id is not None:
                check_contacts(conn, {u.contact_id}, owner_id)
            return new_id(
                conn.execute(
                    appointments.insert().values(
                        owner_id=owner_id,
                        contact_id=u.contact_id,
                        day=u.day,
                        kind="event" if u.kind == ActionKind.EVENT else "meeting",
                        title=u.title,
                        minutes=u.minutes,
                        crowd=u.crowd,
                    )
                )
            )

    def appointments(self, start: date, end: date, owner_id: int = 1) -> list[Upcoming]:
        """Meetings and events from ``start`` to ``end`` (inclusive), by day."""
        ap = appointments
        with self._conn() as conn:
            rows = conn.execute(
                sa.select(ap)
                .where(ap.c.owner_id == owner_id, ap.c.day >= start, ap.c.day <= end)
                .order_by(ap.c.day, ap.c.id)
            ).all()
        return [
            Upcoming(
                kind=ActionKind.EVENT if r.kind == "event" else ActionKind.PREPARE,
                day=r.day,
                title=r.title,
                contact_id=r.contact_id,
                minutes=r.minutes,
                crowd=bool(r.crowd),
            )
            for r in rows
        ]

    # --- what the planner reads -----------------------------------------------------------

    def plan_ties(
        self,
        since: datetime,
        zone: tzinfo,
        recent: datetime,
        owner_id: int = 1,
        aggregates: Mapping[int, ContactAggregate] | None = None,
    ) -> list[Tie]:
        """Every contact outside circle 5 as the planner sees it: the day of the last
        interaction ever (in ``zone``), the interactions and help given and received since
        ``since``, and the channel of the last interaction when it came after ``recent``.

        The journal is read as the diagnosis reads it,
        :meth:`~tisser.store.aggregates.AggregatesMixin.contact_aggregates` with
        ``recent_since=since`` (pass ``aggregates`` when already loaded): one summary row
        per contact and the few month and year rows of the window
        (:mod:`tisser.store.summary`).
        """
        if aggregates is None:
            aggregates = journal_of(self).contact_aggregates(owner_id, recent_since=since)
        c = contacts
        with self._conn() as conn:
            rows = conn.execute(
                sa.select(
                    c.c.id,
                    c.c.circle,
                    c.c.closeness,
                    c.c.met_on,
                    c.c.sector,
                    c.c.organization,
                    c.c.position,
                    c.c.relational_profile,
                    c.c.energy,
                ).where(c.c.owner_id == owner_id, c.c.circle < int(Circle.DORMANT))
            ).all()
        channels = journal_of(self).last_channels(owner_id, since=recent)
        circles = {int(k): k for k in Circle}
        energies: dict[str | None, Energy | None] = {e.value: e for e in Energy}
        none = ContactAggregate(0)
        out: list[Tie] = []
        # Plain tuples, not Row attribute access: 30,000 rows in the planner's hot path.
        for cid, circle, closeness, met_on, sector, org, job, profile, energy in (
            tuple(r) for r in rows
        ):
            a = aggregates.get(cid, none)
            out.append(
                Tie(
                    cid,
                    circles[circle],
                    a.last.astimezone(zone).date() if a.last is not None else None,
                    channels.get(cid),
                    met_on,
                    closeness,
                    a.recent,
                    a.recent_gave,
                    a.recent_received,
                    sector,
                    org,
                    profile or "",
                    job,
                    energies.get(energy),
                )
            )
        return out


def journal_of(store: StoreBase) -> AggregatesMixin:
    """The Store has both mixins: the planner reads the journal as the diagnosis does."""
    return cast("AggregatesMixin", store)


def _objective_values(o: Objective) -> dict[str, Any]:
    """The columns of an objective that its owner may change."""
    return {
        "title": o.title,
        "why": o.why,
        "target": o.target,
        "unit": o.unit,
        "progress": o.progress,
        "start": o.start,
        "deadline": o.deadline,
        "state": o.state.value,
        "profiles": list(o.profiles),
        "sectors": list(o.sectors),
        "events": list(o.events),
    }


def _action_row(a: Action, owner_id: int) -> dict[str, Any]:
    return {
        "owner_id": owner_id,
        "week": a.week or a.day,
        "kind": a.kind.value,
        "day": a.day,
        "minutes": a.minutes,
        "priority": a.priority,
        "contact_id": a.contact_id,
        "other_id": a.other_id,
        "objective_id": a.objective_id,
        "step_id": a.step_id,
        "channel": value_of(a.channel),
        "title": a.title,
        "forced": a.forced,
        "reasons": [[t, {k: _json(v) for k, v in p.items()}] for t, p in a.reasons],
        "wording": _wording_json(a.wording),
        "state": a.state.value,
        "outcome": value_of(a.outcome),
        "note": a.note,
        "done_on": a.done_on,
        "snoozed_until": a.snoozed_until,
        "interaction_id": a.interaction_id,
    }


def _json(v: object) -> object:
    return v.isoformat() if isinstance(v, date) else v


def _unjson(v: object) -> object:
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return date.fromisoformat(v)
        except ValueError:
            return v
    return v


def _action_of(r: Any) -> Action:
    return Action(
        kind=ActionKind(r.kind),
        minutes=r.minutes,
        day=r.day,
        priority=r.priority,
        contact_id=r.contact_id,
        other_id=r.other_id,
        objective_id=r.objective_id,
        step_id=r.step_id,
        channel=enum_of(Channel, r.channel),
        title=r.title,
        forced=bool(r.forced),
        reasons=[(t, {k: _unjson(v) for k, v in p.items()}) for t, p in (r.reasons or [])],
        id=r.id,
        owner_id=r.owner_id,
        week=r.week,
        state=ActionState(r.state),
        outcome=enum_of(Outcome, r.outcome),
        note=r.note,
        done_on=r.done_on,
        snoozed_until=r.snoozed_until,
        interaction_id=r.interaction_id,
        wording=_wording_of(r.wording),
    )


def _wording_json(w: Wording | None) -> dict[str, Any] | None:
    if w is None:
        return None
    return {"code": w.code, "text": pack(w.text), "because": pack(w.because)}


def _wording_of(data: Any) -> Wording | None:
    if not isinstance(data, dict) or not isinstance(data.get("text"), dict):
        return None
    because = data.get("because")
    return Wording(
        str(data.get("code", "")),
        unpack(data["text"]),
        unpack(because) if isinstance(because, dict) else unpack({"msgid": ""}),
    )


def _with(a: Action, **changes: Any) -> Action:
    return dataclasses.replace(a, **changes)
