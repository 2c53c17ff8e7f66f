"""The weekly routine: ``tisser plan``, ``done``, ``snooze`` and ``review``.

``plan`` computes the coming week once and stores it, so its numbers stay stable for
``done`` and ``snooze``; ``plan --refresh`` plans again what is still only planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from tisser.cli import labels
from tisser.cli.app import app
from tisser.cli.context import State, local_zone
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, json_out, output_format
from tisser.cli.plantext import (
    OUTCOME_ALIASES,
    OUTCOME_LABELS,
    STATE_LABELS,
    day_label,
    describe,
    future_date,
    kind_label,
    names_of,
    parse_number,
    why,
)
from tisser.core.actions import Action, ActionKind, ActionState, Outcome, week_of
from tisser.core.dates import at, parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel, HelpDirection, Interaction, Profile
from tisser.core.names import fold
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
from tisser.i18n import _, ngettext
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


def week_plan(state: State, refresh: bool = False) -> tuple[date, list[Action], int]:
    """The week's stored actions, planning them first if needed; and the weekly budget."""
    store, owner = state.store, state.owner_id
    profile = store.get_profile(owner) or Profile(owner_id=owner)
    budget = profile.weekly_budget_minutes
    week = week_of(state.today)
    with store.transaction():
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
        fresh = plan_week(inp)
        store.save_actions(fresh, owner)
        return week, store.week_actions(week, owner), budget


PLAN_COLUMNS = [
    Column("id", "#", justify="right"),
    Column("day", N_("Day"), no_wrap=True),
    Column("kind", N_("Action")),
    Column("what", N_("What to do"), "bold"),
    Column("minutes", N_("Min."), justify="right"),
    Column("why", N_("Why")),
    Column("state", N_("State")),
]


def action_record(a: Action, names: dict[int, str]) -> dict[str, Any]:
    return {
        "id": a.id,
        "week": a.week,
        "day": a.day,
        "kind": a.kind,
        "what": describe(a, names),
        "contact_id": a.contact_id,
        "other_id": a.other_id,
        "objective_id": a.objective_id,
        "step_id": a.step_id,
        "channel": a.channel,
        "minutes": a.minutes,
        "priority": a.priority,
        "forced": a.forced,
        "why": why(a),
        "state": a.state,
        "outcome": a.outcome,
        "note": a.note,
        "done_on": a.done_on,
        "snoozed_until": a.snoozed_until,
    }


@app.command(
    "plan",
    help=N_(
        "The coming week's actions, within your weekly budget: reconnect, follow up, give "
        "first, work your objectives."
    ),
)
def plan_command(
    ctx: typer.Context,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help=N_("Plan again what is not done or snoozed yet.")),
    ] = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    week, actions, budget = week_plan(state, refresh)
    names = names_of(state)
    rows = [action_record(a, names) for a in actions]
    shown = [
        {
            **r,
            "day": day_label(a.day),
            "kind": kind_label(a.kind),
            "state": _(STATE_LABELS[a.state]),
        }
        for r, a in zip(rows, actions, strict=True)
    ]
    planned = sum(a.minutes for a in actions if a.state != ActionState.SNOOZED)
    title = _("Week of {day} — {minutes} of {budget} minutes").format(
        day=day_label(week), minutes=planned, budget=budget
    )
    emit(
        rows,
        PLAN_COLUMNS,
        fmt=fmt,
        console=state.console,
        title=title,
        table_rows=shown,
        empty=_("Nothing to plan this week: add contacts, objectives or budget (tisser me)."),
    )
    if fmt == "table" and actions:
        state.console.print(
            _("Next: tisser done NUMBER --outcome replied, or tisser snooze NUMBER --not-now.")
        )


def _outcome(text: str) -> Outcome:
    key = fold(text).replace("_", "-")
    if key in OUTCOME_ALIASES:
        return OUTCOME_ALIASES[key]
    for o in Outcome:
        if key in (o.value.replace("_", "-"), fold(OUTCOME_LABELS[o]), fold(_(OUTCOME_LABELS[o]))):
            return o
    raise InvalidInput(
        N_("unknown outcome {text!r}"),
        hint=N_("use replied, meeting, helped, no-reply or done"),
        text=text,
    )


def _action_id(text: str) -> int:
    return parse_number(
        text, N_("{text!r} is not an action number"), N_("use the number shown by `tisser plan`")
    )


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


ACTION_ARG = Annotated[str, typer.Argument(help=N_("The action's number in `tisser plan`."))]


@app.command("done", help=N_("Record that you did an action of your plan, and what came of it."))
def done_command(
    ctx: typer.Context,
    action: ACTION_ARG,
    outcome: Annotated[
        str,
        typer.Option(
            "--outcome", help=N_("What came of it: replied, meeting, helped, no-reply, done.")
        ),
    ] = "done",
    note: Annotated[str, typer.Option("--note", "-n", help=N_("A word on how it went."))] = "",
    channel: Annotated[
        str | None, typer.Option("--channel", help=N_("How it happened, if not as planned."))
    ] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", "-d", help=N_("When (default today).")),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", min=0, max=1440, help=N_("Minutes it really took."))
    ] = None,
    progress: Annotated[
        int, typer.Option("--progress", min=0, help=N_("Add this much to the objective's count."))
    ] = 0,
    meeting_on: Annotated[
        str | None,
        typer.Option(
            "--meeting-on",
            help=N_("A meeting was set for this date: it will be prepared in its week's plan."),
        ),
    ] = None,
) -> None:
    state: State = ctx.obj
    a = state.store.get_action(_action_id(action), state.owner_id)
    done = mark_done(
        state,
        a,
        outcome=_outcome(outcome),
        note=note,
        day=parse_date(on, state.today) if on else state.today,
        channel=labels.parse(Channel, channel) if channel else None,
        minutes=minutes,
        progress=progress,
        meeting_on=meeting_on,
    )
    names = names_of(state)
    line = _("Done: {what}.").format(what=escape(describe(a, names)))
    if done.interaction_id is not None:
        line += " " + _("Logged in the journal.")
    if done.followups_closed:
        line += " " + _("Event follow-up closed.")
    state.console.print(line)


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


@app.command(
    "snooze", help=N_("Put an action of your plan off: to a date, or --not-now for this week.")
)
def snooze_command(
    ctx: typer.Context,
    action: ACTION_ARG,
    until: Annotated[
        str | None,
        typer.Option("--until", help=N_("Until this date (default: two weeks), e.g. 2026-12-15.")),
    ] = None,
    not_now: Annotated[
        bool, typer.Option("--not-now", help=N_("Not this week: propose it again next week."))
    ] = False,
) -> None:
    state: State = ctx.obj
    a = state.store.get_action(_action_id(action), state.owner_id)
    day = put_off(state, a, until, not_now)
    state.console.print(
        _("Snoozed until {day}: {what}.").format(
            day=day_label(day), what=escape(describe(a, names_of(state)))
        )
    )


def _period_rows(r: Review) -> list[tuple[str, str]]:
    return [
        (_("Actions planned"), str(r.planned)),
        (_("Actions done"), f"{r.done} ({r.done_share:.0%})"),
        (_("Snoozed"), str(r.snoozed)),
        (
            _("Time spent / budget"),
            _("{done} / {budget} min").format(done=r.minutes_done, budget=r.budget_total),
        ),
    ]


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


@app.command(
    "review",
    help=N_(
        "Look back on the week and the month: planned against done, time against budget, "
        "objectives, streak, what worked."
    ),
)
def review_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    state: State = ctx.obj
    store, owner = state.store, state.owner_id
    profile = store.get_profile(owner) or Profile(owner_id=owner)
    budget = profile.weekly_budget_minutes
    periods, run = review_periods(store, owner, state.today, budget)
    month_start = periods["month"].start
    goals = store.list_objectives(owner)
    since = at(month_start, time(0), local_zone())
    recent = store.list_interactions(owner, since=since)
    gave = sum(1 for i in recent if i.direction in (HelpDirection.GAVE, HelpDirection.MUTUAL))
    got = sum(1 for i in recent if i.direction in (HelpDirection.RECEIVED, HelpDirection.MUTUAL))
    if as_json:
        json_out(
            {
                "streak_weeks": run,
                "budget_minutes": budget,
                "periods": {
                    k: {
                        "start": p.start,
                        "end": p.end,
                        "planned": p.planned,
                        "done": p.done,
                        "snoozed": p.snoozed,
                        "minutes_planned": p.minutes_planned,
                        "minutes_done": p.minutes_done,
                        "budget_minutes": p.budget_total,
                        "outcomes": {o.value: n for o, n in p.outcomes.items()},
                        "by_kind": {
                            kd.value: {"planned": v.planned, "done": v.done, "positive": v.positive}
                            for kd, v in p.by_kind.items()
                        },
                    }
                    for k, p in periods.items()
                },
                "objectives": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "progress": g.progress,
                        "target": g.target,
                        "ratio": round(g.ratio, 3),
                        "state": g.state,
                    }
                    for g in goals
                ],
                "help_given": gave,
                "help_received": got,
                "interactions": len(recent),
            }
        )
        return
    console = state.console
    table = Table(title=_("Review"), title_justify="left", header_style="bold")
    table.add_column("")
    table.add_column(_("This week"), justify="right")
    table.add_column(_("Last 4 weeks"), justify="right")
    for (label, w), (_l, m) in zip(
        _period_rows(periods["week"]), _period_rows(periods["month"]), strict=True
    ):
        table.add_row(label, w, m)
    console.print(table)
    console.print(
        ngettext(
            "Streak: {n} week in a row on budget.", "Streak: {n} weeks in a row on budget.", run
        ).format(n=run)
    )
    month = periods["month"]
    if month.by_kind:
        worked = Table(
            title=_("What worked (last 4 weeks)"), title_justify="left", header_style="bold"
        )
        worked.add_column(_("Action"))
        worked.add_column(_("Done / planned"), justify="right")
        worked.add_column(_("Replies, meetings, help"), justify="right")
        for kd, v in sorted(month.by_kind.items(), key=lambda kv: -kv[1].rate):
            worked.add_row(
                kind_label(kd), f"{v.done} / {v.planned}", f"{v.positive} ({v.rate:.0%})"
            )
        console.print(worked)
    console.print(
        _("Journal, last 4 weeks: {n} interactions; help given {gave}, received {got}.").format(
            n=len(recent), gave=gave, got=got
        )
    )
    if goals:
        obj = Table(title=_("Objectives"), title_justify="left", header_style="bold")
        obj.add_column("#", justify="right")
        obj.add_column(_("Objective"))
        obj.add_column(_("Progress"), justify="right")
        obj.add_column(_("Steps done"), justify="right")
        for g in goals:
            target = f"{g.progress} / {g.target} {g.unit}".strip() if g.target else ""
            steps = f"{sum(1 for s in g.steps if s.done_on)} / {len(g.steps)}" if g.steps else ""
            obj.add_row(
                str(g.id), escape(g.title), f"{g.ratio:.0%} {escape(target)}".strip(), steps
            )
        console.print(obj)
