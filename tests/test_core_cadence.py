from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tisser.core.cadence import Status, status_of, to_reconnect
from tisser.core.model import Circle, Contact

TODAY = date(2026, 11, 23)


def _c(cid: int, circle: Circle, met: date | None = None, closeness: int | None = None) -> Contact:
    return Contact(
        id=cid,
        given_name=f"P{cid}",
        family_name="X",
        circle=circle,
        met_on=met,
        closeness=closeness,
    )


@pytest.mark.parametrize(
    ("circle", "days", "expected"),
    [
        (Circle.ACTIVE, 10, Status.ON_TRACK),
        (Circle.ACTIVE, 72, Status.ON_TRACK),  # 0.8 x 90
        (Circle.ACTIVE, 73, Status.DUE),
        (Circle.ACTIVE, 90, Status.DUE),
        (Circle.ACTIVE, 91, Status.OVERDUE),
        (Circle.ACTIVE, 180, Status.OVERDUE),
        (Circle.ACTIVE, 181, Status.COOLING),
        (Circle.ACTIVE, 365, Status.COOLING),
        (Circle.ACTIVE, 366, Status.DORMANT),
        (Circle.FIRST, 8, Status.OVERDUE),
        (Circle.FIRST, 15, Status.COOLING),
        (Circle.WIDER, 300, Status.DUE),
        (Circle.WIDER, 366, Status.DORMANT),
        (Circle.DORMANT, 5, Status.ARCHIVED),
    ],
)
def test_status_thresholds(circle: Circle, days: int, expected: Status) -> None:
    last = datetime.combine(TODAY - timedelta(days=days), datetime.min.time(), tzinfo=UTC)
    assert status_of(_c(1, circle), last, TODAY).status is expected


def test_meeting_date_counts_when_no_interaction() -> None:
    st = status_of(_c(1, Circle.SECOND, met=TODAY - timedelta(days=40)), None, TODAY)
    assert st.status is Status.OVERDUE and st.counted_from_meeting and st.days_since == 40
    assert status_of(_c(2, Circle.SECOND), None, TODAY).status is Status.UNKNOWN


def test_to_reconnect_orders_close_ties_first_and_skips_dormant() -> None:
    contacts = [
        _c(1, Circle.FIRST, closeness=5),  # 20 days, cadence 7 -> cooling
        _c(2, Circle.WIDER),  # 500 days -> dormant, left to the diagnosis
        _c(3, Circle.ACTIVE, closeness=2),  # 120 days -> overdue
        _c(4, Circle.ACTIVE),  # 10 days -> on track
    ]
    days = {1: 20, 2: 500, 3: 120, 4: 10}
    last = {
        i: datetime.combine(TODAY - timedelta(days=d), datetime.min.time(), tzinfo=UTC)
        for i, d in days.items()
    }
    ranked = [c.id for c, _ in to_reconnect(contacts, last, TODAY)]
    assert ranked == [1, 3]
