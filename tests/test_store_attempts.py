"""Unanswered attempts read from a real journal (SQLite and PostgreSQL), then advised on."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tisser.core.model import Channel, Circle, Contact, Interaction, make_link
from tisser.report.load import load_diagnosis
from tisser.store import Store
from tisser.store.attempts import unanswered_attempts
from tisser.strengths import silences_of

TODAY = date(2026, 12, 7)
ZONE = ZoneInfo("Europe/Paris")


def at(days_ago: int) -> datetime:
    return datetime(2026, 12, 7, 10, 0, tzinfo=UTC) - timedelta(days=days_ago)


def _network(store: Store) -> tuple[int, int, int]:
    romain = store.add_contact(Contact(given_name="Romain", family_name="Lefort", gender="m",
                                       circle=Circle.ACTIVE)).id  # fmt: skip
    paul = store.add_contact(Contact(given_name="Paul", family_name="Marin",
                                     circle=Circle.SECOND, closeness=4)).id  # fmt: skip
    ines = store.add_contact(Contact(given_name="Inès", family_name="Garnier",
                                     circle=Circle.ACTIVE)).id  # fmt: skip
    assert romain and paul and ines
    store.add_link(make_link(romain, paul))
    # one answered exchange with Romain long ago, then four messages without an answer
    store.add_interaction(Interaction(occurred_at=at(200), contact_ids=[romain]))
    for d in (20, 15, 10, 5):
        store.add_interaction(
            Interaction(
                occurred_at=at(d), channel=Channel.EMAIL, contact_ids=[romain], outcome="no_reply"
            )
        )
    for d in (30, 12, 3):
        store.add_interaction(Interaction(occurred_at=at(d), contact_ids=[paul]))
    store.add_interaction(Interaction(occurred_at=at(8), contact_ids=[ines], outcome="replied"))
    return romain, paul, ines


def test_attempts_are_read_per_contact(store: Store) -> None:
    romain, _, _ = _network(store)
    attempts = unanswered_attempts(store, 1, ZONE, since=at(365))
    assert set(attempts) == {romain}  # only contacts with an unanswered attempt
    assert sorted(attempts[romain]) == sorted(
        [(at(200).astimezone(ZONE).date(), True)]
        + [(at(d).astimezone(ZONE).date(), False) for d in (20, 15, 10, 5)]
    )
    quiet = silences_of(store, 1, TODAY, ZONE)[romain]
    assert (quiet.unanswered, quiet.total) == (4, 4)
    assert quiet.pause_until == at(5).astimezone(ZONE).date() + timedelta(days=30)


def test_the_diagnosis_of_a_real_journal(store: Store) -> None:
    romain, paul, _ = _network(store)
    d = load_diagnosis(store, 1, TODAY, ZONE)
    tie = d.ties[romain]
    assert tie.history.count == 1 and tie.history.last == at(200).astimezone(ZONE).date()
    f = next(f for f in d.findings if f.code == "unanswered")
    assert f.data["via"] == paul and f.contact_ids == (romain,)
    assert all(a.contact_id != romain for a in d.actions)


def test_one_window_for_attempts(store: Store) -> None:
    """The store reads, and the silence counts as recent, the same days: one setting (#18)."""
    from tisser.core.unanswered import WINDOW_DAYS, silence_of, window_start

    assert WINDOW_DAYS == 365  # a year, as the documentation says
    assert window_start(TODAY) == date(2025, 12, 7)
    inside = store.add_contact(Contact(given_name="Léa", family_name="Roux")).id
    outside = store.add_contact(Contact(given_name="Marc", family_name="Blanc")).id
    assert inside and outside
    for cid, days in ((inside, 300), (outside, 400)):
        store.add_interaction(Interaction(occurred_at=at(days), contact_ids=[cid],
                                          outcome="no_reply"))  # fmt: skip
    from tisser.strengths import attempts_since

    read = unanswered_attempts(store, 1, ZONE, attempts_since(TODAY, ZONE))  # what callers pass
    assert inside in read and outside not in read
    mixed = [(date(2026, 2, 10), False), (date(2025, 11, 1), False)]  # 300 and 401 days before
    assert silence_of(9, mixed, TODAY).recent == 1
