"""Today's week and months (#20): the plan's progress this week, and a small chart of the
last months' contacts against what the cadence asks for.

The cadence asks for one contact per person every ``cadence_days`` of their circle: a circle
of 40 people at 90 days needs about 40 × 30.4 / 90 ≈ 13.5 contacts a month. Each month's bar
counts the contacts made (one interaction with three people is three contacts kept up).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from tisser.core.actions import ActionState, week_of
from tisser.core.cadence import CadenceSettings
from tisser.core.model import Circle

DAYS_PER_MONTH = 365.25 / 12
MONTHS = 6


@dataclass(frozen=True, slots=True)
class WeekProgress:
    """This week's planned actions: how many done, how many still to do."""

    week: date
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def week_progress(store: Any, owner_id: int, today: date) -> WeekProgress:
    """Read only: a week not planned yet shows as empty (the Plan page plans it)."""
    week = week_of(today)
    actions = [a for a in store.week_actions(week, owner_id) if a.state != ActionState.SNOOZED]
    done = sum(1 for a in actions if a.state == ActionState.DONE)
    return WeekProgress(week, done, len(actions))


def month_starts(today: date, n: int = MONTHS) -> list[date]:
    """The first days of the last ``n`` months, oldest first (this month last)."""
    y, m = today.year, today.month
    out = []
    for _ in range(n):
        out.append(date(y, m, 1))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def monthly_contacts(store: Any, owner_id: int, today: date) -> list[tuple[date, int]]:
    """Contacts made each of the last months (this one so far)."""
    starts = month_starts(today)
    since = datetime(starts[0].year, starts[0].month, 1, tzinfo=UTC)
    counts = dict.fromkeys(starts, 0)
    for i in store.list_interactions(owner_id, since=since):
        day = i.occurred_at.date()
        key = date(day.year, day.month, 1)
        if key in counts:
            counts[key] += len(i.contact_ids)
    return list(counts.items())


def monthly_need(circles: dict[int, int], settings: CadenceSettings) -> float:
    """Contacts a month the cadence asks for, from the number of people in each circle."""
    need = 0.0
    for circle, days in settings.cadence_days.items():
        if days:
            need += circles.get(Circle(circle).value, 0) * DAYS_PER_MONTH / days
    return need


def chart(months: list[tuple[date, int]], need: float, height: int = 120) -> dict[str, Any]:
    """The bars' geometry (an SVG drawn by the template) and the need's line."""
    top = max([n for _, n in months] + [need, 1.0]) * 1.1
    width, gap = 44, 12
    bars = []
    for k, (month, n) in enumerate(months):
        h = height * n / top
        bars.append({"month": month, "n": n, "x": gap + k * (width + gap), "y": height - h, "h": h, "w": width})
    return {
        "bars": bars,
        "need": need,
        "need_y": height - height * need / top,
        "height": height,
        "width": gap + len(months) * (width + gap),
    }
