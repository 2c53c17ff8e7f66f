"""The weekly routine: ``tisser plan``, ``done``, ``snooze`` and ``review``.

``plan`` computes the coming week once and stores it, so its numbers stay stable for
``done`` and ``snooze``; ``plan --refresh`` plans again what is still only planned.
"""

from __future__ import annotations

from datetime import time
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, json_out, output_format
from tisser.core.actions import Action, ActionState, Outcome
from tisser.core.dates import at, parse_date
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Channel, HelpDirection, Profile
from tisser.core.names import fold
from tisser.core.review import Review
from tisser.i18n import _, ngettext
from tisser.present import labels
from tisser.present.numbers import percent
from tisser.present.plantext import (
    OUTCOME_ALIASES,
    OUTCOME_LABELS,
    STATE_LABELS,
    day_label,
    describe,
    kind_label,
    parse_number,
    why,
)

if TYPE_CHECKING:
    from tisser.app.context import State

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
    from tisser.app.context import names_of
    from tisser.app.plan import week_plan

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
    from tisser.app.context import names_of
    from tisser.app.plan import mark_done

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
    from tisser.app.context import names_of
    from tisser.app.plan import put_off

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
        (_("Actions done"), f"{r.done} ({percent(r.done_share)})"),
        (_("Snoozed"), str(r.snoozed)),
        (
            _("Time spent / budget"),
            _("{done} / {budget} min").format(done=r.minutes_done, budget=r.budget_total),
        ),
    ]


@app.command(
    "review",
    help=N_(
        "Look back on the week and the month: planned against done, time against budget, "
        "objectives, streak, what worked."
    ),
)
def review_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    from rich.table import Table

    from tisser.app.context import local_zone
    from tisser.app.plan import review_periods

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
                kind_label(kd), f"{v.done} / {v.planned}", f"{v.positive} ({percent(v.rate)})"
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
                str(g.id), escape(g.title), f"{percent(g.ratio)} {escape(target)}".strip(), steps
            )
        console.print(obj)
