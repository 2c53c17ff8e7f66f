"""``tisser events choose``: the portfolio of events and memberships under the budgets."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

import typer
from babel.numbers import format_decimal, format_percent
from rich.markup import escape

from tisser.cli import labels
from tisser.cli.context import State, local_zone
from tisser.cli.events import catalogue, events_app
from tisser.cli.output import Column, emit, human_date, json_out
from tisser.core.cadence import Status, status_of
from tisser.core.errors import N_, InvalidInput
from tisser.core.event_choice import Budgets, Choice, choose_portfolio
from tisser.core.event_score import Needs, Part, Temperament, Want
from tisser.core.events import Event
from tisser.core.model import RelationalProfile
from tisser.core.names import fold
from tisser.core.objectives import Objective, wanted_of
from tisser.i18n import _, get_language, ngettext
from tisser.report.load import load_diagnosis
from tisser.settings import load_settings

DEFAULT_SHARE = 0.5
DEFAULT_FEES = 600.0
OWN_FIELD_WEIGHT = 0.5
# Between the reasons of one line ("; " in English, " ; " in French).
SEP = N_("; ")
# How the numbers of a value part are written (default one decimal).
PRECISION = {"fit": 2, "factor": 2, "need": 0, "left": 0}


def number(value: float, digits: int = 1) -> str:
    """``9,3`` in French, ``9.3`` in English."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=get_language())


# The kinds of audience, named in the user's language ("fonction DAF").
AUDIENCE_KINDS = (N_("sector"), N_("function"), N_("profile"))
DUE = {Status.DUE, Status.OVERDUE, Status.COOLING}
KIND_WORDS = {
    "sector": "sector",
    "secteur": "sector",
    "function": "function",
    "fonction": "function",
    "metier": "function",
    "profile": "profile",
    "profil": "profile",
}

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


def parse_wants(items: list[str] | None, source: str) -> list[Want]:
    """``sector=wine`` -> Want("sector", "wine"); ``function=DAF*2`` doubles its weight."""
    wants = []
    for item in items or []:
        kind, sep, value = item.partition("=")
        key = KIND_WORDS.get(fold(kind).strip())
        if not sep or key is None or not value.strip():
            raise InvalidInput(
                N_("cannot read {text!r}: write sector=…, function=… or profile=…"),
                hint=N_("e.g. --want function=DAF"),
                text=item,
            )
        value, star, weight = value.partition("*")
        try:
            w = float(weight) if star else 1.0
        except ValueError as exc:
            raise InvalidInput(N_("cannot read the weight in {text!r}"), text=item) from exc
        wants.append(Want(key, value.strip(), w, source))
    return wants


def build_needs(
    state: State,
    events: list[Event],
    want: list[str] | None,
    missing: list[str] | None,
    see: list[str] | None,
) -> Needs:
    """What the score needs to know of the user's goals.

    The options first (``--want``, ``--missing``, ``--see``), then what tisser already
    knows: the active objectives of the plan (#5: their sectors and profiles as audiences,
    source "objective"; their linked contacts as people to see), the profiles the
    diagnosis (#4) finds missing (source "missing"), and the user's own sector and function
    at weight 0.5 (peers are worth meeting, but seed 004 also says to look beyond one's own
    field); the contacts due for news come from each attendee's cadence, with the settings
    file's cadences as in ``tisser diagnose``.
    """
    needs = Needs(wants=parse_wants(want, "want") + parse_wants(missing, "missing"))

    def add(kind: str, value: str, weight: float, source: str, reason: str = "") -> None:
        if value and not any(w.kind == kind and fold(w.value) == fold(value) for w in needs.wants):
            needs.wants.append(Want(kind, value, weight, source, reason))

    objectives = state.store.list_objectives(state.owner_id, active_only=True)
    for o in objectives:
        for sector in o.sectors:
            add("sector", sector.strip(), 1.0, "objective", o.title)
        for prof in o.profiles:
            add("profile", prof.strip(), 1.0, "objective", o.title)
        for cid in o.contact_ids:
            needs.contacts.setdefault(cid, o.title)
    for kind, value in missing_audiences(state, objectives):
        add(kind, value, 1.0, "missing")
    profile = state.store.get_profile(state.owner_id)
    if profile is not None:  # peers of one's own field count, a little (seed 004)
        for kind, value in (("sector", profile.sector), ("function", profile.function)):
            add(kind, value, OWN_FIELD_WEIGHT, "profile")
    for name in see or []:
        contact = state.contact(name)
        needs.contacts[contact.id or 0] = ""
    attendees = {cid for e in events for cid in e.attendee_ids}
    if attendees:
        last = state.last_seen()
        rhythm = load_settings().cadence
        for cid in sorted(attendees):
            contact = state.store.get_contact(cid, state.owner_id)
            if status_of(contact, last.get(cid), state.today, settings=rhythm).status in DUE:
                needs.due_contacts.add(cid)
    return needs


# How event audiences name the relational profiles of seed 002 (the catalogue's words).
PROFILE_AUDIENCE = {
    RelationalProfile.SUPER_CONNECTOR: "super-connecteurs",
    RelationalProfile.MENTOR: "mentors",
    RelationalProfile.EXPERT: "experts",
}


def missing_audiences(state: State, objectives: list[Objective]) -> list[tuple[str, str]]:
    """(kind, value) audiences the diagnosis finds missing: relational profiles the network
    lacks (seed 002; the reserved are not sought at events) and what the objectives want
    but no activated tie has (a job title counts as a profile)."""
    diag = load_diagnosis(
        state.store,
        state.owner_id,
        state.today,
        local_zone(),
        load_settings().diagnosis,
        wanted_of(objectives),
    )
    out = [
        ("profile", PROFILE_AUDIENCE[RelationalProfile(p)])
        for p in diag.mix.missing_profiles
        if RelationalProfile(p) in PROFILE_AUDIENCE
    ]
    for kind, value in diag.mix.missing_wanted:
        out.append((kind if kind in ("sector", "function") else "profile", value))
    return out


def temperament_of(state: State) -> tuple[Temperament, int]:
    profile = state.store.get_profile(state.owner_id)
    if profile is None:
        return Temperament(), 60
    return Temperament(profile.relational_profile, profile.energy), profile.weekly_budget_minutes


def period(state: State, year: int | None) -> tuple[date, date]:
    if year is not None:
        if not 1900 < year < 3000:
            raise InvalidInput(N_("{year} is not a year"), year=year)
        return date(year, 1, 1), date(year + 1, 1, 1)
    return state.today, state.today + timedelta(days=365)


def part_text(state: State, part: Part, titles: dict[int, str]) -> str:
    """One value part in the user's language, its ids named."""
    params: dict[str, Any] = {
        k: (number(v, PRECISION.get(k, 1)) if isinstance(v, float) else v)
        for k, v in part.params.items()
    }
    if "room" in params:
        params["room"] = labels.label(params["room"])
    if "kind" in params:
        params["kind"] = _(params["kind"])
    text = _(part.message).format(**params)
    if "contact_id" in params:
        names = dict(state.store.contact_names(state.owner_id))
        text += f": {names.get(params['contact_id'], '?')}"
    if "event_id" in params:
        text += f": {titles.get(params['event_id'], '#' + str(params['event_id']))}"
    return text


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
    from tisser.cli.events_after import history_for
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
            gap=format_percent(sol.gap, format="0.00%", locale=get_language()),
        ),
        style="dim",
    )
