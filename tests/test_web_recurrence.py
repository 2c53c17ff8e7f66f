"""A recurrence in words on the event form, read back to the same rule (#20).

The words are checked against dateutil's expansion of the rule (an independent reading of
RFC 5545): "every Wednesday" must give Wednesdays a week apart, "the last Friday of every
month" the last Friday of each month.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import islice

import pytest
from dateutil.rrule import rrulestr
from fastapi.testclient import TestClient

from tisser.core.events import Event, EventKind
from tisser.i18n import language_scope
from tisser.store import Store
from tisser.web.recurrence import _all_words, describe, read_words
from web_helpers import client_for, post, web_store  # noqa: F401  (the `store` fixture)

START = datetime(2026, 1, 1)


def expand(rule: str, n: int = 6) -> list[datetime]:
    return list(islice(rrulestr(rule, dtstart=START), n))


@pytest.mark.parametrize(
    ("rule", "fr", "en"),
    [
        ("FREQ=WEEKLY;BYDAY=WE", "tous les mercredis", "every Wednesday"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "un lundi sur deux", "every other Monday"),
        ("FREQ=MONTHLY;BYDAY=1TH", "le premier jeudi de chaque mois", "the first Thursday of every month"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "le dernier vendredi de chaque mois", "the last Friday of every month"),
        ("FREQ=MONTHLY;INTERVAL=3", "tous les trois mois", "every three months"),
        ("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=SA", "tous les samedis", "every Saturday"),
    ],
)
def test_words_in_both_languages(rule: str, fr: str, en: str) -> None:
    with language_scope("fr"):
        assert describe(rule) == fr
    with language_scope("en"):
        assert describe(rule) == en
    assert rrulestr(read_words(fr), dtstart=START)[:6] == rrulestr(rule.removeprefix("RRULE:"), dtstart=START)[:6]


def test_words_say_what_dateutil_expands() -> None:
    names = [d.lower() for d in calendar.day_name]
    for rule in set(_all_words().values()):
        days = expand(rule)
        with language_scope("en"):
            words = describe(rule)
        if words.startswith("every ") and words.split()[-1].lower() in names:
            assert {d.weekday() for d in days} == {names.index(words.split()[-1].lower())}
            gap = 14 if "other" in words else 7
            assert all(b - a == timedelta(days=gap) for a, b in zip(days, days[1:], strict=False))
        if words.startswith("the last"):
            assert all((d + timedelta(days=7)).month != d.month for d in days), rule
        if words.startswith("the first"):
            assert all(d.day <= 7 for d in days), rule


def test_an_unknown_rule_stays_as_it_is() -> None:
    rule = "FREQ=MONTHLY;BYMONTHDAY=15"
    assert describe(rule) == rule and read_words(rule) == rule
    assert read_words("weekly") == "weekly"  # the core reads it


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with client_for(store) as c:
        yield c


def test_the_form_shows_and_reads_words(client: TestClient, store: Store) -> None:
    event = store.add_event(
        Event(title="Club", kind=EventKind.CLUB, rrule="FREQ=MONTHLY;BYDAY=1TH", owner_id=1)
    )
    page = client.get(f"/events/{event.id}", headers={"Accept-Language": "fr"}).text
    assert 'value="le premier jeudi de chaque mois"' in page
    assert "FREQ=" not in page
    r = post(client, f"/events/{event.id}", {"title": "Club", "kind": "club", "every": "tous les mercredis"})
    assert r.status_code == 303
    assert store.get_event(event.id or 0, 1).rrule == "FREQ=WEEKLY;BYDAY=WE"
