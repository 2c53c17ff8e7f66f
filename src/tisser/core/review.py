"""The review: planned against done, time against budget, streaks, what worked.

Seed 001 closes the loop of the method: each action's result is analysed to improve the
practice, and recurrence turns it into a routine. :func:`review` sums a period's actions;
:func:`streak` counts the weeks in a row where the routine held, a week being *on budget*
when the minutes done reach :data:`ON_BUDGET_SHARE` of the weekly budget (the habit
research of Lally et al. 2010 shows consistency, not intensity, builds the automatism).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from tisser.core.actions import Action, ActionKind, ActionState, Outcome

ON_BUDGET_SHARE = 0.75
POSITIVE = (Outcome.REPLIED, Outcome.MEETING, Outcome.HELPED)


@dataclass(slots=True)
class KindResult:
    planned: int = 0
    done: int = 0
    positive: int = 0  # replies, meetings, help exchanged

    @property
    def rate(self) -> float:
        """Share of the done actions that brought a reply, a meeting or help."""
        return self.positive / self.done if self.done else 0.0


@dataclass(slots=True)
class Review:
    """One period's figures."""

    start: date
    end: date
    weeks: int
    budget_minutes: int
    planned: int = 0
    done: int = 0
    snoozed: int = 0
    minutes_planned: int = 0
    minutes_done: int = 0
    by_kind: dict[ActionKind, KindResult] = field(default_factory=dict)
    outcomes: Counter[Outcome] = field(default_factory=Counter)

    @property
    def budget_total(self) -> int:
        return self.budget_minutes * self.weeks

    @property
    def done_share(self) -> float:
        return self.done / self.planned if self.planned else 0.0


def review(actions: Iterable[Action], start: date, end: date, budget_minutes: int) -> Review:
    """Figures for the actions of the weeks from ``start`` to ``end`` (inclusive days)."""
    weeks = max(1, ((end - start).days + 1 + 6) // 7)
    out = Review(start=start, end=end, weeks=weeks, budget_minutes=budget_minutes)
    for a in actions:
        if not start <= a.day <= end:
            continue
        result = out.by_kind.setdefault(a.kind, KindResult())
        out.planned += 1
        out.minutes_planned += a.minutes
        result.planned += 1
        if a.state == ActionState.DONE:
            out.done += 1
            out.minutes_done += a.minutes
            result.done += 1
            if a.outcome is not None:
                out.outcomes[a.outcome] += 1
                if a.outcome in POSITIVE:
                    result.positive += 1
        elif a.state == ActionState.SNOOZED:
            out.snoozed += 1
    return out


def minutes_by_week(actions: Iterable[Action]) -> dict[date, int]:
    """Monday of each week -> minutes of the actions done in it."""
    out: dict[date, int] = {}
    for a in actions:
        if a.state == ActionState.DONE:
            monday = a.day - timedelta(days=a.day.weekday())
            out[monday] = out.get(monday, 0) + a.minutes
    return out


def on_budget(minutes: int, budget_minutes: int) -> bool:
    return budget_minutes > 0 and minutes >= ON_BUDGET_SHARE * budget_minutes


def streak(actions: Iterable[Action], this_week: date, budget_minutes: int) -> int:
    """Weeks in a row on budget, ending with this week (or last week, if this one is not yet)."""
    done = minutes_by_week(actions)
    week = this_week
    if not on_budget(done.get(week, 0), budget_minutes):
        week -= timedelta(days=7)
    count = 0
    while on_budget(done.get(week, 0), budget_minutes):
        count += 1
        week -= timedelta(days=7)
    return count
