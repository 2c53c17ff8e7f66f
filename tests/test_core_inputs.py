"""Dates, times, phones and name resolution as users type them."""

from __future__ import annotations

from datetime import date, time

import pytest

from tisser.core.dates import parse_date, parse_time
from tisser.core.errors import InvalidInput
from tisser.core.phones import display_phone, normalize_phone
from tisser.core.resolve import parse_id, prefix_matches, suggestions

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20", date(2026, 11, 20)),
        ("20/11/2026", date(2026, 11, 20)),
        ("hier", date(2026, 11, 22)),
        ("Aujourd’hui", TODAY),
        ("yesterday", date(2026, 11, 22)),
        ("3d", date(2026, 11, 20)),
        ("2 sem", date(2026, 11, 9)),
        ("6m", date(2026, 5, 23)),
        ("6 mois", date(2026, 5, 23)),
        ("1 an", date(2025, 11, 23)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("bad", ["", "demain?", "31/02/2026", "12x"])
def test_parse_date_rejects_with_hint(bad: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_date(bad, TODAY)
    assert "2026-11-20" in info.value.one_line()


def test_months_clamp_to_month_end() -> None:
    assert parse_date("1m", date(2026, 3, 31)) == date(2026, 2, 28)
    assert parse_date("1y", date(2028, 2, 29)) == date(2027, 2, 28)
    assert parse_date("13 mois", date(2026, 1, 15)) == date(2024, 12, 15)


def test_parse_time() -> None:
    assert parse_time("12h30") == time(12, 30)
    assert parse_time("9h") == time(9, 0)
    with pytest.raises(InvalidInput):
        parse_time("midi et quart")


@pytest.mark.parametrize(
    "raw", ["06 12 34 56 78", "+33 (0)6 12-34-56-78", "0033612345678", "+33612345678"]
)
def test_phone_forms_normalise_to_one_number(raw: str) -> None:
    assert normalize_phone(raw) == "+33612345678"


def test_phone_region_and_display() -> None:
    assert normalize_phone("030 1234567", "DE") == "+49301234567"
    assert display_phone("+33612345678") == "06 12 34 56 78"
    assert display_phone("+49301234567").startswith("+49")
    with pytest.raises(InvalidInput):
        normalize_phone("not a phone")
    with pytest.raises(InvalidInput):
        normalize_phone("12")


NAMES = [(1, "Claire Dubois"), (2, "Claire Martin"), (3, "Hélène Müller"), (4, "Marc Petit")]


def test_resolution_helpers() -> None:
    assert parse_id("#42") == 42 and parse_id("42") == 42 and parse_id("Marc") is None
    assert parse_id("²") is None and parse_id("#") is None
    # Past a 64-bit integer a number is no id: SQLite would overflow (found by hypothesis).
    assert parse_id(str(2**63 - 1)) == 2**63 - 1 and parse_id("9223372036854999999") is None
    assert prefix_matches("claire d", NAMES) == [1]
    assert prefix_matches("claire", NAMES) == [1, 2]
    assert prefix_matches("helene", NAMES) == [3]
    assert suggestions("Hélèn Muler", NAMES)[0] == "Hélène Müller"
    assert suggestions("zzzz qqqq", NAMES) == []
