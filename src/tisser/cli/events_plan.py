"""``tisser events choose``: the portfolio of events and memberships under the budgets."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from tisser.cli.events_group import events_app
from tisser.cli.markup import escape
from tisser.cli.output import Column, emit, json_out
from tisser.core.errors import N_
from tisser.core.event_choice import DEFAULT_FEES, DEFAULT_SHARE, Budgets, Choice, choose_portfolio
from tisser.core.events import Event
from tisser.i18n import _, ngettext
from tisser.present import labels
from tisser.present.dates import human_date
from tisser.present.events import SEP, number
from tisser.present.numbers import percent

if TYPE_CHECKING:
    from tisser.app.context import State

# The kinds of audience, named in the user's language ("fonction DAF").
AUDIENCE_KINDS = (N_("sector"), N_("function"), N_("profile"))

WantOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--want",
        help=N_("An audience you need: sector=wine, function=DAF, profile=founders (repeatable)."),
    ),
]
MissingOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--missing",
        help=N_("A profile your network lacks (from the diagnosis): function=DRH (repeatable)."),
    ),
]
SeeOpt = Annotated[
    list[str] | None, typer.Option("--see", help=N_("A contact you want to see (repeatable)."))
]


CHOICE_COLUMNS = [
    Column("title", N_("Chosen"), "bold"),
    Column("kind", N_("Kind")),
    Column("times", N_("Times"), justify="right"),
    Column("hours", N_("Hours"), justify="right"),
    Column("euros", N_("Fees"), justify="right"),
    Column("value", N_("Value"), justify="right"),
    Column("per_hour", N_("Value/h"), justify="right"),
]


@events_app.command(
    "choose",
    help=N_(
        "Choose the events and memberships worth your time and money: the best set under "
        "your weekly time budget and yearly fee budget, proven optimal, explained."
    ),
)
def choose_command(
    ctx: typer.Context,
    year: Annotated[
        int | None,
        typer.Option("--year", help=N_("A calendar year (default: the next 12 months).")),
    ] = None,
    budget: Annotated[
        int | None,
        typer.Option(
            "--budget", min=0, help=N_("Weekly networking minutes (default: your profile's).")
        ),
    ] = None,
    share: Annotated[
        float,
        typer.Option(
            "--share", min=0, max=1, help=N_("Share of the weekly budget for events (0-1).")
        ),
    ] = DEFAULT_SHARE,
    fees: Annotated[
        float, typer.Option("--fees", min=0, help=N_("Yearly budget for fees, in euros."))
    ] = DEFAULT_FEES,
    want: WantOpt = None,
    missing: MissingOpt = None,
    see: SeeOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help=N_("Print JSON."))] = False,
) -> None:
    from tisser.app.event_choice import build_needs, period, temperament_of
    from tisser.app.events import catalogue, history_for
    from tisser.optimize import solve

    state: State = ctx.obj
    events = catalogue(state)
    if not events:
        state.console.print(_("No event yet: tisser events add, or tisser events import FILE.ics."))
        return
    start, end = period(state, year)
    temperament, weekly = temperament_of(state)
    needs = build_needs(state, events, want, missing, see)
    budgets = Budgets(weekly if budget is None else budget, share, fees)
    history = history_for(state, events, start)
    choice = choose_portfolio(events, start, end, needs, temperament, budgets, solve, history)
    render_choice(state, choice, {e.id or 0: e for e in events}, as_json)


def render_choice(state: State, choice: Choice, by_id: dict[int, Event], as_json: bool) -> None:
    from tisser.app.event_choice import part_text

    titles = {k: e.title for k, e in by_id.items()}
    chosen = sorted(choice.solution.chosen, key=lambda k: (-choice.scores[k].value, k))
    sol = choice.solution
    if as_json:
        json_out(
            {
                "start": choice.start,
                "end": choice.end,
                "status": sol.status,
                "gap": sol.gap,
                "value": sol.value,
                "minutes": sol.minutes,
                "fees": sol.cents / 100,
                "minutes_budget": choice.minutes_budget,
                "fees_budget": choice.cents_budget / 100,
                "chosen": [
                    {
                        "id": k,
                        "title": titles[k],
                        "value": choice.scores[k].value,
                        "occurrences": choice.scores[k].occurrences,
                        "minutes": choice.scores[k].minutes,
                        "fees": choice.scores[k].euros,
                        "why": [part_text(state, p, titles) for p in choice.scores[k].parts],
                    }
                    for k in chosen
                ],
                "runner_up": None
                if choice.runner_up is None
                else {
                    "id": choice.runner_up.event_id,
                    "title": titles[choice.runner_up.event_id],
                    "value": choice.runner_up.value,
                    "loss": choice.runner_up.loss,
                    "pushed_out": [titles[k] for k in choice.runner_up.pushed_out],
                    "why": [part_text(state, p, titles) for p in choice.runner_up.reasons],
                },
                "candidates": len(choice.scores),
                "out_of_reach": [titles[k] for k in choice.unreachable],
            }
        )
        return
    console = state.console
    console.print(
        _("Portfolio from {start} to {end}: {count} of {total} candidates.").format(
            start=human_date(choice.start),
            end=human_date(choice.end - timedelta(days=1)),
            count=len(chosen),
            total=len(choice.scores),
        )
    )
    rows = []
    for k in chosen:
        s = choice.scores[k]
        rows.append(
            {
                "title": titles[k],
                "kind": labels.label(by_id[k].kind),
                "times": s.occurrences,
                "hours": number(s.minutes / 60),
                "euros": f"{number(s.euros, 0)} €",
                "value": number(s.value),
                "per_hour": number(s.value / (s.minutes / 60), 2) if s.minutes else "—",
            }
        )
    emit(rows, CHOICE_COLUMNS, fmt="table", console=console, empty=_("Nothing fits the budgets."))
    if chosen:
        console.print(_("Why each is in:"), style="bold")
        for k in chosen:
            parts = [p for p in choice.scores[k].parts if p.code != "contact"]
            people = [p for p in choice.scores[k].parts if p.code == "contact"]
            why = _(SEP).join(part_text(state, p, titles) for p in parts)
            needed_by = [titles[e] for e in chosen if by_id[e].membership_id == k]
            if needed_by:
                why += _(SEP) + _("membership needed for: {names}").format(
                    names=", ".join(needed_by)
                )
            if people:
                why += _(SEP) + ngettext(
                    "{count} contact of yours goes", "{count} contacts of yours go", len(people)
                ).format(count=len(people))
            console.print(f"  • [bold]{escape(titles[k])}[/bold] — {escape(why)}")
    ru = choice.runner_up
    if ru is not None:
        console.print(_("Why the runner-up is out:"), style="bold")
        reasons = [part_text(state, p, titles) for p in ru.reasons]
        if ru.pushed_out:
            reasons.append(
                _("taking it would lose {loss} of value: it would push out {names}").format(
                    loss=number(ru.loss), names=", ".join(titles[k] for k in ru.pushed_out)
                )
            )
        elif ru.loss == float("inf"):
            reasons.append(_("it cannot fit in the budgets at all"))
        console.print(
            f"  • [bold]{escape(titles[ru.event_id])}[/bold] ({number(ru.value)}) — "
            + escape(_(SEP).join(reasons))
        )
    if choice.unreachable:
        best = choice.unreachable[:3]
        console.print(
            escape(
                _("Out of reach of the budgets whatever the choice: {names}.").format(
                    names=", ".join(
                        f"{titles[k]} ({number(choice.scores[k].minutes / 60, 0)} h, "
                        f"{number(choice.scores[k].euros, 0)} €)"
                        for k in best
                    )
                )
            )
        )
    per_week = choice.minutes_left / choice.weeks if choice.weeks else 0
    console.print(
        _(
            "The budget leaves {minutes} min ({per_week} min a week) of {total_minutes} "
            "min, and {euros} € of {total_euros} € in fees."
        ).format(
            minutes=choice.minutes_left,
            per_week=number(per_week, 0),
            total_minutes=choice.minutes_budget,
            euros=number(choice.cents_left / 100, 0),
            total_euros=number(choice.cents_budget / 100, 0),
        )
    )
    status = _("proven optimal") if sol.proven else _("not proven optimal")
    console.print(
        _("Solver: HiGHS, {status} (status {code}, gap {gap}).").format(
            status=status,
            code=sol.status,
            gap=percent(sol.gap, 2),
        ),
        style="dim",
    )
