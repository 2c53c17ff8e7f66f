"""The weekly routine's use cases: plan the week once and keep it, mark an action done, put
one off, look back (``tisser plan``/``done``/``snooze``/``review`` and the web's Plan page).

The week is computed once and stored so that its numbers stay stable for ``done`` and
``snooze``; a refresh plans again what is still only planned.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from tisser.app.context import State, local_zone, names_of
from tisser.core.actions import Action, ActionKind, ActionState, Outcome, week_of
from tisser.core.dates import at
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel, HelpDirection, Interaction, Profile
from tisser.core.plan import (
    FOLLOW_UP_MINUTES,
    RECENT_DAYS,
    PlanInput,
    Upcoming,
    plan_week,
)
from tisser.core.plan import Tie as PlanTie
from tisser.core.review import Review, review, streak
from tisser.core.strength import tie_strength_of
from tisser.core.unanswered import answered_history
from tisser.core.verdicts import Action as Advice
from tisser.i18n import _
from tisser.present.plantext import (
    OUTCOME_LABELS,
    day_label,
    describe,
    future_date,
)
from tisser.settings import load_settings
from tisser.store import Store
from tisser.store.aggregates import ContactAggregate
from tisser.strengths import history_of, mutual_counts, silences_of

DONE_TIME = time(12, 0)


STALE_FOLLOW_UP_DAYS = 7


def load_plan_input(
    store: Store, owner: int, today: date, week: date, budget: int, exclude: set[int]
) -> PlanInput:
    """What the planner needs, read as per-contact aggregates (never every interaction)."""
    profile = store.get_profile(owner) or Profile(owner_id=owner)
    sheet = store.get_worksheet(owner)
    zone = local_zone()
    settings = load_settings()
    since = at(today - timedelta(days=RECENT_DAYS), time(0), zone)
    aggregates = store.contact_aggregates(owner, recent_since=since)
    ties = store.plan_ties(
        since=since,
        zone=zone,
        recent=at(today - timedelta(days=3), time(0), zone),
        owner_id=owner,
        aggregates=aggregates,
    )
    linked = set(store.link_pairs(owner))
    # #4's tie strength, as `tisser diagnose` computes it (all-time journal, contacts in
    # common, the settings file's weights), from the same aggregates; computed only for the
    # ties the planner scores (most of a big network stops at the cadence tests).
    mutual = mutual_counts(linked)
    none = ContactAggregate(0)
    # unanswered attempts (#18): they do not count as touches, and pause the person
    quiet = silences_of(store, owner, today, zone)
    for t in ties:
        q = quiet.get(t.contact_id)
        if q is not None:
            t.last = q.last_answer

    def strength(t: PlanTie, day: date) -> float:
        return tie_strength_of(
            t.contact_id,
            t.circle,
            t.closeness,
            t.met_on,
            answered_history(
                history_of(aggregates.get(t.contact_id, none), zone), quiet.get(t.contact_id)
            ),
            day,
            mutual[t.contact_id],
            settings.strength,
        ).value

    rhythm = settings.cadence
    return PlanInput(
        today=today,
        week_start=week,
        budget_minutes=budget,
        ties=ties,
        objectives=store.list_objectives(owner, active_only=True),
        upcoming=store.appointments(week, week + timedelta(days=6), owner)
        + event_followups(store, owner, today, week + timedelta(days=6)),
        snoozed=store.snoozed(today, owner),
        paused={cid: q.pause_until for cid, q in quiet.items() if q.pause_until is not None},
        linked=linked,
        exclude=exclude,
        offer=sheet.knows or sheet.savoir_faire or profile.skills,
        looking_for=sheet.looking_for,
        temperament=profile.relational_profile,
        energy=profile.energy,
        strength=strength,
        cadence_days=dict(rhythm.cadence_days),
        due_fraction=rhythm.due_fraction,
        dormant_after_days=rhythm.dormant_after_days,
    )


def event_followups(store: Store, owner: int, today: date, end: date) -> list[Upcoming]:
    """The follow-ups owed after events (#7), open and due by ``end``, as the plan's
    appointments: each becomes a "follow up" action of the week. One more than
    :data:`STALE_FOLLOW_UP_DAYS` late is left to ``tisser events followups``: a thank-you
    weeks after the event no longer follows up anything."""
    oldest = today - timedelta(days=STALE_FOLLOW_UP_DAYS)
    items = [
        f
        for f in store.followups(owner, open_only=True, due_by=end)
        if f.due_on is not None and f.due_on >= oldest
    ]
    if not items:
        return []
    titles = {e.id: e.title for e in store.list_events(owner)}
    return [
        Upcoming(
            ActionKind.FOLLOW_UP,
            f.due_on,
            f.action or titles.get(f.event_id, ""),
            contact_id=f.contact_id,
            minutes=FOLLOW_UP_MINUTES,
        )
        for f in items
        if f.due_on is not None
    ]


def close_event_followups(store: Store, a: Action, day: date, owner: int) -> int:
    """A follow-up done in the plan closes the ones owed to that person after events."""
    if a.kind != ActionKind.FOLLOW_UP or a.contact_id is None:
        return 0
    due = a.day or day
    ids = [
        f.id
        for f in store.followups(owner, open_only=True, due_by=max(due, day))
        if f.contact_id == a.contact_id and f.id is not None
    ]
    return store.complete_followups(ids, day, owner) if ids else 0


def sync_followups(store: Store, actions: list[Action], week: date, owner: int) -> int:
    """Planned "follow up" actions whose event follow-ups were all done with
    ``tisser events done`` are done in the plan too; the number changed."""
    planned = [
        a
        for a in actions
        if a.kind == ActionKind.FOLLOW_UP and a.state == ActionState.PLANNED and a.contact_id
    ]
    if not planned:
        return 0
    end = week + timedelta(days=6)
    items = store.followups(owner, due_by=end)
    still_open = {f.contact_id for f in items if f.done_on is None}
    done = {f.contact_id: f.done_on for f in items if f.done_on is not None}
    changed = 0
    for a in planned:
        if a.contact_id in done and a.contact_id not in still_open:
            store.update_action(
                a, state=ActionState.DONE, outcome=Outcome.DONE, done_on=done[a.contact_id]
            )
            changed += 1
    return changed


Advised = Callable[[], list[Advice]]


def diagnosis_advice(state: State) -> list[Advice]:
    """The diagnosis's three things to do now (``tisser diagnose``), which lead the week."""
    from tisser.report.load import load_diagnosis

    settings = load_settings().diagnosis
    return load_diagnosis(state.store, state.owner_id, state.today, local_zone(), settings).actions


def week_plan(
    state: State, refresh: bool = False, advice: Advised | None = None
) -> tuple[date, list[Action], int]:
    """The week's stored actions, planning them first if needed; and the weekly budget.

    A new plan starts with the diagnosis's things to do now, in its words (#18): ``advice``
    gives them (the web passes the diagnosis it keeps), else the diagnosis is computed here,
    before the write transaction, and only when the week is planned."""
    store, owner = state.store, state.owner_id
    profile = store.get_profile(owner) or Profile(owner_id=owner)
    budget = profile.weekly_budget_minutes
    week = week_of(state.today)
    advised: list[Advice] = []
    if refresh or not store.week_actions(week, owner):
        advised = (advice or (lambda: diagnosis_advice(state)))()
    with store.transaction():
        store.lock_owner(owner)  # concurrent first visits: one plans, the others read it
        existing = store.week_actions(week, owner)
        if existing and not refresh:
            if sync_followups(store, existing, week, owner):
                existing = store.week_actions(week, owner)
            return week, existing, budget
        store.drop_planned(week, owner)
        kept = [a for a in existing if a.state != ActionState.PLANNED]
        spent = sum(a.minutes for a in kept if a.state == ActionState.DONE)
        exclude = {p for a in kept for p in a.people}
        inp = load_plan_input(store, owner, state.today, week, max(0, budget - spent), exclude)
        inp.advice = advised
        fresh = plan_week(inp)
        store.save_actions(fresh, owner)
        return week, store.week_actions(week, owner), budget


@dataclass(frozen=True)
class DoneResult:
    """What recording an action did: the interaction logged, the event follow-ups closed."""

    interaction_id: int | None
    followups_closed: int


def mark_done(
    state: State,
    a: Action,
    outcome: Outcome = Outcome.DONE,
    note: str = "",
    day: date | None = None,
    channel: Channel | None = None,
    minutes: int | None = None,
    progress: int = 0,
    meeting_on: str | None = None,
) -> DoneResult:
    """Record action ``a`` as done (``tisser done`` and the web's Plan page): log the
    interaction with its people, set a meeting, tick its step, close the event follow-ups
    it answers, count its progress.
    """
    store, owner = state.store, state.owner_id
    if a.state == ActionState.DONE:
        raise InvalidInput(
            N_("action #{id} is already done"),
            hint=N_("see `tisser review`; log anything new with `tisser log`"),
            id=a.id,
        )
    result = outcome
    day = day or state.today
    if day > state.today:
        raise InvalidInput(
            N_("{day} is in the future: record an action once done"), day=day.isoformat()
        )
    kind = channel or a.channel or Channel.MESSAGE
    names = names_of(state)
    with store.transaction():
        interaction_id = None
        if a.people:
            gave = describe(a, names) if a.kind in (ActionKind.GIVE, ActionKind.INTRODUCE) else ""
            logged = store.add_interaction(
                Interaction(
                    owner_id=owner,
                    occurred_at=at(day, DONE_TIME, local_zone()),
                    channel=kind,
                    contact_ids=a.people,
                    direction=HelpDirection.GAVE if gave else HelpDirection.NONE,
                    gave=gave,
                    about=describe(a, names),
                    outcome=" — ".join(p for p in (_(OUTCOME_LABELS[result]), note.strip()) if p),
                )
            )
            interaction_id = logged.id
        if meeting_on is not None:
            when = future_date(meeting_on, state.today)
            if when < state.today or a.contact_id is None:
                raise InvalidInput(
                    N_("a meeting needs a contact and a date from today on"),
                    hint=N_("e.g. --meeting-on 2026-12-02, for an action with a person"),
                )
            who = names.get(a.contact_id, "?")
            store.add_appointment(
                Upcoming(
                    ActionKind.PREPARE,
                    when,
                    _("Meeting with {who} on {day}").format(who=who, day=day_label(when)),
                    contact_id=a.contact_id,
                ),
                owner,
            )
            result = Outcome.MEETING if result == Outcome.DONE else result
        if a.step_id is not None:
            store.set_step_done(a.step_id, day, owner)
        closed = close_event_followups(store, a, day, owner)
        if a.objective_id is not None and progress:
            goal = store.get_objective(a.objective_id, owner)
            goal.progress += progress
            store.update_objective(goal)
        store.update_action(
            a,
            state=ActionState.DONE,
            outcome=result,
            note=note.strip(),
            done_on=day,
            interaction_id=interaction_id,
            minutes=a.minutes if minutes is None else minutes,
        )
    return DoneResult(interaction_id, closed)


def put_off(state: State, a: Action, until: str | None = None, not_now: bool = False) -> date:
    """Snooze action ``a``: to ``until``, to next week (``not_now``), else for two weeks."""
    store, owner = state.store, state.owner_id
    if a.state == ActionState.DONE:
        raise InvalidInput(N_("action #{id} is already done"), id=a.id)
    today = state.today
    if not_now:
        day = week_of(today) + timedelta(days=7)
    elif until:
        day = future_date(until, today)
    else:
        day = today + timedelta(days=14)
    if day <= today:
        raise InvalidInput(
            N_("{day} is not after today"),
            hint=N_("give a later date, or use --not-now"),
            day=day.isoformat(),
        )
    with store.transaction():
        store.snooze(a.key, day, owner)
        if a.other_id is not None:
            store.snooze(f"contact:{a.other_id}", day, owner)
        store.update_action(a, state=ActionState.SNOOZED, snoozed_until=day)
    return day


def review_periods(
    store: Store, owner: int, today: date, budget: int
) -> tuple[dict[str, Review], int]:
    """This week's and the last four weeks' reviews, and the streak of weeks on budget."""
    week = week_of(today) if today.weekday() < 5 else today - timedelta(days=today.weekday())
    actions = store.list_actions(owner, since=week - timedelta(days=7 * 52))
    periods = {
        "week": review(actions, week, week + timedelta(days=6), budget),
        "month": review(actions, week - timedelta(days=21), week + timedelta(days=6), budget),
    }
    return periods, streak(actions, week, budget)
