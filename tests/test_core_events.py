"""Events: occurrences, durations, the score's parts, and business-card text."""

from __future__ import annotations

import calendar
import contextlib
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tisser.core.card_reading import read_card_text
from tisser.core.errors import InvalidInput
from tisser.core.event_results import Attendance, FollowUp, event_result, follow_up_due
from tisser.core.event_score import (
    Needs,
    PastResult,
    Temperament,
    Want,
    format_fit,
    repeat_factor,
    score_event,
)
from tisser.core.events import (
    Event,
    EventKind,
    Format,
    check_event,
    occurrences,
    parse_every,
    parse_minutes,
)
from tisser.core.model import Energy, RelationalProfile

PARIS = ZoneInfo("Europe/Paris")


def _first_thursdays(year: int) -> list[date]:
    """First Thursday of each month, from the calendar module (an independent reference)."""
    out = []
    for month in range(1, 13):
        weeks = calendar.monthcalendar(year, month)
        day = weeks[0][calendar.THURSDAY] or weeks[1][calendar.THURSDAY]
        out.append(date(year, month, day))
    return out


def test_monthly_rrule_occurrences() -> None:
    event = Event(id=1, title="Afterwork", starts_at=datetime(2026, 12, 3, 18, 30, tzinfo=PARIS),
                  rrule="FREQ=MONTHLY;BYDAY=1TH")  # fmt: skip
    assert occurrences(event, date(2027, 1, 1), date(2028, 1, 1)) == _first_thursdays(2027)
    event.attend_count = 4
    spread = occurrences(event, date(2027, 1, 1), date(2028, 1, 1))
    assert spread == [_first_thursdays(2027)[k] for k in (0, 3, 6, 9)]


def test_one_off_and_memberships() -> None:
    one = Event(id=1, title="Salon", starts_at=datetime(2027, 4, 20, 9, 0, tzinfo=PARIS))
    assert occurrences(one, date(2027, 1, 1), date(2028, 1, 1)) == [date(2027, 4, 20)]
    assert occurrences(one, date(2028, 1, 1), date(2029, 1, 1)) == []
    club = Event(id=2, title="Club", kind=EventKind.CLUB)
    assert len(occurrences(club, date(2027, 1, 1), date(2028, 1, 1))) == 4
    club.attend_count = 0
    assert occurrences(club, date(2027, 1, 1), date(2028, 1, 1)) == []


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90", 90), ("2h", 120), ("1h30", 90), ("45min", 45), ("1 h 30", 90), ("3 heures", 180)],
)
def test_parse_minutes(text: str, minutes: int) -> None:
    assert parse_minutes(text) == minutes


@given(st.text(max_size=12))
def test_parse_minutes_never_crashes(text: str) -> None:
    with contextlib.suppress(InvalidInput):
        assert parse_minutes(text) >= 0


def test_recurrence_words_and_bad_rules() -> None:
    assert parse_every("mensuel") == "FREQ=MONTHLY"
    assert parse_every("RRULE:FREQ=WEEKLY;BYDAY=WE") == "FREQ=WEEKLY;BYDAY=WE"
    with pytest.raises(InvalidInput):
        parse_every("FREQ=SOMETIMES")
    with pytest.raises(InvalidInput):
        check_event(Event(title="x", entry_fee=-1))
    with pytest.raises(InvalidInput):
        check_event(Event(title="  "))


def test_room_from_size() -> None:
    assert Event(expected_size=12).room is Format.SMALL_GROUP
    assert Event(expected_size=40).room is Format.MIXED
    assert Event(expected_size=500).room is Format.BIG_ROOM
    assert Event(expected_size=500, format=Format.SMALL_GROUP).room is Format.SMALL_GROUP


def test_a_reserved_person_prefers_small_groups() -> None:
    shy = Temperament(RelationalProfile.RESERVED, Energy.INTROVERT)
    bold = Temperament(RelationalProfile.SUPER_CONNECTOR, Energy.EXTRAVERT)
    assert format_fit(Format.SMALL_GROUP, shy) > 1 > format_fit(Format.BIG_ROOM, shy)
    assert format_fit(Format.BIG_ROOM, bold) > format_fit(Format.SMALL_GROUP, bold)
    small = Event(id=1, title="Table", expected_size=10)
    big = Event(id=2, title="Salon", expected_size=2000)
    assert score_event(small, 1, Needs(), shy).value > score_event(big, 1, Needs(), shy).value
    assert score_event(big, 1, Needs(), bold).value > score_event(small, 1, Needs(), bold).value


def test_score_parts() -> None:
    event = Event(id=1, title="DFCG", functions=["finance", "DAF"], expected_size=30,
                  attendee_ids=[5, 6, 7], can_bring=["talk"])  # fmt: skip
    needs = Needs(wants=[Want("function", "daf", source="missing")], contacts={5: "objective"},
                  due_contacts={6})  # fmt: skip
    score = score_event(event, 3, needs, Temperament())
    codes = [p.code for p in score.parts]
    assert codes == ["audience", "missing", "contact", "contact", "contact", "bring"]
    # mixed room: 5 conversations; relevance 0.2 + 1.5 / 2 tags; three occurrences decay
    audience = 5.0 * (0.2 + 1.5 / 2) * (1 + 0.8 + 0.64)
    assert score.parts[0].amount == pytest.approx(audience)
    assert score.value == pytest.approx(audience * 1.2 + 3.0 + 1.0 + 0.3)
    assert repeat_factor(3) == pytest.approx(2.44)
    assert score.minutes == 3 * 120


def test_history_moves_the_score_within_bounds() -> None:
    event = Event(id=1, title="Club", expected_size=10)
    plain = score_event(event, 2, Needs(), Temperament())
    good = score_event(event, 2, Needs(), Temperament(), PastResult(6, 720, 100.0))
    bad = score_event(event, 2, Needs(), Temperament(), PastResult(6, 720, 0.0))
    assert plain.value < good.value <= 2 * plain.value + 1e-9
    assert 0.3 * plain.value - 1e-9 <= bad.value < plain.value


def test_results_value_per_hour_and_euro() -> None:
    event = Event(id=1, title="Afterwork", duration_minutes=120, travel_minutes=30,
                  entry_fee=15)  # fmt: skip
    attended = [Attendance(1, 1, 1, date(2026, 3, 5), [9]), Attendance(2, 1, 1, date(2026, 4, 2))]
    followups = [
        FollowUp(1, 1, 1, 10, "note", follow_up_due(date(2026, 3, 5)), date(2026, 3, 6)),
        FollowUp(2, 1, 1, 11, "note", follow_up_due(date(2026, 3, 5)), None),
    ]
    r = event_result(event, attended, [10, 11], followups, date(2026, 1, 1), date(2027, 1, 1))
    assert (r.occurrences, r.minutes, r.euros) == (2, 300, 30.0)
    assert (r.contacts_made, r.followups_done, r.followups_total, r.contacts_seen) == (2, 1, 2, 1)
    assert r.value == pytest.approx(2 + 1 + 0.5)
    assert r.per_hour == pytest.approx(3.5 / 5)
    assert r.per_euro == pytest.approx(3.5 / 30)
    assert follow_up_due(date(2026, 3, 5)) == date(2026, 3, 7)


def test_card_text() -> None:
    reading = read_card_text(
        "VIGNOBLES DUCLOS\nCamille Rousseau\nDirectrice financière\n"
        "camille.rousseau@duclos-vins.fr\nTél. +33 6 12 34 56 78\nwww.duclos-vins.fr\n"
    )
    assert (reading.given_name, reading.family_name) == ("Camille", "Rousseau")
    assert reading.position == "Directrice financière"
    assert reading.organization == "VIGNOBLES DUCLOS"
    assert reading.emails == ["camille.rousseau@duclos-vins.fr"]
    assert reading.phones == ["+33 6 12 34 56 78"]
    assert reading.website == "www.duclos-vins.fr"
    upper = read_card_text("DUPONT Jean-Marc\nCEO\njm@acme.io")
    assert (upper.given_name, upper.family_name, upper.organization) == (
        "Jean-Marc",
        "Dupont",
        "Acme",
    )


@given(st.text(max_size=300))
def test_card_text_never_crashes(text: str) -> None:
    reading = read_card_text(text)
    assert isinstance(reading.name, str)
