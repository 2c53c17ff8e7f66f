"""``tisser goal``: networking objectives, checked against SMART and split into steps."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tisser.cli.app import app
from tisser.cli.markup import escape
from tisser.cli.output import Column, CsvFlag, JsonFlag, emit, json_out, output_format
from tisser.core.errors import N_, InvalidInput
from tisser.core.model import Profile
from tisser.core.objectives import Criterion, Objective, ObjectiveState, smart_check, split
from tisser.i18n import _
from tisser.present.dates import human_date
from tisser.present.numbers import percent
from tisser.present.plantext import future_date, parse_number

if TYPE_CHECKING:
    from tisser.app.context import State

goal_app = typer.Typer(
    help=N_("Your networking objectives: add, list, show (with the SMART check), split."),
    no_args_is_help=True,
)
app.add_typer(goal_app, name="goal")


def _split_list(values: list[str] | None) -> list[str]:
    return [p.strip() for v in values or [] for p in v.split(",") if p.strip()]


def _goal_id(text: str) -> int:
    return parse_number(
        text, N_("{text!r} is not an objective number"), N_("see `tisser goal list`")
    )


GOAL_ARG = Annotated[str, typer.Argument(help=N_("The objective's number (tisser goal list)."))]


def _smart(state: State, goal: Objective) -> list[Criterion]:
    store = state.store
    profile = store.get_profile(state.owner_id) or Profile(owner_id=state.owner_id)
    sheet = store.get_worksheet(state.owner_id)
    market = [*sheet.sectors, profile.sector]
    return smart_check(goal, state.today, profile.weekly_budget_minutes, [m for m in market if m])


def _print_smart(state: State, checks: list[Criterion]) -> None:
    for c in checks:
        mark = "[green]✓[/]" if c.ok else "[yellow]✗[/]"
        reason = _(c.reason).format(**dict(c.params))
        state.console.print(f"  {mark} [bold]{c.letter}[/] {_(c.name)} — {escape(reason)}")


@goal_app.command("add", help=N_("Add an objective; it is checked against SMART at once."))
def goal_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help=N_("What you want to reach, starting with a verb."))],
    why: Annotated[str, typer.Option("--why", help=N_("Why it matters to you."))] = "",
    target: Annotated[
        int | None, typer.Option("--target", min=1, help=N_("The number to reach, e.g. 5."))
    ] = None,
    unit: Annotated[str, typer.Option("--unit", help=N_("What you count, e.g. meetings."))] = "",
    deadline: Annotated[
        str | None, typer.Option("--deadline", help=N_("By when: 2027-03-31, or 3m from today."))
    ] = None,
    contact: Annotated[
        list[str] | None, typer.Option("--contact", "-c", help=N_("A contact who serves it."))
    ] = None,
    profile: Annotated[
        list[str] | None,
        typer.Option("--profile", help=N_("A kind of person who serves it, e.g. DRH.")),
    ] = None,
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help=N_("A sector it aims at."))
    ] = None,
    event: Annotated[
        list[str] | None, typer.Option("--event", help=N_("An event that serves it."))
    ] = None,
    step: Annotated[
        list[str] | None,
        typer.Option("--step", help=N_("A sub-objective, dated evenly up to the deadline.")),
    ] = None,
) -> None:
    state: State = ctx.obj
    if not title.strip():
        raise InvalidInput(N_("an objective needs a title"))
    today = state.today
    goal = Objective(
        title=title.strip(),
        owner_id=state.owner_id,
        why=why.strip(),
        target=target,
        unit=unit.strip(),
        start=today,
        deadline=future_date(deadline, today) if deadline else None,
        contact_ids=[state.contact(c).id or 0 for c in contact or []],
        profiles=_split_list(profile),
        sectors=_split_list(sector),
        events=_split_list(event),
    )
    if step:
        goal.steps = split(goal, step, today)
    saved = state.store.add_objective(goal)
    state.console.print(
        _("Objective #{id} saved: {title}.").format(id=saved.id, title=escape(saved.title))
    )
    _print_smart(state, _smart(state, saved))


GOAL_COLUMNS = [
    Column("id", "#", justify="right"),
    Column("title", N_("Objective"), "bold"),
    Column("deadline", N_("Deadline")),
    Column("progress", N_("Progress"), justify="right"),
    Column("smart", N_("SMART")),
    Column("next_step", N_("Next step")),
]


def _record(state: State, g: Objective) -> dict[str, Any]:
    checks = _smart(state, g)
    nxt = next((s for s in g.steps if s.done_on is None), None)
    return {
        **{k: v for k, v in dataclasses.asdict(g).items() if k != "steps"},
        "steps": [dataclasses.asdict(s) for s in g.steps],
        "ratio": round(g.ratio, 3),
        "smart": "".join(c.letter if c.ok else "·" for c in checks),
        "next_step": nxt.title if nxt else "",
        "next_due": nxt.due if nxt else None,
    }


@goal_app.command("list", help=N_("List your objectives with their progress and SMART letters."))
def goal_list(
    ctx: typer.Context,
    show_all: Annotated[
        bool, typer.Option("--all", help=N_("Include done and dropped ones."))
    ] = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
) -> None:
    state: State = ctx.obj
    fmt = output_format(as_json, as_csv)
    goals = state.store.list_objectives(state.owner_id, active_only=not show_all)
    rows = [_record(state, g) for g in goals]
    shown = [
        {
            **r,
            "deadline": human_date(g.deadline),
            "progress": percent(g.ratio),
            "next_step": f"{r['next_step']} ({human_date(r['next_due'])})"
            if r["next_step"]
            else "",
        }
        for r, g in zip(rows, goals, strict=True)
    ]
    emit(
        rows,
        GOAL_COLUMNS,
        fmt=fmt,
        console=state.console,
        table_rows=shown,
        title=_("Objectives"),
        empty=_(
            'No objective yet: tisser goal add "Meet 5 DRH in Bordeaux" --target 5 --deadline 3m.'
        ),
    )


@goal_app.command("show", help=N_("Show an objective: SMART check, steps, contacts."))
def goal_show(ctx: typer.Context, goal: GOAL_ARG, as_json: JsonFlag = False) -> None:
    state: State = ctx.obj
    g = state.store.get_objective(_goal_id(goal), state.owner_id)
    if as_json:
        json_out(_record(state, g))
        return
    console = state.console
    console.print(f"[bold]#{g.id} {escape(g.title)}[/]")
    if g.why:
        console.print(_("Why: {why}").format(why=escape(g.why)))
    if g.target:
        console.print(
            _("Progress: {progress} / {target} {unit}").format(
                progress=g.progress, target=g.target, unit=escape(g.unit)
            )
        )
    if g.deadline:
        console.print(_("Deadline: {day}").format(day=human_date(g.deadline)))
    names = dict(state.store.contact_names(state.owner_id))
    serves = [names.get(c, "?") for c in g.contact_ids] + g.profiles + g.sectors + g.events
    if serves:
        console.print(_("Served by: {list}").format(list=escape(", ".join(serves))))
    console.print(_("SMART check:"))
    _print_smart(state, _smart(state, g))
    if g.steps:
        console.print(_("Steps:"))
        for s in g.steps:
            mark = "✓" if s.done_on else "·"
            console.print(f"  {mark} {human_date(s.due)} — {escape(s.title)} ({s.minutes} min)")


@goal_app.command(
    "split", help=N_("Split an objective into steps spread evenly up to its deadline.")
)
def goal_split(
    ctx: typer.Context,
    goal: GOAL_ARG,
    step: Annotated[list[str], typer.Option("--step", help=N_("A sub-objective (repeatable)."))],
    minutes: Annotated[
        int, typer.Option("--minutes", min=5, max=600, help=N_("Minutes each step should take."))
    ] = 30,
) -> None:
    state: State = ctx.obj
    g = state.store.get_objective(_goal_id(goal), state.owner_id)
    steps = split(g, step, state.today, minutes)
    g = state.store.add_steps(g.id or 0, steps, state.owner_id)
    for s in steps:
        state.console.print(f"  · {human_date(s.due)} — {escape(s.title)}")
    state.console.print(_("{count} steps added to #{id}.").format(count=len(steps), id=g.id))


@goal_app.command("set", help=N_("Change an objective's progress, deadline or state."))
def goal_set(
    ctx: typer.Context,
    goal: GOAL_ARG,
    progress: Annotated[
        int | None, typer.Option("--progress", min=0, help=N_("Where you are now."))
    ] = None,
    deadline: Annotated[str | None, typer.Option("--deadline", help=N_("A new deadline."))] = None,
    state_: Annotated[
        str | None, typer.Option("--state", help=N_("active, done or dropped."))
    ] = None,
    why: Annotated[str | None, typer.Option("--why", help=N_("Why it matters to you."))] = None,
) -> None:
    state: State = ctx.obj
    g = state.store.get_objective(_goal_id(goal), state.owner_id)
    if progress is not None:
        g.progress = progress
    if deadline is not None:
        g.deadline = future_date(deadline, state.today)
    if why is not None:
        g.why = why.strip()
    if state_ is not None:
        try:
            g.state = ObjectiveState(state_.strip().lower())
        except ValueError as exc:
            raise InvalidInput(
                N_("unknown state {text!r}"), hint=N_("use active, done or dropped"), text=state_
            ) from exc
    g = state.store.update_objective(g)
    state.console.print(_("Objective #{id} saved: {title}.").format(id=g.id, title=escape(g.title)))
    _print_smart(state, _smart(state, g))
