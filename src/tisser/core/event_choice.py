"""From a catalogue to a portfolio: scores, budgets, the exact choice, and its explanation.

:func:`choose_portfolio` scores every entry over the period (:mod:`tisser.core.event_score`),
turns the budgets into the 0-1 program of :mod:`tisser.core.portfolio`, solves it exactly
with the injected solver, then explains the answer as seed 000 §5 asks a choice to be
explained: why each chosen entry is in (its value parts, its value per hour), why the
runner-up — the best entry left out — is out (the budget it would break, the event it
overlaps, the membership it needs, and the value lost by forcing it in, computed by solving
again with it forced), and what the budget leaves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from tisser.core.errors import N_, InvalidInput
from tisser.core.event_score import Needs, Part, PastResult, Score, Temperament, score_event
from tisser.core.events import Event, occurrences
from tisser.core.portfolio import Item, Problem, Solution, Solver

DAYS_PER_WEEK = 7


# The defaults of ``tisser events choose`` and the web's Events page: half the weekly
# networking time to events, 600 € of fees a year.
DEFAULT_SHARE = 0.5
DEFAULT_FEES = 600.0


@dataclass(frozen=True, slots=True)
class Budgets:
    """The weekly networking time, the share of it events get, and the yearly fee budget."""

    weekly_minutes: int
    share: float
    fee_euros: float

    def check(self) -> Budgets:
        if self.weekly_minutes < 0 or self.fee_euros < 0:
            raise InvalidInput(N_("a budget cannot be negative"))
        if not 0.0 <= self.share <= 1.0:
            raise InvalidInput(
                N_("the share of the weekly budget for events must be between 0 and 1"),
                hint=N_("e.g. 0.5 for half of it"),
            )
        return self


@dataclass(slots=True)
class RunnerUp:
    """The best entry left out, and why: each reason a :class:`Part`."""

    event_id: int
    value: float
    reasons: list[Part] = field(default_factory=list)
    loss: float = 0.0
    pushed_out: list[int] = field(default_factory=list)


@dataclass(slots=True)
class Choice:
    """The chosen portfolio with everything needed to explain it."""

    start: date
    end: date
    weeks: float
    minutes_budget: int
    cents_budget: int
    scores: dict[int, Score]
    solution: Solution
    runner_up: RunnerUp | None
    not_held: list[int] = field(default_factory=list)  # entries with no occurrence in period
    unreachable: list[int] = field(default_factory=list)  # could never fit the budgets

    @property
    def minutes_left(self) -> int:
        return self.minutes_budget - self.solution.minutes

    @property
    def cents_left(self) -> int:
        return self.cents_budget - self.solution.cents


def overlapping_pairs(events: Sequence[Event]) -> list[tuple[int, int]]:
    """Pairs of one-off events whose times (travel included) overlap: you cannot go to both."""
    spans = sorted(
        (e.starts_at, e.starts_at + timedelta(minutes=max(1, e.minutes_per_occurrence)), e.id)
        for e in events
        if e.starts_at is not None and not e.rrule and e.id is not None
    )
    pairs: list[tuple[int, int]] = []
    for n, (_begin, end, key) in enumerate(spans):
        for other_start, _other_end, other in spans[n + 1 :]:
            if other_start >= end:
                break
            pairs.append((min(key, other), max(key, other)))
    return pairs


def to_cents(euros: float) -> int:
    return round(euros * 100)


def choose_portfolio(
    events: Sequence[Event],
    start: date,
    end: date,
    needs: Needs,
    temperament: Temperament,
    budgets: Budgets,
    solver: Solver,
    history: Mapping[int, PastResult] | None = None,
    explain: bool = True,
) -> Choice:
    """The best set of entries held in ``[start, end)`` under ``budgets``, explained."""
    budgets.check()
    if end <= start:
        raise InvalidInput(N_("the period is empty: its end must come after its start"))
    weeks = (end - start).days / DAYS_PER_WEEK
    minutes_budget = int(budgets.weekly_minutes * budgets.share * weeks)
    cents_budget = to_cents(budgets.fee_euros)
    scores: dict[int, Score] = {}
    not_held: list[int] = []
    for event in events:
        assert event.id is not None
        n = len(occurrences(event, start, end))
        if n == 0 and not event.is_membership:
            not_held.append(event.id)
            continue
        scores[event.id] = score_event(event, n, needs, temperament, (history or {}).get(event.id))
    held = [e for e in events if e.id in scores]
    items = [
        Item(
            key,
            s.value,
            s.minutes,
            to_cents(s.euros),
            next((e.membership_id for e in held if e.id == key), None),
        )
        for key, s in scores.items()
    ]
    problem = Problem(items, minutes_budget, cents_budget, overlapping_pairs(held))
    solution = solver(problem, (), ())
    choice = Choice(
        start, end, weeks, minutes_budget, cents_budget, scores, solution, None, not_held
    )
    if explain:
        choice.runner_up = runner_up(problem, solution, solver)
        choice.unreachable = out_of_reach(problem, solution)
    return choice


def fits_alone(problem: Problem, item: Item) -> bool:
    """Whether ``item`` (with the membership it needs) fits the empty budgets."""
    items = {i.key: i for i in problem.items}
    need = [item] + ([items[item.requires]] if item.requires in items else [])
    if item.requires is not None and item.requires not in items:
        return False
    return (
        sum(i.minutes for i in need) <= problem.minutes
        and sum(i.cents for i in need) <= problem.cents
    )


def out_of_reach(problem: Problem, solution: Solution) -> list[int]:
    """Entries left out that could never fit the budgets, most valuable first."""
    return [
        i.key
        for i in sorted(problem.items, key=lambda i: (-i.value, i.key))
        if i.key not in solution.chosen and i.value > 0 and not fits_alone(problem, i)
    ]


def runner_up(problem: Problem, solution: Solution, solver: Solver) -> RunnerUp | None:
    """The most valuable entry left out that could fit on its own, with every reason it is
    out and what forcing it in would cost (entries that never fit are :func:`out_of_reach`)."""
    out = sorted(
        (
            i
            for i in problem.items
            if i.key not in solution.chosen and i.value > 0 and fits_alone(problem, i)
        ),
        key=lambda i: (-i.value, i.key),
    )
    if not out:
        return None
    item = out[0]
    chosen = {i.key: i for i in problem.items if i.key in solution.chosen}
    reasons: list[Part] = []
    minutes_left = problem.minutes - solution.minutes
    cents_left = problem.cents - solution.cents
    if item.requires is not None and item.requires not in chosen:
        reasons.append(
            Part("membership", 0.0, N_("it is for members only"), {"event_id": item.requires})
        )
    for a, b in problem.conflicts:
        other = b if a == item.key else a if b == item.key else None
        if other is not None and other in chosen:
            reasons.append(Part("conflict", 0.0, N_("it overlaps"), {"event_id": other}))
    if item.minutes > minutes_left:
        reasons.append(
            Part(
                "time",
                float(item.minutes - minutes_left),
                N_("it takes {need} min, the time budget has {left} min left"),
                {"need": item.minutes, "left": minutes_left},
            )
        )
    if item.cents > cents_left:
        reasons.append(
            Part(
                "fees",
                (item.cents - cents_left) / 100,
                N_("it costs {need} €, the fee budget has {left} € left"),
                {"need": item.cents / 100, "left": cents_left / 100},
            )
        )
    forced = solver(problem, (item.key,), ())
    result = RunnerUp(item.key, item.value, reasons)
    if forced.status == "optimal":
        result.loss = max(0.0, solution.value - forced.value)
        result.pushed_out = sorted(solution.chosen - forced.chosen)
    else:
        result.loss = float("inf")
    return result


def marginal_losses(problem: Problem, solution: Solution, solver: Solver) -> dict[int, float]:
    """For each chosen entry, the value lost if it were banned (the best plan without it)."""
    return {
        key: max(0.0, solution.value - solver(problem, (), (key,)).value)
        for key in sorted(solution.chosen)
    }
