"""The member-file notation: parsing, errors, and fuzzing (only InvalidInput may escape)."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tisser.core.community import (
    Format,
    Round,
    Want,
    Wish,
    parse_format,
    parse_languages,
    parse_size,
    parse_slots,
    parse_sports,
    parse_wishes,
)
from tisser.core.errors import InvalidInput
from tisser.core.matching import meeting_day
from tisser.core.places import distance_km, reachable


def test_parse_the_template_examples() -> None:
    assert parse_sports("padel:5;golf:18;running:6") == {"padel": 5, "golf": 18, "running": 6}
    assert parse_sports("Padel : 4,5 ; coffee") == {"padel": 4.5, "coffee": 0}
    assert parse_slots("tue-evening;sat-morning") == {"tue-evening", "sat-morning"}
    assert parse_slots("sun") == {"sun-morning", "sun-lunch", "sun-afternoon", "sun-evening"}
    assert parse_wishes("mentor:export;job;MENTOR:Export") == (
        Wish(Want.MENTOR, "export"),
        Wish(Want.JOB),
    )
    assert parse_format("1:1") is Format.ONE_TO_ONE and parse_format("") is Format.ANY
    assert parse_languages("fr;EN") == {"fr", "en"} and parse_languages("") == {"fr"}
    assert parse_size("4") == (4, 4) and parse_size("3-6") == (3, 6)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (parse_sports, "padel:11"),
        (parse_sports, "chess:3"),
        (parse_sports, "golf:low"),
        (parse_slots, "someday-evening"),
        (parse_wishes, "money"),
        (parse_format, "trio"),
        (parse_size, "1"),
        (parse_size, "5-3"),
        (parse_size, "four"),
    ],
)
def test_bad_values_are_invalid_input(parse, text: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput):
        parse(text)


@given(st.text(max_size=40))
def test_parsers_never_crash(text: str) -> None:
    for parse in (parse_sports, parse_slots, parse_wishes, parse_format, parse_size,
                  parse_languages):  # fmt: skip
        with contextlib.suppress(InvalidInput):
            parse(text)


def test_places_and_days() -> None:
    # Bordeaux – Mérignac: about 5.3 km between commune centres.
    d = distance_km("Bordeaux", "Mérignac")
    assert d is not None and 5.0 < d < 6.0
    assert distance_km("Atlantis", "Bordeaux") is None
    assert reachable("Pessac", 5.0, ("Mérignac", "Paris", "Pessac")) == {"Mérignac", "Pessac"}
    rnd = Round(1, 1, "padel", 4, 4, date(2026, 12, 1), date(2026, 12, 14))  # a Tuesday
    assert meeting_day(rnd, "tue-evening") == date(2026, 12, 1)
    assert meeting_day(rnd, "mon-lunch") == date(2026, 12, 7)
